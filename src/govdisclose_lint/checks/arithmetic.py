"""Arithmetic checks A301–A307: the equations of ``rules/equations.yaml``.

Each equation is expanded over its ``for_each`` variables, parsed by the
safe evaluator in :mod:`govdisclose_lint.expr`, and evaluated on the
recognised cells.  A cell that is missing, unreadable or could not be
attributed makes the equation unknown, never false.  A failure is reported
once, at its target cell, with expected, actual and the operands; a later
failure whose operands include a cell already reported is not reported again,
so one bad number does not cascade; neither is a sum with a negative operand (C203 names that
cell).  Each finding carries its terms with row and column labels and, where the numbers point
to it, a hint at the likely mistake (:mod:`.arithmetic_explain`).  A total left blank while its parts are
not zero is collected per rule and reported once (e.g. the 2019 上海 report
whose T3 总计 column is blank in every result row gives one A301 finding).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from .. import expr, registry
from ..findings import Finding
from ..rulesfile import Equation, instances, shipped
from . import Context
from .arithmetic_explain import cancelling, split_digits, terms
from .locate import cell_location, row_label, table_location

CODES = ("A301", "A302", "A303", "A304", "A305", "A306", "A307")


@lru_cache(maxsize=None)
def equations() -> tuple[Equation, ...]:
    """The shipped equations (rules/equations.yaml)."""
    return shipped()


def check(ctx: Context):
    findings = list(_check(ctx))
    cancelling(findings)
    yield from findings


def _check(ctx: Context):
    rec = ctx.rec
    tpl = rec.template
    rows_of = {k: [r.key for r in t.rows] for k, t in tpl.tables.items()}
    flagged: set[tuple[str, str, str]] = set()
    blank_targets: dict[str, list] = {}

    def lookup(table, row, col):
        c = rec.cells.get((table, row, col))
        return c.value if c is not None and c.usable else None

    for eq in equations() + ctx.equations:
        if eq.versions and rec.version not in eq.versions:
            continue
        defaults = registry.get(eq.code).options  # the catalogue holds option defaults
        params = {k: ctx.option(eq.code, k, defaults.get(k, v)) for k, v in eq.params}
        for subst in instances(eq, tpl):
            text = eq.check.format(**subst, **params)
            node = _parse(text)
            target_refs = expr.refs(node.left)
            table = target_refs[0][0]
            rows = rows_of.get(table, [])
            ok = expr.evaluate(node, lookup, rows)
            if ok is None or ok is True:
                continue
            target = target_refs[0]
            actual = expr.evaluate(node.left, lookup, rows)
            expected = expr.evaluate(node.right, lookup, rows)
            operands = [r for r in expr.refs(node.right, rows) if r != target]
            if target in flagged or any(o in flagged for o in operands):
                continue  # already explained by an earlier finding
            if eq.code != "A303" and any((lookup(*o) or 0) < 0 for o in operands):
                continue  # a negative cell (C203) makes the sum meaningless
            cell = rec.cells[target]
            if cell.state == "blank" and expected != 0:
                blank_targets.setdefault(eq.code, []).append(
                    (cell, (eq, target, cell, actual, expected, operands, lookup, params, node)))
                flagged.add(target)
                continue
            flagged.add(target)
            yield _finding(ctx, eq, target, cell, actual, expected, operands, lookup, params, node)
    for code, items in blank_targets.items():
        cells = [c for c, _ in items]
        labels = [row_label(rec, c.table, c.row)[0] for c in cells]
        shown = "、".join(labels[:3]) + (f" 等 {len(labels)} 行" if len(labels) > 3 else "")
        if len(cells) == 1:
            yield _finding(ctx, *items[0][1])
        else:
            loc = table_location(rec, cells[0].table, None, cells[0].col, cells[0].locator)
            yield Finding(code, "blank_target", {"n": len(cells), "rows": shown}, loc)


@lru_cache(maxsize=4096)
def _parse(text: str):
    return expr.parse(text)


def _fmt(v) -> str:
    if v is None:
        return "?"
    if isinstance(v, Decimal):
        v = v.normalize()
        return f"{v:f}" if v != v.to_integral_value() else str(int(v))
    return str(v)


def _params(ctx, cell, actual, expected) -> dict:
    label = row_label(ctx.rec, cell.table, cell.row)[0]
    return {"row": label, "column": cell.col, "actual": _fmt(actual), "expected": _fmt(expected)}


def _finding(ctx, eq, target, cell, actual, expected, operands, lookup, params, node):
    rec = ctx.rec
    p = _params(ctx, cell, actual, expected)
    ops = {".".join(o): lookup(*o) for o in operands}
    rows = [r.key for r in rec.template.tables[target[0]].rows]
    p["terms"] = terms(rec, node.right, rows, lookup, target)
    key = "default"
    if eq.code == "A303":
        col = target[2]
        vals = {k: lookup("T3", k, col) for k in ("R1", "R2", "K7", "R4")}
        p.update({k.lower(): _fmt(v) for k, v in vals.items()})
        total_in, total_out = vals["R1"] + vals["R2"], vals["K7"] + vals["R4"]
        p["total_in"], p["total_out"] = _fmt(total_in), _fmt(total_out)
        if expected < 0:
            # more results than requests: the carry-over cannot be the fix; never suggest a negative count
            key = "results_exceed"
            cell = rec.cells[("T3", "K7", col)]
            actual, expected = vals["K7"], max(total_in - vals["R4"], 0)
            p.update(actual=_fmt(actual), expected=_fmt(expected), row=row_label(rec, "T3", "K7")[0])
            p["terms"] = [{"sign": sign, "row": row_label(rec, "T3", k)[0], "column": col, "value": vals[k]}
                          for sign, k in (("+", "R1"), ("+", "R2"), ("-", "R4"))]
    if eq.code == "A307":
        total = lookup("T3", "K7", "总计")
        limit = int(total * Decimal(str(params["threshold"])))  # the most 其他处理 under the threshold
        p.update(total=_fmt(total), threshold=f"{float(params['threshold']):.0%}",
                 share=f"{float(actual / total):.1%}" if total else "?", limit=limit)
        expected, ops, p["terms"] = limit, None, None
    f = Finding(eq.code, key, p, location=cell_location(rec, cell), expected=expected, actual=actual, operands=ops)
    if eq.code in ("A301", "A304"):
        split_digits(rec, f, operands)
    return f
