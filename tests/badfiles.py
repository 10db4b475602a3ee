"""Recipes for hostile and broken input files (no hand-made binaries without a recipe)."""

from __future__ import annotations


def pdf(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF with the given numbered objects and a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[num]) if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def reference_loop_pdf() -> bytes:
    """A page whose /MediaBox is a cycle of references: pdfminer's resolve1 spins on it forever
    (extraction.md §11); pypdfium2 opens it."""
    content = b"BT /F1 12 Tf 72 720 Td (Government information disclosure annual report 2024) Tj ET"
    return pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox 5 0 R /Contents 4 0 R "
           b"/Resources << /Font << /F1 7 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"6 0 R",
        6: b"5 0 R",
        7: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    })
