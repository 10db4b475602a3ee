"""``--format json``: the contract of rules.md (schema govdisclose-lint/1)."""

from __future__ import annotations

import json

from .summary import summarize


def render(results, stream, lang: str = "zh") -> None:
    doc = {"schema": "govdisclose-lint/1", "documents": [r.to_json() for r in results],
           "summary": summarize(results)}
    json.dump(doc, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
