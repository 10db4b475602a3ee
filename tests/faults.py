"""Faults injected into worker processes, for the tests of the pool (batch.run(initializer=…)).

Module-level functions, so they reach a worker by name under ``fork`` and ``spawn`` alike.  Each
initializer patches the worker's own copy of the package, so the fault happens where it would in
real life: inside a worker, in the middle of a stage.
"""

from __future__ import annotations

import os
import signal


def check_raises() -> None:
    """The equation evaluator raises, as ``abs()`` with no argument did (IndexError)."""
    from govdisclose_lint import expr

    def evaluate(node, lookup, rows=()):
        raise IndexError("tuple index out of range")

    expr.evaluate = evaluate


def recognition_raises() -> None:
    from govdisclose_lint import engine

    def recognize(doc):
        raise KeyError("T9")

    engine.recognize = recognize


def report_fails_for_huge() -> None:
    """What a 5,000-digit number did to the JSON writer (Python's int-to-str limit), for files named huge*."""
    from govdisclose_lint import engine

    to_json = engine.DocumentResult.to_json

    def failing(self):
        if os.path.basename(self.path).startswith("huge"):
            raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
        return to_json(self)

    engine.DocumentResult.to_json = failing


def segfault_on_pdf() -> None:
    """A parser that kills its process (a segfault in a C library) on PDFs."""
    from govdisclose_lint import worker

    lint_one = worker.lint_one

    def crashing(path, job):
        if path.endswith(".pdf"):
            os.kill(os.getpid(), signal.SIGSEGV if hasattr(signal, "SIGSEGV") else signal.SIGTERM)
        return lint_one(path, job)

    worker.lint_one = crashing


def memory_error_in_check() -> None:
    """Running out of memory in a check (MemoryError)."""
    from govdisclose_lint import expr

    def evaluate(node, lookup, rows=()):
        raise MemoryError()

    expr.evaluate = evaluate
