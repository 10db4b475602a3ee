"""--format jsonl: one DocumentResult.to_json() per line, streamed."""

from __future__ import annotations

import io
import json

from govdisclose_lint.reporters.jsonl import JsonlReporter
from govdisclose_lint.reporters.summary import summarize

from .util import render


def test_one_line_per_document_equal_to_to_json(linted):
    results = [linted("2020_pingtan.html"), linted("2023_hongzequ.pdf"), linted("2024_huaianshi.pdf"),
               linted("empty")]
    lines = render(JsonlReporter, results).splitlines()
    assert len(lines) == 4
    docs = [json.loads(line) for line in lines]
    assert docs == [json.loads(json.dumps(r.to_json(), ensure_ascii=False)) for r in results]
    pingtan, hongze, huaian, empty = docs
    assert [f["code"] for f in pingtan["findings"]] == ["A302", "A302"]
    assert pingtan["findings"][1]["location"]["column"] == "总计"
    assert (pingtan["findings"][1]["expected"], pingtan["findings"][1]["actual"]) == (27, 21)
    assert {f["location"]["page"] for f in hongze["findings"] if f["code"] == "A304"} == {4}
    assert huaian["status"] == "checked" and huaian["findings"] == []
    assert empty["status"] == "unreadable" and [f["code"] for f in empty["findings"]] == ["E001"]
    assert "平潭综合实验区" in lines[0]  # Chinese written as is, not \u escapes


def test_streams_and_flushes_in_document(linted):
    class Spy(io.StringIO):
        flushes = 0

        def flush(self):
            Spy.flushes += 1
            super().flush()

    out = Spy()
    rep = JsonlReporter(out, "zh")
    rep.document(linted("2020_pingtan.html"))
    assert out.getvalue().count("\n") == 1 and Spy.flushes >= 1  # written before the run ends
    rep.document(linted("2020_xigong.txt"))
    assert out.getvalue().count("\n") == 2
    rep.finish(summarize([]))
    assert out.getvalue().count("\n") == 2  # no summary line by default
    assert rep.results == []  # nothing kept


def test_optional_summary_line(linted):
    results = [linted("2020_pingtan.html"), linted("2020_xigong.txt")]
    lines = render(JsonlReporter, results, summary=True).splitlines()
    assert len(lines) == 3
    last = json.loads(lines[-1])
    assert list(last) == ["summary"]
    assert last["summary"]["documents"] == 2 and last["summary"]["by_code"]["A302"] == 2


def test_odd_results_and_line_separators(odd_results):
    odd_results[-1].findings[1].message += "\u2028next\x85end"
    lines = render(JsonlReporter, odd_results).splitlines()  # splitlines() also splits on U+2028/U+0085
    assert len(lines) == 4
    docs = [json.loads(line) for line in lines]
    assert [d["status"] for d in docs] == ["encrypted", "partial", "unsupported", "checked"]
    bare, info, waived = docs[3]["findings"]
    assert bare["location"] == {} and info["message"].endswith("\u2028next\x85end")
    assert waived["waived"] is True and waived["waiver"].startswith("经核实")
