"""Map the report's raw tables onto the template's tables by label, not position.

Rows are recognised by their label (numbering, width, whitespace, quotes and
known typos folded; see :mod:`.labels`), wherever they are: T2 as one table
or one per block, T3 split over several tables, tables stitched or not.
Columns are recognised from the header rows above the data (1–3 lines,
merged cells repeated or left blank).  A data row's values are the cells
after its label; when their number differs from the number of columns they
cannot be attributed and the row is reported instead of guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Cell, Document, Locator, Table
from ..normalize import label_key, looks_like_value, parse_value
from ..templates import ColumnSpec, RowSpec, Template
from .labels import LabelIndex, caption_block, column_match, fuzzy_column
from .model import CellValue, Issue, Recognition

# header words that belong to no column but mark a header row
_HEADER_WORDS = ("信息内容", "申请人情况", "法人或其他组织", "本列数据的勾稽关系", "行政复议", "行政诉讼")


@dataclass
class Slot:
    """A value column found in a header: the template column it maps to (None: extra)."""

    spec: ColumnSpec | None
    text: str
    grid_col: int
    group: str = ""  # T4 block


@dataclass
class _Context:
    table: str = ""
    block: str = ""
    group: str = ""
    header_rows: list[list[Cell]] = field(default_factory=list)
    header_spans_known: bool = True
    slots: dict[tuple[str, str], list[Slot]] = field(default_factory=dict)
    last_was_header: bool = False


class TableMapper:
    def __init__(self, doc: Document, template: Template, rec: Recognition):
        self.doc = doc
        self.t = template
        self.rec = rec
        self.index = LabelIndex(template)
        self.ctx = _Context()
        self.col_names = {
            key: {c.key: c.names() for r in spec.rows for c in r.columns}
            for key, spec in template.tables.items()
        }
        self.all_col_keys = {label_key(n) for d in self.col_names.values() for names in d.values() for n in names}
        self.t4_blocks = template.tables["T4"].blocks
        self._reported: set = set()

    # ------------------------------------------------------------------ driver
    def run(self) -> None:
        for table in self.doc.tables:
            self.ctx.header_rows = []
            self.ctx.last_was_header = False
            for r, row in enumerate(table.grid):
                self._row(table, r, row)
        self._missing()

    def _row(self, table: Table, r: int, row: list[Cell]) -> None:
        cells = _distinct(row)
        texts = [c.text.strip() for c in cells]
        if not any(texts):
            return
        first_num = next((i for i, c in enumerate(cells) if c.text.strip() and looks_like_value(c.text)
                          and parse_value(c.text).state != "blank"), None)
        label_cells = [c for c in (cells if first_num is None else cells[:first_num])
                       if c.text.strip() and not looks_like_value(c.text)]
        # T2 block caption
        for c in label_cells:
            block = caption_block(c.text)
            if block:
                self._enter("T2")
                self.ctx.block = block
                self.ctx.header_rows = []
                if len(label_cells) == 1:
                    return
        # a data row: its most specific label matches a template row
        # merged group labels on this row (（三）不予公开 …) set the context first
        for c in label_cells:
            g = self.index.match_group(c.text)
            if g:
                self.ctx.group = g
        match = next(((m, c) for c in reversed(label_cells)
                      if (m := self.index.match_row(c.text, self.ctx.group))), None)
        if match:
            m, label_cell = match
            if m.spec.group and m.spec.group != self.ctx.group and m.spec.group.startswith("（"):
                self.ctx.group = m.spec.group
            self._data_row(table, r, cells, label_cell, m)
            return
        # a header row: names columns (or T4 blocks) and has no numbers
        if first_num is None and self._is_header(label_cells):
            self._header(table, row, label_cells)
            return
        # T4's data row has no label: all values, after a T4 header
        if not label_cells and first_num is not None and self.ctx.table == "T4":
            self._t4_row(table, r, cells)
            return
        if not label_cells and first_num is not None and len(cells) == 15 and self.ctx.table in ("", "T3"):
            self._enter("T4")
            self._t4_row(table, r, cells)
            return
        # an unknown labelled row with numbers inside a template table: an extra row
        if label_cells and first_num is not None and self.ctx.table in ("T2", "T3"):
            label = label_cells[-1].text.strip()
            if len(label_key(label)) >= 2 and not self._is_header(label_cells):
                self.rec.issues.append(Issue("extra_row", self.ctx.table, doc_label=label,
                                             locator=_loc(table, r, label_cells[-1])))

    # ------------------------------------------------------------------ headers
    def _is_header(self, label_cells: list[Cell]) -> bool:
        hits = 0
        for c in label_cells:
            k = label_key(c.text)
            if k in self.all_col_keys or any(w in k for w in _HEADER_WORDS) or any(
                    k.startswith(ck) for ck in self.all_col_keys if len(ck) >= 4):
                hits += 1
        return hits >= 1

    def _header(self, table: Table, row: list[Cell], label_cells: list[Cell]) -> None:
        keys = {label_key(c.text) for c in label_cells}
        if any(label_key(b) in keys for b in self.t4_blocks) or {"行政诉讼", "结果维持"} & keys:
            self._enter("T4")
        elif keys & {"自然人", "申请人情况", "商业企业"} or any("勾稽关系" in k for k in keys):
            self._enter("T3")
        elif "信息内容" in keys and self.ctx.table != "T2":
            self._enter("T2")
        if not self.ctx.last_was_header:
            self.ctx.header_rows = []
            self.ctx.header_spans_known = table.spans_known
        self.ctx.header_rows.append(row)
        self.ctx.last_was_header = True
        slots = self._slots()
        if slots:
            self.ctx.slots[(self.ctx.table, self.ctx.block if self.ctx.table == "T2" else "")] = slots

    def _slots(self) -> list[Slot]:
        rows = self.ctx.header_rows
        width = max(len(r) for r in rows)
        tkey = self.ctx.table
        if tkey not in self.col_names:
            return []
        if tkey == "T2":
            names = {c.key: c.names() for r in self.t.tables["T2"].rows if r.block == self.ctx.block
                     for c in r.columns}
        else:
            names = self.col_names[tkey]
        specs = {c.key: c for r in self.t.tables[tkey].rows for c in r.columns}
        slots: list[Slot] = []
        prev_origin = None
        for j in range(width):
            leaf = None
            for row in reversed(rows):
                if j < len(row) and row[j].text.strip():
                    leaf = row[j]
                    break
            if leaf is None:
                continue
            origin = (id(rows), leaf.origin) if self.ctx.header_spans_known else None
            if origin is not None and origin == prev_origin:
                continue
            prev_origin = origin
            key = next((k for k, ns in names.items() if column_match(leaf.text, ns)), None)
            group = self._group_of(rows, j) if tkey == "T4" else ""
            slots.append(Slot(specs.get(key) if key else None, leaf.text.strip(), j, group))
        # columns left of the first recognised one hold the row labels
        first = next((i for i, s in enumerate(slots) if s.spec), None)
        if first is None:
            return []
        slots = slots[first:]
        # unknown leaves that are really misspelt column names
        for s in slots:
            if s.spec is None:
                best = max(names, key=lambda k: fuzzy_column(s.text, names[k]))
                if fuzzy_column(s.text, names[best]) >= 0.8 and all(x.spec is None or x.spec.key != best or
                                                                    tkey == "T4" for x in slots):
                    s.spec = specs[best]
                    self.rec.issues.append(Issue("column_label_typo", tkey, col=best, doc_label=s.text,
                                                 expected_label=best))
        return slots

    def _group_of(self, rows: list[list[Cell]], j: int) -> str:
        for row in rows:
            for jj in range(min(j, len(row) - 1), -1, -1):
                t = label_key(row[jj].text)
                if t:
                    for b in self.t4_blocks:
                        if label_key(b) == t:
                            return b
                    if not self.ctx.header_spans_known:
                        break
                    break
        return "行政复议" if j < 5 else ""

    # ------------------------------------------------------------------ data
    def _enter(self, tkey: str) -> None:
        if self.ctx.table != tkey:
            self.ctx.table = tkey
            self.ctx.group = ""
            self.ctx.last_was_header = False
            if tkey != "T2":
                self.ctx.block = ""

    def _columns_for(self, spec: RowSpec) -> list[Slot]:
        key = (spec.table, spec.block)
        slots = self.ctx.slots.get(key)
        if slots is None:
            slots = [Slot(c, c.key, -1) for c in spec.columns]
        return slots

    def _data_row(self, table: Table, r: int, cells: list[Cell], label_cell: Cell, m) -> None:
        spec: RowSpec = m.spec
        self._enter(spec.table)
        self.ctx.last_was_header = False
        if spec.block:
            self.ctx.block = spec.block
        loc_label = _loc(table, r, label_cell)
        if not m.exact:
            self.rec.issues.append(Issue("row_label_typo", spec.table, row=spec.key, doc_label=label_cell.text.strip(),
                                         expected_label=spec.label, locator=loc_label))
        if (spec.table, spec.key, spec.columns[0].key) in self.rec.cells:
            return  # a repeated row (e.g. a header repeated on a new page): keep the first
        self.rec.tables_found.setdefault(spec.table, [])
        if table.index not in self.rec.tables_found[spec.table]:
            self.rec.tables_found[spec.table].append(table.index)
        idx = cells.index(label_cell)
        run = cells[idx + 1:]
        slots = self._columns_for(spec)
        values = _fit(run, len(slots))
        if values is None and len(slots) != len(spec.columns):
            # a broken header (e.g. OCR fragments): the template's own column order still fits
            fallback = [Slot(c, c.key, -1) for c in spec.columns]
            values = _fit(run, len(fallback))
            if values is not None:
                slots = fallback
        if values is None:
            nonblank = [c for c in run if c.text.strip()]
            self.rec.issues.append(Issue("unattributable_row", spec.table, row=spec.key,
                                         doc_label=label_cell.text.strip(), count=_count(run),
                                         expected_count=len(slots), locator=loc_label))
            for c in spec.columns:
                self._put(spec.table, spec.key, c.key, "", "unattributable", None, table, r,
                          nonblank[0] if nonblank else label_cell, label_cell.text, header_unit="")
            return
        for slot, cell in zip(slots, values):
            if slot.spec is None:
                continue
            pv = parse_value(cell.text if cell is not None else "")
            self._put(spec.table, spec.key, slot.spec.key, cell.text if cell else "", pv.state, pv.value, table, r,
                      cell or label_cell, label_cell.text, unit=pv.unit, header_unit=_unit_of(slot.text))
        self._column_issues(spec.table, spec.block, slots, spec.columns, loc_label)

    def _t4_row(self, table: Table, r: int, cells: list[Cell]) -> None:
        self.ctx.last_was_header = False
        if ("T4", self.t4_blocks[0], "结果维持") in self.rec.cells:
            return
        self.rec.tables_found.setdefault("T4", [])
        if table.index not in self.rec.tables_found["T4"]:
            self.rec.tables_found["T4"].append(table.index)
        spec = self.t.tables["T4"]
        slots = self.ctx.slots.get(("T4", ""))
        cols = spec.rows[0].columns
        default = [Slot(c, c.key, -1, b) for b in self.t4_blocks for c in cols]
        if not slots or len([s for s in slots if s.spec]) != 15 or any(not s.group for s in slots if s.spec):
            slots = default
        values = _fit(cells, len(slots))
        if values is None:
            self.rec.issues.append(Issue("unattributable_row", "T4", row="", count=_count(cells),
                                         expected_count=15, locator=_loc(table, r, cells[0])))
            for b in self.t4_blocks:
                for c in cols:
                    self._put("T4", b, c.key, "", "unattributable", None, table, r, cells[0], "")
            return
        for slot, cell in zip(slots, values):
            if slot.spec is None:
                continue
            pv = parse_value(cell.text if cell else "")
            self._put("T4", slot.group, slot.spec.key, cell.text if cell else "", pv.state, pv.value, table, r,
                      cell or cells[0], "")

    def _put(self, tkey, row, col, raw, state, value, table, r, cell, doc_label, unit="", header_unit=""):
        self.rec.cells[(tkey, row, col)] = CellValue(
            tkey, row, col, raw.strip(), state, value, unit, header_unit, _loc(table, r, cell),
            doc_label.strip())

    def _column_issues(self, tkey, block, slots, columns, loc) -> None:
        key = ("cols", tkey, block)
        if key in self._reported:
            return
        self._reported.add(key)
        found = {s.spec.key for s in slots if s.spec}
        for c in columns:
            if c.key not in found:
                self.rec.issues.append(Issue("missing_column", tkey, col=c.key, locator=loc))
        for s in slots:
            if s.spec is None:
                self.rec.issues.append(Issue("extra_column", tkey, col=s.text, doc_label=s.text, locator=loc))

    def _missing(self) -> None:
        for tkey, spec in self.t.tables.items():
            if tkey not in self.rec.tables_found:
                continue
            for row in spec.rows:
                if tkey == "T4":
                    continue
                if not any((tkey, row.key, c.key) in self.rec.cells for c in row.columns):
                    self.rec.issues.append(Issue("missing_row", tkey, row=row.key, expected_label=row.label))


def _distinct(row: list[Cell]) -> list[Cell]:
    """The row's cells with horizontally merged copies dropped."""
    out: list[Cell] = []
    seen = set()
    for c in row:
        if c.origin[0] == c.row and c.origin in seen:
            continue
        if c.origin[0] != c.row and out and out[-1].origin == c.origin:
            continue
        seen.add(c.origin)
        out.append(c)
    return out


def _trim(run: list[Cell]) -> list[Cell]:
    out = list(run)
    while out and not out[-1].text.strip():
        out.pop()
    return out


def _count(run: list[Cell]) -> int:
    """Number of value cells once blank padding on either side is dropped."""
    cells = _trim(run)
    while cells and not cells[0].text.strip():
        cells.pop(0)
    return len(cells)


def _fit(run: list[Cell], n: int) -> list[Cell | None] | None:
    """Assign a row's value cells to n columns, or None if they cannot be attributed."""
    if len(run) == n:
        return list(run)
    trimmed = _trim(run)
    if not trimmed:
        return [None] * n  # an entirely blank row
    if len(trimmed) == n:
        return trimmed
    lead = list(trimmed)
    while lead and not lead[0].text.strip() and len(lead) > n:
        lead.pop(0)
    if len(lead) == n:
        return lead
    return None


def _unit_of(header: str) -> str:
    k = label_key(header)
    if "万元" in k:
        return "万元"
    if "元" in k:
        return "元"
    return ""


def _loc(table: Table, r: int, cell: Cell) -> Locator:
    return Locator(page=cell.page or table.locator.page, table=table.index, row=r, col=cell.col,
                   line=(table.locator.line + r) if table.locator.line else None)


def map_tables(doc: Document, template: Template, rec: Recognition) -> None:
    TableMapper(doc, template, rec).run()
