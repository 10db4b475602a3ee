"""Property-based fuzzing: no exception escapes the decoder, the readers, recognition, the expression
evaluator or the rules-file loader; every result has a status; a rules file that loads never fails on a
document.

CI runs a bounded number of examples, derandomized (a fixed seed: the same inputs on every run, so no
flaky failures; profile "ci", the default).  The long local run draws fresh random inputs:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py -q    # 10,000 examples per target
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclose_lint import expr, registry, rulesfile
from govdisclose_lint.document import ReadError, Table
from govdisclose_lint.engine import lint_document
from govdisclose_lint.findings import STATUSES
from govdisclose_lint.normalize import ParsedValue, parse_value
from govdisclose_lint.readers.decode import decode_judged
from govdisclose_lint.readers.html import read_bytes
from govdisclose_lint.readers.integrity import decode_report
from govdisclose_lint.readers.text import parse_text
from govdisclose_lint.settings import Settings
from govdisclose_lint.templates import templates
from tests.conftest import CORPUS
from tests.userrules import forget_user_rules  # noqa: F401 - autouse fixture

settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
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


@given(st.binary(max_size=6000))
def test_decoding_any_bytes(data):
    d = decode_judged(data)
    assert isinstance(d.text, str) and d.encoding and d.replaced >= 0
    for kind in ("html", "text"):
        try:
            text, notes = decode_report(data, kind)
        except ReadError as err:
            assert err.code == "E001"
            continue
        assert isinstance(text, str) and all(n.code == "E001" for n in notes)


NUMBERS = st.one_of(st.integers(-10 ** 30, 10 ** 30).map(str), st.decimals(allow_nan=False).map(str),
                    st.text(alphabet="0123456789,.-+ 　０１２万元件", max_size=40))


@given(NUMBERS)
def test_cell_values_are_bounded(raw):
    pv = parse_value(raw)
    assert isinstance(pv, ParsedValue)
    if pv.is_number:
        whole = str(abs(pv.value)).split(".")[0].split("E")[0]
        assert len(whole.lstrip("0")) <= 15
        str(pv.value.normalize())  # printable, whatever it is


CHECK_PIECES = st.sampled_from(["T3.K7.总计", "T3.{row}.总计", "T3.K3_*.总计", "T9.X.Y", "T3.K1.{col}", "{x}", "{0}",
                                "{row.__class__}", "{x:>99}", "sum(", "abs(", "max(", "(", ")", "+", "-", "*", "/",
                                ",", "==", ">=", "<", "1", "0.5", "1" * 20, " "])
LEAF = st.sampled_from(["T3.K1.总计", "T3.K2.{col}", "1", "0.5", "{x}", "sum(T3.K3_*.总计)", "max(T3.K3_*.自然人)",
                        "T3.{row}.自然人", "999999999999999", "0.0000000001", "T4.复议后起诉.总计", "T3.K99.总计",
                        "T2.行政事业性收费.本年收费金额（单位：万元）", "T3.K3_*.总计"])
EXPRESSION = st.recursive(LEAF, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from("+-*/"), inner).map(" ".join), inner.map("({})".format),
    inner.map("abs({})".format), inner.map("-{}".format),
    st.lists(inner, min_size=1, max_size=3).map(lambda xs: "min(" + ", ".join(xs) + ")")), max_leaves=12)
TARGET = st.sampled_from(["T3.K7.总计", "T3.{row}.总计", "T3.K1.{col}", "T2.行政事业性收费.本年收费金额（单位：万元）",
                          "T4.行政复议.总计", "1", "T3.K3_*.总计", "sum(T3.K3_*.总计)", "T3.K7.总计 * {x}"])
CHECK = st.one_of(st.tuples(TARGET, st.sampled_from(sorted(expr.COMPARISONS)), EXPRESSION).map(" ".join),
                  st.lists(CHECK_PIECES, min_size=1, max_size=14).map(" ".join))
MESSAGE_PIECES = st.sampled_from(["{actual}", "{expected}", "{row}", "{column}", "{", "}", "{0}", "{actual:>5}",
                                  "{actual:>900}", "{row.__class__}", "{actual!r}", "{{", "}}", "文字", "{x}", "{:}"])
MESSAGE = st.one_of(st.sampled_from(["{row}：{actual} ≠ {expected}", "{column:>8}|{actual:<3}", "固定文字 {{}}"]),
                    st.lists(MESSAGE_PIECES, min_size=1, max_size=6).map("".join))
PARAM = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10 ** 20, 10 ** 20),
                  st.text(max_size=5), st.fixed_dictionaries({"default": st.floats(0, 2), "min": st.just(0),
                                                              "max": st.floats(0, 2)}))
FOR_EACH = st.one_of(st.none(), st.just({"row": "T3.rows"}), st.just({"col": "T3.columns"}),
                     st.just({"row": "T9.rows"}),
                     st.dictionaries(st.sampled_from(["row", "x"]),
                                     st.lists(st.sampled_from(["K1", "K7", "R4", "规章", "x"]), max_size=3), max_size=2))
RULES_FILE = st.fixed_dictionaries(
    {"rules": st.just({"U900": {"name": "fuzz", "severity": "warning"}}), "message": MESSAGE, "check": CHECK,
     "for_each": FOR_EACH, "params": st.one_of(st.none(), st.dictionaries(st.just("x"), PARAM, max_size=1)),
     "versions": st.one_of(st.none(), st.sampled_from([["2021"], ["2019"], "2021", ["2030"]]))})


@pytest.fixture(scope="module")
def report():
    from govdisclose_lint.readers import read_document

    path = CORPUS / "2022_pingtan.html"
    if not path.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    return read_document(str(path))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(RULES_FILE)
def test_a_rules_file_that_loads_never_fails_on_a_document(report, spec):
    rule = dict(spec["rules"]["U900"], message={"zh": spec["message"]})
    entry = {"code": "U900", "check": spec["check"]}
    for key in ("for_each", "params", "versions"):
        if spec[key] is not None:
            entry[key] = spec[key]
    text = yaml.safe_dump({"rules": {"U900": rule}, "equations": [entry]}, allow_unicode=True)
    try:
        eqs, rules = rulesfile.load_text(text, "fuzz.yaml", registry.rules(), user=True)
    except rulesfile.RulesFileError as err:
        assert str(err).startswith("fuzz.yaml") and len(str(err)) < 2000
        return
    for r in rules:
        registry.register_user_rule(r.code, r.name, r.severity, r.message)
    result = lint_document(report, Settings(equations=tuple(eqs)))
    _check(result)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)


@given(st.dictionaries(st.sampled_from(["code", "check", "for_each", "params", "versions", "evil"]), JSON),
       st.one_of(JSON, st.just({"U901": {"name": "x", "message": {"zh": "{actual}"}}})))
def test_rules_file_of_any_shape(entry, rules):
    text = yaml.safe_dump({"rules": rules, "equations": [entry]}, allow_unicode=True)
    try:
        rulesfile.load_text(text, "fuzz.yaml", registry.rules(), user=True)
    except rulesfile.RulesFileError as err:
        assert str(err).startswith("fuzz.yaml")
