"""--format junit: parses, counts per document, one test case per rule, Chinese kept."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from govdisclose_lint.reporters.junit import JunitReporter

from .util import render


def junit(results, lang="zh", **options):
    text = render(JunitReporter, results, lang, **options)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))  # as a file on disk would be read
    assert root.tag == "testsuites"
    return text, root


def cases(suite):
    return {c.get("name"): c for c in suite.findall("testcase")}


def counts(el):
    return tuple(int(el.get(k)) for k in ("tests", "failures", "errors", "skipped"))


def test_pingtan_one_failing_rule(linted):
    r = linted("2020_pingtan.html")
    text, root = junit([r])
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == r.path and counts(suite) == (2, 1, 0, 0) == counts(root)
    c = cases(suite)
    assert list(c) == ["document readable", "A302 t3-result-total-mismatch"]
    assert len(c["document readable"]) == 0  # passing
    assert all(case.get("classname") == r.path for case in c.values())
    failure = c["A302 t3-result-total-mismatch"].find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message").startswith("2 条问题：表三“（七）总计”“自然人”应为 26")
    assert "应为 27（（一）至（六）各项之和），实际为 21" in failure.text
    assert "T3 / 三、本年度办理结果 / （七）总计 / 总计" in failure.text and "expected=27 actual=21" in failure.text
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props == {"status": "checked", "format_version": "2019", "year": "2020", "agency": "平潭综合实验区",
                     "title": "平潭综合实验区2020年政府信息公开工作年度报告"}
    assert "平潭综合实验区" in text  # UTF-8 text, not character references


def test_batch_counts_on_real_reports(linted):
    names = ["2020_xigong.txt", "2023_hongzequ.pdf", "2024_huaianshi.pdf", "empty", "2020_pingtan-flat.txt"]
    _, root = junit([linted(n) for n in names], fail_on="warning")
    xigong, hongze, huaian, empty, flat = root.findall("testsuite")
    # 西工区 with --fail-on warning: S107 errors and an S103 warning fail; L601 and C201 are info and pass
    c = cases(xigong)
    assert list(c) == ["document readable", "L601 typography", "C201 blank-cell", "S107 table-shape",
                       "S103 heading-wording"]
    assert counts(xigong) == (5, 2, 0, 0)
    s107 = c["S107 table-shape"].find("failure")
    assert s107.get("type") == "error" and s107.get("message").startswith("3 条问题：表三")
    assert s107.text.count("[error] ") == 3
    assert c["S103 heading-wording"].find("failure").get("type") == "warning"
    for info in ("L601 typography", "C201 blank-cell"):
        assert c[info].find("failure") is None and c[info].find("system-out").text.startswith("[info] ")
    assert "第47行" in c["C201 blank-cell"].find("system-out").text
    # 洪泽区 PDF: A304 with its page
    a304 = cases(hongze)["A304 t4-total-mismatch"].find("failure")
    assert "第4页" in a304.text and "T4 / 行政复议 / 总计" in a304.text
    assert counts(hongze) == (5, 4, 0, 0)
    # 淮安市: clean, one passing test case
    assert counts(huaian) == (1, 0, 0, 0) and len(huaian.find("testcase")) == 0
    # zero bytes: an error, with the E001 message
    assert counts(empty) == (1, 0, 1, 0)
    err = empty.find("testcase").find("error")
    assert err.get("type") == "unreadable" and "文件为空" in err.text and "unreadable" in err.get("message")
    # flattened text: partial (T2 rows left unread), so an error; the real A302 fails; S105 says which rows
    # were read and which were left (info)
    assert counts(flat) == (3, 1, 1, 0)
    assert sorted(cases(flat)) == ["A302 t3-result-total-mismatch", "S105 table-missing", "document readable"]
    assert counts(root) == tuple(sum(counts(s)[i] for s in root) for i in range(4)) == (15, 7, 2, 0)


def test_odd_results_waived_and_control_characters(odd_results):
    odd_results[-1].findings[0].message += "\x0b\x00"  # not representable in XML 1.0
    text, root = junit(odd_results)
    encrypted, partial, unsupported, odd = root.findall("testsuite")
    assert [s.find("testcase/error").get("type") for s in (encrypted, partial, unsupported)] == \
        ["encrypted", "partial", "unsupported"]
    assert "文件需要打开密码" in encrypted.find("testcase/error").text
    c = cases(odd)
    assert counts(odd) == (4, 1, 0, 0)
    s101 = c["S101 section-missing"].find("failure")
    assert s101.get("message") == "缺少第二部分“二、主动公开政府信息情况”"
    assert s101.text == "[error] 缺少第二部分“二、主动公开政府信息情况”"  # no location, no crash
    assert "\x0b" not in text and "\x00" not in text
    a302 = c["A302 t3-result-total-mismatch"]
    assert a302.find("failure") is None and "已豁免：经核实" in a302.find("system-out").text
    assert odd.get("name") == "reports/bare, odd:name.html"
    assert {p.get("name") for p in odd.find("properties")} == {"status", "format_version"}


def test_english_labels(linted):
    _, root = junit([linted("2023_hongzequ.pdf", "en"), linted("empty", "en")], "en")
    a304 = next(c for c in root.iter("testcase") if c.get("name") == "A304 t4-total-mismatch").find("failure")
    assert a304.get("message").startswith("2 findings: ") and "page 4" in a304.text
    assert "status: unreadable" in root.find("testsuite[2]/testcase/error").get("message")


def test_junitparser_reads_it(linted, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    path = tmp_path / "report.xml"
    path.write_text(render(JunitReporter, [linted("2020_pingtan.html"), linted("empty")]), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(path))
    suites = list(xml)
    assert [s.name for s in suites][1].endswith("empty.docx")
    assert (suites[0].tests, suites[0].failures, suites[1].errors) == (2, 1, 1)
    outcome = {case.name: [type(r).__name__ for r in case.result] for case in suites[0]}
    assert outcome == {"document readable": [], "A302 t3-result-total-mismatch": ["Failure"]}


def test_failures_follow_fail_on(linted):
    """Default --fail-on error: the S103 warning passes (listed); never: nothing fails but unreadable files."""
    results = [linted("2020_xigong.txt"), linted("empty")]
    _, root = junit(results)
    xigong, empty = root.findall("testsuite")
    assert cases(xigong)["S103 heading-wording"].find("failure") is None and counts(xigong) == (5, 1, 0, 0)
    _, root = junit(results, fail_on="never")
    xigong, empty = root.findall("testsuite")
    assert counts(xigong) == (5, 0, 0, 0) and counts(empty) == (1, 0, 1, 0)
