"""Map the report's raw tables onto the template's tables by label, not position.

Everything about the tables' shape comes from the template (``rules/``): the
rows and their labels, each table's value columns, 表四's blocks and that it is
a single row of values without a label.  Rows are recognised by their label
(numbering, width, whitespace, quotes and known typos folded; see
:mod:`.labels`), wherever they are: T2 as one table or one per block, T3
split over several tables, tables stitched or not.  A label wrapped into the
next grid row (the values on the second line, a page break between) is joined
back when the two parts together name the row.  Header rows name the columns;
:mod:`.columns` weighs the header against the values' position and reports
what it cannot decide instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..document import Cell, Document, Locator, Table
from ..normalize import label_key, looks_like_value, parse_value
from ..templates import RowSpec, TableSpec, Template
from .columns import Slot, count, header_slots, match_block, resolve, template_slots
from .labels import caption_block, label_index
from .model import CellValue, Issue, Recognition


@dataclass
class _Context:
    """Where :class:`TableMapper` is in the document's tables: the template table, block and group, the
    header rows read so far and the column slots they gave."""

    table: str = ""
    block: str = ""
    group: str = ""
    header_rows: list[list[Cell]] = field(default_factory=list)
    header_spans_known: bool = True
    header_table: int | None = None  # the document table the header rows come from
    slots: dict[tuple[str, str], list[Slot]] = field(default_factory=dict)
    last_was_header: bool = False
    # a recognised row whose values were all blank and whose label may go on in the next row
    pending: tuple | None = None


class TableMapper:
    def __init__(self, doc: Document, template: Template, rec: Recognition):
        self.doc = doc
        self.t = template
        self.rec = rec
        self.index = label_index(template)
        self.ctx = _Context()
        self.specs = {key: {c.key: c for r in spec.rows for c in r.columns} for key, spec in template.tables.items()}
        self.col_names = {key: {k: c.names() for k, c in cols.items()} for key, cols in self.specs.items()}
        self.all_col_keys = {label_key(n) for d in self.col_names.values() for names in d.values() for n in names}
        self.single: TableSpec | None = next((s for s in template.tables.values() if s.single_row), None)
        # the table of captioned blocks with their own columns (表二, 第二十条第（一）项 …)
        self.blocked = next((k for k, s in template.tables.items() if s.blocks and not s.single_row), "")
        self.markers = _table_markers(template, self.col_names)
        self.header_keys = {label_key(w) for s in template.tables.values() for w in s.header_words()}
        self.notes = {k: label_key(s.header_note) for k, s in template.tables.items() if s.header_note}
        self._reported: set = set()

    # ------------------------------------------------------------------ driver
    def run(self) -> None:
        prev: Table | None = None
        for table in self.doc.tables:
            # a header cut off at the foot of the previous table goes on here if the grids agree
            if not (self.ctx.last_was_header and prev is not None and prev.ncols == table.ncols):
                self.ctx.header_rows = []
                self.ctx.last_was_header = False
            prev = table
            for r, row in enumerate(table.grid):
                self._row(table, r, row)
        self._missing()

    def _row(self, table: Table, r: int, row: list[Cell]) -> None:
        cells = _distinct(row)
        if not any(c.text.strip() for c in cells):
            return
        first_num = next((i for i, c in enumerate(cells) if c.text.strip() and looks_like_value(c.text)
                          and parse_value(c.text).state != "blank"), None)
        label_cells = [c for c in (cells if first_num is None else cells[:first_num])
                       if c.text.strip() and not looks_like_value(c.text)]
        for c in label_cells:  # T2 block caption
            block = caption_block(c.text)
            if block:
                self._enter(self.blocked)
                self.ctx.block = block
                self.ctx.header_rows = []
                if len(label_cells) == 1:
                    return
        # merged group labels on this row (（三）不予公开 …) set the context first
        for c in label_cells:
            g = self.index.match_group(c.text)
            if g:
                self.ctx.group = g
        match = next(((m, c) for c in reversed(label_cells)
                      if (m := self.index.match_row(c.text, self.ctx.group))), None)
        if match is None and first_num is not None and label_cells and self._continues_pending(table, r, cells,
                                                                                               label_cells[-1]):
            return
        self.ctx.pending = None
        if match:
            m, label_cell = match
            if m.spec.group and m.spec.group != self.ctx.group and m.spec.group.startswith("（"):
                self.ctx.group = m.spec.group
            self._data_row(table, r, cells, label_cell, m)
            return
        if first_num is None and self._is_header(label_cells):
            self._header(table, row, label_cells)
            return
        single = self.single
        if single is not None and not label_cells and first_num is not None:
            if self.ctx.table == single.key or (count(cells) == single.row_width and self._starts_single()):
                self._enter(single.key)
                self._single_row(table, r, cells)
                return
        # an unknown labelled row with numbers inside a labelled table: an extra row
        if label_cells and first_num is not None and self.ctx.table and self.ctx.table != getattr(single, "key", ""):
            label = label_cells[-1].text.strip()
            if len(label_key(label)) >= 2 and not self._is_header(label_cells):
                self.rec.issues.append(Issue("extra_row", self.ctx.table, doc_label=label,
                                             locator=_loc(table, r, label_cells[-1])))

    def _starts_single(self) -> bool:
        """A label-less row of exactly the single-row table's width, outside T2's blocks."""
        return self.ctx.table != self.blocked or not self.ctx.block

    # ------------------------------------------------------------------ headers
    def _is_header(self, label_cells: list[Cell]) -> bool:
        for c in label_cells:
            k = label_key(c.text)
            if k in self.all_col_keys or self._is_note(k) or any(w in k for w in self.header_keys) or any(
                    k.startswith(ck) for ck in self.all_col_keys if len(ck) >= 4):
                return True
        return False

    def _is_note(self, k: str, table: str | None = None) -> bool:
        """The note in a header's corner cell (T3: 本列数据的勾稽关系为…), of ``table`` or any."""
        return len(k) >= 6 and any(note[:6] == k[:6] for t, note in self.notes.items() if table in (None, t))

    def _header(self, table: Table, row: list[Cell], label_cells: list[Cell]) -> None:
        keys = {label_key(c.text) for c in label_cells}
        scores = {t: len(keys & m) + sum(1 for k in keys if self._is_note(k, t)) for t, m in self.markers.items()}
        best = max(scores, key=lambda t: (scores[t], t == self.ctx.table))
        if scores[best]:
            self._enter(best)
        if not self.ctx.last_was_header:
            self.ctx.header_rows = []
            self.ctx.header_spans_known = table.spans_known
        self.ctx.header_table = table.index
        self.ctx.header_rows.append(row)
        self.ctx.last_was_header = True
        tkey = self.ctx.table
        if tkey not in self.specs:
            return
        spec = self.t.tables[tkey]
        if tkey == self.blocked:
            specs = {c.key: c for r in spec.rows if r.block == self.ctx.block for c in r.columns}
        else:
            specs = self.specs[tkey]
        names = {k: c.names() for k, c in specs.items()}
        slots, typos = header_slots(self.ctx.header_rows, self.ctx.header_spans_known, spec, names, specs)
        if slots:
            self.ctx.slots[(tkey, self.ctx.block if tkey == self.blocked else "")] = slots
            for s in typos:
                self.rec.issues.append(Issue("column_label_typo", tkey, col=s.spec.key, doc_label=s.text,
                                             expected_label=s.spec.key))

    # ------------------------------------------------------------------ data
    def _enter(self, tkey: str) -> None:
        if self.ctx.table != tkey:
            self.ctx.table = tkey
            self.ctx.group = ""
            self.ctx.last_was_header = False
            if tkey != self.blocked:
                self.ctx.block = ""

    def _found(self, tkey: str, table: Table) -> None:
        found = self.rec.tables_found.setdefault(tkey, [])
        if table.index not in found:
            found.append(table.index)

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
        self._found(spec.table, table)
        run = cells[cells.index(label_cell) + 1:]
        self._put_row(spec, table, r, run, label_cell)
        if not any(c.text.strip() for c in run):
            self.ctx.pending = (spec, label_cell)

    def _same_grid(self, table: Table) -> bool:
        """Values can be taken from their header's grid column (else: in order)."""
        return table.spans_known and self.ctx.header_spans_known and self.ctx.header_table == table.index

    def _continues_pending(self, table: Table, r: int, cells: list[Cell], label_cell: Cell) -> bool:
        """A label wrapped into the next grid row with the values ("一、本年新收政府信息公开申" | "请数量 11 0 …")."""
        if self.ctx.pending is None:
            return False
        spec, first = self.ctx.pending
        m = self.index.match_row(first.text.strip() + label_cell.text.strip(), self.ctx.group)
        if m is None or m.spec is not spec:
            return False
        self.ctx.pending = None
        for c in spec.columns:
            self.rec.cells.pop((spec.table, spec.key, c.key), None)
        self._found(spec.table, table)
        self._put_row(spec, table, r, cells[cells.index(label_cell) + 1:], label_cell,
                      doc_label=first.text.strip() + label_cell.text.strip())
        return True

    def _put_row(self, spec: RowSpec, table: Table, r: int, run: list[Cell], label_cell: Cell,
                 doc_label: str | None = None) -> None:
        doc_label = doc_label if doc_label is not None else label_cell.text
        loc_label = _loc(table, r, label_cell)
        spec_columns = [("", c) for c in spec.columns]
        slots = self.ctx.slots.get((spec.table, spec.block)) or template_slots(spec_columns)
        reading = resolve(slots, spec_columns, run, self._same_grid(table))
        if not reading.source:
            self._unattributable(spec.table, [(spec.key, c) for c in spec.columns], table, r, run, label_cell,
                                 doc_label, spec.key, len(spec.columns), reading)
            return
        for slot, cell in reading.pairs:
            if slot.spec is None:
                continue
            pv = parse_value(cell.text if cell is not None else "")
            self._put(spec.table, spec.key, slot.spec.key, cell.text if cell else "", pv.state, pv.value, table, r,
                      cell or label_cell, doc_label, unit=pv.unit, header_unit=_unit_of(slot.text))
        used = slots if reading.source == "header" else template_slots(spec_columns)
        self._column_issues(spec.table, spec.block, used, spec.columns, loc_label)

    def _single_row(self, table: Table, r: int, cells: list[Cell]) -> None:
        spec = self.single
        self.ctx.last_was_header = False
        header = self.ctx.slots.get((spec.key, ""), [])
        # one block per table, named by the caption above it ("行政诉讼（复议后起诉）")
        block = match_block(label_key(self._caption(table)), spec, contained=True) \
            if count(cells) == len(spec.columns) and not any(s.group for s in header) else ""
        blocks = [block] if block else spec.blocks
        if (spec.key, blocks[0], spec.columns[0].key) in self.rec.cells:
            return
        self._found(spec.key, table)
        spec_columns = [(b, c) for b in blocks for c in spec.columns]
        slots = [replace(s, group=block) for s in header] if block else \
            [s for s in header if s.spec is None or s.group]
        reading = resolve(slots, spec_columns, cells, self._same_grid(table))
        if not reading.source:
            self._unattributable(spec.key, [(b, c) for b, c in spec_columns], table, r, cells, cells[0], "", "",
                                 len(spec_columns), reading)
            return
        for slot, cell in reading.pairs:
            if slot.spec is None:
                continue
            pv = parse_value(cell.text if cell else "")
            self._put(spec.key, slot.group, slot.spec.key, cell.text if cell else "", pv.state, pv.value, table, r,
                      cell or cells[0], "")
        if reading.source == "header":
            self._block_issues(spec, blocks, reading.pairs, _loc(table, r, cells[0]))

    def _caption(self, table: Table) -> str:
        """The table's caption, or the paragraph right before it."""
        if table.caption:
            return table.caption
        if table.index < len(self.doc.table_order):
            order = self.doc.table_order[table.index] - 1
            return next((p.text for p in self.doc.paragraphs if p.order == order), "")
        return ""

    def _unattributable(self, tkey, keys, table, r, run, label_cell, doc_label, row, expected, reading) -> None:
        loc = _loc(table, r, label_cell)
        if reading.conflicts:
            self.rec.issues.append(Issue("ambiguous_columns", tkey, row=row, doc_label=doc_label.strip(),
                                         count=count(run), expected_count=expected, locator=loc,
                                         readings=reading.conflicts))
        else:
            self.rec.issues.append(Issue("unattributable_row", tkey, row=row, doc_label=doc_label.strip(),
                                         count=count(run), expected_count=expected, locator=loc))
        nonblank = [c for c in run if c.text.strip()]
        for row_key, c in keys:
            self._put(tkey, row_key, c.key, "", "unattributable", None, table, r,
                      nonblank[0] if nonblank else label_cell, doc_label)

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

    def _block_issues(self, spec: TableSpec, blocks: list[str], pairs, loc: Locator) -> None:
        named = {slot.key for slot, _ in pairs if slot.spec}
        for b in blocks:  # a block that lost columns: never silent
            for c in spec.columns:
                if (b, c.key) not in named:
                    self.rec.issues.append(Issue("missing_column", spec.key, row=b, col=c.key, locator=loc))
        for slot, _ in pairs:
            if slot.spec is None:
                self.rec.issues.append(Issue("extra_column", spec.key, col=slot.text, doc_label=slot.text,
                                             locator=loc))

    def _missing(self) -> None:
        if _unread_pages(self.doc):
            return  # rows on a page the reader could not read are not missing from the report
        for tkey, spec in self.t.tables.items():
            if tkey not in self.rec.tables_found:
                continue
            for row in spec.rows:
                if not any((tkey, row.key, c.key) in self.rec.cells for c in row.columns):
                    self.rec.issues.append(Issue("missing_row", tkey, row=row.key, expected_label=row.label))


def _table_markers(template: Template, col_names: dict) -> dict[str, set[str]]:
    """Per table, the header texts only that table has (its own column names and header words)."""
    own = {}
    for key, spec in template.tables.items():
        words = {label_key(n) for names in col_names[key].values() for n in names}
        words |= {label_key(w) for w in spec.header_words()}
        own[key] = words
    return {key: words - set().union(*(w for k, w in own.items() if k != key)) for key, words in own.items()}


def _unread_pages(doc: Document) -> set[int]:
    """Pages a reader noted it could not read fully (E-notes with a page)."""
    return {n.locator.page for n in doc.notes if n.code.startswith("E") and n.locator.page}


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
