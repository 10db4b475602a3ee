"""The report's running text as sentences, each knowing its section and the paragraph it came from.

Readers give paragraphs; a paragraph of a text or PDF copy is often one printed line, cut in the
middle of a sentence ("…市科委有 1 件涉及政府信息公开工作的行政复" / "议，…").  Consecutive
paragraphs are joined into one block until a sentence ends (。！？) or a heading starts
("（二）依申请公开方面", "三、…", "1.…"), then the block is cut into sentences at 。！？.

Matching happens on :attr:`Sentence.norm`: the sentence without whitespace and with full-width
digits folded ("３４ 件" → "34件"); :meth:`Sentence.original` maps a span of ``norm`` back to
the words as written, so a finding can quote the number exactly as the report prints it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import chain

from ...document import Document
from ...recognize import Recognition

_END = "。！？!?"
_CN = "一二三四五六七八九十"
# a line that starts a heading: 一、 （一） (一) 1. 1、 第一、 or a markdown heading mark
HEADING_RE = re.compile(rf"^\s*(#+\s*)?([{_CN}]+、|[（(][{_CN}]+[）)]|\d+[.、．](?!\d)|第[{_CN}]+[、，,])")
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]")
_INVISIBLE = "\u200b\ufeff"
_KEPT = re.compile(rf"[^\s{_INVISIBLE}]+")  # runs of what _normalise keeps
_FOLD = {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")} | {ord("．"): ord("."),
                                                                             ord("％"): ord("%")}
# a heading is short; longer numbered lines are sentences ("一是…", "（一）主动公开情况。2024年…")
MAX_HEADING = 30


@dataclass(frozen=True)
class Sentence:
    """One sentence of the running text, as written and folded (``norm``), with its paragraphs, its section
    and the sub-heading above it."""

    text: str  # as written (the block's paragraphs joined, no line breaks)
    norm: str  # whitespace removed, full-width digits folded
    pos: tuple[int, ...]  # norm index → index in ``text``
    starts: tuple[int, ...]  # offset in ``text`` where each paragraph of the sentence starts
    paragraphs: tuple[int, ...]  # the paragraph index of each entry of ``starts``
    offset: int  # where the sentence starts in its first paragraph's (stripped) text
    section: str | None  # s1 … s6, None before the first section heading
    heading: str  # the last sub-heading above the sentence ("（二）依申请公开方面"), folded
    previous: str  # the sentence before it in the same block (folded), "" at a block start
    index: int  # position among all sentences

    def original(self, start: int, end: int) -> str:
        """The text as written for ``norm[start:end]``."""
        if start >= end:
            return ""
        return self.text[self.pos[start]: self.pos[end - 1] + 1]

    def in_paragraph(self, start: int) -> tuple[int, int]:
        """(paragraph index, offset in that paragraph's stripped text) of ``norm[start]``."""
        off = self.pos[start]
        k = max(0, bisect_right(self.starts, off) - 1)
        return self.paragraphs[k], off - self.starts[k] + (self.offset if k == 0 else 0)

    def paragraph_at(self, start: int) -> int:
        """The paragraph holding ``norm[start]``."""
        off = self.pos[start] if start < len(self.pos) else len(self.text) - 1
        return self.paragraphs[max(0, bisect_right(self.starts, off) - 1)]

    def excerpt(self, start: int, end: int, width: int = 24) -> str:
        """The clause around ``norm[start:end]``, cut to about ``width`` characters each side."""
        lo, hi = self.pos[start], self.pos[end - 1] + 1
        a = max(0, lo - width)
        b = min(len(self.text), hi + width)
        cut = self.text[a:lo]
        for sep in "。；;":
            if sep in cut:
                a = a + cut.rindex(sep) + 1
                cut = self.text[a:lo]
        tail = self.text[hi:b]
        for sep in "。；;":
            if sep in tail:
                b = hi + tail.index(sep)
                tail = self.text[hi:b]
        text = self.text[a:b].strip()
        return ("…" if a > 0 else "") + text + ("…" if b < len(self.text) else "")


def fold(text: str) -> str:
    return _WS.sub("", text).translate(_FOLD)


def is_heading(text: str) -> bool:
    t = text.strip()
    return bool(HEADING_RE.match(t)) and len(fold(t)) <= MAX_HEADING and not t.endswith(tuple(_END))


def sentences(doc: Document, rec: Recognition) -> list[Sentence]:
    """Every sentence of the running text, in reading order."""
    section_of: dict[int, str] = {}
    for key, idxs in rec.section_paragraphs.items():
        for i in idxs:
            section_of.setdefault(i, key)
    heads = {h.paragraph for h in rec.headings}
    out: list[Sentence] = []
    heading = ""
    for block in _blocks(doc, heads):
        first = block[0]
        if first in heads or is_heading(doc.paragraphs[first].text):
            heading = fold(doc.paragraphs[first].text)
        previous = ""
        for text, starts, paras, offset in _split(doc, block):
            norm, pos = _normalise(text)
            if not norm:
                continue
            sent = Sentence(text, norm, pos, starts, paras, offset, section_of.get(paras[0]), heading, previous,
                            len(out))
            out.append(sent)
            previous = norm
    return out


def _blocks(doc: Document, heads: set[int]) -> list[list[int]]:
    blocks: list[list[int]] = []
    for i, p in enumerate(doc.paragraphs):
        text = p.text.strip()
        if not text:
            continue
        starts_new = (not blocks or i in heads or is_heading(text) or HEADING_RE.match(text) is not None)
        if not starts_new:
            last = doc.paragraphs[blocks[-1][-1]].text.strip()
            starts_new = last.endswith(tuple(_END)) or blocks[-1][-1] in heads or is_heading(last)
        if starts_new:
            blocks.append([i])
        else:
            blocks[-1].append(i)
    return blocks


def _split(doc: Document, block: list[int]):
    """Cut a block into sentences: (text, paragraph start offsets, paragraph indexes, offset in the first)."""
    text, starts, paras = "", [], []
    for i in block:
        starts.append(len(text))
        paras.append(i)
        text += doc.paragraphs[i].text.strip()
    begin = 0
    for m in re.finditer(rf"[{_END}]+[”’」』）)]*", text):
        yield _piece(text, starts, paras, begin, m.end())
        begin = m.end()
    if begin < len(text):
        yield _piece(text, starts, paras, begin, len(text))


def _piece(text, starts, paras, a, b):
    k = max(0, bisect_right(starts, a) - 1)
    sub_starts, sub_paras = [0], [paras[k]]
    for s, p in zip(starts[k + 1:], paras[k + 1:]):
        if s < b:
            sub_starts.append(s - a)
            sub_paras.append(p)
    piece = text[a:b]
    lead = len(piece) - len(piece.lstrip())
    return piece.strip(), tuple(max(0, s - lead) for s in sub_starts), tuple(sub_paras), a + lead - starts[k]


def _normalise(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` without whitespace (what ``str.isspace`` and the regex whitespace class agree on) and
    zero-width marks, digits folded, and the index in ``text`` of each character kept."""
    if _WS.search(text) is None:  # most sentences: nothing to drop
        return text.translate(_FOLD), tuple(range(len(text)))
    runs = [m.span() for m in _KEPT.finditer(text)]
    pos = tuple(chain.from_iterable(range(a, b) for a, b in runs))
    return "".join(text[a:b] for a, b in runs).translate(_FOLD), pos
