"""Run every rule's passing and failing cases (tests/rules/cases/<CODE>.yml).

A case names a real document (``doc``: a corpus file, or a text copy under tests/fixtures/docs),
optionally edits its text (``replace``: [[old, new], ...], each ``old`` must occur), or makes a file
(``make``: zero_bytes | random_bytes | docx_zip_bomb | blank_pdf | encrypted_pdf; ``text``: inline
content with ``name``).  ``expect`` lists the findings of the case's rule that must appear (each a
subset of the finding's JSON, location keys at top level; a key ending in ``~`` asks for a part of
the value, e.g. ``message~: 拆到了两格``); ``expect: []`` means the rule must stay silent.
``options`` sets rule options, ``select`` the rules to run (default ALL; an opt-in rule such as
N405 runs only when named).  Select one rule with ``-k A303``.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
import yaml

from govdisclose_lint import registry
from govdisclose_lint.engine import lint_file
from govdisclose_lint.settings import Settings

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "fixtures" / "docs"
CASES = sorted((HERE / "cases").glob("*.yml"))
CROSSDOC_CASES = sorted((HERE.parent / "crossdoc" / "cases").glob("*.yml"))  # run by tests/crossdoc/test_cases.py


def _load():
    for path in CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            yield pytest.param(data["rule"], name, case, id=f"{data['rule']}-{name}")


def _source(case, corpus) -> Path:
    name = case["doc"]
    local = DOCS / name
    return local if local.exists() else corpus(name)


def _make(case, tmp_path: Path, corpus) -> Path:
    if "doc" in case:
        src = _source(case, corpus)
        dest = tmp_path / (case.get("name") or src.name)
        if "replace" in case:
            text = src.read_text(encoding="utf-8")
            for old, new in case["replace"]:
                assert old in text, f"case edit: {old!r} not found in {src.name}"
                text = text.replace(old, new, 1)
            dest.write_text(text, encoding="utf-8")
        else:
            dest.write_bytes(src.read_bytes())
        return dest
    if "text" in case:
        dest = tmp_path / case.get("name", "report.txt")
        dest.write_text(case["text"], encoding="utf-8")
        return dest
    dest = tmp_path / case["name"]
    kind = case["make"]
    if kind == "zero_bytes":
        dest.write_bytes(b"")
    elif kind == "random_bytes":
        dest.write_bytes(random.Random(7).randbytes(4096))
    elif kind == "docx_zip_bomb":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("word/document.xml", "<w:document>" + " " * (40 * 1024 * 1024) + "</w:document>")
        dest.write_bytes(buf.getvalue())
    elif kind in ("blank_pdf", "encrypted_pdf"):
        from tests.pdfmaker import make_pdf

        dest.write_bytes(make_pdf(kind))
    else:  # pragma: no cover
        raise AssertionError(f"unknown make {kind!r}")
    return dest


def _matches(got: dict, key: str, value) -> bool:
    if key.endswith("~"):
        return str(value) in str(got.get(key[:-1], ""))
    return got.get(key) == value


def _flat(finding: dict) -> dict:
    return {**finding, **finding.get("location", {})}


@pytest.mark.parametrize("rule,name,case", list(_load()))
def test_rule_case(rule, name, case, tmp_path, corpus):
    path = _make(case, tmp_path, corpus)
    settings = Settings(lang="zh", options=case.get("options", {}), select=tuple(case.get("select", ("ALL",))))
    result = lint_file(str(path), settings)
    got = [_flat(f.to_json()) for f in result.findings if f.code == rule]
    expect = case["expect"]
    if not expect:
        assert got == [], f"{rule} should be silent on {name}, got {got}"
    for want in expect:
        assert any(all(_matches(g, k, v) for k, v in want.items()) for g in got), \
            f"{rule} {name}: no finding matches {want}; got {got}"
    if "status" in case:
        assert result.status == case["status"]


def test_every_stable_rule_has_pass_and_fail_cases():
    seen: dict[str, set] = {}
    for path in CASES + CROSSDOC_CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            seen.setdefault(data["rule"], set()).add("fail" if case["expect"] else "pass")
    # E006 is a fault of the linter, not of a document: tests/test_runtime.py makes it happen
    stable = {c for c, r in registry.rules().items() if r.status == "stable" and c != "E006"}
    missing = {c: {"pass", "fail"} - seen.get(c, set()) for c in stable}
    assert {c: m for c, m in missing.items() if m} == {}


def test_every_rule_has_docs_in_both_languages():
    for code, rule in registry.rules().items():
        assert rule.summary.get("zh") and rule.summary.get("en"), code
        if rule.status == "stable":
            for part in ("what", "why"):
                assert rule.docs[part]["zh"] and rule.docs[part]["en"], (code, part)
            assert rule.docs["fail"] and rule.docs["pass"], code
            assert rule.messages, code


def test_every_message_key_used_by_the_readers_exists():
    import re

    src = Path(__file__).resolve().parents[2] / "src" / "govdisclose_lint"
    pattern = re.compile(r'(?:ReadError|ReaderNote)\(\s*"(E00\d)",\s*"([a-z_]+)"')
    used = {m for f in src.rglob("*.py") for m in pattern.findall(f.read_text(encoding="utf-8"))}
    assert used
    missing = [(c, k) for c, k in sorted(used) if k not in registry.get(c).messages]
    assert missing == []
