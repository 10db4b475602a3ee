"""Copied text (X504): each report against the same agency's previous report and against other
agencies' reports of the same year, text and tables separately.

Similarity is the share of this report's text (its 8-character shingles, template words left out,
digits folded) that the other report also has — "repeats N% of last year's".  Never quadratic:

- the previous report of the same agency is one pair per report;
- other agencies: reports with identical signatures are grouped first (mass copies cost one
  comparison), then locality-sensitive hashing over bands of 3 signature bins, keyed by year,
  proposes candidates (a pair with Jaccard 0.33, about containment 0.5 for reports of equal
  length, becomes a candidate with probability 0.79; at 0.5, 0.996); at most ``SCAN_CAP``
  candidates are looked at per group.  Candidates are ranked by the signature's estimate; the best
  ``VERIFY`` within ``MARGIN`` of the threshold are compared exactly, on the compressed texts the
  workers kept (so the similarity a finding gives is exact; the count of further reports above the
  threshold is the estimate's).

Tables: the share of this report's non-zero cells that have the same value in the other report
(shown beside the text similarity; X505 is the rule for identical numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import registry
from ..findings import Finding, Location
from . import sketch
from .entries import Entries, Entry
from .words import how_params, percent, short

ROWS_PER_BAND = 3
SCAN_CAP = 200  # candidate groups examined per group of identical signatures
MARGIN = 0.15  # estimates this far below the threshold are still compared exactly
MIN_SHINGLES = 50  # shorter texts (a stub, a table-only file) are not compared
MIN_NONZERO = 5  # table similarity needs this many non-zero cells
VERIFY = 3  # per report, the best candidates by estimate compared exactly


@dataclass
class Match:
    """Another report compared with this one (X504): the share of this report's text it also has, the share
    of this report's non-zero cells with the same value there, and whether ``text`` is exact or the signature's
    estimate (``tables`` is then None)."""

    other: Entry
    text: float  # share of this report's text found in the other
    tables: float | None
    exact: bool


class _Texts:
    """Decompressed texts, shingle sets and sentences, cached by content (copies cost nothing)."""

    def __init__(self, size: int = 512):
        self.cache: dict[bytes, list] = {}
        self.size = size

    def get(self, e: Entry) -> list:
        """[text, shingle set, sentences (computed on first use)]"""
        blob = e.profile.text
        hit = self.cache.get(blob)
        if hit is None:
            text = sketch.decompress(blob)
            hit = [text, sketch.shingles(sketch.fold(text)), None]
            if len(self.cache) >= self.size:
                self.cache.pop(next(iter(self.cache)))
            self.cache[blob] = hit
        return hit

    def sentences(self, e: Entry):
        hit = self.get(e)
        if hit[2] is None:
            hit[2] = sketch.folded_sentences(hit[0])
        return hit[2]

    def containment(self, a: Entry, b: Entry) -> float:
        sa, sb = self.get(a)[1], self.get(b)[1]
        return len(sa & sb) / len(sa) if sa else 0.0


def tables_similarity(a: Entry, b: Entry) -> float | None:
    nonzero = [k for k, v in a.values.items() if v != 0]
    if len(nonzero) < MIN_NONZERO:
        return None
    return sum(1 for k in nonzero if b.values.get(k) == a.values[k]) / len(nonzero)


def _usable(e: Entry) -> bool:
    return e.profile is not None and e.profile.shingles >= MIN_SHINGLES


def compare(texts: _Texts, a: Entry, b: Entry, threshold: float, exact: bool | None = None) -> Match:
    """Exact on the texts when ``exact``, or (None) when the estimate is near the threshold."""
    pa, pb = a.profile, b.profile
    if exact is None or not exact:
        est = sketch.containment_estimate(pa.signature, pa.shingles, pb.signature, pb.shingles)
        if exact is False or est < threshold - MARGIN:
            return Match(b, est, None, False)
    return Match(b, texts.containment(a, b), tables_similarity(a, b), True)


def _same_agency(a: Entry, b: Entry) -> bool:
    return a.agency is not None and a.agency == b.agency


def other_agencies(entries: Entries, texts: _Texts, threshold: float) -> dict[int, tuple[Match, int]]:
    """For each report, its most similar report of another agency in the same year (at or above
    the threshold) and how many such reports there are."""
    groups: dict[tuple, list[Entry]] = {}
    for e in entries.items:
        if _usable(e) and e.year:
            groups.setdefault((e.year, e.profile.signature.tobytes()), []).append(e)
    buckets: dict[tuple, list[tuple]] = {}
    bands = sketch.BINS // ROWS_PER_BAND
    for key, members in groups.items():
        sig = members[0].profile.signature
        for b in range(bands):
            band = tuple(sig[b * ROWS_PER_BAND:(b + 1) * ROWS_PER_BAND])
            if sketch.EMPTY not in band:
                buckets.setdefault((key[0], b, band), []).append(key)
    out: dict[int, tuple[Match, int]] = {}
    for key, members in groups.items():
        candidates: list[tuple] = [key]
        seen = {key}
        sig = members[0].profile.signature
        for b in range(bands):
            for other in buckets.get((key[0], b, tuple(sig[b * ROWS_PER_BAND:(b + 1) * ROWS_PER_BAND])), ()):
                if other not in seen and len(candidates) < SCAN_CAP:
                    seen.add(other)
                    candidates.append(other)
        for e in members:
            if e.context:
                continue
            ranked = []
            for ck in candidates:
                # one estimate per candidate group: its first member of another agency
                o = next((m for m in groups[ck] if m is not e and not _same_agency(e, m)), None)
                if o is not None:
                    ranked.append((compare(texts, e, o, threshold, exact=False), ck))
            ranked.sort(key=lambda x: -x[0].text)
            best, count = None, 0
            for i, (m, ck) in enumerate(ranked):
                if i < VERIFY and m.text >= threshold - MARGIN:
                    m = compare(texts, e, m.other, threshold, exact=True)
                if m.text >= threshold:
                    count += sum(1 for x in groups[ck] if x is not e and not _same_agency(e, x))
                    if m.exact and (best is None or m.text > best.text):
                        best = m
            if best is not None:
                out[e.index] = (best, count)
    return out


def _finding(key: str, e: Entry, m: Match, texts: _Texts, threshold: float, entries: Entries, more: int = 0):
    passages = sketch.shared_passages(texts.sentences(e), texts.sentences(m.other))
    shown = "；".join(f"“{p[:40]}{'…' if len(p) > 40 else ''}”（{len(p)}字）" for p in passages) or "—"
    params = {"similarity": percent(m.text), "threshold": percent(threshold), "tables": percent(m.tables),
              "other": short(m.other.path), "other_agency": m.other.agency or "?", "other_year": m.other.year or "?",
              "passages": shown, "more": f"；另有 {more} 份其他机关的报告也超过阈值" if more else "",
              "more_en": f"; {more} more reports of other agencies are above it too" if more else "",
              **how_params(entries.how(e, m.other))}
    return Finding("X504", key, params, Location(), actual=round(m.text, 4))


def check(entries: Entries, options: dict, texts: _Texts | None = None):
    threshold = float(options.get("X504", {}).get("threshold", registry.get("X504").options["threshold"]))
    texts = texts or _Texts()
    for e in entries.reported():
        prev = entries.earlier(e)
        if prev is not None and prev is not e and _usable(e) and _usable(prev):
            m = compare(texts, e, prev, threshold)
            e.similarity_prev = m
            if m.text >= threshold:
                yield e, _finding("previous", e, m, texts, threshold, entries)
    for index, (m, count) in other_agencies(entries, texts, threshold).items():
        e = entries.items[index]
        yield e, _finding("other_agency", e, m, texts, threshold, entries, more=count - 1)
