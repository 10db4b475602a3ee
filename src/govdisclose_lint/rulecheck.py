"""Check an equation of a rules file against the templates when it is loaded, so that it cannot
fail on any document.

:func:`check_equation` expands the equation as :mod:`.checks.arithmetic` will (every applicable
format version, every ``for_each`` value, the parameters at their default, minimum and maximum)
and for each instance: substitutes the placeholders (only the equation's own variables, validated
first, so no attribute access and no format spec), parses it with :mod:`.expr`, requires a
comparison whose left side names a cell (the target a finding points at), looks every reference
up in the template (a wildcard only in the target's table, where the evaluator expands it), and
evaluates it once.  A reference found in none of the applicable versions is a typo.
"""

from __future__ import annotations

import fnmatch
from decimal import Decimal

from . import expr
from .templates import Template, templates

MAX_VALUES = 100
MAX_INSTANCES = 2000


class _SourceProblem(LookupError):
    """The ``for_each`` source names what a template does not have."""


def _placeholders(check: str, variables: set[str]) -> str | None:
    from .rulesfile import template_fields

    if len(check) > expr.MAX_CHARS:
        return f"'check' is longer than {expr.MAX_CHARS} characters"
    try:
        fields = template_fields(check)
    except ValueError as exc:
        return f"'check' is not a valid template ({exc})"
    for name, conv, spec in fields:
        if name not in variables or conv is not None or spec:
            shown = "{" + name + ("!" + conv if conv else "") + (":" + spec if spec else "") + "}"
            known = ", ".join("{" + v + "}" for v in sorted(variables)) or "none"
            return f"placeholder {shown} is not allowed in 'check' (its variables: {known})"
    return None


def _instances(eq, tpl: Template):
    """The ``for_each`` substitutions for one template, as the arithmetic check makes them."""
    from .rulesfile import RulesFileError, instances

    try:
        return list(instances(eq, tpl))
    except RulesFileError as exc:
        raise _SourceProblem(str(exc).split(": ", 1)[-1]) from None


PREVIOUS = "_prev"  # the suffix of last year's tables in the cross-year equations


def _lookup_ref(name: str, tpl: Template, target_table: str) -> str | None:
    """Why the reference ``name`` names no cell of ``tpl`` (None when it does)."""
    table, row, col = name.split(".")
    # rules/crossyear.yaml: T3_prev is last year's T3 (both reports are in the equation's versions)
    spec = tpl.tables.get(table.removesuffix(PREVIOUS))
    if spec is None:
        return f"no table {table}"
    if "*" in row:
        if table != target_table:
            raise LookupError(f"wildcard {name[:60]!r} must be in the table of the target cell ({target_table})")
        rows = [r for r in spec.rows if fnmatch.fnmatchcase(r.key, row)]
    else:
        rows = [r for r in spec.rows if r.key == row]
    if not rows:
        return f"no row {row} in {table}"
    if not all(any(c.key == col for c in r.columns) for r in rows):
        return f"no column {col} in {table}.{row}"
    return None


def check_equation(eq, overrides: dict | None = None) -> tuple[str, str] | None:
    """``(key, what is wrong)`` with ``eq`` (with parameter ``overrides``), or None; ``key`` is the
    equation's key at fault (``check`` or ``for_each``)."""
    variables = {v for v, _ in eq.for_each} | {n for n, _ in eq.params}
    if len(variables) < len(eq.for_each) + len(eq.params):
        return "for_each", "a 'for_each' variable and a parameter have the same name"
    problem = _placeholders(eq.check, variables)
    if problem:
        return "check", problem
    values = {**dict(eq.params), **(overrides or {})}
    param_sets = [values] + [{**values, n: v} for n, lo, hi in eq.bounds for v in (lo, hi)
                             if n not in (overrides or {})]
    versions = eq.versions or tuple(templates())
    missing: dict[str, str] = {}
    found: set[str] = set()
    count = 0
    try:
        for version in versions:
            tpl = templates()[version]
            for subst in _instances(eq, tpl):
                for params in param_sets:
                    count += 1
                    if count > MAX_INSTANCES:
                        return "for_each", f"expands to more than {MAX_INSTANCES} checks"
                    problem = _check_instance(eq.check.format(**subst, **params), tpl, missing, found)
                    if problem:
                        return "check", problem
    except _SourceProblem as exc:
        return "for_each", str(exc)
    except LookupError as exc:
        return "check", str(exc)
    unknown = [name for name in missing if name not in found]
    if unknown:
        name = unknown[0]
        return "check", f"{name[:60]!r} names no cell of the {'/'.join(versions)} format ({missing[name][:80]})"
    return None


def _check_instance(text: str, tpl: Template, missing: dict, found: set) -> str | None:
    try:
        node = expr.parse(text)
    except expr.ExprError as exc:
        return str(exc)
    if not (isinstance(node, expr.BinOp) and node.op in expr.COMPARISONS):
        return "'check' must be a comparison: <target> <relation> <expression>"
    targets = expr.refs(node.left)
    if not targets:
        return f"the left side of {text[:60]!r} names no cell (the target a finding points at)"
    table = targets[0][0]
    for name in expr.references(node):
        why = _lookup_ref(name, tpl, table)
        if why:
            missing.setdefault(name, why)
        else:
            found.add(name)
    rows = [r.key for r in tpl.tables[table].rows] if table in tpl.tables else []
    try:
        expr.evaluate(node, lambda *_cell: Decimal(1), rows)
    except MemoryError:  # the machine's problem, not the rule's: reported as E005 where it happens
        raise
    except Exception as exc:  # noqa: BLE001 - whatever it is, it would fail on every document
        return f"cannot be evaluated: {type(exc).__name__}: {exc}"[:200]
    return None
