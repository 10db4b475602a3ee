"""The worker process of a batch: lints the files the parent sends, one at a time, and sends results back.

Safe under every start method (``fork`` on Linux, ``spawn`` on Windows and macOS): everything a worker
needs arrives in one picklable :class:`Job`, and the functions in it are module-level, pickled by name.
A worker

* says nothing on stderr: library chatter (pdfminer's warnings, faulthandler dumps) goes to the null
  device; what went wrong travels back as findings;
* caps its own address space where the OS has ``RLIMIT_AS`` (an extra: the parent's watchdog on the
  resident memory of the worker's whole process tree is the limit on every OS);
* ends itself, and anything it started, when the parent dies;
* runs every stage under a guard: reading, recognition and checks (:func:`.engine.lint_file`), the
  postprocess step, a trial rendering of the report, and the transfer back.  An exception in any of
  them is an E006 finding naming the stage, a memory error an E005 one.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import sys
import threading
import warnings
from dataclasses import dataclass, field
from typing import Callable

from .settings import Settings

READY = ("ready", None)


@dataclass
class Limits:
    """A worker's limits: seconds per file and MB of memory (its whole process tree)."""

    timeout: float = 60.0  # seconds per file
    memory: int = 1024  # MB per worker (its whole process tree; 0: no limit); a report needs about 80


@dataclass
class Job:
    """What every worker of a run gets."""

    settings: Settings
    limits: Limits
    postprocess: Callable | None = None  # result -> extra, in the worker while the recognition is attached
    preflight: Callable | None = None  # result -> None; raises when the report could not be written
    initializer: Callable | None = None  # called once when the worker starts (like ProcessPoolExecutor's)
    preload: tuple[str, ...] = ()  # modules to import before the memory cap applies
    converted: dict = field(default_factory=dict)  # original path -> .docx converted by LibreOffice
    warm: bool = False  # load the templates and rules before the first file (a run of several files)


def main(conn, job: Job) -> None:
    """The worker's loop: ``(index, path)`` in, ``(index, DocumentResult)`` out, ``None`` to stop."""
    _silence()
    _follow_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (inherited with fork)
    if job.initializer is not None:
        job.initializer()
    _setup(job)
    conn.send(READY)  # the time limit of the first file starts now, not while the worker imports
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        result = lint_one(path, job)
        try:
            conn.send((index, result))
        except Exception as exc:  # e.g. a result that cannot be pickled
            conn.send((index, _replaced(result, "report", exc, job.settings)))


def lint_one(path: str, job: Job):
    from .engine import lint_file

    result = lint_file(path, job.settings)
    if job.postprocess is not None:
        try:
            result.extra = job.postprocess(result)
        except Exception as exc:
            return _replaced(result, "extract", exc, job.settings)
    try:
        result.table_cells()  # keep the recognised cells in plain form for the parent
    except Exception as exc:
        return _replaced(result, "extract", exc, job.settings)
    result.recognition = None  # large, and not needed by the reporters
    if job.preflight is not None:
        try:
            job.preflight(result)
        except Exception as exc:
            return _replaced(result, "report", exc, job.settings)
    return result


def _replaced(result, stage: str, exc: BaseException, settings: Settings):
    """A result that only says a stage failed (what it had may be what cannot be written)."""
    from .engine import DocumentResult, finalize, stage_failed

    return finalize(DocumentResult(result.path, "partial", kind=result.kind), [stage_failed(stage, exc)], settings)


def _setup(job: Job) -> None:
    from . import registry
    from .readers import convert

    for rule in job.settings.user_rules:  # a spawned worker starts with the shipped catalogue only
        registry.register_user_rule(rule.code, rule.name, rule.severity, rule.message)
    convert.configure(job.settings.soffice, job.converted, job.limits)
    for name in job.preload:
        importlib.import_module(name)
    if job.warm:
        warm()
    if job.limits.memory:
        cap_address_space(job.limits.memory)


def warm() -> None:
    """Load the templates and rules before the first file (see :func:`.engine.warm`); if they cannot be
    loaded, the first file's lint says so as a finding."""
    from .engine import warm as load

    try:
        load()
    except Exception:
        pass


def cap_address_space(mb: int) -> None:
    """Limit this process's address space (soft limit only, so a LibreOffice child can lift it)."""
    try:
        import resource  # POSIX only
    except ImportError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        pass  # e.g. macOS refuses it: the parent's watchdog still applies


def _silence() -> None:
    """Nothing a worker's libraries print reaches the user's terminal."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    sys.stderr = open(os.devnull, "w", encoding="utf-8")
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    try:
        import faulthandler

        faulthandler.disable()  # a crash is reported as a finding, not as a dump
    except (ImportError, RuntimeError):
        pass


def _follow_parent() -> None:
    """End this worker and its children when the parent dies (killed, or the terminal closed)."""
    import multiprocessing as mp

    parent = mp.parent_process()
    if parent is None:
        return

    def watch():
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        from .proctree import kill_tree

        kill_tree(os.getpid(), include_root=False)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()
