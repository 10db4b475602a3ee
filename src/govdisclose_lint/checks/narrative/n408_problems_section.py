"""N408 problems-section-vague: section 五 is empty, only "无", or names no problem or no measure.

Both formats ask 五、存在的主要问题及改进情况 to be "实事求是、明确具体，避免笼统模糊、泛泛而谈":
at least one concrete shortcoming and at least one step to fix it.  The check looks for the
words such statements are made of (问题 不足 短板 有待 仍需 … / 措施 下一步 将 加强 完善 …) and
says which half is missing; it cannot judge whether a statement is specific enough.

Fails::

    五、存在的主要问题及改进情况
    无。

Passes (淮安 2024)::

    …主要表现在：一是政策解读质量仍需提升…。针对存在问题，下一步，我市将着力加强政策解读质效…
"""

from __future__ import annotations

import re

from ...findings import Finding
from .. import Context
from .where import section_location, section_text

CODES = ("N408",)
_EMPTY = re.compile(r"^(无|暂无|没有|无此项|无相关情况|本年度无|无其他)?[。．.]?$")
_PROBLEM = re.compile(r"问题|不足|短板|差距|薄弱|有待|仍需|还需|尚需|需进一步|不够|欠缺|尚未|不到位|滞后|"
                      r"不高|不强|单一|不均衡|不平衡|不规范|不及时|不充分|不全面|无法满足|不能满足|较少|偏少|缺乏")
_MEASURE = re.compile(r"措施|改进|整改|下一步|今后|将|为此|针对|加强|完善|推进|提升|强化|健全|优化|扩大|落实|"
                      r"规范|建立|开展|丰富|拓宽|做好|加大|深化|推动")
_WANTING = re.compile(r"需|待|够|足")


def check(ctx: Context):
    text = section_text(ctx, "s5")
    if text is None:
        return
    loc = section_location(ctx, "s5")
    if _EMPTY.match(text):
        yield Finding("N408", "empty", {"text": text}, loc)
        return
    problem = _PROBLEM.search(text)
    # "仍需加强" states a problem, not a measure
    measure = any(not _WANTING.search(text[max(0, m.start() - 4):m.start()]) for m in _MEASURE.finditer(text))
    if not problem and not measure:
        yield Finding("N408", "vague", {"text": text[:40]}, loc)
    elif not problem:
        yield Finding("N408", "no_problem", {"text": text[:40]}, loc)
    elif not measure:
        yield Finding("N408", "no_measure", {"text": text[:40]}, loc)
