"""Reporters: one module per output format, one registry.  See :mod:`.base` for the interface."""

from __future__ import annotations

import importlib

from .base import Reporter

REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("govdisclose_lint.reporters.text", "TextReporter"),
    "concise": ("govdisclose_lint.reporters.concise", "ConciseReporter"),
    "json": ("govdisclose_lint.reporters.json_report", "JsonReporter"),
    "jsonl": ("govdisclose_lint.reporters.jsonl", "JsonlReporter"),
    "sarif": ("govdisclose_lint.reporters.sarif", "SarifReporter"),
    "junit": ("govdisclose_lint.reporters.junit", "JunitReporter"),
    "github": ("govdisclose_lint.reporters.github", "GithubReporter"),
    "csv": ("govdisclose_lint.reporters.csv_report", "CsvReporter"),
    "html": ("govdisclose_lint.reporters.html_report", "HtmlReporter"),
}


def get(name: str) -> type[Reporter]:
    module, cls = REPORTERS[name]
    return getattr(importlib.import_module(module), cls)


def render(name: str, results, stream, lang: str = "zh", **options) -> None:
    """Render finished results in one go (for callers that are not streaming)."""
    from .summary import summarize

    rep = get(name)(stream, lang, **options)
    for r in results:
        rep.document(r)
    rep.finish(summarize(results))


def trial(name: str, lang: str, fail_on: str, result) -> None:
    """Render one result in a worker, into nothing, so a document the reporter cannot write becomes an
    E006 finding there instead of an exception in the parent that loses the whole batch."""
    import io
    import json

    json.dumps(result.to_json(), ensure_ascii=False)  # every format holds these values
    render(name, [result], io.StringIO(), lang, fail_on=fail_on, trial=True)
