"""Find the six section headings among the paragraphs, and diagnose an outline numbered in the
report's own way (sections shifted by one, two numbering systems, 总体情况 sub-topics numbered
like sections) instead of calling each section missing."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..document import Document
from ..normalize import bare_label, label_key
from ..templates import Template
from .model import HeadingHit

_HEAD_RE = re.compile(r"^([一二三四五六七八九十]+)、")
MAX_HEADING = 40
TYPO_CUTOFF = 0.8


def find_headings(doc: Document, template: Template) -> list[HeadingHit]:
    specs = [(s, [(label_key(s.heading), "exact")] + [(label_key(v), "variant") for v in s.variants])
             for s in template.sections]
    hits: list[HeadingHit] = []
    for i, p in enumerate(doc.paragraphs):
        k = label_key(p.text)
        m = _HEAD_RE.match(k)
        if not m:
            continue
        best: HeadingHit | None = None
        for spec, keys in specs:
            if not k.startswith(label_key(spec.heading)[:2]):
                continue  # numeral must agree: 一、 … 六、
            for key, kind in keys:
                if k == key or (k.startswith(key)):
                    best = HeadingHit(spec.key, p.text.strip(), spec.heading, kind, 1.0, i, p.locator)
                    break
            if best:
                break
            if len(k) > MAX_HEADING + 20:
                continue
            for key, kind in keys:
                sim = _typo_similarity(k[: len(key) + 2], key)
                if sim >= TYPO_CUTOFF and (best is None or sim > best.similarity):
                    best = HeadingHit(spec.key, p.text.strip(), spec.heading, "typo", sim, i, p.locator)
        if best:
            hits.append(best)
    if len({h.key for h in hits}) < len(specs):
        hits += _embedded(doc, specs, {h.key for h in hits})
        hits.sort(key=lambda h: h.paragraph)
    return hits


def _embedded(doc: Document, specs, found: set[str]) -> list[HeadingHit]:
    """Headings run into longer paragraphs (flattened web text): exact wording only."""
    out = []
    for spec, keys in specs:
        if spec.key in found:
            continue
        for i, p in enumerate(doc.paragraphs):
            k = label_key(p.text)
            hit = next(((key, kind) for key, kind in keys if len(key) >= 6 and key in k), None)
            if hit:
                out.append(HeadingHit(spec.key, spec.heading, spec.heading, hit[1], 1.0, i, p.locator))
                break
    return out


def section_bodies(doc: Document, hits: list[HeadingHit]) -> dict[str, list[int]]:
    """Paragraph indexes belonging to each section (between its heading and the next)."""
    out: dict[str, list[int]] = {}
    ordered = sorted(hits, key=lambda h: h.paragraph)
    for n, h in enumerate(ordered):
        end = ordered[n + 1].paragraph if n + 1 < len(ordered) else len(doc.paragraphs)
        out.setdefault(h.key, []).extend(range(h.paragraph + 1, end))
    return out


# ---------------------------------------------------------------- outline diagnosis

# a candidate heading must be at least this close to a section's wording (numbering aside)
OUTLINE_CUTOFF = 0.75
# words that name a section in a sub-heading when its own heading is missing ("（一）主要问题")
_SUBHEADING_WORDS = {"s1": re.compile("总体情况"), "s5": re.compile("问题|改进"),
                     "s6": re.compile("其他需要报告")}
_SUB_RE = re.compile(r"^\(([一二三四五六七八九十]+)\)")


@dataclass
class Outline:
    """The sections found under other numbers: the report's outline against the template's.

    ``headings`` are the six (or fewer) section headings as mapped; ``moved`` those whose
    numbering differs from the template or that are only a sub-heading; ``subtopics`` the headings
    numbered like sections that belong inside 一、总体情况.
    """

    headings: list[HeadingHit]
    moved: list[HeadingHit] = field(default_factory=list)
    subtopics: list[HeadingHit] = field(default_factory=list)


def find_outline(doc: Document, template: Template) -> tuple[list[HeadingHit], Outline | None]:
    """The section headings, and an :class:`Outline` when they are numbered in the report's own way."""
    hits = find_headings(doc, template)
    outline = diagnose_outline(doc, template, hits)
    return (outline.headings if outline else hits), outline


def diagnose_outline(doc: Document, template: Template, hits: list[HeadingHit]) -> Outline | None:
    """Map numbered headings to sections by wording alone, keeping their order.

    Runs only when some section was not found under its own numeral.  Each "X、…" line outside the
    tables is scored against each section's wording without the numeral; the order-keeping
    assignment with the highest total wins (so "一、主动公开政府信息情况" after a first series
    beats the 总体情况 sub-topic "三、主动公开工作情况").  A section still missing may be found
    by a sub-heading between its neighbours ("（一）主要问题" for 五).  None when nothing moves.
    """
    sections = template.sections
    if {h.key for h in hits} == {s.key for s in sections}:
        return None
    cands = _candidates(doc, template)
    if not cands:
        return None
    scores = [[_score(text, s) for s in sections] for _, text in cands]
    chosen = _align(scores)
    by_key = {}
    for ci, si in chosen:
        i, text = cands[ci]
        spec = sections[si]
        old = next((h for h in hits if h.key == spec.key and h.paragraph == i), None)
        by_key[spec.key] = old or HeadingHit(spec.key, doc.paragraphs[i].text.strip(), spec.heading, "renumbered",
                                             scores[ci][si], i, doc.paragraphs[i].locator)
    _subheadings(doc, sections, by_key)
    headings = sorted(by_key.values(), key=lambda h: h.paragraph)
    moved = [h for h in headings if h.match in ("renumbered", "subheading")]
    if not moved or len(headings) <= len({h.key for h in hits}):
        return None
    s1 = by_key.get("s1")
    nxt = min((h.paragraph for h in headings if h.paragraph > (s1.paragraph if s1 else -1)), default=None)
    subtopics = []
    if s1 is not None and nxt is not None:
        used = {h.paragraph for h in headings}
        subtopics = [HeadingHit("s1", text, sections[0].heading, "subtopic", 0.0, i, doc.paragraphs[i].locator)
                     for i, text in cands if s1.paragraph < i < nxt and i not in used]
    return Outline(headings, moved, subtopics)


def _candidates(doc: Document, template: Template) -> list[tuple[int, str]]:
    """Numbered lines ("三、…") short enough to be headings, other than 表三's row labels."""
    t3 = template.tables.get("T3")
    table_labels = {label_key(r.label) for r in t3.rows} | {label_key(g) for g in t3.group_labels} if t3 else set()
    out = []
    for i, p in enumerate(doc.paragraphs):
        k = label_key(p.text)
        if _HEAD_RE.match(k) and len(k) <= MAX_HEADING and k not in table_labels:
            out.append((i, p.text.strip()))
    return out


def _typo_similarity(head: str, key: str) -> float:
    """The best ratio of ``key`` against ``head`` cut one shorter to two longer than ``key``, exact
    when it reaches :data:`TYPO_CUTOFF` (a cut whose quick upper bounds fall short is not compared)."""
    best = 0.0
    for d in (-1, 0, 1, 2):
        sm = difflib.SequenceMatcher(None, head[: len(key) + d], key)
        if sm.real_quick_ratio() >= TYPO_CUTOFF and sm.quick_ratio() >= TYPO_CUTOFF:
            best = max(best, sm.ratio())
    return best


def _score(text: str, spec) -> float:
    bare = bare_label(text)
    return max(difflib.SequenceMatcher(None, bare, bare_label(h)).ratio() for h in (spec.heading, *spec.variants))


def _align(scores: list[list[float]]) -> list[tuple[int, int]]:
    """The order-keeping pairs (candidate, section) with the highest total score above the cutoff."""
    n, m = len(scores), len(scores[0]) if scores else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = scores[i][j] + best[i + 1][j + 1] if scores[i][j] >= OUTLINE_CUTOFF else 0.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if scores[i][j] >= OUTLINE_CUTOFF and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _subheadings(doc: Document, sections, by_key: dict) -> None:
    """A section without a heading, found by a sub-heading between its neighbours."""
    keys = [s.key for s in sections]
    for n, spec in enumerate(sections):
        words = _SUBHEADING_WORDS.get(spec.key)
        if spec.key in by_key or words is None:
            continue
        lo = max((by_key[k].paragraph for k in keys[:n] if k in by_key), default=-1)
        hi = min((by_key[k].paragraph for k in keys[n + 1:] if k in by_key), default=len(doc.paragraphs))
        for i in range(lo + 1, hi):
            k = label_key(doc.paragraphs[i].text)
            if (_SUB_RE.match(k) or _HEAD_RE.match(k)) and len(k) <= MAX_HEADING and words.search(k):
                by_key[spec.key] = HeadingHit(spec.key, doc.paragraphs[i].text.strip(), spec.heading, "subheading",
                                              0.0, i, doc.paragraphs[i].locator)
                break
