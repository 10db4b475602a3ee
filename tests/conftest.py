"""Shared test fixtures: the real corpus in ../shared/corpus, copied per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVDISCLOSE_CORPUS", ROOT.parent / "shared" / "corpus"))


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
