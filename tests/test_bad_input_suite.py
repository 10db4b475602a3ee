"""The generated bad-input suite (tests/badfiles.py): every kind gets its status and E-codes, no traceback,
and a folder run over the suite and the corpus finishes in bounded time with the corpus still linted right."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.badfiles import build_suite

TIMEOUT = 10


@pytest.fixture(scope="module")
def suite(tmp_path_factory, corpus_dir):
    root = tmp_path_factory.mktemp("suite")
    expect = build_suite(root / "bad", corpus_dir)
    shutil.copytree(corpus_dir, root / "corpus")
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", str(root), "--format", "json",
                           "--timeout", str(TIMEOUT), "--jobs", "2"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=600)  # a hang fails here
    elapsed = time.monotonic() - t0
    yield expect, proc, elapsed, {os.path.relpath(d["path"], root): d for d in json.loads(proc.stdout)["documents"]}
    os.chmod(root / "bad" / "locked.html", 0o644)


def test_no_traceback_and_exit_3(suite):
    _, proc, _, _ = suite
    assert b"Traceback" not in proc.stderr and proc.returncode == 3


def test_every_kind_gets_its_status_and_codes(suite):
    expect, _, _, docs = suite
    got = {name: (docs[f"bad/{name}"]["status"],
                  sorted({f["code"] for f in docs[f"bad/{name}"]["findings"] if f["code"].startswith("E")}))
           for name in expect}
    assert got == {name: (status, sorted(codes)) for name, (status, codes) in expect.items()}


def test_nothing_else_was_picked_up(suite):
    expect, _, _, docs = suite
    bad = {p.split("/", 1)[1] for p in docs if p.startswith("bad/")}
    assert bad == set(expect)  # the FIFO and the symlink loop are skipped


def test_encodings_and_names_read_like_the_original(suite):
    _, _, _, docs = suite
    original = sorted(f["code"] for f in docs["corpus/2022_pingtan.html"]["findings"])
    for name in ("gbk-no-charset.html", "utf16-bom.html", "wrong-charset.html", "huge-extra-table.html",
                 "报告 2022 平潭.html"):
        assert sorted(f["code"] for f in docs[f"bad/{name}"]["findings"]) == original, name


def test_corpus_still_linted_right(suite, corpus_dir):
    from govdisclose_lint.engine import lint_file

    _, _, _, docs = suite
    for name in ("2020_pingtan.html", "2023_hongzequ.pdf", "2024_huaianshi.pdf", "2020_xigong.txt"):
        alone = lint_file(str(corpus_dir / name)).to_json()
        together = docs[f"corpus/{name}"]
        assert together["status"] == alone["status"]
        per_document = [f["code"] for f in together["findings"] if f["code"][0] not in "XM"]  # not cross-document
        assert per_document == [f["code"] for f in alone["findings"]]


def test_finishes_despite_hostile_files(suite):
    """Liveness, not speed (benchmarks/bad_inputs.py measures): one looping PDF costs one timeout."""
    _, _, elapsed, docs = suite
    assert elapsed < 120 < len(docs) * TIMEOUT
