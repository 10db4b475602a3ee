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


@pytest.mark.parametrize("address", ["foo://bar:1", "tcp://127.0.0.1", "tcp://"])
def test_a_malformed_scheduler_address_is_a_usage_error_in_one_line(corpus, address):
    code, out, err = lint("check", corpus("2020_xigong.txt"), "--scheduler", address)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Dask scheduler" in err and "Traceback" not in err


@pytest.fixture
def in_process_cluster():
    """A scheduler whose workers are threads of this process (so a test may patch what they run)."""
    import logging

    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                       dashboard_address=":0", silence_logs=logging.CRITICAL)
    yield cluster
    cluster.close()


def test_a_scheduler_without_workers_is_a_usage_error_not_a_hang(corpus, monkeypatch):
    import logging

    from govdisclose_lint import daskrun

    monkeypatch.setattr(daskrun, "WORKERS_TIMEOUT", 2.0)
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", dashboard_address=":0",
                                  silence_logs=logging.CRITICAL) as empty:
        code, out, err = lint("check", corpus("2020_xigong.txt"), "--scheduler", empty.scheduler_address)
    assert code == 2 and out == ""
    assert "no Dask worker joined" in err and len(err.strip().splitlines()) == 1


def test_workers_of_another_version_are_refused(corpus, monkeypatch, in_process_cluster):
    from govdisclose_lint import daskrun

    monkeypatch.setattr(daskrun, "_version", lambda: "0.0.1")
    code, out, err = lint("check", corpus("2020_xigong.txt"), "--scheduler", in_process_cluster.scheduler_address)
    assert code == 2 and out == ""
    assert "has govdisclose-lint 0.0.1" in err and "same version" in err


def test_a_task_that_fails_on_the_cluster_is_e006_for_its_files_only(corpus, tmp_path, monkeypatch,
                                                                     in_process_cluster):
    from govdisclose_lint import batch, daskrun
    from govdisclose_lint.settings import Settings

    paths = []
    for name in ("2020_xigong.txt", "2021_pingtan.html", "2022_pingtan.html"):
        shutil.copyfile(corpus(name), tmp_path / name)
        paths.append(str(tmp_path / name))
    real = daskrun.lint_chunk

    def lint_chunk(items, job):
        if any(path.endswith("2021_pingtan.html") for _, path, _, _ in items):
            raise RuntimeError("the worker's disk is full")
        return real(items, job)

    monkeypatch.setattr(daskrun, "lint_chunk", lint_chunk)
    monkeypatch.setattr(daskrun, "MAX_CHUNK", 1)  # one file per task
    results = batch.run(paths, Settings(), executor="dask", scheduler=in_process_cluster.scheduler_address)
    assert [r.path for r in results] == paths
    assert [r.status for r in results] == ["checked", "partial", "checked"]
    [finding] = results[1].findings
    assert finding.code == "E006" and "the worker's disk is full" in finding.message
    assert results[2].table_cells()  # the files after it were linted


def test_shared_paths_are_read_by_the_workers_and_named_as_given(corpus, tmp_path, cluster, monkeypatch):
    """``dask-shared-paths = true``: no bytes travel; the workers read the absolute path, the report keeps
    the relative path the user gave."""
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copyfile(corpus("2022_pingtan.html"), folder / "2022_pingtan.html")
    (folder / "empty.html").write_bytes(b"")
    (tmp_path / "govdisclose-lint.toml").write_text("dask-shared-paths = true\n", encoding="utf-8")
    local = subprocess_lint("check", "share", "--format", "json", "-j", "1", cwd=tmp_path)
    shared = subprocess_lint("check", "share", "--format", "json", "--scheduler", cluster, cwd=tmp_path)
    assert shared == local and '"share/empty.html"' in local[1].replace("\\\\", "/")
    from govdisclose_lint import daskrun

    monkeypatch.chdir(tmp_path)
    assert daskrun._item(0, "share/2022_pingtan.html", True) == (0, "share/2022_pingtan.html", None,
                                                                 str(folder / "2022_pingtan.html"))
    sent = daskrun._item(0, "share/2022_pingtan.html", False)
    assert sent[2] == corpus("2022_pingtan.html").read_bytes() and sent[3] is None


def test_dask_configuration_keys_are_checked(corpus, tmp_path):
    (tmp_path / "govdisclose-lint.toml").write_text('dask-shared-paths = "yes"\n', encoding="utf-8")
    code, out, err = lint("check", corpus("2020_xigong.txt"), "--config", tmp_path / "govdisclose-lint.toml")
    assert code == 2 and "dask-shared-paths" in err and "true or false" in err
    (tmp_path / "govdisclose-lint.toml").write_text('executor = "dask"\ndask-shared-paths = true\n'
                                                   'scheduler = "tcp://10.0.0.5:8786"\n', encoding="utf-8")
    code, out, _ = lint("config", "--config", tmp_path / "govdisclose-lint.toml")
    assert code == 0 and "dask-shared-paths" in out and "tcp://10.0.0.5:8786" in out
