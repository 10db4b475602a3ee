"""Small PDFs for the rule cases: a blank (scan-like) PDF and a user-password PDF.

The encrypted one uses the hand-written PDF builder of tests/readers/test_pdf.py (RC4, revision 2),
so no external tool is needed.
"""

from __future__ import annotations

import io


def make_pdf(kind: str) -> bytes:
    if kind == "blank_pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument.new()
        pdf.new_page(595, 842)
        buf = io.BytesIO()
        pdf.save(buf)
        pdf.close()
        return buf.getvalue()
    if kind == "encrypted_pdf":
        from tests.readers.test_pdf import PdfBuilder

        b = PdfBuilder()
        b.text(100, 100, "政府信息公开工作年度报告", 16)
        return b.build(user_pw="secret")
    raise ValueError(kind)
