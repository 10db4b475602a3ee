"""``--format jsonl``: one document object per line, written as soon as the document is done.

Each line is exactly ``DocumentResult.to_json()`` (the document object of the JSON contract in
rules.md), so ``jq -c`` / line-by-line readers can follow a long batch while it runs.  By default
there is no summary line: every line is a document.  ``summary=True`` (a reporter option) adds one
last line ``{"summary": {...}}``; consumers tell it apart by its only key.
"""

from __future__ import annotations

import json

from .base import Reporter


class JsonlReporter(Reporter):
    name = "jsonl"

    def document(self, result) -> None:
        # streamed: nothing is kept, so memory stays flat however long the batch
        self._line(result.to_json())

    def finish(self, summary: dict) -> None:
        if self.options.get("summary"):
            self._line({"summary": summary})

    def _line(self, obj) -> None:
        # ensure_ascii=False keeps Chinese readable; json escapes \n and \u2028 inside strings,
        # so one object is always one physical line
        self.stream.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str))
        self.stream.write("\n")
        self.stream.flush()
