"""Turn bytes of unknown encoding into text, and judge whether the text is what the bytes meant.

Shared by the HTML and text readers.  :func:`decode_judged` tries candidates in order and judges
each result; :func:`decode_text` is the never-raising shortcut that returns the best text found.

Order: a BOM (its encoding, strictly); BOM-less UTF-16; pure ASCII; strict UTF-8 (a non-ASCII
text that decodes as UTF-8 is UTF-8 whatever the page claims, so a wrong ``charset=`` does no
harm) — these are trusted.  Then, judged: the declared charset (gb2312/gbk/… read as the GB18030
superset) and GB18030, strictly, the one whose text looks more like Chinese winning; UTF-8, the
BOM's encoding, the declared charset and GB18030 with replacement characters for damaged bytes;
charset_normalizer's guess.

The judgement (see :func:`_judge`) rejects a text whose replacement characters pass a share of its
non-ASCII characters, or which has a stretch made of rare characters (the mark of the wrong
codec: GBK read as Big5 or cp1256), or — for texts with replacements or guessed codecs — none of
the words every report contains.  When every candidate is rejected, the result says what was tried.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

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
# Python codecs that are not character sets a page can be written in
_NOT_CHARSETS = {"undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape", "utf-7", "mbcs",
                 "oem", "palmos", "uu_codec", "base64_codec", "quopri_codec", "hex_codec", "zlib_codec",
                 "bz2_codec", "rot_13"}
# errors any decode may raise (a codec may raise plain UnicodeError, e.g. "undefined")
_DECODE_ERRORS = (UnicodeError, LookupError, ValueError, TypeError)

# the judgement: see _judge
MAX_REPLACED_SHARE = 0.10  # replacement characters among the non-ASCII characters
RARE_WINDOW = 300  # letters per window of the rare-character test
RARE_SCORE = 0.10  # a window with fewer frequent characters than this is mojibake
MAX_RARE_WINDOWS = 0.20  # share of mojibake windows tolerated (a damaged stretch, not a wrong codec)
REPORT_WORDS = ("政府信息公开", "信息公开", "年度报告", "申请", "主动公开", "行政复议", "行政诉讼", "政务公开")


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
        info = codecs.lookup(n)
    except _DECODE_ERRORS:
        return None
    codec = info.name
    if codec in _NOT_CHARSETS or not getattr(info, "_is_text_encoding", True):
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
    return normalize_charset(best.encoding)


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
_SLICES = 64  # the rare-character test looks at this many slices spread over the text
_SLICE_CHARS = 4000


def _hanzi_score(text: str) -> float:
    """Share of frequent Chinese characters among the first non-ASCII characters."""
    sample = "".join(_NON_ASCII_RUN_RE.findall(text[:400_000]))[:6000]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ch in _COMMON_HANZI) / len(sample)


def _letters(text: str) -> str:
    """The non-ASCII letters of ``text`` (punctuation, symbols and spaces left out)."""
    return "".join(ch for run in _NON_ASCII_RUN_RE.findall(text) for ch in run
                   if unicodedata.category(ch)[0] == "L")


def _rare_windows(text: str) -> tuple[int, int]:
    """(windows made of rare characters, windows) over slices spread across the text."""
    step = max(len(text) // _SLICES, _SLICE_CHARS)
    letters = "".join(_letters(text[i:i + _SLICE_CHARS]) for i in range(0, len(text), step))
    size = RARE_WINDOW if len(letters) >= RARE_WINDOW else max(len(letters), 1)
    bad = total = 0
    for i in range(0, len(letters), size):
        w = letters[i:i + size]
        if len(w) < size // 2 and total:
            break
        total += 1
        if sum(1 for ch in w if ch in _COMMON_HANZI) / len(w) < RARE_SCORE:
            bad += 1
    return bad, total


@dataclass
class Decoded:
    """A decode and its judgement.

    ``replaced`` counts replacement characters the decode put in for damaged bytes (not counting
    an incomplete character cut off at the very end, which sets ``cut_char``); ``tried`` says,
    for every rejected candidate, why; ``ok`` is False when no candidate passed (``text`` is then
    GB18030 with replacement, for callers that must have some text).
    """

    text: str
    encoding: str
    ok: bool = True
    replaced: int = 0
    cut_char: bool = False
    tried: list[str] = field(default_factory=list)


def _judge(text: str, *, need_words: bool) -> str | None:
    """Why ``text`` is not what its bytes meant, or None when it passes."""
    other = sum(len(r) for r in _NON_ASCII_RUN_RE.findall(text))
    if not other:
        return None
    replaced = text.count("\ufffd")
    if replaced > other * MAX_REPLACED_SHARE:
        return f"{replaced * 100 // other}% undecodable"
    bad, total = _rare_windows(text)
    if total and bad > total * MAX_RARE_WINDOWS:
        return "mojibake (rare characters)"
    if need_words and not any(w in text for w in REPORT_WORDS):
        return "none of " + "、".join(REPORT_WORDS[:4])
    return None


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except _DECODE_ERRORS:
        return None


def _tolerant(data: bytes, enc: str) -> tuple[str, bool] | None:
    """Decode with replacement characters; also say whether the data ends inside a character."""
    try:
        dec = codecs.getincrementaldecoder(enc)(errors="replace")
        text = dec.decode(data, final=False)
        cut = bool(dec.getstate()[0])
        return text + dec.decode(b"", final=True), cut
    except _DECODE_ERRORS:
        return None


def decode_judged(data: bytes) -> Decoded:
    """Decode ``data`` and judge the result; never raises.  See the module docstring."""
    tried: list[str] = []
    tolerant_first: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], enc)
            if text is not None:
                return Decoded(text, enc)
            tried.append(f"{enc} (byte-order mark; damaged bytes)")
            data = data[len(bom):]
            tolerant_first.append(enc)
            break
    enc16 = _sniff_utf16(data[:1024])
    if enc16:
        text = _strict(data, enc16)
        if text is not None:
            return Decoded(text, enc16)
        tolerant_first.append(enc16)
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii")
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    declared = declared_charset(data[:4096])
    if declared == "utf-8":
        declared = None
    best: tuple[float, str, str] | None = None
    for enc in dict.fromkeys(e for e in (declared, "gb18030") if e):
        text = _strict(data, enc)
        if text is None:
            continue
        why = _judge(text, need_words=False)
        if why:
            tried.append(f"{enc} ({why})")
            continue
        score = _hanzi_score(text)
        if best is None or score > best[0]:  # the declared charset wins ties
            best = (score, text, enc)
    if best is not None:
        return Decoded(best[1], best[2], tried=tried)
    for enc in dict.fromkeys(tolerant_first + [e for e in ("utf-8", declared, "gb18030") if e]):
        found = _accept_tolerant(data, enc, tried)
        if found:
            return found
    guess = _guess_encoding(data)
    if guess and guess not in tolerant_first + ["utf-8", declared, "gb18030"]:
        found = _accept_tolerant(data, guess, tried)
        if found:
            return found
    return Decoded(data.decode("gb18030", errors="replace"), "gb18030", ok=False, tried=tried)


def _accept_tolerant(data: bytes, enc: str, tried: list[str]) -> Decoded | None:
    found = _tolerant(data, enc)
    if found is None:
        return None
    text, cut = found
    why = _judge(text, need_words=True)
    if why:
        tried.append(f"{enc} ({why})")
        return None
    return Decoded(text, enc, replaced=text.count("\ufffd") - cut, cut_char=cut, tried=tried)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``: the judged decode, or GB18030 with replacement; never raises."""
    d = decode_judged(data)
    return d.text, d.encoding
