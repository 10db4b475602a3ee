"""``--format json``: the contract of rules.md (schema govdisclose-lint/1).

Written as the documents arrive, one at a time, so memory stays flat however many there are; the
bytes are those of ``json.dump(report, indent=2, ensure_ascii=False)`` of the whole report (a test
compares them).
"""

from __future__ import annotations

import json

from .base import Reporter

SCHEMA = "govdisclose-lint/1"


def _dumps(value, indent: str) -> str:
    """``value`` as indented JSON, nested ``indent`` deep (every line after the first shifted)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


class JsonReporter(Reporter):
    name = "json"

    def __init__(self, stream, lang="zh", **options):
        super().__init__(stream, lang, **options)
        self.count = 0

    def _head(self) -> None:
        self.stream.write('{\n  "schema": ' + json.dumps(SCHEMA) + ',\n  "documents": [')

    def document(self, result) -> None:
        if self.count == 0:
            self._head()
        self.stream.write(("\n" if self.count == 0 else ",\n") + "    " + _dumps(result.to_json(), "    "))
        self.count += 1

    def finish(self, summary: dict) -> None:
        if self.count == 0:
            self._head()
            self.stream.write("],\n")
        else:
            self.stream.write("\n  ],\n")
        self.stream.write('  "summary": ' + _dumps(summary, "  ") + "\n}\n")
