"""Exit codes that mean what the README says, and ruff's conventions (issue 9 §3, §5, §7, §8; issue 10
S1/S4/S6/S7, B3–B6): through the CLI in this process, inputs built from corpus files."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time

import pytest

from tests.cli_helpers import codes, docs, lint

ONE_LINE = re.compile(r"^[^\n]+\n?$")


def one_line_exit_2(result, *words):
    code, out, err = result
    assert code == 2 and out == "" and ONE_LINE.match(err), (code, out, err)
    assert "Traceback" not in err and all(w.lower() in err.lower() for w in words), err
    return err


@pytest.fixture
def report(corpus, tmp_path):
    path = tmp_path / "pingtan.html"
    shutil.copyfile(corpus("2020_pingtan.html"), path)
    return path


# --- §3 exit codes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["check", "{r}", "-o", "{t}/missing/out.json"],
                                  ["check", "{r}", "--write-baseline", "{t}/missing/base.yaml"],
                                  ["extract", "{r}", "-o", "{t}/missing/cells.json"],
                                  ["check", "{r}", "-o", "{r}/out.json"],  # the parent is a file
                                  ["check", "{r}", "-o", "{t}"]])  # a folder
def test_output_that_cannot_be_written_is_exit_2_before_linting(args, report, tmp_path):
    argv = [a.format(r=report, t=tmp_path) for a in args]
    one_line_exit_2(lint(*argv), "cannot write")
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_is_exit_2_with_one_line(report):
    one_line_exit_2(lint("check", report, "--format", "json", "-o", "/dev/full"), "no space left")


def test_a_failed_run_leaves_the_old_report_whole(report, tmp_path):
    out = tmp_path / "r.json"
    assert lint("check", report, "--format", "json", "-o", out)[0] == 1
    before = out.read_bytes()
    one_line_exit_2(lint("check", report, "--format", "json", "-o", out, "--config", tmp_path / "nope.toml"))
    assert out.read_bytes() == before and json.loads(before)["documents"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_path_that_does_not_exist_is_exit_2(report, tmp_path):
    one_line_exit_2(lint("check", report, tmp_path / "nope.pdf"), "nope.pdf", "no such file")


def test_nothing_to_check(tmp_path):
    """An empty folder or one with only other files: exit 2 saying so; all excluded: said, exit 0."""
    (tmp_path / "empty").mkdir()
    one_line_exit_2(lint("check", tmp_path / "empty"), "no report files")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "table.xls").write_bytes(b"x")
    one_line_exit_2(lint("check", tmp_path / "other"), "no report files")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text("草稿", encoding="utf-8")
    code, out, err = lint("check", tmp_path / "drafts", "--exclude", "*.txt")
    assert code == 0 and "nothing checked" in err and "没有检查任何文档" in out and "未发现问题" not in out


def test_github_summary_of_a_run_that_checked_nothing(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("草稿", encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert lint("check", tmp_path / "a.txt", "--format", "github", "--force-exclude", "--exclude", "a.txt")[0] == 0
    text = summary.read_text(encoding="utf-8")
    assert "没有检查任何文档" in text and "没有发现问题" not in text


def test_fail_on_never_does_not_hide_unchecked_files(tmp_path, report):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert lint("check", report, empty, "--fail-on", "never")[0] == 3
    assert lint("check", report, "--fail-on", "never")[0] == 0
    assert lint("check", report, empty, "--exit-zero")[0] == 0


@pytest.mark.parametrize("fail_on,failures", [("error", 1), ("never", 0), ("info", 1)])
def test_junit_failures_follow_fail_on(fail_on, failures, report):
    import xml.etree.ElementTree as ET

    code, out, _ = lint("check", report, "--format", "junit", "--fail-on", fail_on)
    root = ET.fromstring(out.encode("utf-8"))
    assert int(root.get("failures")) == failures and code == (1 if failures else 0)


# --- configuration and waiver files (§3, issue 10 S1, S4, S6, S7) --------------------------------------

def test_toml_with_a_bom_is_read_and_gbk_is_exit_2_naming_file_and_line(report, tmp_path):
    cfg = tmp_path / "govdisclose-lint.toml"
    cfg.write_bytes("\ufeffignore = [\"A3\"]\n".encode("utf-8"))
    code, out, _ = lint("check", report, "--format", "json", "--config", cfg)
    assert code == 0 and "A302" not in codes(docs(out)[0])
    cfg.write_bytes('# 本地配置：忽略勾稽关系\nignore = ["A3"]\n'.encode("gbk"))
    one_line_exit_2(lint("check", report, "--config", cfg), "govdisclose-lint.toml:1", "UTF-8")


def test_config_file_with_a_tool_table_under_any_name(report, tmp_path):
    cfg = tmp_path / "lint-settings.toml"
    cfg.write_text('[tool.govdisclose-lint]\nignore = ["A3"]\n', encoding="utf-8")
    code, out, _ = lint("check", report, "--format", "json", "--config", cfg)
    assert code == 0 and "A302" not in codes(docs(out)[0])


@pytest.mark.parametrize("option,value", [("--timeout", "inf"), ("--timeout", "nan"), ("--timeout", "1e300"),
                                          ("--memory", str(2**43)), ("--jobs", "0"), ("--timeout", "0")])
def test_numeric_options_have_finite_ranges(option, value, report):
    t0 = time.monotonic()
    code, out, err = lint("check", report, option, value)
    assert code == 2 and out == "" and option in err and time.monotonic() - t0 < 10


@pytest.mark.parametrize("toml", ["timeout = nan", "timeout = inf", "memory = 8796093022208", "jobs = 0",
                                  "[rules.A307]\nthreshold = nan", "[rules.A307]\nthreshold = 1e300"])
def test_numeric_configuration_has_finite_ranges(toml, report, tmp_path):
    (tmp_path / "govdisclose-lint.toml").write_text(toml + "\n", encoding="utf-8")
    one_line_exit_2(lint("check", report.name, cwd=tmp_path), "govdisclose-lint.toml")


def waiver_file(tmp_path, body: bytes | str) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return str(path)


ENTRY = "waivers:\n  - document: '*.html'\n    code: A302\n    reason: 已核实\n    expires: {expires}\n"


@pytest.mark.parametrize("expires,words", [("2027-13-31", ["waiver 1", "not a valid date"]),
                                           ("2027-13-45", ["waiver 1", "not a valid date"]),
                                           ("2027-01-31 10:00:00", ["waiver 1", "YYYY-MM-DD"]),
                                           ("[2027-01-31]", ["waiver 1", "string"])])
def test_waiver_dates(expires, words, report, tmp_path):
    path = waiver_file(tmp_path, ENTRY.format(expires=expires))
    one_line_exit_2(lint("check", report, "--waivers", path), "waivers.yaml:2", *words)


@pytest.mark.parametrize("body,words", [
    ("waivers:\n  - {document: '*.html', code: [A302], reason: r, expires: '2099-01-01'}\n", ["code", "string"]),
    ("waivers:\n  - {document: 123, code: A302, reason: r, expires: '2099-01-01'}\n", ["document", "string"]),
    ("waivers:\n  - {document: x, code: E001, reason: r, expires: '2099-01-01'}\n", ["cannot be waived"])])
def test_waiver_entries_of_the_wrong_type(body, words, report, tmp_path):
    one_line_exit_2(lint("check", report, "--waivers", waiver_file(tmp_path, body)), "waivers.yaml:2", *words)


def test_waiver_file_in_gbk(report, tmp_path):
    path = waiver_file(tmp_path, ENTRY.format(expires="2099-01-31").replace("已核实", "经核实，原报告已更正").encode("gbk"))
    one_line_exit_2(lint("check", report, "--waivers", path), "waivers.yaml:", "UTF-8")


def test_hostile_configuration_is_exit_2_fast(report, tmp_path):
    """10^5-deep nesting (TOML and YAML) and a 592-byte alias tree: named file and line, in a moment."""
    deep = tmp_path / "deep.toml"
    deep.write_text("ignore = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    t0 = time.monotonic()
    one_line_exit_2(lint("check", report, "--config", deep), "deep.toml:1", "nested")
    path = waiver_file(tmp_path, "waivers:\n" + "- " * 100_000 + "x\n")
    one_line_exit_2(lint("check", report, "--waivers", path), "waivers.yaml:2", "nested")
    aliases = ["a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        aliases.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    bomb = "\n".join(aliases) + "\nwaivers:\n  - {document: x, code: A302, reason: *i, expires: '2099-01-01'}\n"
    assert len(bomb.encode()) < 1000
    path = waiver_file(tmp_path, bomb)
    err = one_line_exit_2(lint("check", report, "--waivers", path), "waivers.yaml:1", "aliases")
    assert len(err) < 300 and time.monotonic() - t0 < 20


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_waivers_or_baseline_is_refused_not_waited_on(report, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    one_line_exit_2(lint("check", report, "--waivers", fifo), "pipe.yaml", "not a regular file")
    one_line_exit_2(lint("check", report, "--write-baseline", fifo), "pipe.yaml", "FIFO")
    assert time.monotonic() - t0 < 20


# --- §5 conventions --------------------------------------------------------------------------------------

def test_select_takes_comma_lists(corpus):
    code, out, _ = lint("check", corpus("2020_xigong.txt"), "--format", "json", "--select", "C2,L6")
    found = set(codes(docs(out)[0]))
    assert found and {c[:2] for c in found} <= {"C2", "L6"} and "L601" in found and "C201" in found


def test_selecting_a_planned_rule_says_so(monkeypatch):
    # every rule of the catalogue is implemented now; one marked planned again must be named when selected
    from govdisclose_lint import checkrun, registry

    import dataclasses

    monkeypatch.setitem(registry.rules(), "M701", dataclasses.replace(registry.get("M701"), status="planned"))
    o = checkrun.Options()
    checkrun._planned_warnings(("M7",), o)
    assert len(o.warnings) == 1 and "M701" in o.warnings[0] and "planned" in o.warnings[0]
    o = checkrun.Options()
    checkrun._planned_warnings(("N401", "X5"), o)
    assert o.warnings == []


def test_selecting_an_implemented_rule_warns_nothing(report):
    code, out, err = lint("check", report, "--select", "N401", "--format", "json")
    assert err == "" and code == 0 and docs(out)[0]["status"] == "checked"


def test_quiet_prints_only_findings(report):
    code, out, err = lint("check", report, "--quiet")
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert code == 1 and err == "" and "╭" not in out and "汇总" not in out
    assert lines[0].endswith("pingtan.html") and sum("A302" in ln for ln in lines) == 2


def test_concise_format(corpus, report):
    code, out, _ = lint("check", report, corpus("2023_hongzequ.pdf"), "--format", "concise")
    lines = out.splitlines()
    pattern = re.compile(r"^(?P<path>.+):(?P<page>\d+):(?P<row>\d+):(?P<col>\d+): (?P<code>[A-Z]\d{3}) \S")
    matches = [pattern.match(ln) for ln in lines[:-1]]
    assert all(matches) and lines[-1].startswith("共 ")
    a304 = [m for m in matches if m["code"] == "A304"]
    assert [m["page"] for m in a304] == ["4", "4"] and all(m["path"].endswith("2023_hongzequ.pdf") for m in a304)


def test_one_file_run_has_a_summary_line_and_document_order(corpus):
    code, out, _ = lint("check", corpus("2020_xigong.txt"))
    assert "汇总: 1 份文档" in out
    lines = [int(m) for m in re.findall(r"第(\d+)行", out)]
    assert lines and lines == sorted(lines)


def test_text_wraps_at_the_terminal_width_and_shortens_paths(corpus, tmp_path):
    deep = tmp_path / ("很长的文件夹名称" * 6) / "子目录"
    deep.mkdir(parents=True)
    shutil.copyfile(corpus("2020_pingtan.html"), deep / "2020_pingtan.html")
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    code, out, _ = lint("check", deep / "2020_pingtan.html", env=env)
    out = re.sub(r"\x1b\[[0-9;]*m", "", out)  # bold and dim
    from rich.cells import cell_len

    assert max(cell_len(ln) for ln in out.splitlines()) <= 80
    assert "…" in out and "2020_pingtan.html" in out  # the file name survives the ellipsis
    assert "应为 27" in out.replace("\n", "") and not re.search(r"\d\n\s*\d", out)  # no number split


def test_chinese_help_usage_config_errors_and_report(report, tmp_path):
    code, out, err = lint("check", "--help", "--lang", "zh")
    assert code == 0 and "用法" in out and "选项" in out and "每个文件的时限" in out and "输出格式" in out
    code, out, err = lint("check", report, "--lang", "zh", "--timeout", "nan")
    assert code == 2 and "错误" in err and "不在范围" in err
    code, out, err = lint("check", report, "--lang", "zh", "--config", tmp_path / "nope.toml")
    assert code == 2 and "找不到配置文件" in err
    code, out, err = lint("check", report, "--timeout", "nan")  # and English again without --lang zh
    assert code == 2 and "is not in the range" in err and "Usage" not in err
    code, out, _ = lint("check", report, "--lang", "zh")
    assert "状态: 已检查" in out and " 错误 " in out and "error" not in out


def test_every_option_has_its_chinese_help():
    """A new option without a Chinese help line would show English in the middle of ``--help --lang zh``."""
    from govdisclose_lint.cli import main
    from govdisclose_lint.clitext import HELP_ZH

    missing = [f"{name} {p.name}" for name, cmd in main.commands.items() for p in cmd.params
               if getattr(p, "help", None) and p.name not in HELP_ZH]
    assert missing == []
    code, out, _ = lint("check", "--help", "--lang", "zh")
    assert code == 0 and "Dask 调度器地址" in out and "Lint every file afresh" not in out


def test_check_mark_degrades_on_a_gbk_console(corpus):
    import io

    from govdisclose_lint.engine import lint_file
    from govdisclose_lint.reporters.text import TextReporter
    from govdisclose_lint.reporters.summary import summarize

    buf = io.BytesIO()
    stream = io.TextIOWrapper(buf, encoding="gbk", errors="replace")
    rep = TextReporter(stream, "zh")
    result = lint_file(str(corpus("2024_huaianshi.pdf")))
    rep.document(result)
    rep.finish(summarize([result]))
    stream.flush()
    text = buf.getvalue().decode("gbk")
    assert "OK 未发现问题" in text and "?" not in text.split("未发现问题")[0][-4:]


def test_stdin(corpus):
    data = corpus("2020_pingtan.html").read_bytes()
    code, out, _ = lint("check", "-", "--format", "json", input=data)
    assert code == 1 and docs(out)[0]["path"] == "-" and codes(docs(out)[0]) == ["A302", "A302"]
    code, out, _ = lint("check", "-", "--format", "json", "--stdin-filename", "reports/xigong.txt",
                        input=corpus("2020_xigong.txt").read_bytes())
    assert docs(out)[0]["path"] == "reports/xigong.txt" and docs(out)[0]["format_version"] == "2019"


def test_version():
    from govdisclose_lint import __version__

    for flag in ("--version", "-V"):
        code, out, _ = lint(flag)
        assert code == 0 and out.strip() == f"govdisclose-lint, version {__version__}"


# --- §7 API and extract, §8 --------------------------------------------------------------------------

def test_lint_paths_takes_a_string_and_settings_take_a_string(corpus, tmp_path):
    from govdisclose_lint import Settings, lint_paths

    shutil.copyfile(corpus("2020_xigong.txt"), tmp_path / "x.txt")
    results = lint_paths(str(tmp_path), Settings(ignore="C201,L601"))
    assert [os.path.basename(r.path) for r in results] == ["x.txt"]
    assert results[0].findings and not {"C201", "L601"} & {f.code for f in results[0].findings}
    with pytest.raises(FileNotFoundError):
        lint_paths(str(tmp_path / "nope"))


def test_misspelt_cell_reference_in_a_rules_file_names_file_and_line(report, tmp_path):
    (tmp_path / "local.yaml").write_text(
        'rules:\n  U101: {name: fee-cap, severity: warning, message: {zh: "收费过高", en: "fee too high"}}\n'
        'equations:\n  - code: U101\n    check: "T2.行政事业性收费.本年收费金额（单位：元） <= 5000"\n', encoding="utf-8")
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["local.yaml"]\n', encoding="utf-8")
    one_line_exit_2(lint("check", report.name, cwd=tmp_path), "local.yaml", "line 5", "本年收费金额（单位：元）")


def test_rule_page_of_a_local_rule(tmp_path):
    (tmp_path / "local.yaml").write_text(
        'rules:\n  U101: {name: fee-cap, severity: warning, message: {zh: "收费过高", en: "fee too high"}}\n'
        'equations:\n  - code: U101\n    check: "T2.行政事业性收费.本年收费金额（单位：万元） <= 5000"\n', encoding="utf-8")
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["local.yaml"]\n', encoding="utf-8")
    code, out, _ = lint("rule", "U101", "--lang", "en", cwd=tmp_path)
    assert code == 0 and out.startswith("# U101 fee-cap") and "fee too high" in out


def test_extract_honours_exclude_and_has_a_status_column(corpus, tmp_path):
    import csv
    import io

    shutil.copyfile(corpus("2022_pingtan.html"), tmp_path / "p.html")
    (tmp_path / "drafts").mkdir()
    shutil.copyfile(corpus("2020_xigong.txt"), tmp_path / "drafts" / "x.txt")
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "govdisclose-lint.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    code, out, _ = lint("extract", ".", "--format", "csv", cwd=tmp_path)
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {(os.path.basename(r["path"]), r["status"]) for r in rows} == {("p.html", "checked"),
                                                                        ("empty.docx", "unreadable")}
    assert code == 3


def test_renamed_file_read_completely_is_checked_with_a_warning(corpus, tmp_path):
    path = tmp_path / "report.docx"
    shutil.copyfile(corpus("2024_huaianshi.pdf"), path)
    code, out, _ = lint("check", path, "--format", "json")
    assert (code, docs(out)[0]["status"], codes(docs(out)[0])) == (0, "checked", ["S109"])


@pytest.mark.skipif(sys.platform not in ("linux",), reason="file names that are not UTF-8 need a Linux file system")
@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "sarif", "junit", "github", "csv"])
def test_file_names_that_are_not_utf8(fmt, corpus, tmp_path):
    """A GBK name (from a zip made on Chinese Windows): every format writes it, escaped, and says so."""
    folder = os.fsencode(tmp_path)
    name = "2020报告.html".encode("gbk")  # b"2020\xb1\xa8\xb8\xe6.html": not UTF-8
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(corpus("2020_pingtan.html").read_bytes())
    out = tmp_path / f"report.{fmt}"
    code, _, err = lint("check", tmp_path, "--format", fmt, "-o", out, "--exclude", "report.*")
    text = out.read_text(encoding="utf-8")
    assert code == 1 and "Traceback" not in err
    escaped = "2020\\xb1\\xa8\\xb8\\xe6.html"
    if fmt in ("json", "jsonl"):
        text = json.dumps(json.loads(text.splitlines()[0] if fmt == "jsonl" else text), ensure_ascii=False)
        escaped = escaped.replace("\\", "\\\\")
    assert (escaped in text) if fmt != "sarif" else ("2020%B1%A8%B8%E6.html" in text)
    if fmt == "json":  # lossless: the escaped form gives back the name's bytes
        doc = docs(text)[0]
        raw = re.sub(rb"\\\\|\\x([0-9a-f]{2})", lambda m: bytes([int(m[1], 16)]) if m[1] else b"\\",
                     doc["path"].encode("utf-8"))
        assert doc["path_escaped"] is True and raw == os.path.join(folder, name)
