"""Typography: L601 (half-width list brackets, Latin words inside Chinese sentences)."""

from __future__ import annotations

import re

from ..findings import Finding, Location
from . import Context
from .locate import at_source

CODES = ("L601",)
_HALF_BRACKET_RE = re.compile(r"\([一二三四五六七八九十]{1,3}\)")
_CJK = r"[\u4e00-\u9fff，。、；：“”（）]"
# a lower-case word (acronyms such as APP, QQ, PDF are normal in Chinese text)
_LATIN_RE = re.compile(rf"(?<={_CJK})\s*([a-z][a-z]+)\s*(?={_CJK})")


def check(ctx: Context):
    doc = ctx.doc
    half = []
    for p in doc.paragraphs:
        half.extend((p, m.group(0)) for m in _HALF_BRACKET_RE.finditer(p.text))
        for m in _LATIN_RE.finditer(p.text):
            ctx_text = p.text[max(0, m.start() - 12): m.end() + 12]
            yield Finding("L601", params={"word": m.group(1), "context": ctx_text.strip()},
                          location=at_source(Location(), p.locator))
    if half:
        p, example = half[0]
        yield Finding("L601", "halfwidth_brackets", {"n": len(half), "example": example},
                      location=at_source(Location(), p.locator))
