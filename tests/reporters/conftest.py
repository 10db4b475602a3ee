"""Fixtures for the reporter tests: real results from the corpus (linted once per session) and
hand-made results for the shapes the corpus lacks (no location, every status, waived findings)."""

from __future__ import annotations

import copy

import pytest

from govdisclose_lint.engine import DocumentResult, lint_file
from govdisclose_lint.findings import Finding, Location


@pytest.fixture(scope="session")
def linted(corpus_dir, tmp_path_factory):
    """linted("2020_pingtan.html") -> a fresh copy of its DocumentResult ("empty" = a zero-byte .docx)."""
    cache: dict[str, DocumentResult] = {}

    def get(name: str, lang: str = "zh") -> DocumentResult:
        if (name, lang) not in cache:
            if name == "empty":
                path = tmp_path_factory.mktemp("bad") / "empty.docx"
                path.write_bytes(b"")
            else:
                path = corpus_dir / name
                if not path.exists():
                    pytest.skip(f"corpus file {name} missing")
            from govdisclose_lint.settings import Settings

            cache[name, lang] = lint_file(str(path), Settings(lang=lang))
        return copy.deepcopy(cache[name, lang])

    return get


@pytest.fixture
def odd_results():
    """Statuses other than checked, findings without any location, a waived finding, an unknown year."""
    bare = Finding("S101", severity="error", message="缺少第二部分“二、主动公开政府信息情况”")
    info = Finding("L601", severity="info", message="中文句子中夹杂英文单词“and”：“…a\nb…”")
    waived = Finding("A302", severity="error", message="表三“（七）总计”“总计”应为 27，实际为 21",
                     location=Location(table="T3", row="（七）总计", column="总计"), expected=27, actual=21,
                     waived="经核实，原报告已在政府网站更正")
    return [
        DocumentResult("reports/加密.pdf", "encrypted", [Finding("E002", severity="error", message="文件需要打开密码")]),
        DocumentResult("reports/太大.pdf", "partial", [Finding("E005", severity="error", message="超出资源限制")]),
        DocumentResult("reports/通知.txt", "unsupported", [Finding("E004", severity="error", message="不是年度报告")]),
        DocumentResult("reports/bare, odd:name.html", "checked", [bare, info, waived], "2021", None, None),
    ]

