"""Turn bytes of unknown encoding into text (UTF-8/16 BOM, declared charset, UTF-8, GB18030)."""

from __future__ import annotations

import codecs
import re

_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "csgb2312", "cp936", "ms936", "gb18030"}
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def normalise_charset(name: str) -> str | None:
    name = name.strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Never raises."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), "utf-16"
    candidates: list[str] = []
    if declared:
        enc = normalise_charset(declared)
        if enc:
            candidates.append(enc)
    for enc in candidates + ["utf-8", "gb18030"]:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace"), best.encoding
    except Exception:  # pragma: no cover - optional helper, any failure falls through
        pass
    return data.decode("gb18030", errors="replace"), "gb18030"


def declared_charset(head: bytes) -> str | None:
    m = _CHARSET_RE.search(head[:4096])
    return m.group(1).decode("ascii", "replace") if m else None
