"""Property-based fuzzing: no exception escapes the readers, recognition or the expression evaluator,
and every result has a status.

CI runs a bounded number of examples (profile "ci"). The long run is:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py -q    # 10,000 examples per target
"""

from __future__ import annotations

import os
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclose_lint import expr
from govdisclose_lint.document import ReadError, Table
from govdisclose_lint.engine import lint_document
from govdisclose_lint.findings import STATUSES
from govdisclose_lint.readers.html import read_bytes
from govdisclose_lint.readers.text import parse_text
from govdisclose_lint.templates import templates

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# the vocabulary real reports are made of: template labels, headings, numbers, junk
LABELS = sorted({r.label for t in templates().values() for tab in t.tables.values() for r in tab.rows}
                | {c.key for t in templates().values() for tab in t.tables.values() for r in tab.rows
                   for c in r.columns}
                | {s.heading for t in templates().values() for s in t.sections}
                | {"第二十条第（一）项", "第二十条第（五）项", "信息内容", "申请人情况", "法人或其他组织", "行政复议",
                   "行政诉讼", "未经复议直接起诉", "复议后起诉", "三、本年度办理结果", "（三）不予公开", "（六）其他处理"})
CELL = st.one_of(st.sampled_from(LABELS), st.integers(-10**6, 10**9).map(str),
                 st.sampled_from(["", "-", "—", "/", "无", "１２", "1,234", "12.5", "73802895.90元", "N/A", "详见附件"]),
                 st.text(max_size=12))
ROWS = st.lists(st.lists(CELL, min_size=0, max_size=16), min_size=0, max_size=40)


def _check(result):
    assert result.status in STATUSES
    for f in result.findings:
        assert f.code and f.severity in ("error", "warning", "info") and f.message


def _check_html(data: bytes):
    try:
        doc = read_bytes(data, "fuzz.html")
    except ReadError as err:  # refusing is fine; raising anything else is not
        assert err.code.startswith("E")
        return
    _check(lint_document(doc))


@given(st.text(max_size=3000))
def test_text_reader_and_pipeline_on_any_text(text):
    _check(lint_document(parse_text(text)))


@given(st.lists(st.one_of(st.sampled_from(LABELS), st.text(max_size=20),
                          st.lists(CELL, max_size=12).map("\t".join),
                          st.lists(CELL, max_size=12).map(lambda c: "| " + " | ".join(c) + " |")), max_size=80))
def test_text_reports_made_of_report_pieces(lines):
    _check(lint_document(parse_text("\n".join(lines))))


@given(st.binary(max_size=4000))
def test_html_reader_on_any_bytes(data):
    _check_html(data)


HTML_CELL = st.tuples(CELL, st.integers(0, 4), st.integers(0, 4), st.sampled_from(["td", "th"]))


@given(st.lists(st.lists(HTML_CELL, max_size=10), max_size=30), st.lists(st.sampled_from(LABELS), max_size=8))
def test_html_tables_with_any_spans(rows, paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    table = "".join("<tr>" + "".join(f'<{t} rowspan="{rs}" colspan="{cs}">{txt}</{t}>' for txt, rs, cs, t in row)
                    + "</tr>" for row in rows)
    data = f"<html><body>{body}<table>{table}</table></body></html>".encode("utf-8")
    _check_html(data)


@given(st.lists(ROWS, min_size=1, max_size=4), st.lists(st.sampled_from(LABELS), max_size=10),
       st.sampled_from([True, False]))
def test_recognition_on_any_grids(tables, paragraphs, spans_known):
    doc = parse_text("\n".join(paragraphs))
    for rows in tables:
        t = Table.from_rows(len(doc.tables), rows, spans_known=spans_known)
        doc.tables.append(t)
        doc.table_order.append(len(doc.paragraphs) + len(doc.tables))
    _check(lint_document(doc))


TOKENS = st.sampled_from(["T3.K7.总计", "T3.K3_*.自然人", "T4.行政复议.总计", "sum(", "min(", "max(", "abs(", "(", ")",
                          "+", "-", "*", "/", "==", ">=", "<", ",", "1", "0.5", "x", "T3.K1", "eval(", "__import__",
                          ";", "'", "\"", " "])


@given(st.one_of(st.lists(TOKENS, max_size=25).map(" ".join), st.text(max_size=60)),
       st.dictionaries(st.sampled_from(["K1", "K7", "K3_1", "K3_2"]), st.integers(-5, 5), max_size=4))
def test_expression_evaluator(text, values):
    try:
        node = expr.parse(text)
    except expr.ExprError:
        return
    lookup = lambda t, r, c: Decimal(values[r]) if r in values else None  # noqa: E731
    try:
        out = expr.evaluate(node, lookup, ["K1", "K7", "K3_1", "K3_2"])
    except expr.ExprError:
        return  # e.g. a wildcard outside sum()
    assert out is None or isinstance(out, (bool, Decimal))
