"""The bad-input suite: recipes for hostile and broken files, each with the status and E-codes it must get.

    python tests/badfiles.py OUTDIR [CORPUS_DIR]     # write the suite (and print what each must get)

Nothing here is a hand-made binary: every file is built from a recipe, most from real corpus reports.
"""

from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from pathlib import Path


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


LINE = b"BT /F1 12 Tf 72 720 Td (Government information disclosure annual report 2024) Tj ET\n"


def one_page_pdf(mediabox: bytes, stream: bytes, filters: bytes = b"", extra: dict | None = None) -> bytes:
    """A one-page PDF with a Helvetica font, the given /MediaBox and content stream."""
    return pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox + b" /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d%s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        **(extra or {}),
    })


def reference_loop_pdf() -> bytes:
    """A page whose /MediaBox is a cycle of references: pdfminer's resolve1 spins on it forever
    (extraction.md §11); pypdfium2 opens it."""
    return one_page_pdf(b"6 0 R", LINE, extra={6: b"7 0 R", 7: b"6 0 R"})


def _docx_with(template: Path, document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, document_xml if name == "word/document.xml" else src.read(name))
    return buf.getvalue()


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>\n<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def odt_from_text(text: str) -> bytes:
    """A minimal OpenDocument text package whose paragraphs are the lines of ``text``."""
    from xml.sax.saxutils import escape

    paras = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.splitlines() if line.strip())
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">' \
              f"<office:body><office:text>{paras}</office:text></office:body></office:document-content>"
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


def flip_bits(data: bytes, n: int, seed: int) -> bytes:
    """``data`` with ``n`` single bits flipped at random positions."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(n):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert_random(data: bytes, n: int, seed: int, at: float = 0.5) -> bytes:
    """``data`` with ``n`` random bytes inserted at the fraction ``at`` of its length."""
    pos = int(len(data) * at)
    return data[:pos] + random.Random(seed).randbytes(n) + data[pos:]


def set_pdf_length(pdf_bytes: bytes, value: bytes, index: int = 0) -> bytes:
    """A PDF whose ``index``-th direct ``/Length`` is replaced by ``value``."""
    import re

    m = list(re.finditer(rb"/Length (\d+)", pdf_bytes))[index]
    return pdf_bytes[:m.start(1)] + value + pdf_bytes[m.end(1):]


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document " + W_NS + b"><w:body>" + b" " * (200 * 1024 * 1024)
                    + b"</w:body></w:document>")
    return buf.getvalue()


def _vector_bomb_pdf() -> bytes:
    from tests.pdfmaker import PdfBuilder

    b = PdfBuilder()
    b.text(72, 72, "淮安市人民政府2024年政府信息公开工作年度报告", 16)
    b.raw("\n".join("%d %d 1 1 re f" % (k % 500, 100 + (k // 500) % 600) for k in range(200_000)))
    return b.build()


def flate_bomb_pdf(mib: int = 1024) -> bytes:
    """A page whose content stream inflates to ``mib`` MiB of spaces from about 1 MB
    (extraction.md §11: pdfplumber needs 2.1 GB for 1 GiB; pdfminer has no decompression cap)."""
    import zlib

    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = comp.compress(LINE) + b"".join(comp.compress(chunk) for _ in range(mib)) + comp.flush()
    return one_page_pdf(b"[0 0 595 842]", data, b" /Filter /FlateDecode")


def _no_tounicode_pdf() -> bytes:
    from tests.pdfmaker import PdfBuilder

    b = PdfBuilder(to_unicode=False)
    for i, line in enumerate(["淮安市人民政府2024年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
                              "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"] * 4):
        b.text(72, 72 + 30 * i, line, 12)
    return b.build()


def _scanned_pdf() -> bytes:
    from tests.pdfmaker import PdfBuilder

    b = PdfBuilder()
    b.image_page()
    return b.build()


def _html_variants(corpus: Path) -> dict[str, bytes]:
    text = (corpus / "2022_pingtan.html").read_bytes().decode("utf-8")
    no_meta = text.replace('charset="utf-8"', "").replace("charset=utf-8", "").replace('charset="UTF-8"', "")
    return {"gbk-no-charset.html": no_meta.encode("gb18030"),
            "utf16-bom.html": text.encode("utf-16"),
            "wrong-charset.html": text.replace("<head>", '<head><meta charset="iso-8859-1">', 1).encode("utf-8")}


def _huge_extra_table(corpus: Path) -> bytes:
    text = (corpus / "2022_pingtan.html").read_bytes().decode("utf-8")
    rows = "".join(f"<tr><td>附表行{i}</td><td>{i}</td><td>{i * 2}</td></tr>" for i in range(5000))
    return text.replace("</body>", f"<table>{rows}</table></body>", 1).encode("utf-8")


# name → (status, E-codes) that the file must get; "checked" files must keep their report's own findings
def build_suite(out: Path, corpus: Path) -> dict[str, tuple[str, list[str]]]:
    out.mkdir(parents=True, exist_ok=True)
    expect: dict[str, tuple[str, list[str]]] = {}

    def put(name: str, data: bytes, status: str, codes: list[str]):
        (out / name).write_bytes(data)
        expect[name] = (status, codes)

    for ext in (".pdf", ".docx", ".html", ".txt", ".md", ".doc"):
        put(f"empty{ext}", b"", "unreadable", ["E001"])
    pdf = (corpus / "2024_huaianshi.pdf").read_bytes()
    put("truncated.pdf", pdf[: len(pdf) * 2 // 3], "unreadable", ["E001"])
    template = corpus / "template-2021.docx"
    docx = template.read_bytes()
    put("truncated.docx", docx[: len(docx) // 2], "unreadable", ["E001"])
    put("pdf-renamed.docx", pdf, "checked", [])  # read completely as PDF, with an S109 warning
    put("html-renamed.docx", (corpus / "2021_pingtan.html").read_bytes(), "checked", [])
    # an OLE2 .doc renamed .docx: a real .doc needs LibreOffice to make; this one is the bare container
    put("doc-renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "unreadable", ["E001"])
    from tests.pdfmaker import make_pdf

    put("password.pdf", make_pdf("encrypted_pdf"), "encrypted", ["E002"])
    put("scanned.pdf", _scanned_pdf(), "unreadable", ["E003"])
    put("zip-bomb.docx", _zip_bomb(), "partial", ["E005"])
    put("xxe.docx", _docx_with(template, XXE), "unreadable", ["E001"])
    put("billion-laughs.docx", _docx_with(template, LAUGHS), "unreadable", ["E001"])
    put("reference-loop.pdf", reference_loop_pdf(), "partial", ["E005"])
    put("vector-bomb.pdf", _vector_bomb_pdf(), "partial", ["E005"])
    put("flate-bomb.pdf", flate_bomb_pdf(), "partial", ["E005"])  # 1 MB → 1 GiB: the memory cap
    put("no-tounicode.pdf", _no_tounicode_pdf(), "unreadable", ["E003"])
    for name, data in _html_variants(corpus).items():
        put(name, data, "checked", [])
    put("random-bytes.txt", random.Random(5).randbytes(20_000), "unreadable", ["E001"])
    put("huge-extra-table.html", _huge_extra_table(corpus), "checked", [])
    put("报告 2022 平潭.html", (corpus / "2022_pingtan.html").read_bytes(), "checked", [])
    loop = out / "loop-dir"
    loop.mkdir(exist_ok=True)
    if not (loop / "again").exists():
        os.symlink("..", loop / "again")  # a directory symlink loop: must not be followed
    locked = out / "locked.html"
    locked.write_bytes((corpus / "2022_pingtan.html").read_bytes())
    locked.chmod(0)
    # root reads it anyway; anyone else gets E001
    expect["locked.html"] = ("checked", []) if os.geteuid() == 0 else ("unreadable", ["E001"])
    fifo = out / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)  # opening a FIFO blocks: it must be skipped, not read
    return expect


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    for name, (status, codes) in build_suite(Path(sys.argv[1]), corpus).items():
        print(f"{name}\t{status}\t{','.join(codes)}")
