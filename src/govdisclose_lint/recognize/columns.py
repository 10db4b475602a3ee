"""Which template column each value of a table row belongs to: header text and position as evidence.

Two readings of a data row are possible:

* **by header**: the header rows above the data name the columns (one to three
  lines, merged cells repeated or blank).  Each value column's *leaf* is its
  lowest non-blank header cell; a single-row table (表四) also gets the block
  each column sits under, from the header cell that covers that column
  (``行政复议`` spans its five columns; ``行政诉讼`` is a group over two blocks,
  not a block).  Values are taken in the order of their header columns (the
  spans of header and data rows often disagree in real HTML); when the counts
  differ, from the grid column of their header (same table, spans known).
* **by position**: the row holds exactly as many values as the template has
  columns, so the n-th value is the template's n-th column.

:func:`resolve` decides.  A complete header (every template column named
once) decides by itself.  Otherwise position decides when the row is
unambiguous and every column the header does name sits where position puts
it; when they disagree, neither reading is used and the disagreement is
reported with both readings — never an arithmetic check built on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Cell
from ..normalize import label_key
from ..templates import ColumnSpec, TableSpec
from .labels import column_match, fuzzy_column

FUZZY_COLUMN = 0.8


@dataclass
class Slot:
    """A value column found in a header: the template column it maps to (None: extra)."""

    spec: ColumnSpec | None
    text: str
    grid_col: int
    group: str = ""  # block of a single-row table (表四)

    @property
    def key(self) -> tuple[str, str] | None:
        return (self.group, self.spec.key) if self.spec else None


@dataclass
class Reading:
    """The values of one row assigned to template columns, or why they could not be."""

    pairs: list[tuple[Slot, Cell | None]] = field(default_factory=list)
    source: str = ""  # header | position | "" (not attributable)
    conflicts: list[tuple[int, str, str]] = field(default_factory=list)  # (value no., by header, by position)
    typos: list[Slot] = field(default_factory=list)


def header_slots(rows: list[list[Cell]], spans_known: bool, spec: TableSpec,
                 names: dict[str, tuple[str, ...]], specs: dict[str, ColumnSpec]) -> tuple[list[Slot], list[Slot]]:
    """Value columns named by the header rows, left to right, and the leaves read as misspelt names.

    Columns left of the first recognised one hold the row labels and are left out.
    """
    width = max((len(r) for r in rows), default=0)
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
        origin = leaf.origin if spans_known else None
        if origin is not None and origin == prev_origin:
            continue
        prev_origin = origin
        key = next((k for k, ns in names.items() if column_match(leaf.text, ns)), None)
        group = block_of(rows, j, spec, spans_known) if spec.single_row else ""
        slots.append(Slot(specs.get(key) if key else None, leaf.text.strip(), j, group))
    first = next((i for i, s in enumerate(slots) if s.spec), None)
    if first is None:
        return [], []
    slots = slots[first:]
    typos = []
    for s in slots:  # unknown leaves that are really misspelt column names
        if s.spec is None:
            best = max(names, key=lambda k: fuzzy_column(s.text, names[k]))
            taken = {x.key for x in slots if x.spec}
            if fuzzy_column(s.text, names[best]) >= FUZZY_COLUMN and (s.group, best) not in taken:
                s.spec = specs[best]
                typos.append(s)
    return slots, typos


def block_of(rows: list[list[Cell]], j: int, spec: TableSpec, spans_known: bool) -> str:
    """The block whose header cell covers column ``j`` (top row first); "" if none does.

    With spans known only the cell at ``j`` counts (a blank there is a blank
    header cell, not the block to its left); without, the nearest text to the
    left in that row stands for a merged cell.
    """
    for row in rows:
        if j >= len(row):
            continue
        text = label_key(row[j].text)
        if not text and not spans_known:
            text = next((label_key(row[k].text) for k in range(j - 1, -1, -1) if row[k].text.strip()), "")
        block = match_block(text, spec)
        if block:
            return block
    return ""


def match_block(text: str, spec: TableSpec, contained: bool = False) -> str:
    """The block a header cell (or, ``contained``, a short caption) names; "" if none or several."""
    if not text:
        return ""
    for b in spec.blocks:
        k = label_key(b)
        if text == k or (len(text) >= 4 and (text.startswith(k) or k.startswith(text))):
            return b
    if contained and len(text) <= 24:
        found = [b for b in spec.blocks if label_key(b) in text]
        if len(found) == 1:
            return found[0]
    return ""


def template_slots(spec_columns: list[tuple[str, ColumnSpec]]) -> list[Slot]:
    return [Slot(c, c.key, -1, group) for group, c in spec_columns]


def resolve(slots: list[Slot], spec_columns: list[tuple[str, ColumnSpec]], run: list[Cell],
            same_grid: bool) -> Reading:
    """Assign a row's value cells (``run``: the distinct cells after the label) to template columns."""
    expected = [(g, c.key) for g, c in spec_columns]
    named = [s for s in slots if s.spec]
    by_position = fit(run, len(expected))
    complete = sorted(s.key for s in named) == sorted(expected)
    if complete:
        pairs = _by_header(slots, run, same_grid)
        if pairs is not None:
            return Reading(pairs, "header")
    if by_position is None:
        keys = [s.key for s in named]
        if named and len(set(keys)) == len(keys) and set(keys) <= set(expected):
            # some columns lost, the rest named: read them, the mapper reports the missing ones
            pairs = _by_header(slots, run, same_grid)
            if pairs is not None:
                return Reading(pairs, "header")
        return Reading()
    if not named:
        return Reading(list(zip(template_slots(spec_columns), by_position)), "position")
    conflicts = _disagreements(slots, run, by_position, expected, same_grid)
    if conflicts:
        return Reading(conflicts=conflicts)
    return Reading(list(zip(template_slots(spec_columns), by_position)), "position")


def _by_header(slots: list[Slot], run: list[Cell], same_grid: bool) -> list[tuple[Slot, Cell | None]] | None:
    """Values in the order of their header columns; by grid column when the counts differ."""
    values = fit(run, len(slots))
    if values is not None:
        return list(zip(slots, values))
    if not same_grid:
        return None
    pairs = []
    used: set[int] = set()
    for s in slots:
        cell = _covering(run, s.grid_col)
        if cell is not None and id(cell) in used:
            return None  # one value under two header columns
        if cell is not None:
            used.add(id(cell))
        pairs.append((s, cell))
    # a value under no header column cannot be attributed
    if any(c.text.strip() and id(c) not in used for c in run):
        return None
    return pairs


def _covering(run: list[Cell], j: int) -> Cell | None:
    for c in run:
        start = c.origin[1]
        if start <= j < start + max(c.colspan, 1):
            return c
    return None


def _disagreements(slots: list[Slot], run: list[Cell], by_position: list[Cell | None],
                   expected: list[tuple[str, str]], same_grid: bool) -> list[tuple[int, str, str]]:
    """Columns the header names somewhere other than where position puts them."""
    out = []
    for n, s in enumerate(slots):
        if s.spec is None:
            continue
        if len(slots) == len(expected):  # the n-th header column holds the n-th value
            i = n
        elif same_grid:
            cell = _covering(run, s.grid_col)
            i = next((k for k, c in enumerate(by_position) if c is not None and c is cell), None)
        else:
            i = None
        if i is None:
            continue
        group, key = s.key
        if not s.group and expected[i][1] == key:
            continue
        if expected[i] != (group, key):
            out.append((i + 1, _name(s.key), _name(expected[i])))
    return out


def _name(key: tuple[str, str]) -> str:
    group, col = key
    return f"{group}·{col}" if group else col


def trim(run: list[Cell]) -> list[Cell]:
    out = list(run)
    while out and not out[-1].text.strip():
        out.pop()
    return out


def count(run: list[Cell]) -> int:
    """Number of value cells once blank padding on either side is dropped."""
    cells = trim(run)
    while cells and not cells[0].text.strip():
        cells.pop(0)
    return len(cells)


def fit(run: list[Cell], n: int) -> list[Cell | None] | None:
    """Assign a row's value cells to n columns by position, or None if they cannot be attributed."""
    if len(run) == n:
        return list(run)
    trimmed = trim(run)
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
