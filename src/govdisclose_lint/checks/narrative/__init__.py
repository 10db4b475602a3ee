"""Narrative checks: the text of the report against the tables and against the format.

One module per rule: N401 表三, N402 表四, N403 表二 (figures in the text), N404 信息处理费,
N405 总体情况 length, N406 years, N407 the text contradicting itself, N408 section 五,
N409 工作考核、社会评议和责任追究 in a 人民政府's 总体情况.  :mod:`.sentences` cuts the text into
sentences, :mod:`.figures` finds the figures they state (vocabulary: ``rules/narrative.yaml``),
:mod:`.compare` holds them against the tables.
"""

from __future__ import annotations

from .. import Context
from . import (n401_applications, n402_review_litigation, n403_proactive_counts, n404_fee, n405_overview_length,
               n406_years, n407_self_contradiction, n408_problems_section, n409_overview_assessment)

MODULES = (n401_applications, n402_review_litigation, n403_proactive_counts, n404_fee, n405_overview_length,
           n406_years, n407_self_contradiction, n408_problems_section, n409_overview_assessment)
CODES = tuple(c for m in MODULES for c in m.CODES)


def check(ctx: Context):
    for m in MODULES:
        yield from m.check(ctx)
