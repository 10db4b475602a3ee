"""The folder run on a Dask distributed cluster (``check --executor dask [--scheduler ADDRESS]``).

Dask's scheduler hands out the work; nothing here schedules.  The files are cut into small chunks, each
chunk is one Dask task, and each task lints its files with the local worker pool of :mod:`.batch`
(``jobs=1``) on the Dask worker machine, so every file has the same time and memory limits as in a local
run and a hostile file kills only its own lint process, never the Dask worker.  The file's bytes travel
with the task (up to :data:`MAX_SENT` MB) and are linted under their own name; a larger file, and every
file with ``dask-shared-paths = true`` in the configuration, is read by the worker from its absolute
path, which must then be the same on every machine (a shared drive).  Either way the result comes back
under the path the user gave, in ``result.path`` and in any finding that quotes it.  Results are handed
on in input order, as in a local run, so the report is the same byte for byte.  The cache and the
cross-document checks stay on the machine that runs ``check``.

Without ``--scheduler``, a ``LocalCluster`` of ``--jobs`` single-threaded worker processes is started on
this machine.  With one, its address is checked before Dask tries it, the run waits up to
:data:`WORKERS_TIMEOUT` for a first worker, and every worker must run this version of govdisclose-lint;
each of these is a usage error (exit 2, one line), never a hang or a traceback.  Dask's log records and
warnings are kept off the terminal for the run only.  ``distributed`` is an optional extra:
``pip install 'govdisclose-lint[dask]'``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import tempfile
import warnings

MAX_SENT = 64  # MB: larger files are read by the worker from their path
CONNECT_TIMEOUT = "10s"
WORKERS_TIMEOUT = 60.0  # seconds for a first worker to join a scheduler that has none
INSTALL = "pip install 'govdisclose-lint[dask]'"
#: chunks per Dask worker (more: better balance; fewer: less per-task overhead)
CHUNKS_PER_WORKER = 4
MAX_CHUNK = 16


class DaskUnavailable(RuntimeError):
    """``distributed`` is not installed, or the scheduler cannot be reached: a usage problem (exit 2)."""


def check_available() -> None:
    """Raise :class:`DaskUnavailable` unless ``distributed`` can be imported (before any linting)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskUnavailable(f"--executor dask needs Dask: {INSTALL}") from None


@contextlib.contextmanager
def _quiet():
    """While the run lasts, no log record or warning of Dask's (or tornado's, asyncio's) reaches the
    terminal, where the report may be; the logging and warning settings are put back afterwards."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(previous)


def _client(scheduler: str | None, jobs: int):
    check_available()
    from distributed import Client, LocalCluster

    if scheduler:
        return _remote(scheduler), None
    try:
        # ":0": its HTTP server on a free port, never fighting another cluster for 8787
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.CRITICAL)
        return Client(cluster), cluster
    except Exception as exc:  # noqa: BLE001 - whatever stops the workers from starting
        raise DaskUnavailable(f"cannot start a local Dask cluster: {_one_line(exc)}") from None


def _remote(scheduler: str):
    """A client of the scheduler at ``scheduler`` with at least one worker of this version, or
    :class:`DaskUnavailable` saying what is wrong."""
    from distributed import Client

    problem = _bad_address(scheduler)
    if problem is None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, Dask's CommClosedError, …
            problem = _one_line(exc)
    if problem is not None:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {problem}")
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except Exception:  # noqa: BLE001 - TimeoutError (or the scheduler went away)
            raise DaskUnavailable(f"no Dask worker joined the scheduler at {scheduler} within "
                                  f"{WORKERS_TIMEOUT:g} s") from None
        _same_version(client, scheduler)
    except BaseException:
        client.close()
        raise
    return client


def _bad_address(address: str) -> str | None:
    """What is wrong with a scheduler address Dask cannot even try (no port, unknown scheme), or None."""
    from distributed.comm import parse_address
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme).get_address_host_port(location)
    except NotImplementedError:  # a scheme without host and port (inproc://): Dask will try it
        return None
    except Exception as exc:  # noqa: BLE001 - ValueError, KeyError for an unknown scheme, …
        return _one_line(exc)
    return None


def _same_version(client, scheduler: str) -> None:
    """Every worker must lint with this version: the rules, and so the report, depend on it."""
    from . import __version__

    try:
        found = client.run(_version)
    except Exception as exc:  # noqa: BLE001 - e.g. govdisclose_lint not installed on a worker
        raise DaskUnavailable(f"a Dask worker of {scheduler} cannot run govdisclose-lint ({_one_line(exc)}): "
                              f"{INSTALL} on every worker") from None
    other = {w: v for w, v in found.items() if v != __version__}
    if other:
        worker, version = sorted(other.items())[0]
        raise DaskUnavailable(f"the Dask worker {worker} has govdisclose-lint {version}, this is {__version__}: "
                              "install the same version on every worker")


def _version() -> str:
    from . import __version__

    return __version__


def _one_line(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:300]


def _chunks(items: list, workers: int) -> list[list]:
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / max(1, workers * CHUNKS_PER_WORKER))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _item(index: int, path: str, shared_paths: bool) -> tuple[int, str, bytes | None, str | None]:
    """``(index, path as given, bytes to send, absolute path for the worker to read)``: one of the last
    two is None."""
    if not shared_paths:
        try:
            if os.path.isfile(path) and os.path.getsize(path) <= MAX_SENT * 2**20:
                with open(path, "rb") as fh:
                    return index, path, fh.read(), None
        except OSError:
            pass  # the worker tries the path and reports what it finds, as a local run would
    return index, path, None, os.path.abspath(path)


def lint_chunk(items: list[tuple], job) -> list[tuple[int, object]]:
    """On a Dask worker: lint ``items`` (see :func:`_item`) with a local pool of one process."""
    import multiprocessing as mp

    from . import batch

    tmp = tempfile.mkdtemp(prefix="govdisclose-dask-")
    # a Dask worker process is daemonic; the lint processes it starts follow it when it ends
    # (worker.py), so it may start them
    me = mp.current_process()
    daemon = me._config.get("daemon")
    me._config["daemon"] = False
    try:
        local = []
        for k, (_, path, data, where) in enumerate(items):
            if data is None:
                local.append(where)
                continue
            folder = os.path.join(tmp, str(k))
            os.mkdir(folder)
            target = os.path.join(folder, os.path.basename(path) or "report")
            with open(target, "wb") as fh:
                fh.write(data)
            local.append(target)
        # not fork: a Dask worker runs threads
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        results = batch.run(local, job.settings, jobs=1, limits=job.limits, postprocess=job.postprocess,
                            preflight=job.preflight, initializer=job.initializer, context=mp.get_context(method))
        out = []
        for (index, path, _, _), used, result in zip(items, local, results):
            _put_back(result, used, path)
            out.append((index, result))
        return out
    finally:
        me._config["daemon"] = daemon
        shutil.rmtree(tmp, ignore_errors=True)


def _put_back(result, used: str, path: str) -> None:
    """Where the worker's copy (or the absolute path) of the file is named, name the path the user gave."""
    result.path = path
    if used == path:
        return
    for f in result.findings:
        f.message = f.message.replace(used, path)
        f.params = {k: v.replace(used, path) if isinstance(v, str) else v for k, v in f.params.items()}


def run(paths: list[str], todo: list[int], job, jobs: int, scheduler: str | None, deliver, lost,
        shared_paths: bool = False) -> None:
    """Lint ``paths[i]`` for ``i`` in ``todo`` on the cluster; ``deliver(i, result)`` as each comes back
    (in any order: the caller puts them in input order), ``lost(i, how)`` for the files of a task that
    failed on the cluster.  At most two chunks per worker are in flight, so the bytes sent wait on
    the cluster, not in this process."""
    with _quiet():
        _run(paths, todo, job, jobs, scheduler, deliver, lost, shared_paths)


def _run(paths, todo, job, jobs, scheduler, deliver, lost, shared_paths) -> None:
    from distributed import as_completed

    client, cluster = _client(scheduler, jobs)
    try:
        workers = len(client.scheduler_info().get("workers", {})) or jobs
        chunks = iter(_chunks(todo, workers))
        pending = {}

        def submit() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            items = [_item(i, paths[i], shared_paths) for i in chunk]
            future = client.submit(lint_chunk, items, job, pure=False)
            pending[future] = chunk
            ac.add(future)
            return True

        ac = as_completed()
        for _ in range(2 * workers):
            if not submit():
                break
        for future in ac:
            chunk = pending.pop(future)
            try:
                for index, result in future.result():
                    deliver(index, result)
            except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection, …
                for index in chunk:
                    lost(index, f"Dask: {type(exc).__name__}: {_one_line(exc)}"[:200])
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
