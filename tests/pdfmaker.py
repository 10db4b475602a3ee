"""Small PDFs written by hand for the tests, so no external tool is needed.

:class:`PdfBuilder` draws CJK text through an Identity-H font with a ToUnicode CMap (or without
one), lines, images, and encrypts with the standard RC4 handler (revision 2).  :func:`make_pdf`
makes the files the rule cases name: a blank (scan-like) PDF and a user-password PDF.
"""

from __future__ import annotations

import hashlib
import io

PAGE_W, PAGE_H = 595, 842


class PdfBuilder:
    """Write small PDFs by hand: CJK text through an Identity-H font with a
    ToUnicode CMap (or without one), stroked lines, images, encryption."""

    def __init__(self, width=PAGE_W, height=PAGE_H, to_unicode=True):
        self.w, self.h = width, height
        self.to_unicode = to_unicode
        self.pages = []  # content strings
        self.codes = {}
        self._ops = []
        self.images = False

    # -- drawing (top-down coordinates like pdfplumber) --
    def code(self, ch):
        if ch not in self.codes:
            self.codes[ch] = len(self.codes) + 1
        return self.codes[ch]

    def text(self, x, top, s, size=12, gaps=0):
        """Draw ``s`` with its left edge at x and its top at ``top``;
        ``gaps`` (thousandths of an em) spreads the characters apart."""
        y = self.h - top - size * 0.88
        if gaps:
            body = "[" + " ".join("<%04X> %d" % (self.code(c), -gaps) for c in s) + "] TJ"
        else:
            body = "<" + "".join("%04X" % self.code(c) for c in s) + "> Tj"
        self._ops.append("BT /F1 %g Tf %.2f %.2f Td %s ET" % (size, x, y, body))

    def line(self, x0, top0, x1, top1, width=0.5):
        self._ops.append("%.2f w %.2f %.2f m %.2f %.2f l S" % (width, x0, self.h - top0, x1, self.h - top1))

    def rect(self, x0, top, x1, bottom, width=0.5):
        self._ops.append("%.2f w %.2f %.2f %.2f %.2f re S" % (width, x0, self.h - bottom, x1 - x0, bottom - top))

    def whiteout(self, x0, top, x1, bottom):
        self._ops.append("q 1 1 1 rg %.2f %.2f %.2f %.2f re f Q" % (x0, self.h - bottom, x1 - x0, bottom - top))

    def raw(self, op):
        self._ops.append(op)

    def image_page(self):
        self.images = True
        self._ops.append("q %g 0 0 %g 0 0 cm /Im1 Do Q" % (self.w, self.h))

    def grid(self, xs, ys, cells, size=10, open_bottom=False, open_top=False):
        """A ruled table: ``cells`` = [(r0, c0, r1, c1, text)] (r1/c1 exclusive).
        Each cell is outlined; with ``open_bottom`` the bottom border of the
        last row is left out (a table continuing on the next page), with
        ``open_top`` the top border of the first (a row continued from the last page)."""
        for r0, c0, r1, c1, t in cells:
            x0, x1, t0, b0 = xs[c0], xs[c1], ys[r0], ys[r1]
            if not (open_top and r0 == 0):
                self.line(x0, t0, x1, t0)
            if not (open_bottom and r1 == len(ys) - 1):
                self.line(x0, b0, x1, b0)
            self.line(x0, t0, x0, b0)
            self.line(x1, t0, x1, b0)
            for k, part in enumerate(t.split("\n") if t else []):
                self.text(x0 + 2, t0 + 2 + k * (size + 2), part, size)

    def end_page(self):
        self.pages.append("\n".join(self._ops))
        self._ops = []

    # -- output --
    def build(self, user_pw=None, owner_pw=None, page_count=None, title=None):
        if self._ops or not self.pages:
            self.end_page()
        objs = {}
        n_pages = page_count or len(self.pages)
        objs[1] = "<< /Type /Catalog /Pages 2 0 R >>"
        font_id, desc_id, fd_id, tu_id, img_id = 3, 4, 5, 6, 7
        first_page = 10
        kids = []
        streams = {}
        for i in range(n_pages):
            content = self.pages[i % len(self.pages)]
            pid, cid = first_page + 2 * i, first_page + 2 * i + 1
            kids.append("%d 0 R" % pid)
            xobj = " /XObject << /Im1 %d 0 R >>" % img_id if self.images else ""
            objs[pid] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F1 %d 0 R >>%s >> /Contents %d 0 R >>"
                         % (self.w, self.h, font_id, xobj, cid))
            streams[cid] = ("", content.encode("latin-1"))
        objs[2] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), n_pages)
        tu = " /ToUnicode %d 0 R" % tu_id if self.to_unicode else ""
        objs[font_id] = "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [%d 0 R]%s >>" % (desc_id, tu)
        objs[desc_id] = ("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                         " /FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>" % fd_id)
        if title is not None:
            objs[9] = "<< /Title <FEFF%s> >>" % title.encode("utf-16-be").hex()
        objs[fd_id] = "<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>"
        streams[tu_id] = ("", self._cmap().encode("ascii"))
        if self.images:
            streams[img_id] = (" /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", b"\x00\xff\xff\x00")
        file_id = hashlib.md5(repr(sorted(objs.items())).encode()).digest()
        crypt = None
        if user_pw is not None or owner_pw is not None:
            crypt = _Rc4Security(user_pw or "", owner_pw or user_pw or "", file_id)
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        all_ids = sorted(set(objs) | set(streams) | ({8} if crypt else set()))
        for oid in all_ids:
            offsets[oid] = len(out)
            if crypt and oid == 8:
                out += ("8 0 obj\n%s\nendobj\n" % crypt.dict()).encode("latin-1")
            elif oid in streams:
                extra, data = streams[oid]
                if crypt:
                    data = crypt.encrypt(oid, data)
                out += ("%d 0 obj\n<< /Length %d%s >>\nstream\n" % (oid, len(data), extra)).encode("latin-1")
                out += data + b"\nendstream\nendobj\n"
            else:
                out += ("%d 0 obj\n%s\nendobj\n" % (oid, objs[oid])).encode("latin-1")
        xref = len(out)
        size = max(all_ids) + 1
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for oid in range(1, size):
            if oid in offsets:
                out += b"%010d 00000 n \n" % offsets[oid]
            else:
                out += b"0000000000 65535 f \n"
        enc = " /Encrypt 8 0 R" if crypt else ""
        if title is not None:
            enc += " /Info 9 0 R"
        out += ("trailer\n<< /Size %d /Root 1 0 R%s /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                % (size, enc, file_id.hex(), file_id.hex(), xref)).encode("latin-1")
        return bytes(out)

    def _cmap(self):
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        items = sorted(self.codes.items(), key=lambda kv: kv[1])
        for k in range(0, len(items), 100):
            chunk = items[k:k + 100]
            lines.append("%d beginbfchar" % len(chunk))
            for ch, code in chunk:
                lines.append("<%04X> <%s>" % (code, ch.encode("utf-16-be").hex().upper()))
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


class _Rc4Security:
    """Standard security handler, revision 2 (RC4, 40-bit)."""

    P = -44  # print allowed, copying and modifying not

    def __init__(self, user_pw, owner_pw, file_id):
        pad = lambda pw: (pw.encode("latin-1") + _PAD)[:32]
        okey = hashlib.md5(pad(owner_pw)).digest()[:5]
        self.o = _rc4(okey, pad(user_pw))
        p = (self.P & 0xFFFFFFFF).to_bytes(4, "little")
        self.key = hashlib.md5(pad(user_pw) + self.o + p + file_id).digest()[:5]
        self.u = _rc4(self.key, _PAD)

    def dict(self):
        return "<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (self.o.hex(), self.u.hex(), self.P)

    def encrypt(self, oid, data):
        k = hashlib.md5(self.key + oid.to_bytes(3, "little") + b"\x00\x00").digest()[:10]
        return _rc4(k, data)



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
        b = PdfBuilder()
        b.text(100, 100, "政府信息公开工作年度报告", 16)
        return b.build(user_pw="secret")
    raise ValueError(kind)
