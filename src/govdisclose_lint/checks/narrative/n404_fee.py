"""N404 fee-not-reported: 2021 format, section 六 does not say what 信息处理费 was charged.

The 2021 format (国办公开办函〔2021〕30号) asks section 六、其他需要报告的事项 to report the
information-processing fees charged: an amount ("收取信息处理费3940元", "0元") or an explicit
statement that none was charged ("无收取信息处理费情况", "未发生政府信息公开收费事项").
Three findings:

* ``default`` — section 六 says neither (e.g. only "无。");
* ``elsewhere`` — it is said, but in another section;
* ``contradiction`` — the text states a fee in one place and says none was charged in another.

Fails::

    六、其他需要报告的事项
    无。

Passes::

    六、其他需要报告的事项
    2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。
"""

from __future__ import annotations

import re

from ...findings import Finding
from .. import Context
from .where import paragraph_location, readable_section, section_heading, section_location, text_sentences

CODES = ("N404",)
_FEE = re.compile(r"处理费|(信息公开|依申请|申请)[^。；，]{0,10}收费")
_AMOUNT = re.compile(r"(收取|收费|缴纳|共计|合计|金额)[^。；]{0,24}?(?P<n>\d+(\.\d+)?)(万)?元")
_NONE = re.compile(r"(未|没有|无|零)(发生|产生|出现)?[^。；，]{0,8}?(收取|收费)|(收取|收费)[^。；，]{0,4}?(情况|事项)?为?(无|零)")


def check(ctx: Context):
    rec = ctx.rec
    if rec.version != "2021" or not readable_section(ctx, "s6"):
        return
    stated, none = [], []
    for s in text_sentences(ctx):
        if not _FEE.search(s.norm):
            continue
        m = _AMOUNT.search(s.norm)
        if m and float(m.group("n")) > 0:
            stated.append((s, m))
        elif m or _NONE.search(s.norm):
            none.append((s, m or _NONE.search(s.norm)))
    in_six = [s for s, _ in stated + none if s.section == "s6"]
    if stated and none:
        (s, m), (other, n) = stated[0], none[0]
        yield Finding("N404", "contradiction", {"amount": s.original(m.start("n"), m.end()),
                                                "excerpt": s.excerpt(m.start("n"), m.end(), 16),
                                                "other": other.excerpt(n.start(), n.end(), 16)},
                      paragraph_location(ctx, other, n.start()))
    elif not in_six:
        loc = section_location(ctx, "s6")
        if stated or none:
            where = (stated or none)[0][0]
            yield Finding("N404", "elsewhere", {"section": section_heading(ctx, where.section) or ""}, loc)
        else:
            yield Finding("N404", params={}, location=loc)
