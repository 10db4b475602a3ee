"""The S105 notes of flattened text: per table, which rows were read (and how) and which were left."""

from __future__ import annotations

import re

from ..document import Locator, ReaderNote
from ..templates import TableSpec
from .flat_tables import FlatResult, FlatRow


def reader_notes(res: FlatResult, line: int) -> list[ReaderNote]:
    """One S105 note per table read from flattened text: which rows were read, and how."""
    rows: dict[str, list[FlatRow]] = {}
    for ft in res.tables:
        rows.setdefault(ft.table, []).extend(ft.rows)
    notes = []
    for key, rs in rows.items():
        spec = res.template.tables[key]
        numeral, _, name = spec.title.partition("、")
        read = [_short(r, spec) for r in rs if r.cells is not None]
        left = [_short(r, spec) for r in rs if r.cells is None]
        params = {"table": key, "table_name": f"表{numeral}（{name}）", "table_name_en": f"Table {key[1:]}",
                  "n_read": len(read), "n_left": len(left), "read": "、".join(read) or "—",
                  "left": "、".join(left) or "—",
                  "by_total": "、".join(_short(r, spec) for r in rs if r.how == "total") or "—"}
        notes.append(ReaderNote("S105", "flat_partial" if left else "flat_read", params, Locator(line=line)))
    return notes


def _short(row: FlatRow, spec: TableSpec) -> str:
    """A row's name in a note: the template label without its parenthetical note, cut short."""
    if row.spec is None and not row.label:
        return "/".join(spec.blocks)  # 表四's single row of all blocks
    label = re.sub(r"[（(][^（）()]*[）)]$", "", row.spec.label if row.spec else row.label)
    return label if len(label) <= 16 else label[:15] + "…"
