"""Text of a PDF page from its characters: lines, spacing, normalisation.

A line is the set of characters that overlap vertically, not those whose tops
are within a few points: browsers and office suites draw digits and Latin
letters in a second font (DejaVu beside Noto CJK) whose top sits 3 pt lower on
the same baseline, and pdfplumber's top clustering then moves "1." of
"1.属于国家秘密" onto a line of its own.  Characters of clearly different size
never share a line (a floating text box in small print beside a large title),
and in running text a wide horizontal gap starts a new line segment.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

#: gap between two characters (points) that becomes a space; as pdfplumber's default
X_TOLERANCE = 3.0
#: characters whose sizes differ by more than this factor are on different lines
SIZE_RATIO = 1.3

_CJK = "\u3000-\u9fff\uff00-\uffef"
_CJK_GAP_RE = re.compile(rf"(?<=[{_CJK}])[^\S\n]+(?=[{_CJK}])")
# Word's automatic CJK/Latin spacing is drawn as a gap, which becomes a space the source
# document does not have ("2024 年")
_CJK_ALNUM_GAP_RE = re.compile(rf"(?<=[{_CJK}])[^\S\n]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])[^\S\n]+(?=[{_CJK}])")
_KANGXI_RE = re.compile("[\u2e80-\u2eff\u2f00-\u2fd5]")
# CJK Radicals Supplement characters some fonts map their glyphs to (a Chromium PDF writes
# 民 as U+2EA0); NFKC folds only two of them
_RADICALS = dict(zip(
    "\u2e81\u2e9d\u2ea0\u2ea7\u2ea9\u2eae\u2eb6\u2ec1\u2ec4\u2ec5\u2ec6\u2ec8\u2ec9\u2ecb\u2ed0\u2ed1\u2ed3"
    "\u2ed4\u2ed7\u2ed8\u2ed9\u2eda\u2edb\u2edc\u2edd\u2ee0\u2ee2\u2ee3\u2ee4\u2ee5\u2ee6\u2ee7\u2ee8\u2ee9"
    "\u2eea\u2eeb\u2eec\u2eed\u2eee\u2eef\u2ef0\u2ef1\u2ef2",
    "厂月民牛王竹羊虎西见角讠贝车钅長长门雨青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀"))
_PAGE_NUMBER_RE = re.compile(
    r"^[-—–－_~·•\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－_~·•\s]*$"
    r"|^(?:page|p\.?)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.I,
)


def _unradical(ch: str) -> str:
    return _RADICALS.get(ch) or unicodedata.normalize("NFKC", ch)


def normalize_text(text: str) -> str:
    """Kangxi and supplementary radicals → unified ideographs; drop gaps between CJK characters.

    Line breaks are kept (cell text keeps wrapped lines as ``\\n``).
    """
    if not text:
        return text
    if _KANGXI_RE.search(text):
        text = _KANGXI_RE.sub(lambda m: _unradical(m.group()), text)
    text = _CJK_GAP_RE.sub("", text)
    text = _CJK_ALNUM_GAP_RE.sub("", text)
    return text


def is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 20 and bool(_PAGE_NUMBER_RE.match(t))


def group_lines(chars: list[dict], split_gap: float | None = None) -> list[list[dict]]:
    """Upright characters → lines top to bottom, each sorted left to right.

    ``split_gap`` (in multiples of the font size): a wider gap between two
    neighbours cuts the line into segments (running text beside a text box).
    Rotated characters are left out (see :func:`cell_text`).
    """
    lines: list[list] = []  # [top, bottom, size, chars]
    for ch in sorted((c for c in chars if c.get("upright", True)), key=lambda c: (c["top"], c["x0"])):
        top, bottom, size = ch["top"], ch["bottom"], ch.get("size") or (ch["bottom"] - ch["top"])
        height = max(bottom - top, 0.1)
        best, best_overlap = None, 0.0
        for line in reversed(lines):
            if line[1] < top - 2 * height:
                break  # lines are in top order; the rest are further up
            overlap = min(line[1], bottom) - max(line[0], top)
            if overlap < 0.5 * min(height, max(line[1] - line[0], 0.1)):
                continue
            if size and line[2] and max(size, line[2]) > SIZE_RATIO * min(size, line[2]):
                continue
            if overlap > best_overlap:
                best, best_overlap = line, overlap
        if best is None:
            lines.append([top, bottom, size, [ch]])
        else:
            best[0], best[1] = min(best[0], top), max(best[1], bottom)
            best[3].append(ch)
    out: list[list[dict]] = []
    for _, _, size, members in sorted(lines, key=lambda ln: (ln[0], min(c["x0"] for c in ln[3]))):
        members.sort(key=lambda c: c["x0"])
        if split_gap is None:
            out.append(members)
            continue
        limit = split_gap * (size or 10)
        seg = [members[0]]
        for a, b in zip(members, members[1:]):
            if b["x0"] - a["x1"] > limit:
                out.append(seg)
                seg = []
            seg.append(b)
        out.append(seg)
    return out


def line_text(chars: list[dict]) -> str:
    """One line's characters (left to right) as text: a gap wider than ``X_TOLERANCE`` is a space."""
    parts: list[str] = []
    prev = None
    for ch in chars:
        text = ch.get("text", "")
        if prev is not None and ch["x0"] - prev["x1"] > X_TOLERANCE and parts and not parts[-1].isspace():
            parts.append(" ")
        parts.append(text)
        prev = ch
    return "".join(parts).strip()


def line_size(chars: list[dict]) -> float | None:
    """The line's font size, to 0.01 pt: pdfminer's 15.9499… and PDFium's 15.95000…1 for the same
    ``319 Tf`` in a ``.05`` matrix are one size (see :mod:`.pdf_text_pages`)."""
    sizes = [ch["size"] for ch in chars if ch.get("size")]
    return round(float(statistics.median(sizes)), 2) if sizes else None


def cell_text(chars: list[dict]) -> str:
    """A table cell's text: its lines joined by ``\\n``; rotated text through pdfplumber."""
    upright = [c for c in chars if c.get("upright", True)]
    lines = [normalize_text(line_text(ln)) for ln in group_lines(upright)]
    if len(upright) < len(chars):
        from pdfplumber.utils import extract_text

        rotated = extract_text([c for c in chars if not c.get("upright", True)], x_tolerance=X_TOLERANCE)
        lines.extend(normalize_text(t.strip()) for t in rotated.split("\n"))
    return "\n".join(line for line in lines if line)
