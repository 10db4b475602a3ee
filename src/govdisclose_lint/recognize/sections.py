"""Find the six section headings among the paragraphs."""

from __future__ import annotations

import difflib
import re

from ..document import Document
from ..normalize import label_key
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
                head = k[: len(key) + 2]
                sim = max(difflib.SequenceMatcher(None, head[: len(key) + d], key).ratio() for d in (-1, 0, 1, 2))
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
