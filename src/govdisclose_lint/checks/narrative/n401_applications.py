"""N401 text-contradicts-t3: a figure about requests in the text differs from 表三.

The figures are those :mod:`.figures` finds with the vocabulary of ``rules/narrative.yaml``:
收到/受理 … N 件 (本年新收, or 本年新收 + 上年结转), 新收, 上年结转, 结转下年度, 办结/答复,
予以公开 … 其他处理 and their sub-items, the applicants of a count ("其中自然人 741 件"), and a
share stated with a count ("占4.34%").

Fails (上海 2019: 表三 予以公开 272 + 部分公开 3 = 275)::

    予以公开及部分公开258件，占33.9%

Passes (沭阳 2025: 受理 = 本年新收 713 + 上年结转 36)::

    全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件
"""

from __future__ import annotations

from .compare import checker

CODES = ("N401",)
check = checker("N401")
