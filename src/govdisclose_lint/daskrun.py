"""The folder run on a Dask distributed cluster (``check --executor dask [--scheduler ADDRESS]``).

Dask's scheduler hands out the work; nothing here schedules.  The files are cut into small chunks, each
chunk is one Dask task, and each task lints its files with the local worker pool of :mod:`.batch`
(``jobs=1``) on the Dask worker machine, so every file has the same time and memory limits as in a local
run and a hostile file kills only its own lint process, never the Dask worker.  The file's bytes travel
with the task (up to :data:`MAX_SENT` MB; a larger file is read by the worker from its path, which must
then be visible to it, e.g. on a shared drive), and are linted under their own name; the result comes back
with the original path.  Results are handed on in input order, as in a local run, so the report is the
same byte for byte.  The cache and the cross-document checks stay on the machine that runs ``check``.

Without ``--scheduler``, a ``LocalCluster`` of ``--jobs`` single-threaded worker processes is started on
this machine.  ``distributed`` is an optional extra: ``pip install 'govdisclose-lint[dask]'``.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import warnings

MAX_SENT = 64  # MB: larger files are read by the worker from their path
CONNECT_TIMEOUT = "10s"
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
        raise DaskUnavailable("--executor dask needs Dask: pip install 'govdisclose-lint[dask]'") from None


def _client(scheduler: str | None, jobs: int):
    check_available()
    from distributed import Client, LocalCluster

    for name in ("distributed", "dask", "tornado", "bokeh"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # never on the user's terminal
    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError) as exc:
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        with warnings.catch_warnings():  # e.g. "Port 8787 is already in use": not for the user's terminal
            warnings.simplefilter("ignore")
            # ":0": its HTTP server on a free port, never fighting another cluster for 8787
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL)
            return Client(cluster), cluster
    except Exception as exc:  # noqa: BLE001 - whatever stops the workers from starting
        raise DaskUnavailable(f"cannot start a local Dask cluster: {exc}") from None


def _chunks(items: list, workers: int) -> list[list]:
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / max(1, workers * CHUNKS_PER_WORKER))))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _payload(path: str) -> bytes | None:
    try:
        if os.path.getsize(path) <= MAX_SENT * 2**20:
            with open(path, "rb") as fh:
                return fh.read()
    except OSError:
        pass  # the worker tries the path and reports what it finds
    return None


def lint_chunk(items: list[tuple[int, str, bytes | None]], job) -> list[tuple[int, object]]:
    """On a Dask worker: lint ``(index, path, bytes or None)`` with a local pool of one process."""
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
        for k, (_, path, data) in enumerate(items):
            if data is None:
                local.append(path)
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
        for (index, path, _), result in zip(items, results):
            result.path = path
            out.append((index, result))
        return out
    finally:
        me._config["daemon"] = daemon
        shutil.rmtree(tmp, ignore_errors=True)


def run(paths: list[str], todo: list[int], job, jobs: int, scheduler: str | None, deliver, lost) -> None:
    """Lint ``paths[i]`` for ``i`` in ``todo`` on the cluster; ``deliver(i, result)`` as each comes back
    (in any order: the caller puts them in input order), ``lost(i, how)`` for the files of a task that
    failed on the cluster.  At most two chunks per worker are in flight, so the bytes sent wait on
    the cluster, not in this process."""
    with warnings.catch_warnings():  # Dask's warnings (a version mismatch, large task data) stay quiet
        warnings.simplefilter("ignore")
        _run(paths, todo, job, jobs, scheduler, deliver, lost)


def _run(paths, todo, job, jobs, scheduler, deliver, lost) -> None:
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
            items = [(i, paths[i], _payload(paths[i])) for i in chunk]
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
                    lost(index, f"Dask: {type(exc).__name__}: {exc}"[:200])
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
