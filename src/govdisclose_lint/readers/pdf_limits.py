"""Refuse a PDF whose compressed streams inflate past a limit, before any PDF library touches it.

pdfminer has no decompression cap and PDFium inflates a page's content to load it: a 1 MB file
can ask for 2 GB (extraction.md §11).  This scan inflates every Flate stream of the raw file in
fixed-size chunks, keeping none of the output, so it costs time in proportion to the data but no
memory, and stops as soon as the total passes the limit.
"""

from __future__ import annotations

import re
import zlib

from ..document import ReadError

MAX_INFLATED = 256 * 1024 * 1024  # all streams together; a real report inflates to a few MB
CHUNK = 1 << 20
MAX_STREAM_LENGTH = MAX_INFLATED
_STREAM_RE = re.compile(rb"stream\r?\n")
# a direct /Length (not "/Length 12 0 R", a reference to the object holding it)
_LENGTH_RE = re.compile(rb"/Length\s+(\d+)(?![\d.]|\s+\d+\s+R\b)")


def check_stream_lengths(data: bytes, limit: int = MAX_STREAM_LENGTH) -> None:
    """ReadError E005 when a stream declares a ``/Length`` past ``limit`` (``/Length 999999999999``):
    what the file asks a reader to allocate is a limit, like a decompression bomb, not corruption."""
    for m in _LENGTH_RE.finditer(data):
        digits = m.group(1)
        if len(digits) > 15 or int(digits) > limit:
            shown = digits.decode() if len(digits) <= 20 else digits[:20].decode() + "…"
            raise ReadError("E005", "stream_length", status="partial", length=shown, limit=limit)


def check_inflated_size(data: bytes, limit: int = MAX_INFLATED) -> int:
    """Total inflated size of the file's Flate streams; ReadError E005 past ``limit``
    (or when a stream declares a length past it, see :func:`check_stream_lengths`)."""
    check_stream_lengths(data)
    total = 0
    pos = 0
    while True:
        m = _STREAM_RE.search(data, pos)
        if not m:
            return total
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            return total
        pos = end + 9
        if data[start:start + 1] not in (b"x", b"X", b"h", b"H", b"\x08", b"\x18", b"\x28", b"\x38", b"\x48",
                                         b"\x58", b"\x68", b"\x78"):
            continue  # not a zlib header: another filter, or encrypted
        d = zlib.decompressobj()
        buf = data[start:end]
        try:
            while buf:
                out = d.decompress(buf, CHUNK)
                total += len(out)
                if total > limit:
                    raise ReadError("E005", "inflate_limit", status="partial", limit=f"{limit // 2**20} MB")
                buf = d.unconsumed_tail
                if not out:
                    break
        except zlib.error:
            continue
