"""The result cache (resultcache.py): a second run over the same folder lints nothing and reports the
same bytes; an edited report is linted again; settings, a damaged entry, a killed run, concurrent
runs and the size bound are handled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from govdisclose_lint import batch, resultcache
from govdisclose_lint.settings import Settings
from tests.cli_helpers import lint

REPORTS = ("2020_xigong.txt", "2021_pingtan.html", "2022_pingtan.html", "2024_shkewei.md", "2024_huaianshi.pdf")


@pytest.fixture
def folder(corpus, tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    for name in REPORTS:
        shutil.copyfile(corpus(name), d / name)
    return d


def entries(cache_dir) -> list:
    return sorted(p for p in (cache_dir / resultcache.VERSION).rglob("*") if p.is_file())


def run_batch(folder, cache):
    paths = sorted(str(p) for p in folder.iterdir())
    return [r.to_json() for r in batch.run(paths, Settings(), jobs=2, cache=cache)]


def test_a_second_run_lints_nothing_and_gives_the_same_results(folder, tmp_path):
    first = resultcache.Cache(tmp_path / "c", "fp")
    before = run_batch(folder, first)
    assert (first.hits, first.misses, first.stored) == (0, len(REPORTS), len(REPORTS))
    second = resultcache.Cache(tmp_path / "c", "fp")
    assert run_batch(folder, second) == before
    assert (second.hits, second.misses, second.stored) == (len(REPORTS), 0, 0)


def test_an_edited_report_is_linted_again(folder, tmp_path):
    run_batch(folder, resultcache.Cache(tmp_path / "c", "fp"))
    report = folder / "2020_xigong.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("西工区", "洛龙区"), encoding="utf-8")
    again = resultcache.Cache(tmp_path / "c", "fp")
    results = run_batch(folder, again)
    assert (again.hits, again.misses, again.stored) == (len(REPORTS) - 1, 1, 1)
    assert "洛龙区" in next(r["agency"] for r in results if r["path"].endswith("2020_xigong.txt"))


def test_a_copy_under_another_name_is_a_hit_with_its_own_path(folder, tmp_path):
    run_batch(folder, resultcache.Cache(tmp_path / "c", "fp"))
    shutil.copyfile(folder / "2021_pingtan.html", folder / "copy.html")
    cache = resultcache.Cache(tmp_path / "c", "fp")
    results = run_batch(folder, cache)
    assert cache.misses == 0
    assert [r["path"] for r in results] == sorted(str(p) for p in folder.iterdir())


def test_other_settings_or_another_tool_build_are_misses(folder, tmp_path):
    def fp(**kw):
        return resultcache.fingerprint(Settings(**kw), {"format": "json"})

    assert fp() == fp()
    assert len({fp(), fp(select=("A3",)), fp(lang="en"), fp(severity={"S103": "warning"})}) == 4
    run_batch(folder, resultcache.Cache(tmp_path / "c", fp()))
    other = resultcache.Cache(tmp_path / "c", fp(select=("A3",)))
    run_batch(folder, other)
    assert other.hits == 0


def test_the_cli_reports_the_same_bytes_from_the_cache_and_no_cache_stores_nothing(folder, tmp_path):
    cache_dir = tmp_path / "cli-cache"
    first = lint("check", folder, "--format", "json", "--cache-dir", cache_dir, "--no-progress")
    assert len(entries(cache_dir)) == len(REPORTS)
    second = lint("check", folder, "--format", "json", "--cache-dir", cache_dir, "--no-progress")
    assert second == first
    fresh = lint("check", folder, "--format", "json", "--no-cache", "--cache-dir", tmp_path / "unused")
    assert fresh == first
    assert not (tmp_path / "unused").exists()


def test_the_configuration_names_the_folder(folder, tmp_path):
    (tmp_path / "govdisclose-lint.toml").write_text('cache-dir = "lint-cache"\n', encoding="utf-8")
    code, out, err = lint("check", folder, "--format", "json", "--no-progress", cwd=tmp_path,
                          env={"GOVDISCLOSE_LINT_NO_CACHE": None})
    assert code in (0, 1), err
    assert len(entries(tmp_path / "lint-cache")) == len(REPORTS)
    (tmp_path / "govdisclose-lint.toml").write_text("cache-dir = 3\n", encoding="utf-8")
    code, _, err = lint("check", folder, cwd=tmp_path)
    assert code == 2 and "cache-dir" in err


def test_a_damaged_entry_is_a_miss_and_is_replaced(folder, tmp_path):
    run_batch(folder, resultcache.Cache(tmp_path / "c", "fp"))
    victim = entries(tmp_path / "c")[0]
    victim.write_bytes(b"not a pickle")
    cache = resultcache.Cache(tmp_path / "c", "fp")
    results = run_batch(folder, cache)
    assert (cache.hits, cache.misses, cache.stored) == (len(REPORTS) - 1, 1, 1)
    assert results == run_batch(folder, None)


def test_results_of_the_moment_are_not_stored(folder, tmp_path):
    """A file that ran out of time (E005) is linted again next time, not remembered as unreadable."""
    cache = resultcache.Cache(tmp_path / "c", "fp")
    paths = [str(folder / "2024_huaianshi.pdf")]
    [result] = batch.run(paths, Settings(), limits=batch.Limits(timeout=0.1), cache=cache)
    assert [f.code for f in result.findings] == ["E005"]
    assert cache.stored == 0 and not (tmp_path / "c").exists()


def test_pruned_to_its_size_bound_least_recently_used_first_and_stale_temporary_files_go(folder, tmp_path):
    run_batch(folder, resultcache.Cache(tmp_path / "c", "fp"))
    files = entries(tmp_path / "c")
    old = time.time() - 7200
    for i, p in enumerate(files):
        os.utime(p, (old + i, old + i))  # files[0] used longest ago
    stale = files[0].parent / ".tmp-killed-run"
    stale.write_bytes(b"half")
    os.utime(stale, (old, old))
    sizes = [p.stat().st_size for p in files]
    cache = resultcache.Cache(tmp_path / "c", "fp", max_bytes=sum(sizes[2:]))
    assert cache.prune() == 3
    assert entries(tmp_path / "c") == files[2:]


def test_concurrent_runs_share_the_cache(folder, tmp_path):
    """Two processes filling one cache at once: both report what a run without the cache reports, and
    every entry left loads."""
    cmd = [sys.executable, "-m", "govdisclose_lint", "check", str(folder), "--format", "json", "--no-progress",
           "--cache-dir", str(tmp_path / "shared"), "-j", "1"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    _, expected, _ = lint("check", folder, "--format", "json", "--no-progress", "--no-cache")
    for out, err in outs:
        assert err == b""
        assert out.decode("utf-8") == expected
    assert len(entries(tmp_path / "shared")) == len(REPORTS)
    assert not [p for p in (tmp_path / "shared").rglob(".tmp-*")]
