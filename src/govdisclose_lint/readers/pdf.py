"""Text-layer PDF reader (extraction.md §5, §7, §8, §10, §11).

Two passes:

1. **pypdfium2 over every page** (:mod:`.pdf_scan`, ≈1 ms/page): encrypted,
   corrupt, scanned, font-without-ToUnicode and object-bomb files are caught
   before the slow parser sees them, and the pages worth parsing are picked.
2. **pdfplumber on those pages**: ``dedupe_chars`` (bold drawn twice), invisible
   rectangles and underlines dropped, open table sides closed at page breaks
   (:mod:`.pdf_rules`), ``find_tables()`` with the default "lines" strategy,
   the grid rebuilt from the cell boxes (:mod:`.pdf_stitch`), cell text and
   text lines from character geometry (:mod:`.pdf_text`), ``page.close()``.

Fragments of a table broken across pages are stitched and the running text
becomes paragraphs with their font size (:mod:`.pdf_layout`).

A damaged file is read as far as it goes and says so: when pypdfium2 and
pdfminer count different pages (a page tree whose ``/Count`` lies) every page
either finds is read; a content stream that does not inflate is a finding on
its page.  The libraries' logging never reaches stderr (:mod:`.libquiet`).
"""

from __future__ import annotations

import re
import zlib

from ..document import Document, Locator, ReadError, ReaderNote
from .libquiet import quiet_libraries
from .pdf_layout import Line, PageResult, build_blocks, drop_running_lines
from .pdf_limits import check_inflated_size
from .pdf_rules import (closing_edges, coverage, object_key, open_side_columns, underline_keys, visible)
from .pdf_scan import MAX_PAGE_OBJECTS, PageInfo, check_unicode, first_pass
from .pdf_stitch import Fragment, fragment_from_boxes, fragment_from_rows, is_number
from .pdf_dedupe import dedupe_chars, unique_chars
from .pdf_text import cell_text, group_lines, is_page_number, line_size, line_text, normalize_text

__all__ = ["read", "normalize_text", "is_page_number"]

#: reports up to this many pages are parsed in full; longer files only on
#: pages with table keywords and the page after each
FULL_PARSE_PAGES = 30

#: keywords that mark a page holding 表二/表三/表四
TABLE_KEYWORDS = ("第二十条", "本年制发", "信息内容", "申请人情况", "本年新收", "上年结转",
                  "予以公开", "结果维持", "行政复议", "行政诉讼", "尚未审结")
#: keywords that make a page with no ruled table try the text strategy
FALLBACK_KEYWORDS = ("本年新收", "结果维持", "第二十条")

FALLBACK_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}
#: in running text, a gap this many font sizes wide starts a new line segment
LINE_SPLIT_GAP = 3.0
#: a table border counts as drawn when rules cover this share of its width
DRAWN_BORDER = 0.5
CHUNK = 1 << 20


# --------------------------------------------------------------------------
# second pass: pdfplumber


def _find_fragments(page, number: int) -> list[Fragment]:
    edges = page.edges
    h_extra, v_extra = closing_edges(edges)
    settings = {}
    if h_extra:
        settings["explicit_horizontal_lines"] = h_extra
    if v_extra:
        settings["explicit_vertical_lines"] = v_extra
    chars = page.chars
    out = []
    for table in page.find_tables(settings):
        frag = fragment_from_boxes(table.cells, chars, number, cell_text)
        # one column: a framed paragraph or a whiteout box, not a report table
        if frag is None or frag.ncols < 2:
            continue
        x0, top, x1, bottom = frag.bbox
        frag.open_top = coverage(edges, top, x0, x1) < DRAWN_BORDER
        frag.open_bottom = coverage(edges, bottom, x0, x1) < DRAWN_BORDER
        left, right = open_side_columns(edges, frag.bbox)
        if left or right:
            frag.add_side_columns(_side_cells(chars, left, x0, top, bottom),
                                  _side_cells(chars, right, x1, top, bottom))
        out.append(frag)
    return out


def _side_cells(chars, xs: list[float], edge: float, top: float, bottom: float):
    """``(x, text)`` for each side column, outermost first (see :meth:`Fragment.add_side_columns`)."""
    bounds = xs + [edge]
    out = []
    for k, x in enumerate(xs):
        a, b = sorted((x, bounds[k + 1]))
        inside = [c for c in chars if a <= (c["x0"] + c["x1"]) / 2 < b and top <= (c["top"] + c["bottom"]) / 2 < bottom]
        out.append((x, cell_text(inside)))
    return out


def _fallback_fragments(page, number: int) -> list[Fragment]:
    """Borderless tables: the text strategy, spans unknown.

    Blank rows are dropped, and section headings the strategy swept into the
    first or last row go back to the running text.
    """
    out = []
    chars = page.chars
    for table in page.find_tables(FALLBACK_SETTINGS):
        rows = []
        for row in table.rows:
            in_row = _chars_in(chars, row.bbox)
            texts = [cell_text(_chars_in(in_row, box)) if box else "" for box in row.cells]
            if any(texts):
                rows.append((row.bbox, texts))
        while rows and _lone_heading(rows[0][1]):
            rows.pop(0)
        while rows and _lone_heading(rows[-1][1]):
            rows.pop()
        if not rows or max(len(r) for _, r in rows) < 3:
            continue
        numeric_rows = sum(1 for _, r in rows if sum(1 for t in r if is_number(t)) >= 2)
        if numeric_rows < 2:
            continue  # running text the text strategy cut into "columns"
        bbox = (min(b[0] for b, _ in rows), min(b[1] for b, _ in rows),
                max(b[2] for b, _ in rows), max(b[3] for b, _ in rows))
        out.append(fragment_from_rows([r for _, r in rows], number, bbox))
    return out


def _chars_in(chars: list[dict], box) -> list[dict]:
    x0, top, x1, bottom = box
    return [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom]


_SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、\D*$")


def _lone_heading(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    return len(filled) == 1 and bool(_SECTION_RE.match(filled[0].replace("\n", "")))


def _in_any(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    mx = (obj["x0"] + obj["x1"]) / 2
    my = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= mx <= b[2] and b[1] <= my <= b[3] for b in boxes)


def _parse_page(page, info: PageInfo) -> PageResult:
    number = info.number
    page = dedupe_chars(page, tolerance=1)
    chars = page.chars
    decorations = underline_keys(page.lines + page.rects, chars)
    page = page.filter(lambda o: o.get("object_type") == "char"
                       or (visible(o) and (not decorations or object_key(o) not in decorations)))
    result = PageResult(number, float(page.width), float(page.height))
    result.chars = len(chars)
    result.cid_chars = sum(1 for ch in chars if ch.get("text", "").startswith("(cid:"))
    fragments = _find_fragments(page, number)
    compact = re.sub(r"\s+", "", info.text)
    if not fragments and (not info.seen_by_pdfium or any(k in compact for k in FALLBACK_KEYWORDS)):
        fragments = _fallback_fragments(page, number)
    result.fragments = fragments
    boxes = [f.bbox for f in fragments]
    outside = [c for c in chars if not _in_any(c, boxes)] if boxes else chars
    result.lines = _lines(outside, number)
    return result


def _lines(chars: list[dict], number: int) -> list[Line]:
    """Running-text lines of a page from its characters (those outside its tables)."""
    lines = []
    for members in group_lines(chars, split_gap=LINE_SPLIT_GAP):
        text = line_text(members)
        if not text:
            continue
        lines.append(Line(text, number, min(c["x0"] for c in members), max(c["x1"] for c in members),
                          min(c["top"] for c in members), max(c["bottom"] for c in members), line_size(members)))
    return lines


def _running_text(text: str) -> bool:
    """A page whose text names no table may be read from PDFium when nothing is drawn on it."""
    compact = re.sub(r"\s+", "", text)
    return not any(k in compact for k in TABLE_KEYWORDS + FALLBACK_KEYWORDS)


def _text_page(info: PageInfo) -> PageResult:
    """A page of running text from the characters PDFium gave in the first pass."""
    chars = unique_chars(info.text_chars, tolerance=1)
    result = PageResult(info.number, float(info.width), float(info.height))
    result.chars = len(chars)
    result.lines = _lines(chars, info.number)
    return result


def _damaged_content(page) -> bool:
    """Does a Flate content stream of this page fail to inflate (a flipped byte, a cut)?

    pdfminer replaces such a stream by nothing, or by what it decoded before the
    damage, and says so at most in a log line; the page then reads as empty.
    """
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    for ref in page.page_obj.contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        filters = stream.get_filters()
        if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
            continue
        data = stream.rawdata
        if stream.decipher and stream.objid is not None:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        d = zlib.decompressobj()
        try:
            buf = data
            while buf and not d.eof:
                d.decompress(buf, CHUNK)
                buf = d.unconsumed_tail
        except zlib.error:  # a stream that merely stops early (no end marker) inflates fine elsewhere too
            return True
    return False


def _open_pdfplumber(path: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path, raise_unicode_errors=False)
        pages = pdf.pages  # pdfminer walks the page tree itself
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("E001", "corrupt_pdf", reason="recursion too deep") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises anything on a broken file
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect) or isinstance(exc, PDFPasswordIncorrect):
            raise ReadError("E002", "encrypted", status="encrypted") from None
        raise ReadError("E001", "corrupt_pdf", reason=_describe(exc)) from None
    return pdf, pages


def _parse_with_pdfplumber(pdf, pages, infos: list[PageInfo], numbers: list[int],
                           notes: list[ReaderNote]) -> dict[int, PageResult]:
    results: dict[int, PageResult] = {}
    damaged: list[int] = []
    try:
        for number in numbers:
            if number > len(pages):
                continue
            page = pages[number - 1]
            info = infos[number - 1]
            try:
                if _damaged_content(page):
                    damaged.append(number)
                elif info.text_chars is not None:  # running text only: PDFium's characters, no pdfminer
                    results[number] = _text_page(info)
                    continue
                results[number] = _parse_page(page, info)
            finally:
                page.close()
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("E001", "corrupt_pdf", reason="recursion too deep") from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - PdfminerException, PSEOF, KeyError, …
        raise ReadError("E001", "corrupt_pdf", reason=_describe(exc)) from None
    if damaged:
        notes.append(ReaderNote("E001", "damaged_stream", {"pages": "、".join(map(str, damaged))},
                                Locator(page=damaged[0])))
    return results


def _describe(exc: BaseException) -> str:
    msg = str(exc)
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def _close(pdf) -> None:
    try:
        pdf.close()
    except Exception:  # noqa: BLE001
        pass


# --------------------------------------------------------------------------
# read


def read(path: str, *, pdfium_text: bool = True) -> Document:
    """``pdfium_text``: read pages of running text from PDFium's characters (see
    :mod:`.pdf_text_pages`); False parses every page with pdfminer (the tests compare both)."""
    with open(path, "rb") as fh:
        check_inflated_size(fh.read())  # before PDFium or pdfminer inflate anything
    import pdfplumber  # noqa: F401 - imported before quiet_libraries(), which mutes its modules' loggers

    with quiet_libraries():
        return _read(path, pdfium_text)


def _read(path: str, pdfium_text: bool = True) -> Document:
    infos, meta = first_pass(path, _running_text if pdfium_text else None)
    notes: list[ReaderNote] = []
    pdf, pages = _open_pdfplumber(path)
    try:
        _reconcile_page_counts(infos, pages, notes)
        text_pages = [p for p in infos if p.has_text]
        if not text_pages:
            raise ReadError("E003", "no_text_layer", status="unreadable", pages=len(infos))
        check_unicode(infos)
        scanned = [p.number for p in infos if p.scanned]
        if scanned:
            notes.append(ReaderNote("E003", "scanned_pages", {"pages": scanned}, Locator(page=scanned[0])))
        for p in text_pages:
            if p.objects > MAX_PAGE_OBJECTS:
                notes.append(ReaderNote("E005", "page_too_complex",
                                        {"page": p.number, "objects": p.objects, "limit": MAX_PAGE_OBJECTS},
                                        Locator(page=p.number)))
        candidates = [p for p in text_pages if p.objects <= MAX_PAGE_OBJECTS]
        if len(infos) <= FULL_PARSE_PAGES:
            parse = [p.number for p in candidates]
        else:
            hits = {p.number for p in candidates if not p.seen_by_pdfium
                    or any(k in re.sub(r"\s+", "", p.text) for k in TABLE_KEYWORDS)}
            wanted = hits | {n + 1 for n in hits}
            parse = [p.number for p in candidates if p.number in wanted]
        parsed = _parse_with_pdfplumber(pdf, pages, infos, parse, notes)
    finally:
        _close(pdf)
    total_chars = sum(r.chars for r in parsed.values())
    cid = sum(r.cid_chars for r in parsed.values())
    if total_chars >= 100 and cid / total_chars > 0.3:
        raise ReadError("E003", "no_unicode", status="unreadable", chars=total_chars, cid=cid)

    # every text page, parsed or not, in page order
    results: list[PageResult] = []
    for p in infos:
        if p.number in parsed:
            results.append(parsed[p.number])
        elif p.has_text:  # not parsed (long file, too complex, beyond pdfminer): pypdfium2's text lines
            res = PageResult(p.number, p.width, p.height)
            res.lines = [Line(t.strip(), p.number) for t in re.split(r"[\r\n]+", p.text) if t.strip()]
            results.append(res)
    drop_running_lines(results)
    doc = Document(path=path, kind="pdf", pages=len(infos), notes=notes)
    build_blocks(doc, results)
    doc.title = normalize_text((meta.get("Title") or "").strip())
    return doc


def _reconcile_page_counts(infos: list[PageInfo], pages, notes: list[ReaderNote]) -> None:
    """Both libraries walk the page tree; when they disagree, read every page either found."""
    pdfium, pdfminer = len(infos), len(pages)
    if pdfium == pdfminer:
        return
    for number in range(pdfium + 1, pdfminer + 1):
        page = pages[number - 1]
        infos.append(PageInfo(number, float(page.width), float(page.height), 0, 0, 0.0, "", seen_by_pdfium=False))
    notes.append(ReaderNote("E001", "page_count_mismatch",
                            {"pdfium": pdfium, "pdfminer": pdfminer, "read": max(pdfium, pdfminer)}))
