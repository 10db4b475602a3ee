"""Counts as the text writes them: 859, 3,119, 十二, 两, 二十五, 一百零三.

>>> parse_number("二十五"), parse_number("两"), parse_number("一百零三"), parse_number("3,119")
(25, 2, 103, 3119)
"""

from __future__ import annotations

import re

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN = "零〇一二两三四五六七八九十百千万"
UNITS = "件起份个宗部项条次"
# words a numeral and its "unit" can be part of
_WORDS_BEFORE = {"统一", "唯一", "同一", "单一", "逐一", "专一", "万一", "之一", "进一", "第一", "划一", "归一",
                 "合一", "不一", "某一", "另一", "每一"}
_WORDS_AFTER = {"部分", "部署", "部门", "部位", "份额", "起来", "起点", "条例", "条件", "次要", "个别", "个人",
                "件事"}
# a count followed by its unit; not part of a longer number, a decimal, a date or an ordinal (第…)
NUMBER_RE = re.compile(
    rf"(?<![\d.,第{_CN}])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|[{_CN}]*[零〇一二两三四五六七八九十][{_CN}]*)"
    rf"(?P<unit>[{UNITS}])")


def counts_here(text: str, start: int, end: int) -> bool:
    """Chinese numerals are a count unless they are part of a word: the 一 of "统一部署",
    "进一步", "一部分"."""
    if text[start].isdigit():
        return True
    if start > 0 and text[start - 1:start + 1] in _WORDS_BEFORE:
        return False
    return text[end:end + 2] not in _WORDS_AFTER


def parse_number(text: str) -> int | None:
    if not text:
        return None
    if text[0].isdigit():
        return int(text.replace(",", ""))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch == "万":
            section = (section + (digit or 0)) * 10000
            total, section, digit = total + section, 0, None
        elif ch in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return total + section + (digit or 0)
