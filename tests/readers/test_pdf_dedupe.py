"""The reader's duplicate-character removal gives pdfplumber's result, page for page, on the real PDFs
(and on a page where characters really are drawn twice)."""

from __future__ import annotations

import pdfplumber
import pytest
from pdfplumber.utils import dedupe_chars as plumber_dedupe

from govdisclose_lint.readers.pdf_dedupe import dedupe_chars, unique_chars

PDFS = ("2023_hongzequ.pdf", "2024_hongzequ.pdf", "2024_huaianshi.pdf")


@pytest.mark.parametrize("name", PDFS)
def test_same_characters_in_the_same_order_as_pdfplumber_on_every_page(corpus, name):
    with pdfplumber.open(str(corpus(name))) as pdf:
        assert len(pdf.pages) >= 4
        for page in pdf.pages:
            chars = page.chars
            assert unique_chars(chars, 1) == plumber_dedupe(chars, tolerance=1), f"page {page.page_number}"
            page.close()


def test_characters_drawn_twice_are_dropped_and_the_order_kept(corpus):
    with pdfplumber.open(str(corpus("2024_huaianshi.pdf"))) as pdf:
        page = pdf.pages[0]
        chars = page.chars
        # fake bold: every other character drawn a second time, 0.3 pt to the right, at the end
        doubled = chars + [dict(c, x0=c["x0"] + 0.3, x1=c["x1"] + 0.3) for c in chars[::2]]
        kept = unique_chars(doubled, 1)
        assert kept == plumber_dedupe(doubled, tolerance=1)
        assert len(kept) < len(doubled)
        assert [c["text"] for c in kept] == [c["text"] for c in chars]
        assert dedupe_chars(page).chars == chars  # nothing drawn twice: the page itself
