"""Which files a run looks at, like ruff (issue 9 §4, issue 10 B7), and waivers people can live with (§6)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.cli_helpers import codes, docs, lint

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(corpus, tmp_path):
    """A repository of reports: .git, .venv, a hidden folder, .gitignore'd output, drafts, a stray note."""
    root = tmp_path / "repo"
    for folder in (".git", ".venv/lib", ".cache", "reports", "reports/drafts", "build"):
        (root / folder).mkdir(parents=True)
    shutil.copyfile(corpus("2020_pingtan.html"), root / "reports" / "2020_pingtan.html")
    shutil.copyfile(corpus("2022_pingtan.html"), root / "reports" / "drafts" / "2022_pingtan.html")
    for hidden in (".venv/lib/vendored.html", ".cache/old.html", "build/copy.html"):
        shutil.copyfile(corpus("2020_xigong.txt"), root / hidden)
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    (root / "reports" / "说明.txt").write_text("本文件夹存放各单位年度报告，请勿删除。\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.govdisclose-lint]\nexclude = ["reports/drafts/**"]\n', encoding="utf-8")
    return root


def paths_of(out):
    return sorted(os.path.normpath(d["path"]).replace(os.sep, "/") for d in docs(out))


def test_folder_walk_skips_hidden_ignored_excluded_and_notes(repo):
    code, out, err = lint("check", ".", "--format", "json", cwd=repo)
    assert paths_of(out) == ["reports/2020_pingtan.html"]
    assert code == 1  # the report's own A302, not exit 3 for the stray note
    summary = yaml.safe_load(out)["summary"]["skipped"]
    assert summary["not_a_report"] == [os.path.join(".", "reports", "说明.txt")] and summary["excluded"] >= 1
    assert "说明.txt" in err


def test_a_cut_report_keeping_its_title_is_not_skipped_as_a_note(repo, corpus):
    """No structure left but its title (a report cut off after the first paragraph): E004 and exit 3,
    never skipped like the stray note beside it."""
    text = corpus("2020_xigong.txt").read_text(encoding="utf-8").split("一、总体情况")[0]
    (repo / "reports" / "2020_xigong.txt").write_text(text + "近年来，我局不断规范政府信息公开内容。\n",
                                                       encoding="utf-8")
    code, out, _ = lint("check", "reports", "--format", "json", cwd=repo)
    cut = [d for d in docs(out) if d["path"].endswith("2020_xigong.txt")]
    assert code == 3 and len(cut) == 1 and cut[0]["status"] == "unsupported" and codes(cut[0]) == ["E004"]
    assert [os.path.basename(p) for p in yaml.safe_load(out)["summary"]["skipped"]["not_a_report"]] == ["说明.txt"]


def test_exclude_is_relative_to_the_configuration_file(repo):
    """From a subfolder the configuration (found upward) still excludes reports/drafts."""
    code, out, _ = lint("check", ".", "--format", "json", cwd=repo / "reports")
    assert [os.path.basename(d["path"]) for d in docs(out)] == ["2020_pingtan.html"]


def test_precommit_passes_files_and_force_exclude_applies(repo):
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    entry = hook["entry"].split()[1:]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    staged = ["reports/drafts/2022_pingtan.html", "reports/说明.txt", "README.md"]
    passed = [p for p in staged if files.search(p) and not exclude.search(p)]
    assert passed == ["reports/drafts/2022_pingtan.html", "reports/说明.txt"]  # README.md never reaches it
    code, out, err = lint(*entry, *passed, cwd=repo)
    assert code == 0 and "nothing checked" in err  # a draft (excluded) and a note (not a report)
    code, out, err = lint(*entry, "reports/2020_pingtan.html", "reports/说明.txt", cwd=repo)
    assert code == 1 and "A302" in out


def test_a_note_named_explicitly_is_an_error(repo):
    code, out, _ = lint("check", "reports/说明.txt", "--format", "json", cwd=repo)
    assert code == 3 and codes(docs(out)[0]) == ["E004"]


def test_own_output_in_the_folder_is_not_linted(repo):
    first = lint("check", "reports", "-o", "reports/findings.txt", cwd=repo)
    second = lint("check", "reports", "-o", "reports/findings.txt", cwd=repo)
    assert first[0] == second[0] == 1
    assert "findings.txt" not in (repo / "reports" / "findings.txt").read_text(encoding="utf-8")


def test_a_file_given_twice_is_checked_once(repo):
    code, out, _ = lint("check", "reports", "reports/2020_pingtan.html", "./reports/2020_pingtan.html",
                        "--format", "json", cwd=repo)
    assert len(docs(out)) == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_dangling_symlink_is_reported_not_dropped(repo):
    try:
        os.symlink(repo / "gone.pdf", repo / "reports" / "link.pdf")
    except OSError:
        pytest.skip("cannot create symlinks here")
    code, out, _ = lint("check", "reports", "--format", "json", cwd=repo)
    found = {os.path.basename(d["path"]): d for d in docs(out)}
    assert codes(found["link.pdf"]) == ["E001"] and found["link.pdf"]["status"] == "unreadable" and code == 3


def test_gitignore_negation_and_nested_gitignore(repo):
    (repo / "reports" / ".gitignore").write_text("2020_*.html\n", encoding="utf-8")
    code, out, err = lint("check", "reports", "--format", "json", cwd=repo)
    assert code == 0 and docs(out) == [] and "nothing checked" in err


# --- §6 waivers ----------------------------------------------------------------------------------------

@pytest.fixture
def reports(corpus, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("2020_pingtan.html", "2020_xigong.txt", "2023_hongzequ.pdf", "2019_shanghai-bgt.html"):
        shutil.copyfile(corpus(name), folder / name)
    return tmp_path


def test_baseline_applied_straight_back_matches_every_finding(reports):
    code, _, _ = lint("check", "reports", "--write-baseline", "waivers.yaml", cwd=reports)
    assert code == 1
    code, out, err = lint("check", "reports", "--waivers", "waivers.yaml", "--format", "json", cwd=reports)
    summary = yaml.safe_load(out)["summary"]
    assert code == 0 and err == "" and summary["by_code"] == {} and summary["waived"] > 10
    assert summary["waivers"]["unused"] == []


def test_waivers_survive_an_edit_of_the_draft(reports):
    lint("check", "reports", "--write-baseline", "waivers.yaml", cwd=reports)
    draft = reports / "reports" / "2020_xigong.txt"
    draft.write_text(draft.read_text(encoding="utf-8") + "\n（本报告已经审核。）\n", encoding="utf-8")
    code, out, _ = lint("check", "reports", "--waivers", "waivers.yaml", "--format", "json", cwd=reports)
    assert code == 0 and yaml.safe_load(out)["summary"]["by_code"] == {}


def test_baseline_onto_the_waivers_in_use_keeps_the_reviewed_reasons(reports):
    lint("check", "reports", "--write-baseline", "waivers.yaml", cwd=reports)
    waivers = reports / "waivers.yaml"
    data = yaml.safe_load(waivers.read_text(encoding="utf-8"))
    for w in data["waivers"]:
        w["reason"] = "经核实，原报告已在政府网站更正"
    waivers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shutil.copyfile(reports / "reports" / "2020_pingtan.html", reports / "reports" / "2021_copy.html")
    code, _, _ = lint("check", "reports", "--waivers", "waivers.yaml", "--write-baseline", "waivers.yaml",
                      cwd=reports)
    after = yaml.safe_load(waivers.read_text(encoding="utf-8"))["waivers"]
    reviewed = [w for w in after if w["reason"] == "经核实，原报告已在政府网站更正"]
    new = [w for w in after if w["reason"].startswith("baseline:")]
    # new: the copy's own findings, and on the original only the cross-document ones the copy causes
    assert len(reviewed) == len(data["waivers"]) and "reports/2021_copy.html" in {w["document"] for w in new}
    assert {w["code"][:2] for w in new if w["document"] != "reports/2021_copy.html"} <= {"X5"}
    assert lint("check", "reports", "--waivers", "waivers.yaml", cwd=reports)[0] == 0
