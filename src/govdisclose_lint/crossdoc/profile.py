"""What the worker keeps of a document for the cross-document stage (computed while the document
and its recognition are still at hand; the parent never re-reads a file).

About 5–10 KB per report: the running text compressed (for the longest shared passages of the few
pairs that look copied), a 128-bin MinHash signature of its shingles (1 KB), the number of shingles
and the publication date the file gives.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from ..document import Published
from . import CODES, published, sketch


@dataclass
class Profile:
    """What the cross-document stage keeps of a document's text: the compressed text, its MinHash
    signature, the number of shingles and the publication date the file gives."""

    text: bytes  # zlib-compressed running text (paragraphs, no tables)
    signature: array
    shingles: int
    published: Published | None = None


def build(doc, rec, enabled) -> Profile | None:
    """The profile of a linted document, or None when no cross-document rule is enabled."""
    if not enabled or not set(CODES) & set(enabled):
        return None
    try:
        text = "\n".join(p.text for p in doc.paragraphs)
        sh = sketch.shingles(sketch.fold(text))
        return Profile(sketch.compress(text), sketch.signature(sh), len(sh), published.of_document(doc))
    except (ValueError, TypeError, MemoryError, RecursionError):  # odd input: no text checks, never a crash
        return None
