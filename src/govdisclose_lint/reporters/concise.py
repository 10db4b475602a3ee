"""``--format concise``: one line per finding, ``path:page:row:col: CODE message``, like ruff's.

``page`` is the PDF page (1 for formats without pages); ``row`` and ``col`` are 1-based in the source
table when the finding points at a cell, else ``row`` is the text line (0 when there is none) and
``col`` 0.  The template's place (table, row and column labels) follows the message in brackets.
Waived findings are left out; a document that could not be fully checked shows its E-findings.  A
last line counts the findings (not with ``--quiet``).
"""

from __future__ import annotations

from ..paths import shown
from .base import Reporter

TOTAL = {"zh": "共 {n} 条问题，{d} 份文档", "en": "Found {n} findings in {d} documents"}


class ConciseReporter(Reporter):
    name = "concise"
    machine = False

    def __init__(self, stream, lang="zh", **options):
        super().__init__(stream, lang, **options)
        self.count = 0

    def document(self, result) -> None:
        path = shown(result.path)
        for f in result.findings:
            if f.waived:
                continue
            self.count += 1
            self.stream.write(f"{path}:{position(f)}: {f.code} {f.message}{place(f)}\n")
        self.stream.flush()

    def finish(self, summary: dict) -> None:
        if not self.options.get("quiet"):
            self.stream.write(TOTAL.get(self.lang, TOTAL["zh"]).format(n=self.count, d=summary["documents"]) + "\n")


def position(f) -> str:
    loc = f.location
    row = loc.source_row + 1 if loc.source_row is not None else (loc.line or 0)
    col = loc.source_col + 1 if loc.source_col is not None else 0
    return f"{loc.page or 1}:{row}:{col}"


def place(f) -> str:
    loc = f.location
    parts = [p for p in (loc.table, loc.block, loc.group, loc.row, loc.column) if p]
    return f" [{' / '.join(parts)}]" if parts else ""
