"""Turn bytes of unknown encoding into text; never raises.

Shared by the HTML and text readers.  Order (see :func:`decode_text`): BOM,
BOM-less UTF-16, strict UTF-8 (a wrong ``charset=`` then does no harm), the
declared charset or GB18030 (gb2312/gbk read as the GB18030 superset; whichever
text looks more like Chinese wins), a tolerant pass for truncated files,
charset_normalizer's guess, GB18030 with replacement.
"""

from __future__ import annotations

import codecs
import re


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)""", re.I)
_XML_ENCODING_RE = re.compile(
    rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9][A-Za-z0-9_.:\-]*)""", re.I)
_GB_NAMES = {
    "gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "gb-2312", "csgb2312", "cp936", "ms936",
    "windows-936", "euc-cn", "euccn", "x-euc-cn", "chinese", "iso-ir-58", "csiso58gb231280",
    "gb18030", "gb-18030", "hz-gb-2312",
}
_BIG5_NAMES = {"big5", "big5-hkscs", "big5hkscs", "x-x-big5", "cn-big5", "csbig5"}
# WHATWG: these labels mean windows-1252
_LATIN1_NAMES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819",
                 "ibm819", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252"}
# share of undecodable non-ASCII bytes tolerated before an encoding is rejected
_MAX_BAD_RATIO = 0.01


def normalize_charset(name: str | bytes | None) -> str | None:
    """Map a declared charset label to a Python codec name, or None if unusable."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    n = name.strip().strip("\"'").lower()
    if n in _GB_NAMES:
        return "gb18030"  # a superset: "GB2312" pages often hold GBK characters
    if n in _BIG5_NAMES:
        return "big5hkscs"
    if n in _LATIN1_NAMES:
        return "cp1252"
    if n in ("utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8"):
        return "utf-8"
    try:
        codec = codecs.lookup(n).name
    except LookupError:
        return None
    # a UTF-16/32 label found by an ASCII regex cannot be true (no BOM, readable ASCII)
    if codec.startswith(("utf-16", "utf-32")):
        return None
    return codec


def declared_charset(head: bytes) -> str | None:
    """The charset declared in the first bytes (XML declaration or meta), normalized."""
    m = _XML_ENCODING_RE.match(head)
    if m:
        enc = normalize_charset(m.group(1))
        if enc:
            return enc
    for m in _CHARSET_RE.finditer(head):
        enc = normalize_charset(m.group(1))
        if enc:
            return enc
    return None


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII markup leaves NULs on one side of each pair."""
    sample = head[:1024]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd > pairs * 0.3 and even < pairs * 0.05:
        return "utf-16-le"
    if even > pairs * 0.3 and odd < pairs * 0.05:
        return "utf-16-be"
    return None


def _decode_tolerant(data: bytes, enc: str, nonascii: int) -> str | None:
    """Decode with replacement if only a tiny share of the bytes is bad (truncated files)."""
    try:
        text = data.decode(enc, errors="replace")
    except (LookupError, ValueError):
        return None
    bad = text.count("\ufffd")
    if bad <= max(1, int(nonascii * _MAX_BAD_RATIO)):
        return text
    return None


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with pdfminer
        return None
    try:
        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector failure must not stop reading
        return None
    if best is None or not best.encoding:
        return None
    enc = normalize_charset(best.encoding) or best.encoding
    return enc


# Frequent characters of simplified-Chinese running text (and of these reports).
# Text decoded with the wrong double-byte codec (GBK read as Big5 or the other
# way round) decodes without error but is made of rare characters.
_COMMON_HANZI = frozenset(
    "的一是了不在人有我这中大为上个国以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量都两"
    "体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新"
    "线内数正心反明看原又么利比或但质气第向道命此变条只没结解问意建月公无系很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图统接知较将组见"
    "计别手角期根论运农指区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口"
    "东导器压志世金增争济阶思术极交受联认六共权收证改清己美再采转更单风切打白教速带安场身车例真"
    "务具万每目至达走积示议声报完类八离华名确才科张信马节话米整空元况今集传土许步群广记需段研界"
    "拉林律叫且究观越织装影算低持音众书布复容须际商非验连断深难近千周委素技备半办青省列习响约支"
    "般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候亲快效院查江型眼按格养易置派层"
    "片始却专状育厂京识适属圆包火住调满县局照参红细引听该价严申请息政策件项渠道依况受理答复诉讼"
)
_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")
_ASCII_BYTES = bytes(range(128))


def _hanzi_score(text: str) -> float:
    """Share of frequent Chinese characters among the first non-ASCII characters."""
    sample = "".join(_NON_ASCII_RUN_RE.findall(text[:400_000]))[:6000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ch in _COMMON_HANZI) / len(sample)


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; never raises.

    Order: BOM (UTF-8/16/32); BOM-less UTF-16; strict UTF-8 (a non-ASCII
    text that decodes as UTF-8 is UTF-8 whatever the page claims, so a wrong
    ``charset=`` does no harm); the declared charset (gb2312/gbk/… read as
    GB18030) and GB18030, strictly, the one whose text looks more like
    Chinese winning (a GBK page declared as Big5 also decodes as Big5);
    UTF-8 or the declared charset with a handful of bad bytes (truncated
    files); charset_normalizer's best guess; GB18030 with replacement.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    enc16 = _sniff_utf16(data[:1024])
    if enc16:
        return data.decode(enc16, errors="replace"), enc16
    if data.isascii():
        return data.decode("ascii"), "ascii"
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    declared = declared_charset(data[:4096])
    if declared == "utf-8":
        declared = None
    best: tuple[float, str, str] | None = None
    for enc in dict.fromkeys(e for e in (declared, "gb18030") if e):
        text = _strict(data, enc)
        if text is None:
            continue
        score = _hanzi_score(text)
        # the declared charset wins ties; GB18030 alone must look Chinese
        if enc != declared and score < 0.1:
            continue
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is not None:
        return best[1], best[2]
    nonascii = len(data) - len(data.translate(None, _ASCII_BYTES))
    for enc in ("utf-8", declared, "gb18030"):
        if enc:
            text = _decode_tolerant(data, enc, nonascii)
            if text is None:
                continue
            if enc != "gb18030" or enc == declared or _hanzi_score(text) >= 0.1:
                return text, enc
    guess = _guess_encoding(data)
    if guess:
        text = _decode_tolerant(data, guess, nonascii)
        if text is not None:
            return text, guess
    return data.decode("gb18030", errors="replace"), "gb18030"
