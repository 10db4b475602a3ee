"""Shared test fixtures: the real corpus in ../shared/corpus, copied per test.

``GOVDISCLOSE_TEST_SPAWN=1`` runs the suite as Windows would: workers started with ``spawn`` and the
``resource`` module hidden, in this process, in the CLI subprocesses and in every worker (through
``tests/spawn_env/sitecustomize.py`` on ``PYTHONPATH``).  ``.ci/run`` runs the suite both ways.
"""

from __future__ import annotations

import os
import runpy
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVDISCLOSE_CORPUS", ROOT.parent / "shared" / "corpus"))
SPAWN = os.environ.get("GOVDISCLOSE_TEST_SPAWN") == "1"
# no test reads results of an earlier run (or writes to the user's cache folder) unless it names a
# --cache-dir (tests/test_cache.py)
os.environ["GOVDISCLOSE_LINT_NO_CACHE"] = "1"

if SPAWN:
    _env = str(Path(__file__).resolve().parent / "spawn_env")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_env, os.environ.get("PYTHONPATH")) if p)
    runpy.run_path(os.path.join(_env, "sitecustomize.py"))


def pytest_report_header(config):
    import multiprocessing

    return f"start method: {multiprocessing.get_start_method()}; resource module hidden: {SPAWN}"


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory) -> Path:
    """A writable copy of the shared corpus (CI mounts ../shared read-only)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS} (set GOVDISCLOSE_CORPUS)")
    dest = tmp_path_factory.mktemp("corpus")
    for src in CORPUS.rglob("*"):
        if src.is_file():
            target = dest / src.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return dest


@pytest.fixture
def corpus(corpus_dir):
    """corpus("2020_xigong.txt") -> path of the copied file."""

    def get(name: str) -> Path:
        p = corpus_dir / name
        if not p.exists():
            pytest.skip(f"corpus file {name} missing")
        return p

    return get
