"""N402 text-contradicts-t4: a figure about 行政复议 / 行政诉讼 in the text differs from 表四.

Counts (复议 N 件, 诉讼 N 起 — 未经复议直接起诉 + 复议后起诉, or 直接起诉 alone —, 相关案件 N 件),
their results ("其中结果维持72件"), and words that state results without a number: 均获维持
(结果维持 = 总计), 均已结案 (尚未审结 = 0), 未被纠错 (结果纠正 = 0), for each block named before
them in the sentence.

Fails (上海 2019: 表四 复议 7 = 维持 5 + 尚未审结 2; 直接起诉 9 = 维持 8 + 尚未审结 1)::

    信息公开类行政复议7件，诉讼9件，均获维持

Passes (平潭 2022: 表四 复议 2, 直接起诉 1, 尚未审结 0)::

    共有行政诉讼案件1件、行政复议案件2件，均已结案
"""

from __future__ import annotations

from .compare import checker

CODES = ("N402",)
check = checker("N402")
