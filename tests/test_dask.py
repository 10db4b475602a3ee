"""``check --executor dask``: the folder run on a Dask cluster (a LocalCluster here) reports the same bytes
as a local run, files travel as bytes (the workers need not see the path), the per-file limits hold on
the workers, and a missing Dask or an unreachable scheduler is a usage error."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest

from tests.cli_helpers import lint, subprocess_lint

distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install '.[dask]')")


@pytest.fixture(scope="module")
def cluster():
    """A scheduler with two single-threaded worker processes, as `dask scheduler` / `dask worker` give."""
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                       silence_logs=logging.CRITICAL)
    yield cluster.scheduler_address
    cluster.close()


def test_the_corpus_on_dask_gives_the_local_run_byte_for_byte(corpus_dir, tmp_path, cluster):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    local = subprocess_lint("check", folder, "--format", "json", "--no-progress", "-j", "2")
    remote = subprocess_lint("check", folder, "--format", "json", "--no-progress", "--scheduler", cluster)
    assert remote == local
    assert local[1].count('"path"') >= 15  # the whole corpus, not an empty run


def test_files_travel_as_bytes_and_come_back_under_their_own_path(corpus, tmp_path, cluster):
    """The workers lint a copy in their own temporary folder; the report names the user's file."""
    from govdisclose_lint import batch
    from govdisclose_lint.settings import Settings

    path = tmp_path / "第一份 报告.html"
    shutil.copyfile(corpus("2022_pingtan.html"), path)
    [remote] = batch.run([str(path)], Settings(), executor="dask", scheduler=cluster)
    [local] = batch.run([str(path)], Settings())
    assert remote.path == str(path)
    assert remote.to_json() == local.to_json()
    assert remote.table_cells() == local.table_cells() and remote.table_cells()


def test_the_time_limit_holds_on_the_workers(corpus, tmp_path, cluster):
    path = tmp_path / "2024_huaianshi.pdf"
    shutil.copyfile(corpus("2024_huaianshi.pdf"), path)
    code, out, err = subprocess_lint("check", path, "--format", "json", "--timeout", "0.1", "--scheduler", cluster)
    assert code == 3 and err == ""
    assert '"E005"' in out


def test_a_scheduler_that_cannot_be_reached_is_a_usage_error(corpus, tmp_path):
    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, err = subprocess_lint("check", corpus("2020_xigong.txt"), "--scheduler", f"tcp://127.0.0.1:{port}",
                                     timeout=120)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Dask scheduler" in err


def test_without_dask_the_option_says_how_to_install_it(corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    code, out, err = lint("check", corpus("2020_xigong.txt"), "--executor", "dask")
    assert code == 2 and out == ""
    assert "pip install 'govdisclose-lint[dask]'" in err


def test_scheduler_without_the_dask_executor_is_refused(corpus):
    code, _, err = lint("check", corpus("2020_xigong.txt"), "--executor", "local", "--scheduler", "tcp://x:1")
    assert code == 2 and "--executor dask" in err


def test_a_local_cluster_when_no_scheduler_is_named(corpus, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("2020_xigong.txt", "2021_pingtan.html"):
        shutil.copyfile(corpus(name), folder / name)
    local = subprocess_lint("check", folder, "--format", "json", "-j", "1")
    dask = subprocess_lint("check", folder, "--format", "json", "-j", "1", "--executor", "dask")
    assert dask == local


def test_no_dask_chatter_on_stderr(corpus, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", str(corpus("2020_xigong.txt")),
                           "--executor", "dask", "-j", "1", "--format", "json"], capture_output=True, timeout=180)
    assert proc.stderr == b""
