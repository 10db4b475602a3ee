"""--format github: workflow commands, escaping, the 10-per-level cap, the job summary."""

from __future__ import annotations

import re

import pytest

from govdisclose_lint.reporters.github import GithubReporter, command, escape_data, escape_property

from .util import render

CMD = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


@pytest.fixture(autouse=True)
def _no_github_env(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


def parse(line):
    m = CMD.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m["props"].split(","))
    return m[1], props, m["msg"]


def test_escaping():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert command("notice", "x:y,z", file="dir/a, b.txt", line=None, title="C201 blank-cell") == \
        "::notice file=dir/a%2C b.txt,title=C201 blank-cell::x:y,z"
    assert command("error", "m") == "::error::m"


def test_pingtan_errors(linted, monkeypatch, corpus_dir):
    monkeypatch.chdir(corpus_dir)
    lines = render(GithubReporter, [linted("2020_pingtan.html")]).splitlines()
    assert len(lines) == 2
    level, props, msg = parse(lines[1])
    assert level == "error" and props == {"file": "2020_pingtan.html", "title": "A302 t3-result-total-mismatch"}
    assert msg == "表三“（七）总计”“总计”应为 27（（一）至（六）各项之和），实际为 21"


def test_levels_lines_pages_and_order(linted, monkeypatch, corpus_dir):
    monkeypatch.chdir(corpus_dir)
    lines = render(GithubReporter, [linted("2020_xigong.txt"), linted("2023_hongzequ.pdf")]).splitlines()
    parsed = [parse(line) for line in lines]
    levels = [p[0] for p in parsed]
    assert levels == ["error"] * 6 + ["warning"] * 3 + ["notice"] * 4  # errors first across documents
    c201 = [p for p in parsed if p[1]["title"] == "C201 blank-cell"]
    assert [p[1].get("line") for p in c201] == ["47", "48"] and c201[0][1]["file"] == "2020_xigong.txt"
    a304 = [p for p in parsed if p[1]["title"] == "A304 t4-total-mismatch"]
    assert len(a304) == 2 and all(p[2].endswith("实际为 0（第4页）") and "line" not in p[1] for p in a304)


def test_cap_of_ten_per_level_and_remainder_line(linted, monkeypatch, corpus_dir):
    monkeypatch.chdir(corpus_dir)
    names = sorted(p.name for p in corpus_dir.iterdir() if p.suffix in {".html", ".txt", ".md", ".pdf", ".docx"})
    results = [linted(n) for n in names]
    errors = sum(f.severity == "error" for r in results for f in r.findings) + \
        sum(r.status != "checked" for r in results)
    warnings = sum(f.severity == "warning" for r in results for f in r.findings)
    notices = sum(f.severity == "info" for r in results for f in r.findings)
    assert errors > 10 and warnings > 0 and notices > 0
    lines = render(GithubReporter, results).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    plain = [line for line in lines if not line.startswith("::")]
    levels = [parse(line)[0] for line in commands]
    assert levels == ["error"] * 10 + ["warning"] * min(warnings, 10) + ["notice"] * min(notices, 10)
    hidden = errors - 10 + max(0, warnings - 10) + max(0, notices - 10)
    expected = (f"govdisclose-lint：另有 {hidden} 条标注未显示（GitHub 每级最多显示 10 条）："
                f"{errors - 10} 条错误、{max(0, warnings - 10)} 条警告、{max(0, notices - 10)} 条提示；"
                "完整结果见任务摘要或 --format sarif/json")
    assert plain == [expected]
    unchecked = [parse(line) for line in commands if "未能完整检查" in line]
    assert unchecked and all(p[1]["title"] == "govdisclose-lint 未完整检查" for p in unchecked)


def test_no_remainder_line_when_all_shown(linted):
    assert all(line.startswith("::") for line in render(GithubReporter, [linted("2020_xigong.txt")]).splitlines())
    assert render(GithubReporter, [linted("2024_huaianshi.pdf")]) == ""


def test_messages_cannot_inject_commands(odd_results, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    odd_results[-1].findings[0].message = "坏\n::error file=x::injected\r\n100%"
    lines = render(GithubReporter, odd_results).splitlines()
    assert not any(line.startswith("::error file=x") for line in lines)
    bad = next(parse(line) for line in lines if "S101" in line)
    assert bad[2] == "坏%0A::error file=x::injected%0D%0A100%25"
    assert bad[1]["file"] == "reports/bare%2C odd%3Aname.html"  # , and : escaped in the property
    assert not any("A302" in line for line in lines)  # waived: not annotated
    assert [parse(line)[1]["title"] for line in lines if line.startswith("::notice")] == ["L601 typography"]
    assert sum("未能完整检查（状态：" in line for line in lines) == 3


def test_step_summary(linted, monkeypatch, corpus_dir, tmp_path):
    monkeypatch.chdir(corpus_dir)
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    results = [linted("2020_pingtan.html"), linted("2020_xigong.txt"), linted("2024_huaianshi.pdf"), linted("empty")]
    render(GithubReporter, results)
    md = target.read_text(encoding="utf-8")
    assert md.startswith("earlier step\n## govdisclose-lint 检查结果\n")  # appended, not overwritten
    assert "**文档**: 4 — checked: 3, unreadable: 1" in md
    assert "**问题**: 错误: 6, 警告: 1, 提示: 4" in md
    assert "| 2020_pingtan.html | ❌ checked | 2 | 0 | 0 |" in md
    assert "| 2020_xigong.txt | ❌ checked | 3 | 1 | 4 |" in md
    assert "| 2024_huaianshi.pdf | ✅ checked | 0 | 0 | 0 |" in md
    assert "empty.docx | ❌ unreadable | 1 | 0 | 0 |" in md
    top = md.split("### 最常见的规则")[1]
    assert "| S107 | table-shape | 3 |" in top and "| A302 | t3-result-total-mismatch | 2 |" in top
    assert top.index("S107") < top.index("A302")  # most frequent first
    render(GithubReporter, results[:1], "en")
    assert "## govdisclose-lint results" in target.read_text(encoding="utf-8").split("earlier step")[1]


def test_workspace_relative_paths(linted, monkeypatch, corpus_dir, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(corpus_dir.parent))
    _, props, _ = parse(render(GithubReporter, [linted("2020_pingtan.html")]).splitlines()[0])
    assert props["file"] == f"{corpus_dir.name}/2020_pingtan.html"


def test_step_summary_lists_the_worst_documents_of_a_big_batch(linted, monkeypatch, tmp_path):
    import govdisclose_lint.reporters.github as gh

    monkeypatch.setattr(gh, "MAX_ROWS", 2)
    target = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    results = [linted("2024_huaianshi.pdf"), linted("2020_pingtan.html"), linted("2020_xigong.txt"), linted("empty")]
    render(GithubReporter, results)
    rows = [line for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "❌" in line]
    assert [row.split(" | ")[0].rsplit("/", 1)[-1] for row in rows] == ["empty.docx", "2020_xigong.txt"]
    assert "另有 2 份文档未列出" in target.read_text(encoding="utf-8")
