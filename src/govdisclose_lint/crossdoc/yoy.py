"""Year over year: X501 (上年结转 = last year's 结转下年度), X502/X503 (表二 stock flows) from
``rules/crossyear.yaml``, and X505 (every table number the same as last year's).

Each finding sits on this year's cell, names last year's document and cells (operands
``T3_prev.R4.自然人``), and says how the two documents were matched.
"""

from __future__ import annotations

from functools import lru_cache

from .. import expr, registry
from ..findings import Finding, Location
from .entries import Entries, Entry
from .words import how_params, number as _fmt, short

PREV = "_prev"


@lru_cache(maxsize=1)
def equations():
    from ..rulesfile import shipped

    return shipped("crossyear.yaml")


def _for_each(eq, version: str):
    from ..rulesfile import instances
    from ..templates import templates

    return instances(eq, templates()[version])


def _terms(node, cur: Entry, prev: Entry, lookup) -> tuple[str, str]:
    """The right-hand side spelt out with labels, in Chinese and English."""
    zh, en = [], []
    for sign, ref in _signed_refs(node):
        table, row, col = ref
        base, is_prev = (table[: -len(PREV)], True) if table.endswith(PREV) else (table, False)
        who = prev if is_prev else cur
        label = f"“{who.label(base, row)}”{col}"
        val = _fmt(lookup(*ref))
        op = "" if not zh else (" + " if sign > 0 else " − ")
        zh.append(f"{op}{'上年' if is_prev else '本年'}{label} {val}")
        en.append(f"{op}{'last year' if is_prev else 'this year'} {label} {val}")
    return "".join(zh), "".join(en)


def _signed_refs(node, sign: int = 1):
    if isinstance(node, expr.Ref):
        yield sign, tuple(node.name.split("."))
    elif isinstance(node, expr.BinOp) and node.op in "+-":
        yield from _signed_refs(node.left, sign)
        yield from _signed_refs(node.right, sign if node.op == "+" else -sign)
    elif isinstance(node, expr.Neg):
        yield from _signed_refs(node.operand, -sign)


def stock_flow(entries: Entries, e: Entry, prev: Entry, values: dict | None = None, prev_values: dict | None = None):
    """X501–X503 for one report and last year's (``values``: the two reports' cell values, when the
    caller has them)."""
    values = e.values if values is None else values
    prev_values = prev.values if prev_values is None else prev_values

    def lookup(table, row, col):
        if table.endswith(PREV):
            return prev_values.get((table[: -len(PREV)], row, col))
        return values.get((table, row, col))

    for eq in equations():
        if eq.versions and not (e.version in eq.versions and prev.version in eq.versions):
            continue
        if not e.version:
            continue
        for subst in _for_each(eq, e.version):
            node = expr.parse(eq.check.format(**subst))
            if expr.evaluate(node, lookup) is not False:
                continue
            table, row, col = expr.refs(node.left)[0]
            actual, expected = expr.evaluate(node.left, lookup), expr.evaluate(node.right, lookup)
            terms_zh, terms_en = _terms(node.right, e, prev, lookup)
            params = {"row": e.label(table, row), "column": col, "actual": _fmt(actual),
                      "expected": _fmt(expected), "terms": terms_zh, "terms_en": terms_en,
                      "prev": short(prev.path), "prev_year": prev.year or "?", **how_params(entries.how(e, prev))}
            operands = {".".join(r): lookup(*r) for r in expr.refs(node.right)}
            # across the 2020→2021 format change a carry-over break is less certain (formats.md §6.4 X-1)
            hint = "warning" if eq.code == "X501" and e.version != prev.version else None
            yield Finding(eq.code, params=params, location=e.location(table, row, col), expected=expected,
                          actual=actual, operands=operands, severity_hint=hint)


def numbers_copied(entries: Entries, e: Entry, prev: Entry, min_nonzero: int, values: dict | None = None,
                   prev_values: dict | None = None):
    """X505: every number both reports have is the same, and enough of them are not zero."""
    values = e.values if values is None else values
    prev_values = prev.values if prev_values is None else prev_values
    common = [k for k in values if k in prev_values]
    if not common or any(values[k] != prev_values[k] for k in common):
        return
    nonzero = sum(1 for k in common if values[k] != 0)
    if nonzero < min_nonzero:
        return
    yield Finding("X505", params={"n": len(common), "nonzero": nonzero, "other": short(prev.path),
                                  "other_year": prev.year or "?", **how_params(entries.how(e, prev))},
                  location=Location(), actual=len(common))


def check(entries: Entries, options: dict):
    min_nonzero = int(options.get("X505", {}).get("min_nonzero", registry.get("X505").options["min_nonzero"]))
    for e in entries.reported():
        prev = entries.previous(e)
        if prev is None or prev is e:
            continue
        # computed for this pair and let go: a folder of many years of many agencies keeps none of them
        values, prev_values = e.transient_values(), prev.transient_values()
        for f in stock_flow(entries, e, prev, values, prev_values):
            yield e, f
        for f in numbers_copied(entries, e, prev, min_nonzero, values, prev_values):
            yield e, f
