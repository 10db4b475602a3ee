"""N409 overview-lacks-assessment: a 人民政府's 总体情况 says nothing of 工作考核、社会评议和责任追究.

《政府信息公开条例》第五十条第四项 (and the format's note under 总体情况) asks the reports of
each level's 人民政府 to include "工作考核、社会评议和责任追究结果情况".  For a report whose
agency is a 人民政府 (not its 办公厅/办公室 or a department), section 一 must name each of the
three; the finding lists those it does not name.

Fails (a 县人民政府 report)::

    （四）监督保障。将县直单位信息公开工作纳入高质量发展考核……

Passes::

    （五）监督保障。……纳入年度绩效考核；开展社会评议……；全年未发生责任追究情况。
"""

from __future__ import annotations

import re

from ...findings import Finding
from .. import Context
from .where import section_location, section_text

CODES = ("N409",)
TOPICS = (("工作考核", "work assessment", re.compile(r"考核|考评|绩效")),
          ("社会评议", "public evaluation", re.compile(r"评议|社会评价|群众评价|满意度|第三方评估|社会评估")),
          ("责任追究", "accountability", re.compile(r"责任追究|追究责任|追责|问责")))
_GOVERNMENT = re.compile(r"人民政府$")


def check(ctx: Context):
    rec = ctx.rec
    text = section_text(ctx, "s1") if _GOVERNMENT.search(rec.agency or "") else None
    if text is None:
        return
    missing = [(zh, en) for zh, en, pattern in TOPICS if not pattern.search(text)]
    if missing:
        yield Finding("N409", params={"missing": "、".join(m[0] for m in missing),
                                      "missing_en": ", ".join(m[1] for m in missing)},
                      location=section_location(ctx, "s1"))
