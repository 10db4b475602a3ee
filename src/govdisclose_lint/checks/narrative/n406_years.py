"""N406 years-disagree: the title's year against the statistics period and the years the text names.

Three ways a report shows it was copied from another year:

* the statistics period ("统计期限自2023年1月1日起至2023年12月31日止") names another year, at
  its start or its end;
* a sentence of the report year's work is framed by last or next year ("2024年，我县…" in a
  2025 report) — one stray sentence is enough.  Years that legitimately differ are not counted:
  comparisons (较2023年, 与上年相比), carry-overs (2023年结转), plans (2026年，我们将…), budgets
  and accounts (2023年度部门决算), titles of documents (《…2024年…》) and dates (2026年1月23日);
* more than three such sentences: one finding that counts them, instead of one per sentence.

Fails (沭阳 2025 with one sentence edited)::

    2024年，我县坚持以习近平新时代中国特色社会主义思想为指导…

Passes::

    2025年，我县坚持…。2026年，我们将继续…。公开2025年部门预算、2024年部门决算。
"""

from __future__ import annotations

import re

from ...findings import Finding, Location
from ...recognize.meta import statistics_period_year
from .. import Context
from ..locate import at_source
from .sentences import fold
from .where import paragraph_location, text_sentences

CODES = ("N406",)
# more stray sentences than this: one finding for all of them
MAX_SINGLE = 3
# a year that frames a clause: at the start of a sentence or clause, after a list marker
_FRAME_RE = re.compile(r"(?:^|(?<=[，,；;：:]))(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+是|\d+[.、]|其中|同时|此外)?"
                       r"(?P<year>20\d\d)年(?P<rest>[^，,；;。：:]*)")
_NOT_A_FRAME = re.compile(r"^(度)?(\d+月|底|末|初|以来|同期|结转|上半年|下半年|前)|较|相比|对比|同比|比上年|"
                          r"决算|预算|考核|评议|评估|年报|年度报告|工作要点|规划|计划")
_FUTURE = re.compile(r"将|计划|拟|力争|预计|下一步|今后|明年|继续")
_PERIOD_END_RE = re.compile(r"(至|到)(?P<year>20\d\d)年12月31日")


def check(ctx: Context):
    rec, doc = ctx.rec, ctx.doc
    if not rec.year or rec.year_source != "title" or rec.template is None:
        return
    period, idx = statistics_period_year(doc)
    if period:
        p = doc.paragraphs[idx]
        end = _PERIOD_END_RE.search(fold(p.text))
        other = period if period != rec.year else int(end.group("year")) if end else rec.year
        if other != rec.year:
            yield Finding("N406", params={"year": rec.year, "other": other},
                          location=at_source(Location(), p.locator), expected=rec.year, actual=other)
            return
    strays = list(_strays(ctx))
    if len(strays) > MAX_SINGLE:
        s, m, year = strays[0]
        yield Finding("N406", "text_years", {"year": rec.year, "other": year, "n_other": len(strays),
                                             "excerpt": s.excerpt(m.start("year"), m.end("year"))},
                      paragraph_location(ctx, s, m.start("year")), expected=rec.year, actual=year)
        return
    for s, m, year in strays:
        yield Finding("N406", "stray_year", {"year": rec.year, "other": year, "sentence": s.text,
                                             "number": s.original(m.start("year"), m.end("year") + 1),
                                             "excerpt": s.excerpt(m.start("year"), m.end("year"))},
                      paragraph_location(ctx, s, m.start("year")), expected=rec.year, actual=year)


def _strays(ctx: Context):
    """(sentence, match, year) for each clause framed by the year before or after the report year."""
    rec = ctx.rec
    title = re.sub(r"\s", "", rec.title or "")
    for s in text_sentences(ctx):
        if title and title in s.norm or _PERIOD_END_RE.search(s.norm) or "统计" in s.norm:
            continue  # the title and the statistics period are checked above
        for m in _FRAME_RE.finditer(s.norm):
            year = int(m.group("year"))
            if abs(year - rec.year) != 1 or _inside_title_marks(s.norm, m.start("year")):
                continue
            rest = m.group("rest")
            if _NOT_A_FRAME.search(rest) or (year > rec.year and _FUTURE.search(s.norm[m.start():])):
                continue
            yield s, m, year


def _inside_title_marks(text: str, pos: int) -> bool:
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)
