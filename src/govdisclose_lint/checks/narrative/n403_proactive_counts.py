"""N403 text-contradicts-t2: a count of 规章, (行政)规范性文件, 行政许可, 行政处罚 or 行政强制 differs from 表二.

The word must stand right before the number ("行政规范性文件 13 件", not "规范性文件类信息68条");
废止 and 现行有效 in the clause pick those columns, otherwise 本年制发件数 (2021) or 本年新制作 /
本年新公开数量 (2019).  Sentences about a gazette, interpretations, clean-ups or filings are skipped
(公报, 解读, 清理, 备案 …): their counts are not the table's.

Fails (表二 行政规范性文件 现行有效件数 698)::

    集中公开现行有效行政规范性文件689件

Passes (平潭 2022)::

    集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件
"""

from __future__ import annotations

from .compare import checker

CODES = ("N403",)
check = checker("N403")
