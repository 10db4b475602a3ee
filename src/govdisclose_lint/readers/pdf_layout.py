"""Running text of a PDF: lines into paragraphs, tables in reading order (extraction.md §7).

Each page gives text lines (outside the tables) and table fragments.  Page
numbers and headers/footers repeated on several pages go; the rest is laid out
in reading order, lines joined into paragraphs from their geometry (a line that
reaches the right margin continues on the next one, also across a page break),
and table fragments broken across pages stitched (:func:`.pdf_stitch.stitch`).
Each paragraph keeps the font size of its first line (the title is the largest
text on page 1).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..document import Document, Locator, Paragraph
from .pdf_stitch import Fragment, stitch
from .pdf_text import SIZE_RATIO, is_page_number, normalize_text


@dataclass
class Line:
    """A line of running text on a page: its text, position and font size (``x0`` None: a line of
    PDFium's page text, without geometry)."""

    text: str
    page: int
    x0: float | None = None
    x1: float | None = None
    top: float = 0.0
    bottom: float = 0.0
    size: float | None = None


@dataclass
class PageResult:
    """One page as the layout reads it: its size, running-text lines, table fragments and character
    counts (``cid_chars``: characters without Unicode, ``(cid:N)``)."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    cid_chars: int = 0
    chars: int = 0



def drop_running_lines(results: list[PageResult]) -> None:
    """Page numbers, and headers/footers repeated on several pages."""
    margin_text: dict[str, int] = {}
    for res in results:
        for ln in res.lines:
            if _in_margin(ln, res):
                key = re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))
                margin_text[key] = margin_text.get(key, 0) + 1
    repeat = max(2, (len(results) + 1) // 2)
    for res in results:
        kept = []
        for ln in res.lines:
            if ln.x0 is None:
                if is_page_number(ln.text):
                    continue
            elif _in_margin(ln, res):
                key = re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))
                if is_page_number(ln.text) or (len(results) >= 3 and margin_text.get(key, 0) >= repeat):
                    continue
            kept.append(ln)
        res.lines = kept


def _in_margin(ln: Line, res: PageResult) -> bool:
    return ln.bottom <= res.height * 0.12 or ln.top >= res.height * 0.88


def _body_geometry(results: list[PageResult]) -> tuple[float, float, float]:
    """Left margin, right margin, typical font size of the running text."""
    xs0 = [round(ln.x0) for r in results for ln in r.lines if ln.x0 is not None]
    xs1 = [ln.x1 for r in results for ln in r.lines if ln.x1 is not None]
    sizes = [ln.size for r in results for ln in r.lines if ln.size]
    if not xs0:
        return 0.0, 0.0, 12.0
    left = min(statistics.multimode(xs0))
    xs1.sort()
    right = xs1[int(len(xs1) * 0.9)] if xs1 else 0.0
    size = statistics.median(sizes) if sizes else 12.0
    return float(left), float(right), float(size)


def _join_lines(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def _continues(prev: Line, ln: Line, geom, prev_last_on_page: bool, gap_limit: float) -> bool:
    left, right, size = geom
    if prev.x0 is None or ln.x0 is None:
        return False
    if prev.size and ln.size and max(prev.size, ln.size) > SIZE_RATIO * min(prev.size, ln.size):
        return False  # a heading or title in another size
    if ln.x0 > left + 0.8 * size:  # indented first line, centred heading
        return False
    if prev.x1 < right - 1.5 * size:  # the previous line stopped short
        return False
    if prev.x0 > left + 4 * size:  # centred or right-aligned line
        return False
    if ln.page != prev.page:
        return ln.page == prev.page + 1 and prev_last_on_page
    return ln.top - prev.bottom <= gap_limit


def build_blocks(doc: Document, results: list[PageResult]) -> None:
    geom = _body_geometry(results)
    gaps = []
    for res in results:
        ls = [ln for ln in res.lines if ln.x0 is not None]
        for a, b in zip(ls, ls[1:]):
            if 0 <= b.top - a.bottom < 3 * geom[2]:
                gaps.append(b.top - a.bottom)
    gap_limit = (statistics.median(gaps) if gaps else geom[2]) + 0.6 * geom[2]

    # blocks in reading order: ("line", Line) or ("table", Fragment)
    seq: list[tuple[str, object, bool, bool]] = []  # kind, item, first on page, last on page
    for res in results:
        items: list[tuple[float, int, str, object]] = []
        for ln in res.lines:
            items.append((ln.top, 1, "line", ln))
        for fr in res.fragments:
            items.append((fr.top, 0, "table", fr))
        items.sort(key=lambda t: (t[0], t[1]))
        for k, (_, _, kind, item) in enumerate(items):
            seq.append((kind, item, k == 0, k == len(items) - 1))

    blocks: list[tuple[str, object]] = []  # ("para", [lines]) or ("table", Fragment)
    prev_last_on_page = False
    for kind, item, first, last in seq:
        if kind == "table":
            head = blocks[-1][1] if blocks and blocks[-1][0] == "table" else None
            if head is not None and first and prev_last_on_page and stitch(head, item):
                prev_last_on_page = last
                continue
            blocks.append(("table", item))
        else:
            if blocks and blocks[-1][0] == "para":
                prev = blocks[-1][1][-1]
                if _continues(prev, item, geom, prev_last_on_page and first, gap_limit):
                    blocks[-1][1].append(item)
                    prev_last_on_page = last
                    continue
            blocks.append(("para", [item]))
        prev_last_on_page = last

    last_para = ""
    for order, (kind, item) in enumerate(blocks):
        if kind == "table":
            index = len(doc.tables)
            table = item.to_table(index)
            if len(last_para) <= 40:
                table.caption = last_para
            doc.tables.append(table)
            doc.table_order.append(order)
            last_para = ""
            continue
        text = ""
        for ln in item:
            text = _join_lines(text, ln.text.strip())
        text = normalize_text(text)
        i = len(doc.paragraphs)
        size = round(item[0].size, 1) if item[0].size else None
        doc.paragraphs.append(Paragraph(text, Locator(page=item[0].page, paragraph=i), order=order, size=size))
        last_para = text


