"""First pass over every page of a PDF with pypdfium2 (extraction.md §8, §10, §11).

About 1 ms a page: character count, image coverage, page-object count and the
page text.  This catches encrypted, corrupt, scanned, font-without-ToUnicode
and object-bomb files before the slow parser sees them, and picks the pages
worth parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..document import ReadError
from .pdf_text_pages import page_chars, text_only

MAX_PAGES = 500
SCAN_MAX_CHARS = 20
SCAN_MIN_IMAGE_COVER = 0.5
MAX_PAGE_OBJECTS = 20_000


@dataclass
class PageInfo:
    """One page's facts from the first pass: size, character and object counts, image cover and text."""

    number: int  # 1-based
    width: float
    height: float
    chars: int
    objects: int
    image_cover: float
    text: str
    #: False for a page only pdfminer found (a page tree whose /Count is too small)
    seen_by_pdfium: bool = True
    #: a page of running text only: its characters from PDFium (:mod:`.pdf_text_pages`), else None
    text_chars: list | None = None

    @property
    def scanned(self) -> bool:
        return self.chars < SCAN_MAX_CHARS and self.image_cover > SCAN_MIN_IMAGE_COVER

    @property
    def has_text(self) -> bool:
        return not self.seen_by_pdfium or (self.chars > 0 and not self.scanned)


def first_pass(path: str, running_text: Callable[[str], bool] | None = None) -> tuple[list[PageInfo], dict]:
    """Every page's facts; ``running_text(text)`` says whether a page whose text this is may be read
    from PDFium's characters when nothing is drawn on it (see :mod:`.pdf_text_pages`)."""
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
                infos.append(_scan_page(pdf, i, pdfium_c, running_text))
            except pdfium.PdfiumError as exc:
                raise ReadError("E001", "corrupt_pdf", reason=f"page {i + 1}: {exc}") from None
        return infos, meta
    finally:
        pdf.close()


def _scan_page(pdf, i: int, pdfium_c, running_text=None) -> PageInfo:
    """One page of the first pass; the page object stays alive while in use."""
    page = pdf[i]
    text_chars = None
    try:
        width, height = page.get_size()
        objects = pdfium_c.FPDFPage_CountObjects(page.raw)
        textpage = page.get_textpage()
        try:
            chars = textpage.count_chars()
            text = textpage.get_text_range() if chars > 0 else ""
            if chars >= SCAN_MAX_CHARS and objects <= MAX_PAGE_OBJECTS and running_text is not None \
                    and running_text(text) and text_only(page, pdfium_c):
                text_chars = page_chars(textpage, pdfium_c, height)
        finally:
            textpage.close()
        cover = 0.0
        if chars < SCAN_MAX_CHARS and objects <= MAX_PAGE_OBJECTS:
            cover = _image_cover(page, pdfium_c, width, height)
    finally:
        page.close()
    return PageInfo(i + 1, width, height, chars, objects, cover, text, text_chars=text_chars)


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


def check_unicode(infos: list[PageInfo]) -> None:
    """Fonts without ToUnicode give junk: many characters, almost no CJK."""
    text = "".join(p.text for p in infos if p.has_text)
    shown = [ch for ch in text if not ch.isspace()]
    if len(shown) < 100:
        return
    cjk = sum(1 for ch in shown if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    if cjk / len(shown) < 0.02:
        raise ReadError("E003", "no_unicode", status="unreadable", chars=len(shown), cjk=cjk)


