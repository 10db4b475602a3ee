"""N407 text-self-contradiction: the text says there were no requests, or that all were handled,
while 表三 shows requests or a carry-over.

Words of ``rules/narrative.yaml`` (assertions with scope ``request``): 未收到…申请 / 无政府信息公开
申请 (表三 本年新收 must be 0); 所有申请均已办结, 办结率100%, 无结转 (结转下年度继续办理 must be 0).

Fails (上海科委 2024: 表三 结转下年度 自然人 1, and the text itself says 转下一年度…1 件)::

    全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件，所有申请均已按要求办理完成。

Passes (平潭 2022: 结转下年度 0)::

    均在法定期限内予以答复，办结率100%。
"""

from __future__ import annotations

from .compare import checker

CODES = ("N407",)
check = checker("N407")
