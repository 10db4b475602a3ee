"""Cell value checks: C201–C205."""

from __future__ import annotations

from decimal import Decimal

from ..findings import Finding
from ..normalize import implausible_params
from . import Context
from .locate import cell_location, cell_params, row_label, table_location, table_params

CODES = ("C201", "C202", "C203", "C204", "C205")
# 本年收费金额 in 万元 above this is almost certainly written in 元 (100 亿元)
WANYUAN_IMPLAUSIBLE = Decimal(1_000_000)


def check(ctx: Context):
    rec = ctx.rec
    tpl = rec.template
    yield from _blanks(ctx)
    for (table, row, col), cell in rec.cells.items():
        if cell.state == "unattributable":
            continue
        spec = _column_spec(tpl, table, row, col)
        if cell.state == "invalid":
            yield Finding("C202", params=cell_params(rec, cell), location=cell_location(rec, cell))
            continue
        if cell.state == "implausible":  # a number of more digits than a count has (normalize.parse_value)
            yield Finding("C202", "implausible", {**cell_params(rec, cell), **implausible_params(cell.raw)},
                          location=cell_location(rec, cell))
            continue
        if cell.state != "number":
            continue
        v = cell.value
        if v < 0 and (spec is None or spec.type != "signed"):
            yield Finding("C203", params=cell_params(rec, cell), location=cell_location(rec, cell), actual=v)
        if spec is not None and spec.type in ("count", "signed") and v != v.to_integral_value():
            yield Finding("C204", params=cell_params(rec, cell), location=cell_location(rec, cell), actual=v)
        if spec is not None and spec.type == "money":
            yield from _money(ctx, cell, spec)


def _column_spec(tpl, table, row, col):
    try:
        r = tpl.tables[table].row(row)
    except KeyError:
        return None
    return next((c for c in r.columns if c.key == col), None)


def _money(ctx: Context, cell, spec):
    rec = ctx.rec
    p = cell_params(rec, cell)
    loc = cell_location(rec, cell)
    if spec.unit == "万元":
        if cell.unit == "元":
            yield Finding("C205", "yuan_in_wanyuan", p, loc)
        elif cell.value >= WANYUAN_IMPLAUSIBLE:
            yield Finding("C205", "too_large", {**p, "yuan": f"{cell.value * 10000:,.0f}"}, loc)
    elif not cell.unit and not cell.header_unit and cell.value != 0:
        yield Finding("C205", params=p, location=loc)


def _blanks(ctx: Context):
    """Blank or dash cells, reported so that a pattern gives one finding, not one per cell.

    Per table: a single blank cell → one cell finding; blanks that are up to
    three wholly blank rows → one finding per row; anything else → one finding
    for the table that counts the blanks per column.
    """
    rec = ctx.rec
    per_table: dict[str, dict[str, list]] = {}
    for (table, row, col), cell in rec.cells.items():
        per_table.setdefault(table, {}).setdefault(row, []).append(cell)
    for table, rows in per_table.items():
        blanks = [c for cells in rows.values() for c in cells if c.state in ("blank", "dash")]
        if not blanks:
            continue
        tp = table_params(table)
        if len(blanks) == 1:
            c = blanks[0]
            yield Finding("C201", "dash" if c.state == "dash" else "default", cell_params(rec, c),
                          cell_location(rec, c))
            continue
        whole = [r for r, cells in rows.items() if all(c.state in ("blank", "dash") for c in cells)]
        if table != "T4" and whole and len(whole) <= 3 and sum(len(rows[r]) for r in whole) == len(blanks):
            for r in whole:
                yield Finding("C201", "row", {**tp, "row": row_label(rec, table, r)[0], "n": len(rows[r])},
                              table_location(rec, table, r, None, rows[r][0].locator))
            continue
        by_col: dict[str, int] = {}
        for c in blanks:
            by_col[c.col] = by_col.get(c.col, 0) + 1
        top = sorted(by_col.items(), key=lambda kv: -kv[1])
        detail = "、".join(f"{col} {n}" for col, n in top[:4]) + ("…" if len(top) > 4 else "")
        yield Finding("C201", "table", {**tp, "n": len(blanks), "detail": detail},
                      table_location(rec, table, None, None, blanks[0].locator))
