"""Rules files: the reconciliation equations as data (``rules/equations.yaml`` and users' own files).

A rules file is data, never code: every ``check`` is parsed by :mod:`.expr`, which accepts only
arithmetic, comparisons, cell references (``T3.K7.总计``) and ``sum min max abs``.  A user file may
also define its own rules with codes ``U`` + three digits::

    rules:
      U101:
        name: fee-implausible
        severity: warning
        message: {zh: "表二行政事业性收费 {actual} 万元，超过 {expected}", en: "Fee {actual} 万元 exceeds {expected}"}
    equations:
      - code: U101
        check: "T2.行政事业性收费.本年收费金额（单位：万元） <= 100000"

Anything malformed is a :class:`RulesFileError` naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from . import expr

EQUATION_KEYS = {"code", "versions", "for_each", "check", "params"}
USER_CODE_RE = re.compile(r"^U\d{3}$")
SEVERITIES = ("error", "warning", "info")


class RulesFileError(ValueError):
    """A malformed rules file: the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class Equation:
    code: str
    versions: tuple[str, ...]
    for_each: tuple[tuple[str, object], ...]
    check: str
    params: tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class UserRule:
    code: str
    name: str
    severity: str
    message: dict


def _lines(text: str) -> dict[tuple, int]:
    """1-based line of each equation entry and each user rule, from the YAML node tree."""
    out: dict[tuple, int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return out
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if key.value == "equations" and isinstance(value, yaml.SequenceNode):
            for n, item in enumerate(value.value, start=1):
                out[("equation", n)] = item.start_mark.line + 1
        if key.value == "rules" and isinstance(value, yaml.MappingNode):
            for k, _v in value.value:
                out[("rule", k.value)] = k.start_mark.line + 1
    return out


def load_text(text: str, source: str, known_codes=()) -> tuple[list[Equation], list[UserRule]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise RulesFileError(f"{source}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    lines = _lines(text)
    rules = _user_rules(data, source, lines)
    codes = set(known_codes) | {r.code for r in rules}
    return parse_equations(data, source, lines, codes), rules


def load_file(path: str, known_codes=()) -> tuple[list[Equation], list[UserRule]]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesFileError(f"{path}: {exc}") from None
    return load_text(text, path, known_codes)


def _user_rules(data, source: str, lines) -> list[UserRule]:
    if not isinstance(data, dict):
        return []
    out = []
    for code, r in (data.get("rules") or {}).items():
        where = f"{source}: line {lines.get(('rule', code), '?')}: rule {code}"
        if not USER_CODE_RE.match(str(code)):
            raise RulesFileError(f"{where}: user rule codes are U and three digits (U101)")
        if not isinstance(r, dict) or set(r) - {"name", "severity", "message"} or "message" not in r:
            raise RulesFileError(f"{where}: needs 'name', 'severity' and 'message' {{zh, en}} only")
        if r.get("severity", "warning") not in SEVERITIES:
            raise RulesFileError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
        msg = r["message"]
        if not isinstance(msg, dict) or not msg.get("zh"):
            raise RulesFileError(f"{where}: 'message' needs at least zh")
        out.append(UserRule(str(code), str(r.get("name", code)), r.get("severity", "warning"),
                            {"zh": str(msg["zh"]), "en": str(msg.get("en") or msg["zh"])}))
    return out


def parse_equations(data, source: str, lines=None, codes=None) -> list[Equation]:
    lines = lines or {}
    out = []
    if not isinstance(data, dict) or not isinstance(data.get("equations"), list):
        raise RulesFileError(f"{source}: expected a mapping with a list 'equations'")
    for n, e in enumerate(data["equations"], start=1):
        where = f"{source}: line {lines[('equation', n)]}" if ("equation", n) in lines else f"{source}: equation {n}"
        if not isinstance(e, dict) or "code" not in e or "check" not in e:
            raise RulesFileError(f"{where}: needs 'code' and 'check'")
        unknown = set(e) - EQUATION_KEYS
        if unknown:
            raise RulesFileError(f"{where}: unknown keys {sorted(unknown)}")
        if codes is not None and str(e["code"]) not in codes:
            raise RulesFileError(f"{where}: unknown rule code {e['code']!r}")
        fe = e.get("for_each") or {}
        if not isinstance(fe, dict) or len(fe) > 1:
            raise RulesFileError(f"{where}: 'for_each' takes one variable")
        eq = Equation(str(e["code"]), tuple(str(v) for v in e.get("versions", ())),
                      tuple(fe.items()), str(e["check"]), tuple((e.get("params") or {}).items()))
        try:  # validate the syntax once, with placeholder substitutions
            sample = {k: "X" for k, _ in eq.for_each}
            sample.update({k: "1" for k, _ in eq.params})
            node = expr.parse(eq.check.format(**sample))
        except (expr.ExprError, KeyError, IndexError, ValueError) as exc:
            raise RulesFileError(f"{where} ({eq.code}): {exc}") from None
        if not (isinstance(node, expr.BinOp) and node.op in expr.COMPARISONS):
            raise RulesFileError(f"{where} ({eq.code}): 'check' must be a comparison")
        _check_cells(eq, where)
        out.append(eq)
    return out


def _check_cells(eq: Equation, where: str) -> None:
    """Every cell an equation names exists in the template of a version it applies to (a misspelt
    reference would otherwise make the rule silently never fire)."""
    from .templates import templates

    params = {k: "1" for k, _ in eq.params}
    problems = []
    for version, tpl in templates().items():
        if eq.versions and version not in eq.versions:
            continue
        problems.append(_missing_cell(eq, tpl, params, where))
        if problems[-1] is None:
            return
    if problems:
        raise RulesFileError(f"{where} ({eq.code}): no cell {problems[0]} in the template"
                             f"{'s' if len(problems) > 1 else ''} (check the table, row and column keys)")


def _missing_cell(eq: Equation, tpl, params: dict, where: str) -> str | None:
    cells = set(tpl.cells())
    rows_of = {k: [r.key for r in t.rows] for k, t in tpl.tables.items()}
    for subst in instances(eq, tpl, where):
        for name in _ref_names(expr.parse(eq.check.format(**subst, **params))):
            hits = expr.expand(name, rows_of.get(name.split(".")[0], []))
            bad = [h for h in hits if h not in cells]
            if not hits or bad:
                return ".".join(bad[0]) if bad else name
    return None


def instances(eq: Equation, tpl, where: str = ""):
    """The substitutions of an equation's ``for_each`` variable in a template (one empty one without)."""
    if not eq.for_each:
        yield {}
        return
    (var, source), = eq.for_each[:1]
    if isinstance(source, list):
        values = source
    else:
        table, _, what = str(source).partition(".")
        if table not in tpl.tables or what not in ("rows", "columns"):
            raise RulesFileError(f"{where} ({eq.code}): 'for_each' takes a list, TABLE.rows or TABLE.columns")
        spec = tpl.tables[table]
        values = [r.key for r in spec.rows] if what == "rows" else [c.key for c in spec.rows[0].columns]
    for v in values:
        yield {var: v}


def _ref_names(node) -> list[str]:
    if isinstance(node, expr.Ref):
        return [node.name]
    if isinstance(node, expr.Call):
        return [n for a in node.args for n in _ref_names(a)]
    if isinstance(node, expr.BinOp):
        return _ref_names(node.left) + _ref_names(node.right)
    if isinstance(node, expr.Neg):
        return _ref_names(node.operand)
    return []
