"""Build finding locations from recognised cells: template labels first, then the source position."""

from __future__ import annotations

from ..document import Locator
from ..findings import Location
from ..recognize import CellValue, Recognition

TABLE_NAMES = {"T2": ("表二（主动公开政府信息情况）", "Table 2 (proactive disclosure)"),
               "T3": ("表三（收到和处理政府信息公开申请情况）", "Table 3 (requests received and handled)"),
               "T4": ("表四（行政复议、行政诉讼情况）", "Table 4 (administrative review and litigation)")}


def table_params(table: str) -> dict:
    zh, en = TABLE_NAMES.get(table, (table, table))
    return {"table_name": zh, "table_name_en": en}


def section_of(rec: Recognition, table: str) -> str | None:
    if rec.template is None:
        return None
    for s in rec.template.sections:
        if s.table == table:
            return s.heading
    return None


def row_label(rec: Recognition, table: str, row: str) -> tuple[str, str | None, str | None]:
    """(row label, group, block) in template words."""
    if rec.template is None or table not in rec.template.tables:
        return row, None, None
    try:
        spec = rec.template.tables[table].row(row)
    except KeyError:
        return row, None, None
    return spec.label, (spec.group or None), (spec.block or None)


def at_source(loc: Location, src: Locator) -> Location:
    loc.page = src.page
    loc.line = src.line
    loc.paragraph = src.paragraph
    loc.source_table, loc.source_row, loc.source_col = src.table, src.row, src.col
    return loc


def cell_location(rec: Recognition, cell: CellValue) -> Location:
    label, group, block = row_label(rec, cell.table, cell.row)
    loc = Location(section=section_of(rec, cell.table), table=cell.table, block=block, group=group,
                   row=label, column=cell.col)
    return at_source(loc, cell.locator)


def table_location(rec: Recognition, table: str, row: str | None = None, column: str | None = None,
                   src: Locator | None = None) -> Location:
    label, group, block = row_label(rec, table, row) if row else (None, None, None)
    loc = Location(section=section_of(rec, table), table=table, block=block, group=group, row=label,
                   column=column)
    return at_source(loc, src) if src else loc


def cell_params(rec: Recognition, cell: CellValue) -> dict:
    label, _, _ = row_label(rec, cell.table, cell.row)
    return {**table_params(cell.table), "row": label, "column": cell.col, "raw": cell.raw}
