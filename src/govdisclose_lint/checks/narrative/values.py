"""What the tables hold, as the text may quote it.

A text figure is compared with a *sum of cells* (``T3.K1.总计 + T3.K2.总计``).  A cell the report
left unreadable makes the sum unknown (no finding); a cell the format version does not have drops
out (2019 has no 本年制发件数).  A 总计 may be read two ways when the table is inconsistent — the
total as printed and the sum of its parts — and the text may quote either, so a sum is a small
tuple of possible values, the printed one first.  A blank 总计 whose parts are not zero counts only
as the sum of its parts (the 上海 2019 report leaves the 总计 column blank).
"""

from __future__ import annotations

import fnmatch
from decimal import Decimal

from ...recognize import Recognition

ABSENT = "absent"
UNKNOWN = "unknown"
# the cells a 总计 adds up, per table
_PARTS = {"T3": ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
          "T4": ("结果维持", "结果纠正", "其他结果", "尚未审结")}


class TableValues:
    def __init__(self, rec: Recognition):
        self.rec = rec
        self.tpl = rec.template

    def rows(self, table: str) -> list[str]:
        spec = self.tpl.tables.get(table) if self.tpl else None
        return [r.key for r in spec.rows] if spec else []

    def exists(self, table: str, row: str, col: str) -> bool:
        spec = self.tpl.tables.get(table) if self.tpl else None
        if spec is None:
            return False
        try:
            return any(c.key == col for c in spec.row(row).columns)
        except KeyError:
            return False

    def expand(self, ref: str) -> list[tuple[str, str, str]]:
        table, row, col = ref.split(".")
        rows = [r for r in self.rows(table) if fnmatch.fnmatchcase(r, row)] if "*" in row else [row]
        return [(table, r, col) for r in rows if self.exists(table, r, col)]

    def cell(self, table: str, row: str, col: str) -> tuple[Decimal, ...] | str:
        """The readings of one cell, or UNKNOWN."""
        c = self.rec.cells.get((table, row, col))
        own = c.value if c is not None and c.usable and c.state in ("number", "blank", "dash") else None
        parts = None
        if col == "总计" and table in _PARTS:
            vals = [self.rec.cells.get((table, row, p)) for p in _PARTS[table]]
            if all(v is not None and v.usable for v in vals):
                parts = sum((v.value for v in vals), Decimal(0))
        if own is None:
            return (parts,) if parts is not None else UNKNOWN
        if c.state in ("blank", "dash") and parts:
            return (parts,)
        return tuple(dict.fromkeys(x for x in (own, parts) if x is not None))

    def sum(self, refs) -> tuple[Decimal, ...] | str:
        """The readings of a sum of cell references, UNKNOWN, or ABSENT (no such cells here)."""
        cells = [c for ref in refs for c in self.expand(ref)]
        if not cells:
            return ABSENT
        readings = []
        for c in cells:
            r = self.cell(*c)
            if r == UNKNOWN:
                return UNKNOWN
            readings.append(r)
        # every total as printed, or every total as the sum of its parts
        printed = sum((r[0] for r in readings), Decimal(0))
        parts = sum((r[-1] for r in readings), Decimal(0))
        return tuple(dict.fromkeys((printed, parts)))


def in_column(refs, columns) -> tuple[str, ...]:
    """The same rows, in other columns: T3.R1.总计 → T3.R1.自然人 (+ …)."""
    out = []
    for ref in refs:
        table, row, _ = ref.split(".")
        out.extend(f"{table}.{row}.{c}" for c in columns)
    return tuple(out)
