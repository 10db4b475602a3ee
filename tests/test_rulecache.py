"""The parsed rules files kept per machine (:mod:`govdisclose_lint.rulecache`): the same data as parsing the
YAML, never stale after an edit, a damaged entry is parsed again, an unwritable cache is no error, and a
``check`` with a warm cache imports no YAML parser at all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govdisclose_lint import rulecache
from govdisclose_lint.templates import rules_dir

SHIPPED = sorted(p.name for p in rules_dir().glob("*.yaml"))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVDISCLOSE_LINT_NO_CACHE", raising=False)
    monkeypatch.setenv("GOVDISCLOSE_LINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "rules"


def test_shipped_files_are_there():
    assert {"catalog.yaml", "template-2019.yaml", "template-2021.yaml", "equations.yaml"} <= set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_the_cached_data_is_the_parsed_yaml(name, cache_dir):
    path = rules_dir() / name
    parsed = rulecache.parse(path.read_bytes())
    first = rulecache.load(path)  # parses and stores
    assert [p.name.split("-")[0] for p in cache_dir.iterdir()] == [path.stem.split("-")[0]]
    second = rulecache.load(path)  # from the entry
    assert first == second == parsed and parsed


def test_an_edited_file_is_parsed_again_and_old_entries_are_bounded(tmp_path, cache_dir):
    path = tmp_path / "catalog.yaml"
    path.write_text("rules:\n  A301: {severity: error}\n", encoding="utf-8")
    assert rulecache.load(path) == {"rules": {"A301": {"severity": "error"}}}
    path.write_text("rules:\n  A301: {severity: warning}\n", encoding="utf-8")
    assert rulecache.load(path) == {"rules": {"A301": {"severity": "warning"}}}
    assert rulecache.load(path) == {"rules": {"A301": {"severity": "warning"}}}
    assert len(list(cache_dir.glob("catalog-*.marshal"))) == 2  # two versions installed side by side
    for n in range(10):
        path.write_text(f"rules:\n  A30{n}: {{severity: info}}\n", encoding="utf-8")
        assert rulecache.load(path) == {"rules": {f"A30{n}": {"severity": "info"}}}
    assert len(list(cache_dir.glob("catalog-*.marshal"))) == rulecache.KEEP
    (cache_dir / "catalog-notes.marshal").write_bytes(b"not an entry of ours")
    path.write_text("rules: {}\n", encoding="utf-8")
    rulecache.load(path)
    assert (cache_dir / "catalog-notes.marshal").exists()


@pytest.mark.parametrize("damage", [b"", b"\x00" * 7, b"garbage that is not marshal at all", "flip"])
def test_a_damaged_entry_is_never_read(tmp_path, cache_dir, damage):
    path = tmp_path / "t4.yaml"
    path.write_text("T4: [a, b, c]\n", encoding="utf-8")
    rulecache.load(path)
    [entry] = cache_dir.glob("t4-*.marshal")
    blob = entry.read_bytes()
    entry.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]) if damage == "flip" else damage)
    assert rulecache.load(path) == {"T4": ["a", "b", "c"]}
    assert entry.read_bytes() == blob  # rewritten whole


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    monkeypatch.delenv("GOVDISCLOSE_LINT_NO_CACHE", raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GOVDISCLOSE_LINT_CACHE_DIR", str(blocker))  # rules/ cannot be made under a file
    path = rules_dir() / "t4.yaml"
    assert rulecache.load(path) == rulecache.parse(path.read_bytes())


def test_off_with_the_no_cache_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVDISCLOSE_LINT_NO_CACHE", "1")
    monkeypatch.setenv("GOVDISCLOSE_LINT_CACHE_DIR", str(tmp_path / "cache"))
    rulecache.load(rules_dir() / "t4.yaml")
    assert not (tmp_path / "cache").exists()


def test_a_check_with_a_warm_cache_imports_no_yaml_parser(corpus, tmp_path):
    """The point of the cache: a one-file ``check`` neither imports PyYAML nor parses YAML."""
    env = {"GOVDISCLOSE_LINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONIOENCODING": "utf-8",
           "PATH": "", "SYSTEMROOT": __import__("os").environ.get("SYSTEMROOT", "")}
    probe = ("import sys, govdisclose_lint.cli as c\n"
             "try:\n    c.run(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('yaml imported' if 'yaml' in sys.modules else 'no yaml')\n")
    args = [sys.executable, "-c", probe, "check", str(corpus("2020_xigong.txt")), "--format", "json",
            "--isolated", "--no-cache", "-j", "1"]
    subprocess.run(args, capture_output=True, env=env, timeout=120)  # fills the cache
    warm = subprocess.run(args, capture_output=True, env=env, timeout=120)
    assert warm.stderr.decode().endswith("no yaml") and b'"format_version": "2019"' in warm.stdout
