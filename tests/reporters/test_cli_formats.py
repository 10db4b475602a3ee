"""The new formats through the real CLI (check … --format X -o FILE), registered as in NEW."""

from __future__ import annotations

import csv
import importlib
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from govdisclose_lint import cli
from govdisclose_lint.reporters import REPORTERS

# the entries for REPORTERS in govdisclose_lint/reporters/__init__.py
NEW = {
    "jsonl": ("govdisclose_lint.reporters.jsonl", "JsonlReporter"),
    "sarif": ("govdisclose_lint.reporters.sarif", "SarifReporter"),
    "junit": ("govdisclose_lint.reporters.junit", "JunitReporter"),
    "github": ("govdisclose_lint.reporters.github", "GithubReporter"),
    "csv": ("govdisclose_lint.reporters.csv_report", "CsvReporter"),
}


@pytest.mark.parametrize("name", sorted(NEW))
def test_entries_import_and_match_names(name):
    module, cls = NEW[name]
    reporter = getattr(importlib.import_module(module), cls)
    assert reporter.name == name and reporter.machine
    assert REPORTERS.get(name, NEW[name]) == NEW[name]  # once registered, registered like this


def parse(fmt: str, text: str) -> list[str]:
    """The document paths found in the output of each format."""
    if fmt == "jsonl":
        return [json.loads(line)["path"] for line in text.splitlines()]
    if fmt == "sarif":
        return [a["location"]["uri"] for a in json.loads(text)["runs"][0]["artifacts"]]
    if fmt == "junit":
        return [s.get("name") for s in ET.fromstring(text.encode("utf-8")).iter("testsuite")]
    if fmt == "csv":
        return list(dict.fromkeys(row["path"] for row in csv.DictReader(text.lstrip("\ufeff").splitlines())))
    return list(dict.fromkeys(line.split("file=")[1].split(",")[0] for line in text.splitlines() if "file=" in line))


@pytest.mark.parametrize("fmt", sorted(NEW))
def test_check_with_each_format(fmt, corpus_dir, tmp_path, monkeypatch):
    for name, entry in NEW.items():
        monkeypatch.setitem(REPORTERS, name, entry)
    work = tmp_path / "reports"  # not the shared corpus copy: other tests count its files
    work.mkdir()
    for name in ("2020_pingtan.html", "2024_huaianshi.pdf"):
        shutil.copyfile(corpus_dir / name, work / name)
    (work / "empty.docx").write_bytes(b"")
    monkeypatch.chdir(work)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = tmp_path / f"report.{fmt}"
    files = ["2020_pingtan.html", "2024_huaianshi.pdf", "empty.docx"]
    res = CliRunner().invoke(cli.main, ["check", *files, "--format", fmt, "-o", str(out), "--jobs", "1",
                                        "--isolated", "--no-progress"])
    assert res.exit_code == 3, res.output  # a file could not be read: 3 wins over 1
    text = out.read_text(encoding="utf-8")
    paths = parse(fmt, text)
    if fmt == "github":  # the clean document has no annotation
        assert paths == ["2020_pingtan.html", "empty.docx"]
    else:
        assert [p.rsplit("/", 1)[-1] for p in paths] == ["2020_pingtan.html", "2024_huaianshi.pdf", "empty.docx"]
    assert "表三“（七）总计”“总计”应为 27" in text and "文件为空" in text  # UTF-8, messages in zh
