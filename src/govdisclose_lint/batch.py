"""Lint many files in worker processes, each file under a wall-time and a memory limit.

Workers are forked once and reused.  A file that runs past ``timeout`` seconds gets its worker
(and the worker's process group, e.g. a LibreOffice child) killed and becomes an E005 finding;
a worker that dies (memory limit, crash) does too; the batch goes on with a new worker.
Results are handed back in input order whatever the parallelism, as soon as every file before
them is done, so output is deterministic and can stream.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable

from .engine import DocumentResult, finalize, lint_file
from .findings import Finding
from .settings import Settings


@dataclass
class Limits:
    timeout: float = 60.0  # seconds per file
    memory: int = 1024  # MB of address space per worker (0: no limit); a report needs about 80


def _worker(conn: Connection, settings: Settings, limits: Limits, postprocess) -> None:
    os.setpgrp()  # so a timeout can kill this worker and anything it started
    if limits.memory:
        cap = limits.memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path = task
        result = lint_file(path, settings)
        if postprocess is not None:
            result.extra = postprocess(result)
        result.table_cells()  # keep the recognised cells in plain form for the parent
        result.recognition = None  # large, and not needed by the reporters
        conn.send((index, result))


class _Slot:
    def __init__(self, ctx, settings: Settings, limits: Limits, postprocess=None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, settings, limits, postprocess), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.deadline = 0.0

    def give(self, index: int, path: str, timeout: float) -> None:
        self.task = (index, path)
        self.deadline = time.monotonic() + timeout
        self.conn.send(self.task)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
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


def _preload(paths: list[str]) -> None:
    """Import the readers this run needs before forking: workers share them instead of each
    importing pdfplumber & co. again, and imports never run under a worker's memory cap."""
    import importlib

    from .readers.sniff import EXTENSION_KINDS

    kinds = {EXTENSION_KINDS.get(os.path.splitext(p)[1].lower()) for p in paths}
    modules = {"pdf": "pdf", "docx": "docx", "html": "html", "doc": "docx", "wps": "docx", "odt": "docx",
               "rtf": "docx"}
    for kind in kinds:
        if kind in modules:
            importlib.import_module(f"govdisclose_lint.readers.{modules[kind]}")
            if kind == "pdf":
                import pdfplumber  # noqa: F401  (the reader imports it lazily)
                import pypdfium2  # noqa: F401


def _limit_result(path: str, key: str, limit, settings: Settings) -> DocumentResult:
    return finalize(DocumentResult(path, "partial"), [Finding("E005", key, {"limit": limit})], settings)


def run(paths: list[str], settings: Settings, *, jobs: int = 1, limits: Limits | None = None,
        on_result: Callable[[DocumentResult], None] | None = None,
        postprocess: Callable[[DocumentResult], object] | None = None) -> list[DocumentResult]:
    """Lint ``paths``; returns results in input order and calls ``on_result`` in that order.

    ``postprocess(result)`` runs in the worker, under its limits, while the recognition is still
    attached; what it returns travels back as ``result.extra`` (e.g. the extracted tables)."""
    limits = limits or Limits()
    if not paths:
        return []
    _preload(paths)
    ctx = mp.get_context("fork")
    jobs = max(1, min(jobs, len(paths)))
    results: dict[int, DocumentResult] = {}
    emitted = 0
    todo = list(enumerate(paths))[::-1]
    slots = [_Slot(ctx, settings, limits, postprocess) for _ in range(jobs)]

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

    try:
        for slot in slots:
            feed(slot)
        while any(s.task for s in slots):
            busy = [s for s in slots if s.task]
            wait_for = max(0.0, min(s.deadline for s in busy) - time.monotonic())
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
                            slots[i] = slot = _Slot(ctx, settings, limits, postprocess)
                        feed(slot)
                        continue
                    except (EOFError, OSError):
                        pass  # the worker died while sending: handled below
                died = slot.proc.sentinel in ready or not slot.proc.is_alive()
                if died or now >= slot.deadline:
                    slot.kill()
                    if died:
                        code = slot.proc.exitcode
                        how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
                        results[index] = finalize(DocumentResult(path, "partial"), [Finding(
                            "E005", "worker_died", {"how": how, "limit": f"{limits.memory} MB"})], settings)
                    else:
                        results[index] = _limit_result(path, "timeout", limits.timeout, settings)
                    slots[i] = _Slot(ctx, settings, limits, postprocess)
                    feed(slots[i])
            emit()
    finally:
        for slot in slots:
            slot.stop()
    emit()
    return [results[i] for i in range(len(paths))]


def collect(paths: Iterable[str], exclude: Iterable[str] = (), extensions: tuple[str, ...] = ()) -> list[str]:
    """Files to lint: files as given, folders recursed (no symlinked folders followed), sorted,
    ``exclude`` globs matched against the path relative to the folder given and against the name."""
    import fnmatch

    exclude = tuple(exclude)

    def excluded(rel: str) -> bool:
        name = os.path.basename(rel)
        return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in exclude)

    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not excluded(os.path.relpath(os.path.join(root, d), p)))
                for n in names:
                    full = os.path.join(root, n)
                    if n.lower().endswith(extensions) and not excluded(os.path.relpath(full, p)) \
                            and os.path.isfile(full):  # no FIFOs, devices or dangling links
                        found.append(full)
            out.extend(sorted(found))
        elif not excluded(p):
            out.append(p)
    return out
