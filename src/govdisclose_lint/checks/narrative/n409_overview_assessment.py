"""N409 overview-lacks-assessment: a 人民政府's report says nothing of 工作考核、社会评议和责任追究.

《政府信息公开条例》第五十条第四项 asks the reports of each level's 人民政府 to include
"工作考核、社会评议和责任追究结果情况"; the formats place it under 总体情况 (监督保障).  For a
report whose agency is a 人民政府 (not its 办公厅/办公室 or a department), the finding comes when
neither section 一 nor section 五 names any of the three (precision first: a report that names one
has at least touched the item, and is left alone).

Fails (洪泽区 2023: 监督保障 speaks only of website maintenance)::

    （五）政府信息公开监督保障情况。进一步细化分解政府门户网站和政务新媒体内容保障责任单位……

Passes (沭阳 2025)::

    二是健全考核激励体系。将县直单位信息公开工作纳入高质量发展考核……
"""

from __future__ import annotations

import re

from ...findings import Finding
from .. import Context
from .where import section_location, section_text

CODES = ("N409",)
# 工作考核, 社会评议, 责任追究
TOPICS = re.compile(r"考核|考评|绩效|(政务公开|工作|第三方)评估|评估(分)?报告|"
                    r"评议|社会评价|群众评价|满意度(测评|调查)|社会评估|"
                    r"责任追究|追究责任|追责|问责")
_GOVERNMENT = re.compile(r"人民政府$")


def check(ctx: Context):
    rec = ctx.rec
    overview = section_text(ctx, "s1") if _GOVERNMENT.search(rec.agency or "") else None
    if overview is None:
        return
    text = overview + (section_text(ctx, "s5") or "")
    if not TOPICS.search(text):
        yield Finding("N409", location=section_location(ctx, "s1"))
