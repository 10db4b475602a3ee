"""X507: two or more documents for the same agency and year — which one is current?

The one the cross-document checks use is named: the fully checked one with the most readable cells
(then the first in path order).
"""

from __future__ import annotations

from ..findings import Finding, Location
from .entries import Entries
from .words import how_params, short

#: other reports named in one finding; more are counted ("… 等 N 份"), so a folder holding one report a
#: thousand times gives a thousand short findings, not a million names
MAX_NAMED = 5


def check(entries: Entries):
    for agency, years in entries.by_agency.items():
        for year, group in years.items():
            reported = [e for e in group if not e.context]
            if len(reported) < 2:
                continue
            used = group[0]
            for e in reported:
                others = [o for o in reported if o is not e]
                named = "、".join(short(o.path) for o in others[:MAX_NAMED])
                if len(others) > MAX_NAMED:
                    named += f" … (+{len(others) - MAX_NAMED})"
                hows = {entries.how(e, o) for o in others[:MAX_NAMED]}
                yield e, Finding("X507", params={
                    "agency": agency, "year": year, "n": len(reported), "others": named,
                    "used": short(used.path), **how_params(max(hows, key=_rank))}, location=Location())


def _rank(how: str) -> int:
    order = ("exact", "normalised", "mapping", "region-prefix", "ocr", "previous")
    return order.index(how) if how in order else 0
