"""``--statistics``: the number of findings per rule instead of the report, like ruff.

Text: ``count code name`` per line, most frequent first; with ``--format json``/``jsonl``, a JSON list
of ``{"code", "name", "count"}``.  Waived findings are not counted.
"""

from __future__ import annotations

import json

from .. import registry
from .base import Reporter


class StatisticsReporter(Reporter):
    name = "statistics"

    def __init__(self, stream, lang="zh", json_format: bool = False, **options):
        super().__init__(stream, lang, **options)
        self.machine = json_format

    def finish(self, summary: dict) -> None:
        rows = [{"code": code, "name": _name(code), "count": n}
                for code, n in sorted(summary["by_code"].items(), key=lambda kv: (-kv[1], kv[0]))]
        if self.machine:
            json.dump(rows, self.stream, ensure_ascii=False, indent=2)
            self.stream.write("\n")
        else:
            for r in rows:
                self.stream.write(f"{r['count']:6d}\t{r['code']}\t{r['name']}\n")
        self.stream.flush()


def _name(code: str) -> str:
    try:
        return registry.get(code).name
    except KeyError:
        return ""
