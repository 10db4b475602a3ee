"""End to end on the real corpus, through the command line (the issue's acceptance criteria)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(*args, cwd=None):
    from tests.cli_helpers import lint  # the real entry point, in this process

    return lint(*args, cwd=cwd)


def lint_json(path):
    code, out, err = run("check", path, "--format", "json")
    assert "Traceback" not in err, err
    return code, json.loads(out)["documents"][0]


def codes(doc):
    return [f["code"] for f in doc["findings"]]


def test_xigong_2020(corpus):
    code, doc = lint_json(corpus("2020_xigong.txt"))
    assert (doc["format_version"], doc["year"], doc["agency"]) == ("2019", 2020, "西工区城市管理局")
    assert code == 1
    blank_rows = {f["location"]["row"] for f in doc["findings"] if f["code"] == "C201"}
    assert {"（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"} <= blank_rows
    s107 = [f for f in doc["findings"] if f["code"] == "S107"]
    assert any(f["actual"] == 11 and f["location"]["row"] == "3.补正后申请内容仍不明确" for f in s107)
    assert any(f["code"] == "L601" and "and" in f["message"] for f in doc["findings"])
    assert not [c for c in codes(doc) if c.startswith("A30")]


def test_shanghai_2019_blank_total_column(corpus):
    _, doc = lint_json(corpus("2019_shanghai-bgt.html"))
    assert (doc["status"], doc["format_version"], doc["year"]) == ("checked", "2019", 2019)
    assert len([f for f in doc["findings"] if f["code"][0] != "N"]) <= 6  # N401/N402: issue 11
    blank_total = [f for f in doc["findings"] if f["code"] == "A301"]
    assert len(blank_total) == 1 and blank_total[0]["location"]["column"] == "总计"


def test_pingtan_2020_result_total(corpus):
    _, doc = lint_json(corpus("2020_pingtan.html"))
    a302 = {f["location"]["column"]: (f["expected"], f["actual"]) for f in doc["findings"] if f["code"] == "A302"}
    assert a302 == {"总计": (27, 21), "自然人": (26, 20)}


@pytest.mark.parametrize("name,version,year", [("2019_pingtan.html", "2019", 2019),
                                               ("2021_pingtan.html", "2021", 2021),
                                               ("2022_pingtan.html", "2021", 2022)])
def test_pingtan_series(corpus, name, version, year):
    _, doc = lint_json(corpus(name))
    assert (doc["status"], doc["format_version"], doc["year"]) == ("checked", version, year)
    assert not [c for c in codes(doc) if c.startswith("A30")]
    if year == 2022:
        s103 = [f for f in doc["findings"] if f["code"] == "S103"]
        assert s103 and "行政法复议" in s103[0]["message"]


def test_flattened_text_is_partial_not_guessed(corpus):
    code, doc = lint_json(corpus("2020_pingtan-flat.txt"))
    assert doc["status"] == "partial" and code == 3  # T2 rows whose numbers split several ways
    assert "S105" in codes(doc)
    # the unambiguous T3 rows are read: the real imbalance of the web page is found, nothing else
    a302 = {f["location"]["column"]: (f["expected"], f["actual"]) for f in doc["findings"] if f["code"] == "A302"}
    assert a302 == {"总计": (27, 21), "自然人": (26, 20)}
    assert not [c for c in codes(doc) if c[0] in "AC" and c != "A302"]


def test_unknown_format_is_one_line_exit_2(corpus):
    code, out, err = run("check", corpus("2020_xigong.txt"), "--format", "xml")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1


def test_missing_file_is_exit_2(tmp_path):
    code, out, err = run("check", tmp_path / "nope.pdf", "--format", "json")
    assert code == 2 and out == "" and "nope.pdf" in err and len(err.strip().splitlines()) == 1


def test_english_messages_keep_codes(corpus):
    _, out, _ = run("check", corpus("2020_pingtan.html"), "--format", "json", "--lang", "en")
    doc = json.loads(out)["documents"][0]
    assert codes(doc) == ["A302", "A302"]
    assert "should be 26" in " ".join(f["message"] for f in doc["findings"])


def test_text_output_on_gbk_console_and_pipe(corpus):
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", str(corpus("2023_hongzequ.pdf"))],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
    text = proc.stdout.decode("gbk")
    assert "A304" in text and "应为 11" in text


def test_fail_on_never_and_warning(corpus):
    assert run("check", corpus("2022_pingtan.html"), "--fail-on", "never")[0] == 0
    assert run("check", corpus("2022_pingtan.html"))[0] == 0
    assert run("check", corpus("2022_pingtan.html"), "--fail-on", "warning")[0] == 1


def test_folder_is_recursed_in_order(corpus_dir):
    code, out, _ = run("check", corpus_dir, "--format", "json")
    paths = [d["path"] for d in json.loads(out)["documents"]]
    assert paths == sorted(paths) and len(paths) >= 15
    assert code == 3  # the flattened text copies cannot be fully checked


def test_huaianshi_pdf_is_clean(corpus):
    code, doc = lint_json(corpus("2024_huaianshi.pdf"))
    assert (doc["status"], doc["format_version"], doc["year"], doc["agency"]) == \
        ("checked", "2021", 2024, "淮安市人民政府")
    assert not [f for f in doc["findings"] if f["code"][0] in "AC" and f["severity"] == "error"]
    assert code == 0


def test_hongzequ_pdf_defects_with_pages(corpus):
    code, doc = lint_json(corpus("2023_hongzequ.pdf"))
    a304 = {(f["location"]["row"], f["expected"], f["actual"], f["location"]["page"])
            for f in doc["findings"] if f["code"] == "A304"}
    assert a304 == {("行政复议", 11, 0, 4), ("复议后起诉", 5, 0, 4)}
    s107 = [f for f in doc["findings"] if f["code"] == "S107"]
    assert len(s107) == 1 and s107[0]["location"]["group"] == "（六）其他处理"
    assert code == 1


def test_machine_formats_are_utf8_on_a_gbk_console(corpus):
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", str(corpus("2020_pingtan.html")),
                           "--format", "json"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    doc = json.loads(proc.stdout.decode("utf-8"))["documents"][0]
    assert doc["agency"] == "平潭综合实验区" and "（七）总计" in doc["findings"][0]["message"]
