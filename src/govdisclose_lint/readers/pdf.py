"""Text-layer PDF reader (extraction.md §5, §7, §8, §10, §11).

Two passes:

1. **pypdfium2 over every page** (≈1 ms/page): character count, image
   coverage, page-object count and the page text.  This catches encrypted,
   corrupt, scanned, font-without-ToUnicode and object-bomb files before the
   slow parser sees them, and picks the pages worth parsing.
2. **pdfplumber on those pages**: ``dedupe_chars`` (bold drawn twice), invisible
   rectangles dropped (white "whiteout" boxes behind edited text turn
   paragraphs into one-column "tables" and glue them to real tables), open
   table sides closed at page breaks, ``find_tables()`` with the default
   "lines" strategy, the grid rebuilt from the cell boxes
   (:mod:`.pdf_stitch`), text lines outside the tables, ``page.close()``.

Fragments of a table broken across pages are stitched (§7); the running text
becomes paragraphs (one per paragraph, rebuilt from line geometry); page
numbers like "- 5 -" are dropped.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..document import Document, Locator, Paragraph, ReadError, ReaderNote
from .pdf_limits import check_inflated_size
from .pdf_text import X_TOLERANCE, cell_text, group_lines, is_page_number, line_size, line_text, normalize_text
from .pdf_stitch import (Fragment, closing_edges, fragment_from_boxes, fragment_from_rows, is_number,
                         stitch, visible)

MAX_PAGES = 500
MAX_PAGE_OBJECTS = 20_000
#: reports up to this many pages are parsed in full; longer files only on
#: pages with table keywords and the page after each
FULL_PARSE_PAGES = 30
SCAN_MAX_CHARS = 20
SCAN_MIN_IMAGE_COVER = 0.5

#: keywords that mark a page holding 表二/表三/表四
TABLE_KEYWORDS = ("第二十条", "本年制发", "信息内容", "申请人情况", "本年新收", "上年结转",
                  "予以公开", "结果维持", "行政复议", "行政诉讼", "尚未审结")
#: keywords that make a page with no ruled table try the text strategy
FALLBACK_KEYWORDS = ("本年新收", "结果维持", "第二十条")

FALLBACK_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}
TEXT_SETTINGS = {"x_tolerance": X_TOLERANCE, "y_tolerance": 3}
#: in running text, a gap this many font sizes wide starts a new line segment
LINE_SPLIT_GAP = 3.0
_SENTENCE_PUNCT_RE = re.compile(r"[。，；：,;:！？!?]")


# --------------------------------------------------------------------------
# first pass: pypdfium2


@dataclass
class PageInfo:
    number: int  # 1-based
    width: float
    height: float
    chars: int
    objects: int
    image_cover: float
    text: str

    @property
    def scanned(self) -> bool:
        return self.chars < SCAN_MAX_CHARS and self.image_cover > SCAN_MIN_IMAGE_COVER

    @property
    def has_text(self) -> bool:
        return self.chars > 0 and not self.scanned


def _first_pass(path: str) -> tuple[list[PageInfo], dict]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("E002", "encrypted", status="encrypted") from None
        raise ReadError("E001", "corrupt_pdf", reason=str(exc)) from None
    except (OSError, ValueError) as exc:
        raise ReadError("E001", "corrupt_pdf", reason=str(exc)) from None
    try:
        n = len(pdf)
        if n == 0:
            raise ReadError("E001", "corrupt_pdf", reason="no pages")
        if n > MAX_PAGES:
            raise ReadError("E005", "too_many_pages", status="partial", limit=MAX_PAGES, pages=n)
        try:
            meta = pdf.get_metadata_dict(skip_empty=True)
        except Exception:  # noqa: BLE001 - metadata is optional
            meta = {}
        infos = []
        for i in range(n):
            try:
                infos.append(_scan_page(pdf, i, pdfium_c))
            except pdfium.PdfiumError as exc:
                raise ReadError("E001", "corrupt_pdf", reason=f"page {i + 1}: {exc}") from None
        return infos, meta
    finally:
        pdf.close()


def _scan_page(pdf, i: int, pdfium_c) -> PageInfo:
    """One page of the first pass; the page object stays alive while in use."""
    page = pdf[i]
    try:
        width, height = page.get_size()
        objects = pdfium_c.FPDFPage_CountObjects(page.raw)
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
            text = textpage.get_text_range() if chars > 0 else ""
        finally:
            textpage.close()
        cover = 0.0
        if chars < SCAN_MAX_CHARS and objects <= MAX_PAGE_OBJECTS:
            cover = _image_cover(page, pdfium_c, width, height)
    finally:
        page.close()
    return PageInfo(i + 1, width, height, chars, objects, cover, text)


def _image_cover(page, pdfium_c, width: float, height: float) -> float:
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            left, bottom, right, top = obj.get_bounds()
        except Exception:  # noqa: BLE001 - a broken image object covers nothing
            continue
        left, right = max(left, 0.0), min(right, width)
        bottom, top = max(bottom, 0.0), min(top, height)
        if right > left and top > bottom:
            area += (right - left) * (top - bottom)
    page_area = width * height
    return min(area / page_area, 1.0) if page_area > 0 else 0.0


def _check_unicode(infos: list[PageInfo]) -> None:
    """Fonts without ToUnicode give junk: many characters, almost no CJK."""
    text = "".join(p.text for p in infos if p.has_text)
    shown = [ch for ch in text if not ch.isspace()]
    if len(shown) < 100:
        return
    cjk = sum(1 for ch in shown if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    if cjk / len(shown) < 0.02:
        raise ReadError("E003", "no_unicode", status="unreadable", chars=len(shown), cjk=cjk)


# --------------------------------------------------------------------------
# second pass: pdfplumber


@dataclass
class Line:
    text: str
    page: int
    x0: float | None = None
    x1: float | None = None
    top: float = 0.0
    bottom: float = 0.0
    size: float | None = None


@dataclass
class PageResult:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    cid_chars: int = 0
    chars: int = 0


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
        out.append(frag)
    return out


def _fallback_fragments(page, number: int) -> list[Fragment]:
    """Borderless tables: the text strategy, spans unknown.

    Blank rows are dropped, and section headings the strategy swept into the
    first or last row go back to the running text.
    """
    out = []
    for table in page.find_tables(FALLBACK_SETTINGS):
        rows = []
        for row, texts in zip(table.rows, table.extract(**TEXT_SETTINGS)):
            texts = [normalize_text((t or "").strip()) for t in texts]
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
    page = page.dedupe_chars(tolerance=1).filter(visible)
    result = PageResult(number, float(page.width), float(page.height))
    chars = page.chars
    result.chars = len(chars)
    result.cid_chars = sum(1 for ch in chars if ch.get("text", "").startswith("(cid:"))
    fragments = _find_fragments(page, number)
    compact = re.sub(r"\s+", "", info.text)
    if not fragments and any(k in compact for k in FALLBACK_KEYWORDS):
        fragments = _fallback_fragments(page, number)
    result.fragments = fragments
    boxes = [f.bbox for f in fragments]
    outside = page.filter(lambda o: o.get("object_type") != "char" or not _in_any(o, boxes)) if boxes else page
    for members in group_lines(outside.chars, split_gap=LINE_SPLIT_GAP):
        text = line_text(members)
        if not text:
            continue
        result.lines.append(Line(text, number, min(c["x0"] for c in members), max(c["x1"] for c in members),
                                 min(c["top"] for c in members), max(c["bottom"] for c in members),
                                 line_size(members)))
    return result


def _parse_with_pdfplumber(path: str, infos: list[PageInfo], numbers: list[int]) -> dict[int, PageResult]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    results: dict[int, PageResult] = {}
    if not numbers:
        return results
    try:
        pdf = pdfplumber.open(path, pages=numbers, raise_unicode_errors=False)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises anything on a broken file
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect) or isinstance(exc, PDFPasswordIncorrect):
            raise ReadError("E002", "encrypted", status="encrypted") from None
        raise ReadError("E001", "corrupt_pdf", reason=_describe(exc)) from None
    try:
        for page in pdf.pages:
            number = page.page_number
            try:
                results[number] = _parse_page(page, infos[number - 1])
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
    finally:
        try:
            pdf.stream.close()
        except Exception:  # noqa: BLE001
            pass
    return results


def _describe(exc: BaseException) -> str:
    msg = str(exc)
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


# --------------------------------------------------------------------------
# paragraphs


def _drop_running_lines(results: list[PageResult]) -> None:
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
    if ln.x0 > left + 0.8 * size:  # indented first line, centred heading
        return False
    if prev.x1 < right - 1.5 * size:  # the previous line stopped short
        return False
    if prev.x0 > left + 4 * size:  # centred or right-aligned line
        return False
    if ln.page != prev.page:
        return ln.page == prev.page + 1 and prev_last_on_page
    return ln.top - prev.bottom <= gap_limit


# --------------------------------------------------------------------------
# read


def read(path: str) -> Document:
    with open(path, "rb") as fh:
        check_inflated_size(fh.read())  # before PDFium or pdfminer inflate anything
    infos, meta = _first_pass(path)
    notes: list[ReaderNote] = []

    text_pages = [p for p in infos if p.has_text]
    if not text_pages:
        raise ReadError("E003", "no_text_layer", status="unreadable", pages=len(infos))
    _check_unicode(infos)
    scanned = [p.number for p in infos if p.scanned]
    if scanned:
        notes.append(ReaderNote("E003", "scanned_pages", {"pages": scanned}, Locator(page=scanned[0])))
    parse: list[int] = []
    for p in text_pages:
        if p.objects > MAX_PAGE_OBJECTS:
            notes.append(ReaderNote("E005", "page_too_complex",
                                    {"page": p.number, "objects": p.objects, "limit": MAX_PAGE_OBJECTS},
                                    Locator(page=p.number)))
    candidates = [p for p in text_pages if p.objects <= MAX_PAGE_OBJECTS]
    if len(infos) <= FULL_PARSE_PAGES:
        parse = [p.number for p in candidates]
    else:
        hits = {p.number for p in candidates
                if any(k in re.sub(r"\s+", "", p.text) for k in TABLE_KEYWORDS)}
        wanted = hits | {n + 1 for n in hits}
        parse = [p.number for p in candidates if p.number in wanted]

    parsed = _parse_with_pdfplumber(path, infos, parse)
    total_chars = sum(r.chars for r in parsed.values())
    cid = sum(r.cid_chars for r in parsed.values())
    if total_chars >= 100 and cid / total_chars > 0.3:
        raise ReadError("E003", "no_unicode", status="unreadable", chars=total_chars, cid=cid)

    # every text page, parsed or not, in page order
    results: list[PageResult] = []
    for p in infos:
        if p.number in parsed:
            results.append(parsed[p.number])
        elif p.has_text:  # not parsed (long file, or too complex): pypdfium2's text lines
            res = PageResult(p.number, p.width, p.height)
            res.lines = [Line(t.strip(), p.number) for t in re.split(r"[\r\n]+", p.text) if t.strip()]
            results.append(res)
    _drop_running_lines(results)
    doc = Document(path=path, kind="pdf", pages=len(infos), notes=notes)
    _build_blocks(doc, results)
    doc.title = _find_title(doc.paragraphs) or normalize_text((meta.get("Title") or "").strip())
    return doc


def _build_blocks(doc: Document, results: list[PageResult]) -> None:
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
        doc.paragraphs.append(Paragraph(text, Locator(page=item[0].page, paragraph=i), order=order))
        last_para = text


def _find_title(paragraphs: list[Paragraph]) -> str:
    head = paragraphs[:10]

    def short(p: Paragraph) -> bool:
        t = p.text
        return 0 < len(t) <= 40 and not _SENTENCE_PUNCT_RE.search(t)

    for i, p in enumerate(head):
        t = p.text
        if "政府信息公开" in t and "年度报告" in t and len(t) <= 60:
            if i > 0 and short(head[i - 1]) and short(p) and head[i - 1].locator.page == p.locator.page:
                return head[i - 1].text + t
            return t
        if i + 1 < len(head) and short(p) and short(head[i + 1]):
            joined = t + head[i + 1].text
            if "政府信息公开" in joined and "年度报告" in joined:
                return joined
    return ""
