"""N405 overview-too-long: 2021 format, section 一、总体情况 longer than 1000 characters.

The 2021 format says 总体情况 should in principle not exceed 一千字.  Many real reports do, so
the rule is ``info`` and **quiet by default**: it runs only when named by its own code
(``--select ALL --select N405``, or ``select = ["ALL", "N405"]`` in the configuration); a prefix
(``N4``) or ``ALL`` alone does not switch it on.  Characters are counted without whitespace,
sub-headings included.  Option ``max_chars`` (default 1000).
"""

from __future__ import annotations

from ...findings import Finding
from .. import Context
from .where import section_location, section_text

CODES = ("N405",)


def check(ctx: Context):
    rec = ctx.rec
    text = section_text(ctx, "s1") if rec.version == "2021" else None
    limit = int(ctx.option("N405", "max_chars", 1000))
    if text is not None and len(text) > limit:
        n = len(text)
        yield Finding("N405", params={"n": n, "limit": limit}, location=section_location(ctx, "s1"),
                      expected=limit, actual=n)
