"""Folders, parallel workers, configuration, waivers, rule pages, extract (issue 4), through the CLI in
this process (CliRunner); the pool itself is tested in test_runtime.py."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.badfiles import reference_loop_pdf
from tests.cli_helpers import lint as run


def docs_of(out):
    return json.loads(out)["documents"]


def corpus_files(folder, exclude=()):
    """The report files of a corpus copy (the corpus grows; tests must not hard-code its size)."""
    from govdisclose_lint.readers import SUPPORTED_EXTENSIONS

    return [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
            and not any(part in exclude for part in p.relative_to(folder).parts)]


def test_corpus_same_order_and_findings_whatever_the_jobs(corpus_dir):
    runs = [docs_of(run("check", corpus_dir, "--format", "json", "--jobs", j)[1]) for j in (1, 2)]
    assert runs[0] == runs[1]
    paths = [d["path"] for d in runs[0]]
    assert paths == sorted(paths) and len(paths) == len(corpus_files(corpus_dir))
    assert {d["status"] for d in runs[0]} == {"checked", "partial"}


def test_exclude_glob(corpus_dir):
    _, out, _ = run("check", corpus_dir, "--format", "json", "--exclude", "excerpts", "--exclude", "*-flat.txt")
    names = [os.path.basename(d["path"]) for d in docs_of(out)]
    expected = [p for p in corpus_files(corpus_dir, exclude=("excerpts",)) if not p.name.endswith("-flat.txt")]
    assert len(names) == len(expected) and not any("flat" in n for n in names)


def test_timeout_applies_to_a_single_file(tmp_path):
    path = tmp_path / "loop.pdf"
    path.write_bytes(reference_loop_pdf())
    code, out, _ = run("check", path, "--format", "json", "--timeout", "2")
    assert code == 3 and docs_of(out)[0]["findings"][0]["code"] == "E005"


def test_config_found_from_a_subdirectory(corpus, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govdisclose-lint]\nignore = ["C2"]\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    shutil.copyfile(corpus("2020_xigong.txt"), sub / "xigong.txt")
    _, out, _ = run("check", "xigong.txt", "--format", "json", cwd=sub)
    codes = [f["code"] for f in docs_of(out)[0]["findings"]]
    assert codes and not [c for c in codes if c.startswith("C2")]
    _, out, _ = run("check", "xigong.txt", "--format", "json", "--isolated", cwd=sub)
    assert "C201" in [f["code"] for f in docs_of(out)[0]["findings"]]
    code, out, _ = run("config", cwd=sub)
    assert code == 0 and json.loads(out)["ignore"] == ["C2"]


@pytest.mark.parametrize("toml", ['select = ["A9"]', 'ignre = ["C2"]', '[tool.govdisclose-lint.rules.A307]\nthresh = 1'])
def test_bad_configuration_is_exit_2(corpus, tmp_path, toml):
    (tmp_path / "pyproject.toml").write_text(f"[tool.govdisclose-lint]\n{toml}\n", encoding="utf-8")
    shutil.copyfile(corpus("2020_xigong.txt"), tmp_path / "x.txt")
    code, out, err = run("check", "x.txt", cwd=tmp_path)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "pyproject.toml" in err


def test_rule_options_from_config(corpus, tmp_path):
    (tmp_path / "govdisclose-lint.toml").write_text("[rules.A307]\nthreshold = 0.25\n", encoding="utf-8")
    shutil.copyfile(corpus("2025_shuyangxian.txt"), tmp_path / "s.txt")  # 其他处理 19.9 %
    _, out, _ = run("check", "s.txt", "--format", "json", cwd=tmp_path)
    assert "A307" not in [f["code"] for f in docs_of(out)[0]["findings"]]


def test_waiver_silences_exactly_its_finding(corpus, tmp_path):
    report = tmp_path / "pingtan.html"
    shutil.copyfile(corpus("2020_pingtan.html"), report)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [
        {"document": str(report), "code": "A302", "location": {"table": "T3", "column": "总计"},
         "reason": "已核实", "expires": "2099-01-31"},
        {"document": str(report), "code": "A304", "reason": "未使用", "expires": "2099-01-31"},
    ]}, allow_unicode=True), encoding="utf-8")
    code, out, err = run("check", report, "--format", "json", "--waivers", waivers)
    findings = docs_of(out)[0]["findings"]
    waived = [(f["location"]["column"], f.get("waived", False)) for f in findings]
    assert sorted(waived) == [("总计", True), ("自然人", False)]
    assert code == 1  # the other A302 still counts
    assert "waiver 2" in err and "matched no finding" in err
    summary = json.loads(out)["summary"]
    assert summary["waived"] == 1 and summary["waivers"]["unused"][0]["code"] == "A304"


def test_expired_waiver_is_reported_and_not_applied(corpus, tmp_path):
    report = tmp_path / "pingtan.html"
    shutil.copyfile(corpus("2020_pingtan.html"), report)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [
        {"document": "*/pingtan.html", "code": "A302", "reason": "旧的", "expires": "2020-01-31"}]},
        allow_unicode=True), encoding="utf-8")
    code, out, err = run("check", report, "--format", "json", "--waivers", waivers)
    assert not any(f.get("waived") for f in docs_of(out)[0]["findings"])
    assert "expired on 2020-01-31" in err and code == 1


def test_baseline_then_clean(corpus, tmp_path):
    report = tmp_path / "hongze.pdf"
    shutil.copyfile(corpus("2023_hongzequ.pdf"), report)
    base = tmp_path / "baseline.yaml"
    assert run("check", report, "--write-baseline", base)[0] == 1
    entries = yaml.safe_load(base.read_text(encoding="utf-8"))["waivers"]
    assert {e["code"] for e in entries} == {"A304", "N409", "S103", "S107"} and not any("sha256" in e for e in entries)
    assert run("check", report, "--waivers", base)[0] == 0


def test_invalid_waiver_file_is_exit_2(tmp_path, corpus):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - {code: E001, document: x, reason: r, expires: 2099-01-01}\n", encoding="utf-8")
    code, _, err = run("check", corpus("2020_xigong.txt"), "--waivers", waivers)
    assert code == 2 and "cannot be waived" in err


@pytest.mark.parametrize("lang,words", [("en", ["What it checks", "Why it matters", "Failing", "Passing"]),
                                        ("zh", ["检查什么", "为什么", "不通过", "通过"])])
def test_rule_page(lang, words):
    code, out, _ = run("rule", "A303", "--lang", lang)
    assert code == 0 and out.startswith("# A303 t3-balance-mismatch")
    assert all(w in out for w in words)


def test_rule_unknown_is_exit_2():
    assert run("rule", "Z999")[0] == 2


def test_rules_table_lists_every_code():
    from govdisclose_lint import registry

    code, out, _ = run("rules", "--format", "json")
    rows = json.loads(out)
    assert [r["code"] for r in rows] == list(registry.rules())
    assert next(r for r in rows if r["code"] == "A306")["versions"] == ["2021"]


def test_statistics_replace_the_report(corpus):
    code, out, err = run("check", corpus("2023_hongzequ.pdf"), "--statistics")
    assert "     2\tA304\tt4-total-mismatch" in out.splitlines() and "╭" not in out and code == 1
    code, out, err = run("check", corpus("2023_hongzequ.pdf"), "--format", "json", "--statistics")
    assert {"code": "A304", "name": "t4-total-mismatch", "count": 2} in json.loads(out)


def test_extract_json_and_csv(corpus, tmp_path):
    code, out, _ = run("extract", corpus("2024_huaianshi.pdf"))
    doc = json.loads(out)["documents"][0]
    cells = {(c["table"], c["row_key"], c["column"]): c for c in doc["cells"]}
    assert len(cells) == 200 and code == 0
    r1 = cells[("T3", "R1", "总计")]
    assert r1["value"] == 3119 and r1["row"] == "一、本年新收政府信息公开申请数量" and r1["page"]
    out_csv = tmp_path / "x.csv"
    run("extract", corpus("2022_pingtan.html"), "--format", "csv", "-o", out_csv)
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    fee = next(r for r in rows if r["row"] == "行政事业性收费")
    assert fee["value"] == "9116.36" and fee["agency"] == "平潭综合实验区"


def test_python_api(corpus_dir):
    from govdisclose_lint import Settings, lint_file, lint_paths

    one = lint_file(str(corpus_dir / "2023_hongzequ.pdf"))
    assert [f.code for f in one.findings if f.code == "A304"] == ["A304", "A304"]
    many = lint_paths([str(corpus_dir)], Settings(select=("A3",)), jobs=2)
    assert len(many) == len(corpus_files(corpus_dir))
    assert {f.code for r in many for f in r.findings if not f.code.startswith("E")} <= {
        "A301", "A302", "A303", "A304", "A305", "A306", "A307"}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_stderr_when_it_is_a_terminal(corpus, tmp_path):
    """The bar goes to stderr when that is a terminal, also with -o; never into the report."""
    import pty
    import select

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("2020_pingtan.html", "2020_xigong.txt", "2022_pingtan-flat.txt"):
        shutil.copyfile(corpus(name), folder / name)

    master, slave = pty.openpty()
    report = tmp_path / "report.txt"
    proc = subprocess.Popen([sys.executable, "-m", "govdisclose_lint", "check", str(folder), "--jobs", "2", "-o",
                             str(report)], stdout=subprocess.PIPE, stderr=slave,
                            env={**os.environ, "TERM": "xterm", "COLUMNS": "100"})
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(60)
    os.close(master)
    on_tty = b"".join(chunks).decode("utf-8", "replace")
    assert "━" in on_tty and "━" not in report.read_text(encoding="utf-8")
    assert "3 份文档" in report.read_text(encoding="utf-8")
    piped = run("check", folder, "--jobs", "2")
    assert "━" not in piped[1] + piped[2]


def test_extract_goes_through_the_limits(tmp_path):
    path = tmp_path / "loop.pdf"
    path.write_bytes(reference_loop_pdf())
    from govdisclose_lint import batch
    from govdisclose_lint.extract import extract

    docs = extract([str(path)], limits=batch.Limits(timeout=2))
    assert docs[0]["status"] == "partial" and docs[0]["cells"] == [] and "2" in docs[0]["problems"][0]
