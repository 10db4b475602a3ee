"""``--format json`` is written document by document, byte for byte what ``json.dump`` of the whole
report gives (nothing held until the end)."""

from __future__ import annotations

import io
import json

import pytest

from govdisclose_lint.engine import lint_file
from govdisclose_lint.reporters.json_report import SCHEMA, JsonReporter
from govdisclose_lint.reporters.summary import summarize

REPORTS = ("2020_xigong.txt", "2022_pingtan.html", "2024_shkewei.md")


@pytest.mark.parametrize("n", [0, 1, 3])
def test_streamed_bytes_are_those_of_the_whole_report(corpus, n):
    results = [lint_file(str(corpus(name))) for name in REPORTS[:n]]
    summary = summarize(results)
    out = io.StringIO()
    reporter = JsonReporter(out)
    for i, r in enumerate(results):
        reporter.document(r)
        assert out.getvalue().count('"path"') == i + 1  # written as it arrives
    assert reporter.results == []  # nothing kept
    reporter.finish(summary)
    whole = io.StringIO()
    json.dump({"schema": SCHEMA, "documents": [r.to_json() for r in results], "summary": summary}, whole,
              ensure_ascii=False, indent=2)
    assert out.getvalue() == whole.getvalue() + "\n"
    assert json.loads(out.getvalue())["summary"]["documents"] == n
