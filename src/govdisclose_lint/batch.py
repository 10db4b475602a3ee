"""Lint many files in worker processes, each file under a wall-time and a memory limit, on every OS.

Workers (:mod:`.worker`) are started once and reused, with the platform's start method (``fork`` on
Linux, ``spawn`` on Windows and macOS; both are tested).  The parent is the watchdog:

* a file that runs past ``timeout`` seconds gets its worker's whole process tree killed (a LibreOffice
  child included) and becomes E005;
* the resident memory of each busy worker's process tree is sampled; past ``memory`` MB the tree is
  killed and the file becomes E005 (``RLIMIT_AS`` in the worker is an extra where the OS has it);
* a worker that dies is E005 only when it was at its memory limit, else E006 saying how it died;
* SIGTERM and Ctrl-C end the workers too.

The batch goes on with a new worker.  Results are handed back in input order whatever the parallelism,
as soon as every file before them is done, so output is deterministic and can stream.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import tempfile
import threading
import time
from multiprocessing.connection import wait
from typing import Callable

from . import proctree, worker
from .engine import DocumentResult, finalize
from .findings import Finding
from .settings import Settings
from .worker import Job, Limits

__all__ = ["Limits", "run"]

POLL = 0.25  # seconds between two looks at the workers' memory
START_TIMEOUT = 120.0  # seconds a new worker may take to import what it needs
START_FAILURES = 3  # workers in a row that die before they are ready: the run cannot go on
NEAR_LIMIT = 0.9  # a worker that died at this share of its memory limit died of memory


class _Slot:
    def __init__(self, ctx, job: Job):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker.main, args=(child, job), daemon=True, name="govdisclose-lint-worker")
        self.proc.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.ready = False  # it has imported what it needs (worker.READY)
        self.deadline = time.monotonic() + START_TIMEOUT
        self.peak = 0  # bytes: the largest sample of the current task

    def give(self, index: int, path: str, timeout: float) -> None:
        self.task = (index, path)
        self.deadline = time.monotonic() + timeout
        self.peak = 0
        self.conn.send(self.task)

    def kill(self) -> None:
        proctree.kill_tree(self.proc.pid, include_root=False)  # its children (LibreOffice) and their groups
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(2)  # multiprocessing reaps it: exitcode says how it died
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()


def _preload_modules(paths: list[str]) -> tuple[str, ...]:
    """The readers this run needs, imported before the memory cap applies (and, with ``fork``, once in
    the parent, so workers share them instead of each importing pdfplumber & co. again)."""
    from .readers.sniff import EXTENSION_KINDS

    kinds = {EXTENSION_KINDS.get(os.path.splitext(p)[1].lower()) for p in paths}
    modules = ["govdisclose_lint.engine"]
    if kinds & {"html", None}:
        modules.append("govdisclose_lint.readers.html")
    if kinds & {"docx", "doc", "wps", "odt", "rtf", None}:
        modules.append("govdisclose_lint.readers.docx")
    if kinds & {"pdf", None}:
        modules += ["govdisclose_lint.readers.pdf", "pdfplumber", "pypdfium2"]
    return tuple(modules)


def _died_how(code: int | None) -> str:
    if code is None:
        return "killed"
    if code < 0:
        try:
            return f"signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"signal {-code}"
    return f"exit {code}" + (f" (0x{code:08X})" if code > 0xFFFF else "")


def _dead_result(path: str, slot: _Slot, limits: Limits, settings: Settings) -> DocumentResult:
    if limits.memory and slot.peak >= NEAR_LIMIT * limits.memory * 2**20:
        finding = Finding("E005", "memory", {"limit": f"{limits.memory} MB"})
    else:
        finding = Finding("E006", "worker_died", {"how": _died_how(slot.proc.exitcode)})
    return finalize(DocumentResult(path, "partial"), [finding], settings)


class _Terminated(SystemExit):
    """SIGTERM: unwind like Ctrl-C, so the workers are killed on the way out."""


def _on_sigterm(signum, _frame):
    raise _Terminated(128 + signum)


def run(paths: list[str], settings: Settings, *, jobs: int = 1, limits: Limits | None = None,
        on_result: Callable[[DocumentResult], None] | None = None,
        postprocess: Callable[[DocumentResult], object] | None = None,
        preflight: Callable[[DocumentResult], None] | None = None,
        initializer: Callable[[], None] | None = None, cache=None, keep: bool = True,
        executor: str = "local", scheduler: str | None = None, dask_shared_paths: bool = False,
        context=None) -> list[DocumentResult]:
    """Lint ``paths``; returns results in input order and calls ``on_result`` in that order.

    ``postprocess(result)`` runs in the worker, under its limits, while the recognition is still
    attached; what it returns travels back as ``result.extra`` (e.g. the extracted tables).
    ``preflight(result)`` runs in the worker too and raises if the result cannot be reported.
    ``initializer()`` runs once in each worker as it starts.  The three are pickled by name.
    ``cache`` (a :class:`.resultcache.Cache`): files whose content it knows are not linted again, and
    fresh results are stored in it.  ``keep=False``: each result is dropped once ``on_result`` had it
    (memory flat in the number of files) and the list returned is empty.  ``executor="dask"``: the files
    are linted on a Dask cluster (:mod:`.daskrun`; ``scheduler`` its address, else a local cluster of
    ``jobs`` workers), in the same order, with the same limits; ``dask_shared_paths``: its workers read
    the files from their absolute paths instead of receiving their bytes.  ``context``: the multiprocessing context
    of the workers (default: the platform's)."""
    limits = limits or Limits()
    if not paths:
        return []
    done: dict[int, DocumentResult] = {}
    if cache is not None:
        for i, path in enumerate(paths):
            hit = cache.get(path)
            if hit is not None:
                done[i] = hit
        if len(done) == len(paths):  # nothing to lint: no worker started
            for i in range(len(paths)):
                if on_result:
                    on_result(done[i])
            return [done[i] for i in range(len(paths))] if keep else []
    todo_paths = [p for i, p in enumerate(paths) if i not in done]
    if executor == "dask":
        job = Job(settings, limits, postprocess, preflight, initializer, _preload_modules(todo_paths))
        return _run_dask(paths, done, job, jobs, scheduler, on_result, cache, keep, dask_shared_paths)
    from .readers.convert import preconvert

    ctx = context or mp.get_context()
    # several files: load the templates and rules once, before the workers fork (or as each spawned one
    # starts); one file loads only what it needs, as it goes
    job = Job(settings, limits, postprocess, preflight, initializer, _preload_modules(todo_paths),
              warm=len(todo_paths) > 1)
    if ctx.get_start_method() == "fork":
        import importlib

        for name in job.preload:
            importlib.import_module(name)
        if job.warm:
            worker.warm()  # the workers fork with the templates and rules loaded: they share them
    jobs = max(1, min(jobs, len(todo_paths)))
    restore = None
    if threading.current_thread() is threading.main_thread():
        restore = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with tempfile.TemporaryDirectory(prefix="govdisclose-lint-") as tmp:
            # one LibreOffice start for all .doc/.wps/.odt/.rtf files, under the same limits as a worker
            job.converted = preconvert(todo_paths, tmp, limits, settings.soffice)
            return _run(ctx, job, paths, jobs, on_result, done, cache, keep)
    finally:
        if restore is not None:
            signal.signal(signal.SIGTERM, restore)


def _run_dask(paths, done, job: Job, jobs: int, scheduler, on_result, cache, keep,
              shared_paths: bool) -> list[DocumentResult]:
    from . import daskrun

    results: dict[int, DocumentResult] = dict(done)
    emitted = [0]

    def deliver(index: int, result: DocumentResult) -> None:
        results[index] = result
        if cache is not None:
            cache.put(paths[index], result)
        while emitted[0] in results:
            if on_result:
                on_result(results[emitted[0]] if keep else results.pop(emitted[0]))
            emitted[0] += 1

    def lost(index: int, how: str) -> None:
        """A chunk whose task failed on the cluster (e.g. its Dask worker died): E006 for its files."""
        deliver(index, finalize(DocumentResult(paths[index], "partial"),
                                [Finding("E006", "worker_died", {"how": how})], job.settings))

    todo = [i for i in range(len(paths)) if i not in done]
    daskrun.run(paths, todo, job, jobs, scheduler, deliver, lost, shared_paths)
    return [results[i] for i in range(len(paths))] if keep else []


def _run(ctx, job: Job, paths: list[str], jobs: int, on_result, done: dict, cache, keep: bool) -> list[DocumentResult]:
    limits, settings = job.limits, job.settings
    results: dict[int, DocumentResult] = dict(done)
    emitted = 0
    todo = [(i, p) for i, p in enumerate(paths) if i not in done][::-1]
    slots: list[_Slot] = []
    start_failures = 0

    def emit():
        nonlocal emitted
        while emitted in results:
            if on_result:
                on_result(results[emitted] if keep else results.pop(emitted))
            emitted += 1

    def feed(slot: _Slot):
        if todo:
            index, path = todo.pop()
            slot.give(index, path, limits.timeout)

    def result_of(slot: _Slot, index: int, path: str, died: bool, over: bool) -> DocumentResult:
        if died:
            return _dead_result(path, slot, limits, settings)
        key, limit = ("memory", f"{limits.memory} MB") if over else ("timeout", limits.timeout)
        return finalize(DocumentResult(path, "partial"), [Finding("E005", key, {"limit": limit})], settings)

    finished = False
    try:
        slots.extend(_Slot(ctx, job) for _ in range(jobs))
        while todo or any(s.task for s in slots):
            live = [s for s in slots if s.task or not s.ready]
            wait_for = max(0.0, min(s.deadline for s in live) - time.monotonic()) if live else 0.0
            if limits.memory:
                wait_for = min(wait_for, POLL)
            ready = wait([s.conn for s in live] + [s.proc.sentinel for s in live], timeout=wait_for)
            now = time.monotonic()
            for i, slot in enumerate(slots):
                if slot.conn in ready:
                    try:
                        got_index, result = slot.conn.recv()
                    except (EOFError, OSError):
                        pass  # the worker died: handled below
                    else:
                        if got_index == worker.READY[0]:
                            slot.ready, start_failures = True, 0
                        else:
                            results[got_index] = result
                            if cache is not None:
                                cache.put(paths[got_index], result)
                            slot.task = None
                            if any(f.code == "E005" and f.key == "memory" for f in result.findings):
                                slot.kill()  # its heap may be exhausted: start the next file afresh
                                slots[i] = slot = _Slot(ctx, job)
                        if slot.ready and not slot.task:
                            feed(slot)
                        continue
                if not slot.task and slot.ready:
                    continue
                died = slot.proc.sentinel in ready or not slot.proc.is_alive()
                over = False
                if slot.task and not died and limits.memory:
                    rss, vms = proctree.memory(slot.proc.pid)
                    slot.peak = max(slot.peak, rss, vms if _address_capped() else 0)
                    over = rss > limits.memory * 2**20
                if died or over or now >= slot.deadline:
                    slot.kill()
                    if slot.task:
                        results[slot.task[0]] = result_of(slot, *slot.task, died, over)
                    else:  # it died (or hung) while starting
                        start_failures += 1
                        if start_failures >= START_FAILURES:
                            _fail_all(todo, results, slot, settings)
                    slots[i] = _Slot(ctx, job)
            emit()
        finished = True
    finally:
        for slot in slots:
            slot.stop() if finished else slot.kill()
    emit()
    return [results[i] for i in range(len(paths))] if keep else []


def _fail_all(todo: list, results: dict, slot: _Slot, settings: Settings) -> None:
    """Workers cannot start (e.g. no memory for their imports): every file left gets E006."""
    how = f"{_died_how(slot.proc.exitcode)} while starting"
    while todo:
        index, path = todo.pop()
        results[index] = finalize(DocumentResult(path, "partial"), [Finding("E006", "worker_died", {"how": how})],
                                  settings)


def _address_capped() -> bool:
    """Whether workers cap their address space (RLIMIT_AS), so virtual size near the cap means memory."""
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        return False
    return hasattr(resource, "RLIMIT_AS")
