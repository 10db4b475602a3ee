"""Text sketches for copied-text detection (X504): shingles, a MinHash signature, shared passages.

A report's text is folded (NFKC, digits → ``#`` so a copy with this year's numbers still matches,
punctuation and spaces dropped) and cut into overlapping 8-character shingles; shingles that also
occur in the template's own labels and headings are dropped, so two reports do not look alike
merely because both follow the format.

The signature is a 128-bin *one-permutation* MinHash (Li, Owen & Zhang, "One Permutation
Hashing", NIPS 2012): each shingle is hashed once, its top 7 bits pick a bin, each bin keeps its
minimum.  Equal bins estimate the Jaccard similarity as k-permutation MinHash does, and bands of
bins feed locality-sensitive hashing (:mod:`.similarity`).  Why not datasketch: its package
imports scipy (1.1 s in every process, ~100 MB installed) only to choose band sizes, and its
MinHash needs numpy; this pass costs about 2 ms per report in pure Python and nothing at import.
"""

from __future__ import annotations

import difflib
import operator
import re
import unicodedata
import zlib
from array import array
from functools import lru_cache

K = 8  # shingle length in characters
BINS = 128
EMPTY = (1 << 57) - 1  # a bin no shingle fell into (values are < 2**57)
_MASK = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15  # odd 64-bit constant (Fibonacci hashing) spreads crc32 over 64 bits
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[^\w#]|_")
_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])|\n")


def fold(text: str) -> str:
    """The text as compared: NFKC, digit runs → ``#``, only letters, digits and ``#`` kept."""
    return _NOT_WORD.sub("", _DIGITS.sub("#", unicodedata.normalize("NFKC", text)))


def shingles(folded: str) -> set[str]:
    out = {folded[i:i + K] for i in range(len(folded) - K + 1)}
    return out - _boilerplate()


@lru_cache(maxsize=1)
def _boilerplate() -> frozenset[str]:
    """Shingles of the template's own words (labels, headings, captions) in both formats."""
    from ..templates import load_yaml, templates

    words: set[str] = set()
    for tpl in templates().values():
        words.update(tpl.markers)
        for s in tpl.sections:
            words.update((s.heading, *s.variants))
        for t in tpl.tables.values():
            words.update((t.title, *t.blocks, *t.column_groups, *t.markers))
            for r in t.rows:
                words.update((*r.names(), r.group, *(n for c in r.columns for n in c.names())))
    words.add(load_yaml("t3_rows.yaml")["header_note"])
    out: set[str] = set()
    for w in words:
        f = fold(w or "")
        out.update(f[i:i + K] for i in range(len(f) - K + 1))
    return frozenset(out)


def warm() -> None:
    """Build the template's shingles now (see :func:`..engine.warm`)."""
    _boilerplate()


def signature(shingle_set: set[str]) -> array:
    """128 bins, each the minimum 57-bit hash value of the shingles that fell into it."""
    mins = [EMPTY] * BINS
    low = EMPTY
    for s in shingle_set:
        h = (zlib.crc32(s.encode("utf-8")) * _MIX) & _MASK
        b, v = h >> 57, h & low
        if v < mins[b]:
            mins[b] = v
    return array("Q", mins)


def jaccard_estimate(a: array, b: array) -> float:
    if EMPTY not in a and EMPTY not in b:  # the usual case: every bin filled
        return sum(map(operator.eq, a, b)) / BINS
    same = filled = 0
    for x, y in zip(a, b):
        if x == EMPTY and y == EMPTY:
            continue
        filled += 1
        same += x == y
    return same / filled if filled else 0.0


def containment_estimate(a: array, na: int, b: array, nb: int) -> float:
    """Estimated share of A's shingles found in B, from the signatures and set sizes."""
    if not na:
        return 0.0
    j = jaccard_estimate(a, b)
    return min(1.0, j * (na + nb) / (1 + j) / na)


def compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def decompress(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def folded_sentences(text: str) -> tuple[list[str], list[str]]:
    """The sentences as written and folded for comparison (digits → ``#``, punctuation and spaces
    dropped; no NFKC here: ``\\d`` and ``\\w`` already take full-width digits and letters)."""
    raw = sentences(text)
    return raw, [_NOT_WORD.sub("", _DIGITS.sub("#", x)) for x in raw]


def shared_passages(a: tuple[list[str], list[str]], b: tuple[list[str], list[str]], top: int = 3,
                    min_chars: int = 20) -> list[str]:
    """The longest runs of consecutive sentences of ``a`` that ``b`` also has (compared folded),
    as written in ``a``, longest first; ``a`` and ``b`` as :func:`folded_sentences` gives them."""
    (sa, fa), (_sb, fb) = a, b
    blocks = difflib.SequenceMatcher(None, fa, fb, autojunk=False).get_matching_blocks()
    runs = []
    for i, _j, n in blocks:
        if n and sum(len(x) for x in fa[i:i + n]) >= min_chars:
            runs.append("".join(sa[i:i + n]))
    return sorted(runs, key=len, reverse=True)[:top]
