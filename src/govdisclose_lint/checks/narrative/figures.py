"""Find the figures the text states, and what each one is about.

A *figure* is a count in the text ("受理政府信息公开申请859件", "复议7件", "十二件") whose
clause names a fact the tables also hold; an *assertion* states a count in words ("均获维持",
"所有申请均已办结").  The vocabulary — which words mean which cells — is data:
``rules/narrative.yaml``.  This module only reads sentences; :mod:`.compare` holds them
against the tables.

Example: in "答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）" the figures are
3050 (``handled``: （七）总计), 34 (``carried_in``: 二、上年结转) and 103 (``carried_out``:
四、结转下年度, found after the number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import NUMBER_RE, counts_here, parse_number
from .sentences import Sentence
from .vocabulary import Alternative, AssertionSpec, Claim, Form, Vocabulary, vocabulary

# hard clause boundaries (the figure before a number is a soft one)
_BOUNDARY = "，,；;：:（）()。！？!?"
_REQUEST = re.compile(r"申请")
_DISCLOSURE = re.compile(r"信息公开|政府信息|依申请")
_NOT_REQUEST = re.compile(r"主动公开|制发|印发")
_PROSE = re.compile(r"[，。；,;！？]")


@dataclass
class Figure:
    """A number in a sentence and the claim it makes (``claim`` None: not about the tables)."""

    sentence: Sentence
    start: int  # span of the number in sentence.norm
    end: int
    value: int
    unit: str
    lead: str
    tail: str
    claim: Claim | None = None
    parent: "Figure | None" = None

    @property
    def number(self) -> str:
        return self.sentence.original(self.start, self.end)

    @property
    def alternatives(self) -> tuple[Alternative, ...]:
        return self.claim.alternatives(self.lead) if self.claim else ()


@dataclass
class Assertion:
    """Words that state a count without a number (``均获维持``), with the 表四 figures or blocks they speak of."""

    sentence: Sentence
    start: int
    end: int
    spec: AssertionSpec
    subjects: list[Figure] = field(default_factory=list)  # the 表四 figures it speaks of
    blocks: list[str] = field(default_factory=list)  # or the blocks its sentence names

    @property
    def words(self) -> str:
        return self.sentence.original(self.start, self.end)


def request_context(s: Sentence) -> bool:
    return _about(s, _REQUEST)


def disclosure_context(s: Sentence) -> bool:
    return _about(s, _DISCLOSURE)


def _about(s: Sentence, words: re.Pattern) -> bool:
    """The sentence, the one before it in its paragraph, or the sub-heading above it has the words."""
    return bool(words.search(s.norm) or words.search(s.previous) or words.search(s.heading))


def find_figures(sentences: list[Sentence]) -> list[Figure]:
    """Every count in the text, with the claim it makes (or none)."""
    voc = vocabulary()
    out: list[Figure] = []
    last: Figure | None = None  # the block's last figure that is not a breakdown
    for s in sentences:
        if not s.previous:
            last = None
        spans = [(m.start("num"), m.end("num"), m.group("unit")) for m in NUMBER_RE.finditer(s.norm)]
        for i, (a, b, unit) in enumerate(spans):
            value = parse_number(s.norm[a:b])
            if value is None or not counts_here(s.norm, a, b):
                continue
            lo = max(_boundary_before(s.norm, a), spans[i - 1][1] + len(spans[i - 1][2]) if i else 0)
            hi = min(_boundary_after(s.norm, b + len(unit)), spans[i + 1][0] if i + 1 < len(spans) else len(s.norm))
            lead = s.norm[lo:a].lstrip("、及和与以")
            tail = s.norm[b + len(unit):hi]
            fig = Figure(s, a, b, value, unit, lead, tail)
            fig.claim = _claim(voc, fig)
            if fig.claim is not None and fig.claim.columns:
                # a breakdown ("其中自然人741件") of the figure before it, if that is one it can break down
                fig.parent = last if last is not None and last.claim.key in fig.claim.parent else None
                if fig.parent is None:
                    fig.claim = None
            elif fig.claim is not None:
                last = fig
            out.append(fig)
    return out


def _boundary_before(text: str, pos: int) -> int:
    for i in range(pos - 1, -1, -1):
        if text[i] in _BOUNDARY:
            return i + 1
    return 0


def _boundary_after(text: str, pos: int) -> int:
    for i in range(pos, len(text)):
        if text[i] in _BOUNDARY:
            return i
    return len(text)


def _claim(voc: Vocabulary, fig: Figure) -> Claim | None:
    s = fig.sentence
    contexts = {"request": request_context(s) and not _NOT_REQUEST.search(fig.lead),
                "review": disclosure_context(s), "": True}
    best = None
    for order, claim in enumerate(voc.claims):
        if fig.unit not in claim.units:
            continue
        if claim.exclude is not None and claim.exclude.search(s.norm[:fig.end + len(fig.unit) + len(fig.tail)]):
            continue
        if not contexts[claim.context]:
            continue
        for form in claim.forms:
            rank = _match(voc, claim, form, fig)
            if rank is None:
                continue
            key = (-claim.priority, rank[0], -rank[1], order)
            if best is None or key < best[0]:
                best = (key, claim)
    return best[1] if best else None


def _match(voc: Vocabulary, claim: Claim, form: Form, fig: Figure):
    """(distance from the number, length of the phrase), or None if the form does not match."""
    if form.unless is not None and form.unless.search(fig.lead + fig.tail):
        return None
    if form.sentence is not None and not form.sentence.search(fig.sentence.norm):
        return None
    dist, length = 0, 0
    if form.lead is not None:
        m = None
        for m in form.lead.finditer(fig.lead):
            pass
        if m is None:
            return None
        between = fig.lead[m.end():]
        if claim.adjacent and not voc.filler.match(between):
            return None
        dist, length = (0 if claim.adjacent else len(between)), m.end() - m.start()
    if form.tail is not None:
        m = form.tail.search(fig.tail)
        if m is None:
            return None
        if form.lead is None:
            dist, length = 1000 + m.start(), m.end() - m.start()
    return dist, length


def find_assertions(sentences: list[Sentence], figures: list[Figure]) -> list[Assertion]:
    voc = vocabulary()
    by_sentence: dict[int, list[Figure]] = {}
    for f in figures:
        if f.claim is not None:
            by_sentence.setdefault(f.sentence.index, []).append(f)
    out = []
    for s in sentences:
        if not _PROSE.search(s.text):
            continue  # a table's words run together, not a sentence
        for spec in voc.assertions:
            if not (request_context(s) if spec.scope == "request" else disclosure_context(s)):
                continue
            for m in spec.pattern.finditer(s.norm):
                a = Assertion(s, m.start(), m.end(), spec)
                if spec.scope == "review":
                    before = [f for f in by_sentence.get(s.index, []) if f.end <= m.start() and f.claim.code == "N402"
                              and not f.claim.columns]
                    a.subjects = before
                    if not before:
                        a.blocks = _named_blocks(s.norm[:m.start()])
                    if not a.subjects and not a.blocks:
                        continue
                out.append(a)
    return out


def _named_blocks(text: str) -> list[str]:
    out = []
    if "复议" in text.replace("复议后", ""):
        out.append("review")
    if re.search("诉讼|起诉|应诉", text):
        out.append("litigation")
    return out
