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
NEAR_LIMIT = 0.9  # a worker that died at this share of its memory limit died of memory


class _Slot:
    def __init__(self, ctx, job: Job):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker.main, args=(child, job), daemon=True, name="govdisclose-lint-worker")
        self.proc.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.deadline = 0.0
        self.peak = 0  # bytes: the largest sample of the current task

    def give(self, index: int, path: str, timeout: float) -> None:
        self.task = (index, path)
        self.deadline = time.monotonic() + timeout
        self.peak = 0
        self.conn.send(self.task)

    def kill(self) -> None:
        proctree.kill_tree(self.proc.pid)
        self.proc.join(1)
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


def _on_sigterm(signum, frame):
    raise _Terminated(128 + signum)


def run(paths: list[str], settings: Settings, *, jobs: int = 1, limits: Limits | None = None,
        on_result: Callable[[DocumentResult], None] | None = None,
        postprocess: Callable[[DocumentResult], object] | None = None,
        preflight: Callable[[DocumentResult], None] | None = None,
        initializer: Callable[[], None] | None = None) -> list[DocumentResult]:
    """Lint ``paths``; returns results in input order and calls ``on_result`` in that order.

    ``postprocess(result)`` runs in the worker, under its limits, while the recognition is still
    attached; what it returns travels back as ``result.extra`` (e.g. the extracted tables).
    ``preflight(result)`` runs in the worker too and raises if the result cannot be reported.
    ``initializer()`` runs once in each worker as it starts.  The three are pickled by name."""
    limits = limits or Limits()
    if not paths:
        return []
    from .readers.convert import preconvert

    ctx = mp.get_context()
    job = Job(settings, limits, postprocess, preflight, initializer, _preload_modules(paths))
    if ctx.get_start_method() == "fork":
        import importlib

        for name in job.preload:
            importlib.import_module(name)
    jobs = max(1, min(jobs, len(paths)))
    restore = None
    if threading.current_thread() is threading.main_thread():
        restore = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with tempfile.TemporaryDirectory(prefix="govdisclose-lint-") as tmp:
            # one LibreOffice start for all .doc/.wps/.odt/.rtf files, under the same limits as a worker
            job.converted = preconvert(paths, tmp, limits, settings.soffice)
            return _run(ctx, job, paths, jobs, on_result)
    finally:
        if restore is not None:
            signal.signal(signal.SIGTERM, restore)


def _run(ctx, job: Job, paths: list[str], jobs: int, on_result) -> list[DocumentResult]:
    limits, settings = job.limits, job.settings
    results: dict[int, DocumentResult] = {}
    emitted = 0
    todo = list(enumerate(paths))[::-1]
    slots: list[_Slot] = []

    def emit():
        nonlocal emitted
        while emitted in results:
            if on_result:
                on_result(results[emitted])
            emitted += 1

    def feed(slot: _Slot):
        if todo:
            index, path = todo.pop()
            slot.give(index, path, limits.timeout)

    finished = False
    try:
        slots.extend(_Slot(ctx, job) for _ in range(jobs))
        for slot in slots:
            feed(slot)
        while any(s.task for s in slots):
            busy = [s for s in slots if s.task]
            wait_for = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            if limits.memory:
                wait_for = min(wait_for, POLL)
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=wait_for)
            now = time.monotonic()
            for i, slot in enumerate(slots):
                if not slot.task:
                    continue
                index, path = slot.task
                if slot.conn in ready:
                    try:
                        got_index, result = slot.conn.recv()
                        results[got_index] = result
                        slot.task = None
                        if any(f.code == "E005" and f.key == "memory" for f in result.findings):
                            slot.kill()  # its heap may be exhausted: start the next file afresh
                            slots[i] = slot = _Slot(ctx, job)
                        feed(slot)
                        continue
                    except (EOFError, OSError):
                        pass  # the worker died while sending: handled below
                died = slot.proc.sentinel in ready or not slot.proc.is_alive()
                over = False
                if not died and limits.memory:
                    rss, vms = proctree.memory(slot.proc.pid)
                    slot.peak = max(slot.peak, rss, vms if _address_capped() else 0)
                    over = rss > limits.memory * 2**20
                if died or over or now >= slot.deadline:
                    slot.kill()
                    if died:
                        results[index] = _dead_result(path, slot, limits, settings)
                    elif over:
                        results[index] = finalize(DocumentResult(path, "partial"), [
                            Finding("E005", "memory", {"limit": f"{limits.memory} MB"})], settings)
                    else:
                        results[index] = finalize(DocumentResult(path, "partial"), [
                            Finding("E005", "timeout", {"limit": limits.timeout})], settings)
                    slots[i] = _Slot(ctx, job)
                    feed(slots[i])
            emit()
        finished = True
    finally:
        for slot in slots:
            slot.stop() if finished else slot.kill()
    emit()
    return [results[i] for i in range(len(paths))]


def _address_capped() -> bool:
    """Whether workers cap their address space (RLIMIT_AS), so virtual size near the cap means memory."""
    try:
        import resource  # noqa: F401  (POSIX only)
    except ImportError:
        return False
    return hasattr(resource, "RLIMIT_AS")
