"""Narrative checks: N406 (years disagree)."""

from __future__ import annotations

import re

from ..findings import Finding, Location
from ..normalize import nfkc, squash
from ..recognize.meta import statistics_period_year
from . import Context
from .locate import at_source

CODES = ("N406",)
# the text names last year this many times more than the report year: likely copied
MIN_OTHER_MENTIONS = 3


def check(ctx: Context):
    rec, doc = ctx.rec, ctx.doc
    if not rec.year or rec.year_source != "title":
        return
    period, idx = statistics_period_year(doc)
    if period and period != rec.year:
        p = doc.paragraphs[idx]
        yield Finding("N406", params={"year": rec.year, "other": period},
                      location=at_source(Location(), p.locator), expected=rec.year, actual=period)
        return
    body = squash(nfkc("\n".join(p.text for p in doc.paragraphs if rec.title not in p.text)))
    n_year = len(re.findall(rf"{rec.year}年", body))
    prev = rec.year - 1
    n_prev = len(re.findall(rf"{prev}年", body))
    if n_prev >= MIN_OTHER_MENTIONS and n_prev > n_year:
        yield Finding("N406", "text_years", {"year": rec.year, "other": prev, "n_other": n_prev, "n_year": n_year})
