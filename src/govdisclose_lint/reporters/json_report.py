"""``--format json``: the contract of rules.md (schema govdisclose-lint/1)."""

from __future__ import annotations

import json

from .base import Reporter


class JsonReporter(Reporter):
    name = "json"

    def finish(self, summary: dict) -> None:
        doc = {"schema": "govdisclose-lint/1", "documents": [r.to_json() for r in self.results],
               "summary": summary}
        json.dump(doc, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
