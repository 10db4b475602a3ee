"""Table grids for the PDF reader: spans from cell boxes, stitching across pages.

pdfplumber gives a table as a list of cell bounding boxes; a merged cell is one
box covering several grid positions.  :func:`fragment_from_boxes` turns the
boxes into a :class:`Fragment`: the distinct x and y boundaries become the grid
lines, and each box becomes an :class:`OCell` (origin, rowspan, colspan, text).

A table broken across pages arrives as one fragment per page.
:func:`stitch` lays a continuation on the head's columns and handles the
traps of extraction.md §7: blank label cells that belong to a merged cell
above, a continuation with fewer columns (x edges a subset of the head's), a
row broken across the page (label text on both pages, numbers on the first),
and the text of a merged label cell wrapped across the page ("（四）无" /
"法提供").  :meth:`Fragment.to_table` materialises the grid of
:class:`~govdisclose_lint.document.Cell` the other readers produce: every
covered position holds the origin's text, origin and span.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..document import Cell, Locator, Table

#: x edges of a continuation may differ this much from the head's (points);
#: real reports shift the outer border by up to ≈2.7 pt between pages
EDGE_TOLERANCE = 4.5

_NUMBER_RE = re.compile(r"^[\s\d,，.．%％+\-－—–]*\d[\s\d,，.．%％]*$")
# a label that starts a new item: 一、 （一） (1) 1. 1、 1．
_ENUM_RE = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*、|\d+\s*[.．、])")


def is_number(text: str) -> bool:
    """A value cell: digits with separators, nothing else (no CJK)."""
    return bool(text) and bool(_NUMBER_RE.match(text))


def starts_new_label(text: str) -> bool:
    return bool(_ENUM_RE.match(text))


@dataclass
class OCell:
    """A cell by its origin: the unit stitching works on."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str

    @property
    def cols(self) -> tuple[int, int]:
        return (self.col, self.col + self.colspan)


@dataclass
class Fragment:
    """One table or table piece: origin cells over an ``nrows`` × len(xs)-1 grid."""

    cells: list[OCell]
    xs: list[float]  # column boundaries, left to right
    row_pages: list[int]  # page (1-based) of each grid row
    top: float  # top of the first piece on its page
    bbox: tuple[float, float, float, float]
    spans_known: bool = True
    pieces: int = 1  # how many page fragments were stitched into this one
    # no border drawn along the top / bottom: the table runs on from the previous / to the next page
    open_top: bool = False
    open_bottom: bool = False

    @property
    def page(self) -> int:
        return self.row_pages[0] if self.row_pages else 0

    @property
    def last_page(self) -> int:
        return self.row_pages[-1] if self.row_pages else 0

    @property
    def nrows(self) -> int:
        return len(self.row_pages)

    @property
    def ncols(self) -> int:
        return max(len(self.xs) - 1, 0)

    def add_side_columns(self, left: list[tuple[float, str]], right: list[tuple[float, str]]) -> None:
        """Widen the fragment by columns that run its whole height (see
        :func:`.pdf_rules.open_side_columns`): ``(x, text)`` per column, outermost first."""
        n = len(left)
        for oc in self.cells:
            oc.col += n
        for i, (_, text) in enumerate(left):
            self.cells.append(OCell(0, i, self.nrows, 1, text))
        ncols = self.ncols + n
        for i, (_, text) in enumerate(reversed(right)):
            self.cells.append(OCell(0, ncols + i, self.nrows, 1, text))
        self.xs = [x for x, _ in left] + self.xs + [x for x, _ in reversed(right)]
        self.bbox = (self.xs[0], self.bbox[1], self.xs[-1], self.bbox[3])

    def owner_grid(self) -> list[list[int]]:
        """Index into ``cells`` of the cell covering each position (-1: none)."""
        grid = [[-1] * self.ncols for _ in range(self.nrows)]
        for i, oc in enumerate(self.cells):
            for r in range(oc.row, min(oc.row + oc.rowspan, self.nrows)):
                for c in range(oc.col, min(oc.col + oc.colspan, self.ncols)):
                    if grid[r][c] == -1:
                        grid[r][c] = i
        return grid

    def to_table(self, index: int) -> Table:
        owner = self.owner_grid()
        grid: list[list[Cell]] = []
        for r in range(self.nrows):
            row = []
            page = self.row_pages[r]
            for c in range(self.ncols):
                i = owner[r][c]
                if i < 0:
                    row.append(Cell("", r, c, (r, c), page=page))
                    continue
                oc = self.cells[i]
                row.append(Cell(oc.text, r, c, (oc.row, oc.col), oc.rowspan, oc.colspan, page=page))
            grid.append(row)
        return Table(index, grid, Locator(page=self.page, table=index),
                     spans_known=self.spans_known)


# --------------------------------------------------------------------------
# grid from boxes


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted distinct values, merging those closer than ``tol``."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _nearest(bounds: list[float], v: float) -> int:
    i = bisect.bisect_left(bounds, v)
    if i == 0:
        return 0
    if i >= len(bounds):
        return len(bounds) - 1
    return i if bounds[i] - v < v - bounds[i - 1] else i - 1


def fragment_from_boxes(boxes: list[tuple[float, float, float, float]], chars: list[dict],
                        page: int, text_of, *, tol: float = 1.0) -> Fragment | None:
    """Build a fragment from pdfplumber cell boxes ``(x0, top, x1, bottom)``.

    ``chars`` are the page's char objects; each goes to the cell its midpoint
    falls in.  ``text_of(chars)`` turns a cell's chars into its text.
    """
    if not boxes:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nrows, ncols = len(ys) - 1, len(xs) - 1
    owner = [[-1] * ncols for _ in range(nrows)]
    spans: list[tuple[int, int, int, int]] = []
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        c0, c1 = _nearest(xs, b[0]), _nearest(xs, b[2])
        r0, r1 = _nearest(ys, b[1]), _nearest(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        idx = len(spans)
        spans.append((r0, c0, r1 - r0, c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if owner[r][c] == -1:
                    owner[r][c] = idx
    if not spans:
        return None
    buckets: list[list[dict]] = [[] for _ in spans]
    x_lo, x_hi, y_lo, y_hi = xs[0], xs[-1], ys[0], ys[-1]
    for ch in chars:
        mx = (ch["x0"] + ch["x1"]) / 2
        my = (ch["top"] + ch["bottom"]) / 2
        if not (x_lo <= mx < x_hi and y_lo <= my < y_hi):
            continue
        c = bisect.bisect_right(xs, mx) - 1
        r = bisect.bisect_right(ys, my) - 1
        if 0 <= r < nrows and 0 <= c < ncols and owner[r][c] >= 0:
            buckets[owner[r][c]].append(ch)
    cells = [OCell(r0, c0, rs, cs, text_of(buckets[i]) if buckets[i] else "")
             for i, (r0, c0, rs, cs) in enumerate(spans)]
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return Fragment(cells, xs, [page] * nrows, ys[0], bbox)


def fragment_from_rows(rows: list[list[str]], page: int, bbox) -> Fragment:
    """A fragment without known spans (text-strategy fallback)."""
    width = max((len(r) for r in rows), default=0)
    cells = [OCell(r, c, 1, 1, t) for r, row in enumerate(rows) for c, t in enumerate(row)]
    for r, row in enumerate(rows):
        cells.extend(OCell(r, c, 1, 1, "") for c in range(len(row), width))
    xs = [bbox[0] + (bbox[2] - bbox[0]) * i / max(width, 1) for i in range(width + 1)]
    return Fragment(cells, xs, [page] * len(rows), bbox[1], tuple(bbox), spans_known=False)


# --------------------------------------------------------------------------
# stitching


def column_map(head_xs: list[float], frag_xs: list[float], tol: float = EDGE_TOLERANCE) -> list[int] | None:
    """Map each fragment x edge to a head x edge, or None if not a subset.

    The outer edges must match; every inner edge must lie within ``tol`` of a
    head edge, in increasing order.
    """
    if len(frag_xs) < 2 or len(head_xs) < 2 or len(frag_xs) > len(head_xs):
        return None
    if abs(frag_xs[0] - head_xs[0]) > tol or abs(frag_xs[-1] - head_xs[-1]) > tol:
        return None
    out = [0]
    for x in frag_xs[1:-1]:
        j = _nearest(head_xs, x)
        if abs(head_xs[j] - x) > tol or j <= out[-1] or j >= len(head_xs) - 1:
            return None
        out.append(j)
    out.append(len(head_xs) - 1)
    return out


def _first_number_col(frag: Fragment, r: int, owner: list[list[int]]) -> int | None:
    for c in range(frag.ncols):
        i = owner[r][c]
        if i >= 0 and frag.cells[i].row == r and is_number(frag.cells[i].text.strip()):
            return c
    return None


def stitch(head: Fragment, frag: Fragment) -> bool:
    """Append ``frag`` (the continuation) to ``head`` in place; False if it does not fit.

    The caller has already checked position: ``frag`` is the first block on
    the page after ``head``'s last page and ``head`` was the last block there.
    """
    if not (head.spans_known and frag.spans_known) or head.nrows == 0 or frag.nrows == 0:
        return False
    if frag.page != head.last_page + 1:
        return False
    cmap = column_map(head.xs, frag.xs)
    if cmap is None and not _has_numbers(head):
        # a header alone at the foot of the page: its columns split further on the next
        hmap = column_map(frag.xs, head.xs)
        if hmap is None:
            return False
        head.cells = [OCell(oc.row, hmap[oc.col], oc.rowspan, hmap[oc.col + oc.colspan] - hmap[oc.col], oc.text)
                      for oc in head.cells]
        head.xs = list(frag.xs)
        cmap = list(range(len(frag.xs)))
    if cmap is None:
        return False

    # lay the fragment on the head's columns
    laid = [OCell(oc.row, cmap[oc.col], oc.rowspan, cmap[oc.col + oc.colspan] - cmap[oc.col], oc.text)
            for oc in frag.cells]
    frag = Fragment(laid, list(head.xs), list(frag.row_pages), frag.top, frag.bbox, frag.spans_known,
                    open_top=frag.open_top, open_bottom=frag.open_bottom)
    frag = _drop_repeated_header(head, frag)
    if frag.nrows == 0:
        head.pieces += 1
        head.open_bottom = frag.open_bottom
        return True

    h_owner = head.owner_grid()
    f_owner = frag.owner_grid()
    last = head.nrows - 1
    frag_num_col = _first_number_col(frag, 0, f_owner)
    head_num_cols = [c for c in range(head.ncols)
                     if h_owner[last][c] >= 0 and is_number(head.cells[h_owner[last][c]].text.strip())]
    first_row = [oc for oc in frag.cells if oc.row == 0]
    has_text = any(oc.text.strip() for oc in first_row)
    # a row broken across the page: the continuation's first row is blank
    # wherever the head's last row has numbers, but has label text; or no
    # border is drawn between the two pieces (browsers leave the cut open)
    broken = bool(head_num_cols) and has_text and all(
        f_owner[0][c] >= 0 and frag.cells[f_owner[0][c]].row == 0
        and not frag.cells[f_owner[0][c]].text.strip()
        for c in head_num_cols)
    frag_num_cols = {c for c in range(frag.ncols) if f_owner[0][c] >= 0
                     and is_number(frag.cells[f_owner[0][c]].text.strip())}
    broken = broken or (head.open_bottom and frag.open_top and has_text
                        and not frag_num_cols & set(head_num_cols))
    head_num_col = head_num_cols[0] if head_num_cols else None
    label_limit = min(c for c in (head_num_col, frag_num_col, head.ncols) if c is not None)

    merged: dict[int, OCell] = {}  # frag cell index -> head cell it continues
    for fi, oc in enumerate(frag.cells):
        if oc.row != 0:
            continue
        hi = h_owner[last][oc.col]
        if hi < 0:
            continue
        hc = head.cells[hi]
        same_cols = hc.cols == oc.cols
        text = oc.text.strip()
        if broken:
            if same_cols:
                merged[fi] = hc
            elif text:
                hc.text = _join(hc.text, oc.text)
                oc.text = ""
            continue
        # an unbroken row: only label cells left of another label column
        # (a group label such as （四）无法提供 whose items sit to its right)
        if not same_cols or oc.col + oc.colspan >= label_limit or not hc.text.strip():
            continue
        if not text or not starts_new_label(text):
            merged[fi] = hc

    drop_first = 1 if broken else 0
    offset = head.nrows - drop_first
    for fi, oc in enumerate(frag.cells):
        hc = merged.get(fi)
        if hc is not None:
            if oc.text.strip():
                hc.text = _join(hc.text, oc.text)
            hc.rowspan += oc.rowspan - drop_first
            continue
        if broken and oc.row == 0:
            if oc.rowspan <= 1:
                continue  # its text went into the row above (or it was blank)
            head.cells.append(OCell(offset + 1, oc.col, oc.rowspan - 1, oc.colspan, oc.text))
            continue
        head.cells.append(OCell(oc.row + offset, oc.col, oc.rowspan, oc.colspan, oc.text))
    head.row_pages.extend(frag.row_pages[drop_first:])
    head.pieces += 1
    head.open_bottom = frag.open_bottom
    return True


def _has_numbers(frag: Fragment) -> bool:
    return any(is_number(oc.text.strip()) for oc in frag.cells)


def _position_texts(frag: Fragment, r: int, owner: list[list[int]]) -> list[str]:
    return ["".join(frag.cells[i].text.split()) if i >= 0 else "" for i in owner[r]]


def _drop_repeated_header(head: Fragment, frag: Fragment) -> Fragment:
    """Header rows repeated at the top of each page (Word's 重复标题行) go."""
    h_owner, f_owner = head.owner_grid(), frag.owner_grid()
    k = 0
    while k < min(4, head.nrows - 1, frag.nrows):
        texts = _position_texts(frag, k, f_owner)
        if not any(texts) or texts != _position_texts(head, k, h_owner):
            break
        k += 1
    if k == 0:
        return frag
    cells = []
    for oc in frag.cells:
        end = oc.row + oc.rowspan
        if end <= k:
            continue
        start = max(oc.row, k)
        cells.append(OCell(start - k, oc.col, end - start, oc.colspan, oc.text))
    return Fragment(cells, frag.xs, frag.row_pages[k:], frag.top, frag.bbox, frag.spans_known,
                    open_top=False, open_bottom=frag.open_bottom)


def _join(a: str, b: str) -> str:
    a, b = a.rstrip(), b.strip()
    if not a:
        return b
    if not b:
        return a
    return a + "\n" + b
