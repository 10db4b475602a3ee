"""Pages of running text read from PDFium's characters, without pdfminer (extraction.md §7).

pdfminer interprets a page's content stream in pure Python: 40–130 ms a page, most of a PDF's
reading time, spent again on every page.  The first pass (:mod:`.pdf_scan`) has already loaded each
page in PDFium.  A page that cannot hold a table — none of the table keywords in its text, and no
visible drawing (every path object unstroked or white, no form XObject) so pdfplumber's "lines"
strategy would find no edge — is only running text, and its characters are taken from PDFium in
pdfminer's geometry:

* ``x0``/``x1``: the loose character box (PDFium places it at the glyph's origin and advance, as
  pdfminer does);
* ``size``: the font size times the character's matrix scale (Word writes ``259 Tf`` inside a
  ``.05`` matrix: 12.95 pt);
* ``bottom``: the loose box's lower edge (baseline + descent), ``top`` = ``bottom - size``, as
  pdfminer's box is one em tall from the descent;
* ``upright`` from the matrix, as pdfminer decides it; characters PDFium generates (spaces and line
  breaks it infers) are left out.

The page is then laid out by the same code as a parsed one (:func:`.pdf_text.group_lines`).  Pages
rotated, offset (a media box not at 0,0, a crop box inside it) or with characters PDFium cannot
place are left to pdfminer.  ``tests/readers/test_pdf_text_pages.py`` checks that both ways give the
same lines on every eligible page of the corpus PDFs and of the reports printed by Chromium and
LibreOffice.
"""

from __future__ import annotations

import ctypes
import math

#: a path object in this colour (RGB 0–255) draws nothing on white paper
_WHITE = (255, 255, 255)


def text_only(page, pdfium_c) -> bool:
    """No visible drawing and no form XObject on the page: no ruled table can be found on it."""
    if page.get_rotation() != 0:
        return False
    media, crop = page.get_mediabox(), page.get_cropbox()
    if tuple(media) != tuple(crop) or media[0] != 0 or media[1] != 0:
        return False
    for obj in page.get_objects(max_depth=0):
        kind = obj.type
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return False
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH and _visible_path(obj.raw, pdfium_c):
            return False
    return True


def _visible_path(raw, pdfium_c) -> bool:
    """As :func:`.pdf_rules.visible`: stroked or filled in a colour that is not white."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(raw, fill, stroke):
        return True
    if stroke.value and not _white(pdfium_c.FPDFPageObj_GetStrokeColor, raw):
        return True
    return bool(fill.value) and not _white(pdfium_c.FPDFPageObj_GetFillColor, raw)


def _white(getter, raw) -> bool:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(raw, r, g, b, a):
        return False  # a pattern or a colour PDFium cannot give: count it as visible
    return (r.value, g.value, b.value) == _WHITE


def page_chars(textpage, pdfium_c, height: float) -> list[dict] | None:
    """The page's characters as pdfplumber-like dicts, or None when one cannot be placed."""
    raw = textpage.raw
    out = []
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if not code or 0xD800 <= code <= 0xDFFF:  # no Unicode, or half of a surrogate pair: pdfminer's way
            return None
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, box) or not pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
            return None
        size = pdfium_c.FPDFText_GetFontSize(raw, i) * math.hypot(matrix.c, matrix.d)
        bottom = height - box.bottom
        top = bottom - size
        out.append({"text": chr(code), "x0": box.left, "x1": box.right, "top": top, "bottom": bottom,
                    "doctop": top, "size": size, "upright": matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0,
                    "fontname": "", "object_type": "char"})
    return out
