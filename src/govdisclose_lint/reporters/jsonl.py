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
        # ensure_ascii=False keeps Chinese readable.  json escapes control characters but not the
        # other characters that str.splitlines() breaks on; escape those too, so that one object
        # is one line for every line reader
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
        self.stream.write(text.translate(_LINE_BREAKS) + "\n")
        self.stream.flush()


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
