"""Find the template's tables in one line of flattened web text and read their unambiguous rows.

A crawler dump runs a whole page into one line, table cells included::

    …申请人情况自然人法人或其他组织总计商业企业…其他一、本年新收政府信息公开申请数量230 000023二、…

Unlike the other readers this one consults the template (``rules/``): in such text the cell
boundaries survive only in the labels the template knows.  It finds the known phrases (row
labels, group labels, block captions, column names — whitespace, width and quotes folded) and
accepts a table only where its header is there and names exactly the template's columns (each
once; 表四's five results once per block), so a report with a changed column set is never read
by the template's count.  Each row's value text (between its label and the next label) is
split by :mod:`.flat_split`; a row is read only when the split is unique.

What comes out is ordinary document-model tables (one per T2 block, one for T3, one for T4), in
the place of the text they replace; a row left unread keeps its text as one cell, so
recognition reports it as unattributable.  A table none of whose rows can be read is not
produced: its text stays running text and recognition reports it flattened (S105), as before.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Cell, Locator, Table
from ..normalize import _CN_NUM as _CN
from ..normalize import _QUOTES, label_key
from ..templates import ColumnSpec, RowSpec, TableSpec, Template, templates
from .flat_split import read_run

_VALUE_RE = re.compile(r"(?:[\d\s.+\-]|万元|元)*")
_HEADING_RE = re.compile(rf"\s*(?:[{_CN}]+、|\([{_CN}]+\))")
# an unknown row inside a table: values of the row before, a label (optional one-digit numbering,
# at least two CJK characters, no digits), its own values
_UNKNOWN_RE = re.compile(r"(?P<v1>[\d\s]*?)(?P<lab>(?:\d\s*[.、])?\s*[^\d\s.+\-][^\d]*[\u3400-\u9fff][^\d]*?)"
                         r"(?P<v2>[\d\s.+\-]*)")
#: the longest text between two rows of a table (an unknown row label and its values fit)
GAP_MAX = 80
#: the longest corner text between a T2 block caption and its column names ("信息内容")
CORNER_MAX = 10


@dataclass
class Item:
    """A known phrase found in the normalised line."""

    start: int
    end: int
    key: str


@dataclass
class Grid:
    """How one table (or T2 block) of the template is laid out."""

    table: str
    kind: str  # rows | run (T4: one run of values over all rows)
    rows: list[RowSpec]
    caption: str = ""  # T2 block key
    heads: dict[str, str] = field(default_factory=dict)  # folded header word → column/block key
    need: dict[str, int] = field(default_factory=dict)  # how often each key must be in the header
    groups: set[str] = field(default_factory=set)  # folded group labels allowed between rows
    order: dict[str, int] = field(default_factory=dict)  # folded row label → index in ``rows``

    def __post_init__(self):
        self.order = {label_key(n): i for i, r in enumerate(self.rows) for n in r.names()}


@dataclass
class FlatRow:
    """A row found in the line: its label as written, the value text after it (``raw``) and, once
    :meth:`read`, the cells that text splits into."""

    label: str  # as written
    spec: RowSpec | None  # None: a label the template does not know
    raw: str
    group: str = ""
    cells: tuple[str, ...] | None = None
    how: str = ""  # direct | total | blank | "" (left)
    glued: str = ""  # the text the last values run into, when they do (the row is then left)
    # the cells to split ``raw`` into, (table, row key, column); None: nothing to split by
    columns: list[tuple[str, str, ColumnSpec]] | None = None
    arithmetic: bool = True  # may the row's own equations choose among splits

    def read(self, template: Template) -> None:
        if self.columns is not None and self.cells is None:
            reading = read_run(self.raw, self.columns, template, self.arithmetic)
            self.cells, self.how = reading.cells, reading.how


@dataclass
class FlatTable:
    """A template table (or T2 block) found in the line: its span, header rows and rows."""

    table: str
    start: int  # span in the original line
    end: int
    head: list[list[str]]  # header rows; equal neighbours in a header row are one merged cell
    rows: list[FlatRow]
    caption: str = ""

    def to_table(self, index: int) -> Table:
        """The document-model table: a row left unread keeps its text, merged over the value columns.

        Its cell count (distinct cells) then differs from the template's column count, so recognition
        reports the row as unattributable instead of reading the text into the first column."""
        rows: list[tuple[list[str], bool]] = [([self.caption], False)] if self.caption else []
        rows += [(h, False) for h in self.head]
        grouped = any(r.group for r in self.rows)  # T3: group labels in their own column, as on the page
        for r in self.rows:
            lead = ([r.group] if grouped else []) + ([r.label] if r.label else [])
            left = (r.raw + r.glued).split()
            rows.append((lead + list(r.cells), False) if r.cells is not None else (lead + left, True))
        width = max(len(texts) for texts, _ in rows)
        grid = []
        for i, (texts, merged) in enumerate(rows):
            texts = texts or [""]
            cells: list[Cell] = []
            for j, t in enumerate(texts):
                joins = i < len(self.head) + bool(self.caption) and j and texts[j - 1] == t
                cells.append(Cell(t, i, j, cells[-1].origin if joins else (i, j)))
            last = cells[-1]
            cells += [Cell(last.text if merged else "", i, j, last.origin if merged else (i, j))
                      for j in range(len(texts), width)]
            grid.append(cells)
        return Table(index, grid, Locator(table=index), spans_known=False)


@dataclass
class FlatResult:
    """The tables found in one line and the template they were read by (None: no template's rows found)."""

    template: Template | None
    tables: list[FlatTable]

    @property
    def located(self) -> int:
        """How many of the template's rows were found (表四's run, the row without a label, counts once)."""
        return sum(1 for t in self.tables for r in t.rows if r.spec is not None or not r.label)


def read_flat(line: str) -> FlatResult:
    """The tables of one flattened line, under the template whose rows it holds most of.

    Only the tables with at least one row read are returned."""
    norm, where = _normalise(line)
    best = FlatResult(None, [])
    for version in sorted(templates()):  # on a tie the later format wins
        res = _Reader(templates()[version], norm, where, line).run()
        if res.located and res.located >= best.located:
            best = res
    for ft in best.tables:
        for row in ft.rows:
            row.read(best.template)
    read = {ft.table for ft in best.tables if any(r.cells is not None for r in ft.rows)}
    return FlatResult(best.template, [ft for ft in best.tables if ft.table in read])


def _normalise(line: str) -> tuple[str, list[int]]:
    """NFKC, quotes dropped; ``where[i]`` is the original index of normalised character i."""
    chars, where = [], []
    for i, ch in enumerate(line):
        for c in _nfkc(ch):
            chars.append(c)
            where.append(i)
    return "".join(chars), where


@lru_cache(maxsize=4096)
def _nfkc(ch: str) -> str:
    return "" if ch in _QUOTES else unicodedata.normalize("NFKC", ch)


class _Reader:
    def __init__(self, template: Template, norm: str, where: list[int], line: str):
        self.t = template
        self.norm = norm
        self.where = where
        self.line = line
        self.regex, self.grids = _vocabulary(template.version)
        self.items = [Item(m.start(), m.end(), label_key(m.group())) for m in self.regex.finditer(norm)]

    def run(self) -> FlatResult:
        return FlatResult(self.t, [ft for g in self.grids if (ft := self._grid(g))])

    # ------------------------------------------------------------------ header
    def _grid(self, g: Grid) -> FlatTable | None:
        """The first place where ``g``'s full header is followed by its first row (or, for T4, values)."""
        for i, it in enumerate(self.items):
            if g.kind == "run":
                if it.key in g.heads and _VALUE_START.match(self._gap(i)):
                    first = self._header(g, i)
                    if first is not None:
                        return self._run(g, first, i)
            elif it.key in g.order and i and not self._between(i - 1, i).strip():
                first = self._header(g, i - 1)
                if first is not None:
                    return self._rows(g, first, i)
        return None

    def _header(self, g: Grid, last: int) -> int | None:
        """Index of the header's first item, if the items ending at ``last`` are a full header of ``g``."""
        seen: dict[str, int] = {}
        first = None
        j = last
        while j >= 0 and (self.items[j].key in g.heads or self.items[j].key in g.groups):
            if self.items[j].key in g.heads:
                k = g.heads[self.items[j].key]
                seen[k] = seen.get(k, 0) + 1
            first = j
            if j == 0 or self._between(j - 1, j).strip():
                break
            j -= 1
        if first is None or any(seen.get(k, 0) != n for k, n in g.need.items()):
            return None
        if g.caption:  # a T2 block: its caption, at most a short corner cell, then the columns
            if first == 0 or self.items[first - 1].key != label_key(g.caption):
                return None
            corner = self._between(first - 1, first)
            if len(corner.strip()) > CORNER_MAX or re.search(r"\d", corner):
                return None
            first -= 1
        return first

    # ------------------------------------------------------------------ rows
    def _rows(self, g: Grid, first: int, i: int) -> FlatTable:
        rows: list[FlatRow] = []
        last_order, group, cur = -1, "", i
        while True:
            it = self.items[cur]
            spec = g.rows[g.order[it.key]] if it.key in g.order else None
            nxt = self._next(g, cur, g.order.get(it.key, last_order))
            if spec is None:  # a group label: the next row sits under it
                group = self._text(it.start, it.end)
                end = it.end
                if nxt is None or self._between(cur, nxt).strip():
                    break
            else:
                last_order = g.order[it.key]
                gap, glued = (self._between(cur, nxt), "") if nxt is not None else self._tail(cur)
                row = FlatRow(self._text(it.start, it.end), spec, gap, group, glued=glued)
                rows += self._row(g, row, it.end)
                group = ""
                end = it.end + len(gap.rstrip())
                if nxt is None:
                    break
            cur = nxt
        # T2 blocks keep their one-line header; T3's two-level header cannot be laid out from running
        # text, so its rows go without one and recognition takes the template's column order, which
        # the header has just confirmed (all of the template's columns, each once, nothing else)
        head = [self._heads(g, first, i)] if g.caption else []
        start = self.items[first].start
        caption = self._text(start, self.items[first].end) if g.caption else ""
        return FlatTable(g.table, self.where[start], self.where[end - 1] + 1, head, rows, caption)

    def _heads(self, g: Grid, first: int, i: int) -> list[str]:
        """A T2 block's header row as written: the corner cell, then the column names."""
        corner = self._between(first, first + 1).strip()
        return ([corner] if corner else []) + [self._text(it.start, it.end) for it in self.items[first + 1:i]]

    def _row(self, g: Grid, row: FlatRow, at: int) -> list[FlatRow]:
        gap = row.raw
        if row.glued:
            return [row]
        if _VALUE_RE.fullmatch(gap):
            return [self._prepare(g, row)]
        m = _UNKNOWN_RE.fullmatch(gap)
        if not m:
            return [row]
        lab_at = at + m.start("lab")
        unknown = FlatRow(self._text(lab_at, lab_at + len(m.group("lab").rstrip())), None, m.group("v2"))
        row.raw = m.group("v1")
        return [self._prepare(g, row), self._prepare(g, unknown)]

    def _prepare(self, g: Grid, row: FlatRow) -> FlatRow:
        if not row.raw.strip():  # no digits at all: every cell of the row is blank
            row.cells, row.how = (), "blank"
            return row
        spec = row.spec or g.rows[0]
        if row.spec is None and any(r.columns != spec.columns for r in g.rows):
            return row  # an unknown label where rows differ in columns: nothing to split by
        row.columns = [(g.table, spec.key, c) for c in spec.columns]
        row.arithmetic = row.spec is not None
        return row

    def _run(self, g: Grid, first: int, last: int) -> FlatTable:
        gap, glued = self._tail(last)
        cols = None if glued else [(g.table, r.key, c) for r in g.rows for c in r.columns]
        # the header named each block once and its columns once per block: laid out as blocks over
        # columns, the way the page's merged header cells are
        head = [[r.key for r in g.rows for _ in r.columns], [c.key for r in g.rows for c in r.columns]]
        row = FlatRow("", None, gap, glued=glued, columns=cols)
        end = self.items[last].end + len(gap.rstrip())
        return FlatTable(g.table, self.where[self.items[first].start], self.where[end - 1] + 1, head, [row])

    # ------------------------------------------------------------------ helpers
    def _next(self, g: Grid, cur: int, last_order: int) -> int | None:
        """The next row (later in the template) or group label of ``g`` within reach."""
        end = self.items[cur].end
        for j in range(cur + 1, len(self.items)):
            it = self.items[j]
            if it.start - end > GAP_MAX:
                return None
            if g.order.get(it.key, -1) > last_order or it.key in g.groups:
                return j
        return None

    def _between(self, a: int, b: int) -> str:
        return self.norm[self.items[a].end:self.items[b].start]

    def _gap(self, i: int) -> str:
        stop = self.items[i + 1].start if i + 1 < len(self.items) else len(self.norm)
        return self.norm[self.items[i].end:stop]

    def _tail(self, i: int) -> tuple[str, str]:
        """The value text after the table's last label, and the text it runs into ("" if it ends cleanly).

        It must end at whitespace, at the next known phrase or at a numbered heading; digits that
        run on into text ("…00000002019年…") cannot be cut and leave the row unread."""
        gap = self._gap(i)
        values = _VALUE_RE.match(gap).group()
        rest = gap[len(values):]
        clean = not rest or values[-1:].isspace() or bool(_HEADING_RE.match(rest))
        return values, "" if clean else rest[:1]

    def _text(self, a: int, b: int) -> str:
        """Original text of the normalised span [a, b)."""
        return self.line[self.where[a]:self.where[b - 1] + 1].strip()


_VALUE_START = re.compile(r"\s*\d")


def warm(version: str) -> None:
    """Build the vocabulary of one format now (see :func:`..engine.warm`)."""
    _vocabulary(version)


@lru_cache(maxsize=None)
def _vocabulary(version: str) -> tuple[re.Pattern, list[Grid]]:
    t = templates()[version]
    grids = [g for spec in t.tables.values() for g in _grids(spec)]
    phrases = set()
    for g in grids:
        phrases |= set(g.heads) | g.groups | set(g.order)
        if g.caption:
            phrases.add(label_key(g.caption))
    alts = [_pattern(k) for k in sorted(phrases, key=len, reverse=True) if len(k) >= 2]
    return re.compile("|".join(alts)), grids


def _grids(spec: TableSpec) -> list[Grid]:
    cols = {label_key(n): c.key for r in spec.rows for c in r.columns for n in c.names()}
    col_keys = {c.key for r in spec.rows for c in r.columns}
    if spec.blocks and all(r.key in spec.blocks for r in spec.rows):  # T4: blocks head the columns
        heads = {**cols, **{label_key(b): b for b in spec.blocks}, **{label_key(m): m for m in spec.markers}}
        need = {**{k: len(spec.blocks) for k in col_keys}, **{b: 1 for b in spec.blocks}}
        return [Grid(spec.key, "run", list(spec.rows), heads=heads, need=need)]
    if spec.blocks:  # T2: one grid per block, each under its caption
        out = []
        for b in spec.blocks:
            rows = [r for r in spec.rows if r.block == b]
            bcols = {label_key(n): c.key for c in rows[0].columns for n in c.names()}
            out.append(Grid(spec.key, "rows", rows, b, bcols, {c.key: 1 for c in rows[0].columns}))
        return out
    heads = {**cols, **{label_key(g): g for g in spec.column_groups}}
    groups = {label_key(g) for g in spec.group_labels}
    return [Grid(spec.key, "rows", list(spec.rows), heads=heads, need={k: 1 for k in col_keys}, groups=groups)]


def _pattern(key: str) -> str:
    """A regex for a folded phrase in normalised text: any whitespace inside, numbering in any style."""
    head = ""
    if m := re.match(r"^(\d+)\.", key):
        head = m.group(1) + r"\s*[.、,)]\s*"
    elif m := re.match(rf"^\(([{_CN}]+)\)", key):
        head = r"\(\s*" + m.group(1) + r"\s*\)\s*[、.]?\s*"
    elif m := re.match(rf"^([{_CN}]+)、", key):
        head = m.group(1) + r"\s*[、.,]\s*"
    rest = key[m.end():] if m else key
    return head + r"\s*".join(re.escape(ch) for ch in rest)

