"""Pages of running text read from PDFium's characters give what pdfminer gives: the same paragraphs
(text, page, font size) and tables, on every corpus PDF (the printed reports: test_printed_pdfs.py).
A page that holds a table, or draws anything visible, is never read that way."""

from __future__ import annotations

import pytest

from govdisclose_lint.readers import pdf
from govdisclose_lint.readers.pdf_scan import first_pass

PDFS = ("2023_hongzequ.pdf", "2024_hongzequ.pdf", "2024_huaianshi.pdf")


def read_both_ways(path) -> tuple:
    """(paragraphs, tables) read with PDFium text pages and with pdfminer only."""
    out = []
    for fast in (True, False):
        doc = pdf.read(str(path), pdfium_text=fast)
        out.append(([(p.text, p.locator.page, p.size) for p in doc.paragraphs],
                    [[[(c.text, c.page) for c in row] for row in t.grid] for t in doc.tables], doc.table_order))
    return tuple(out)


def text_pages(path) -> list[int]:
    infos, _ = first_pass(str(path), pdf._running_text)
    return [p.number for p in infos if p.text_chars is not None]


@pytest.mark.parametrize("name", PDFS)
def test_running_text_pages_read_as_pdfminer_reads_them(corpus, name):
    path = corpus(name)
    fast, full = read_both_ways(path)
    assert fast == full
    assert fast[0] and fast[1]  # paragraphs and tables were read


def test_only_pages_without_tables_are_read_from_pdfium(corpus):
    # 2024_huaianshi.pdf: title page and the last page of text; 表一–表四 on pages 2–5
    assert text_pages(corpus("2024_huaianshi.pdf")) == [1, 6]
    # 2023_hongzequ.pdf: page 1 (white boxes behind the text draw nothing) and page 5
    assert text_pages(corpus("2023_hongzequ.pdf")) == [1, 5]
    # a page naming a table keyword is left to pdfminer even with nothing drawn (2024_hongzequ p. 5)
    assert 5 not in text_pages(corpus("2024_hongzequ.pdf"))


def test_a_damaged_content_stream_still_reads_with_pdfminer_and_says_so(corpus, tmp_path):
    """A text page whose stream does not inflate is not taken from PDFium silently: the E001 note
    names it, as for any page (the flip as in test_pdf.py, on page 1 here)."""
    import re

    data = bytearray(corpus("2024_huaianshi.pdf").read_bytes())
    page1 = int(re.findall(rb"/Contents (\d+) 0 R", bytes(data))[0])
    start = re.search(rb"\n%d 0 obj\s*<<.*?>>\s*stream\r?\n" % page1, bytes(data), re.S).end()
    data[start + 400] ^= 0xFF
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    doc = pdf.read(str(path))
    assert [(n.key, n.locator.page) for n in doc.notes if n.code == "E001"] == [("damaged_stream", 1)]
