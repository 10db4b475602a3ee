"""--format csv: one row per finding, every document present, BOM for Excel, Chinese kept."""

from __future__ import annotations

import csv
import io

from govdisclose_lint.reporters.csv_report import COLUMNS, CsvReporter

from .util import render


def rows_of(text: str, tmp_path) -> list[dict]:
    assert text.startswith("\ufeffpath,status,format_version,year,agency,code,severity,message,section,table,"
                           "block,group,row,column,page,line,expected,actual,waived\r\n")
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8", newline="")  # as the CLI writes -o FILE
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == COLUMNS
        return list(reader)


def test_real_reports(linted, tmp_path):
    names = ["2020_pingtan.html", "2023_hongzequ.pdf", "2020_xigong.txt", "2024_huaianshi.pdf", "empty"]
    results = [linted(n) for n in names]
    rows = rows_of(render(CsvReporter, results), tmp_path)
    assert len(rows) == 2 + 5 + 8 + 1 + 1  # 洪泽区 2023: N409 too
    assert [r["path"] for r in rows] == [r.path for r in results for _ in (r.findings or [None])]
    pingtan = rows[1]
    assert pingtan == {
        "path": results[0].path, "status": "checked", "format_version": "2019", "year": "2020",
        "agency": "平潭综合实验区", "code": "A302", "severity": "error",
        "message": "表三“（七）总计”“总计”应为 27（（一）至（六）各项之和），实际为 21",
        "section": "三、收到和处理政府信息公开申请情况", "table": "T3", "block": "", "group": "三、本年度办理结果",
        "row": "（七）总计", "column": "总计", "page": "", "line": "", "expected": "27", "actual": "21", "waived": ""}
    a304 = [r for r in rows if r["code"] == "A304"]
    assert [(r["row"], r["page"], r["expected"], r["actual"]) for r in a304] == \
        [("行政复议", "4", "11", "0"), ("复议后起诉", "4", "5", "0")]
    xigong = [r for r in rows if r["agency"] == "西工区城市管理局"]
    assert sorted({r["code"] for r in xigong}) == ["C201", "L601", "S103", "S107"]
    assert [r["line"] for r in xigong if r["code"] == "C201"] == ["47", "48"]
    clean = [r for r in rows if r["path"].endswith("2024_huaianshi.pdf")]
    assert len(clean) == 1 and clean[0]["status"] == "checked" and clean[0]["code"] == "" \
        and clean[0]["agency"] == "淮安市人民政府"
    empty = rows[-1]
    assert (empty["status"], empty["code"], empty["message"]) == ("unreadable", "E001", "文件为空（0 字节或没有任何文字）")
    assert empty["year"] == "" and empty["format_version"] == ""


def test_odd_results_quoting_and_waivers(odd_results, tmp_path):
    rows = rows_of(render(CsvReporter, odd_results), tmp_path)
    assert [(r["path"], r["status"], r["code"]) for r in rows] == [
        ("reports/加密.pdf", "encrypted", "E002"), ("reports/太大.pdf", "partial", "E005"),
        ("reports/通知.txt", "unsupported", "E004"), ("reports/bare, odd:name.html", "checked", "S101"),
        ("reports/bare, odd:name.html", "checked", "L601"), ("reports/bare, odd:name.html", "checked", "A302")]
    bare, info, waived = rows[3:]
    assert all(bare[k] == "" for k in ("section", "table", "row", "column", "page", "line", "expected", "year"))
    assert info["message"] == "中文句子中夹杂英文单词“and”：“…a\nb…”"  # the newline survives quoting
    assert waived["waived"] == "经核实，原报告已在政府网站更正" and waived["expected"] == "27"


def test_streams_rows_and_empty_run(linted):
    out = io.StringIO()
    rep = CsvReporter(out, "zh")
    rep.document(linted("2020_pingtan.html"))
    assert out.getvalue().count("\r\n") == 3  # header + 2 rows, before the run ends
    rep.finish({})
    assert out.getvalue().count("\ufeff") == 1

    empty_run = io.StringIO()
    CsvReporter(empty_run, "zh").finish({})
    assert empty_run.getvalue() == "\ufeff" + ",".join(COLUMNS) + "\r\n"
