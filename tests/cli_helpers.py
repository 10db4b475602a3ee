"""Running the CLI in the test process (click's CliRunner: no subprocess) or, where a real process is
the point (signals, a terminal, the Windows stand-in), as a subprocess."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys

from click.testing import CliRunner

from govdisclose_lint import cli


def lint(*args, cwd=None, input=None, env=None):
    """``govdisclose-lint ARGS`` in this process, through the real entry point (``cli.run``: errors as one
    line) → (exit code, stdout, stderr)."""
    runner = CliRunner()
    code = 0
    with contextlib.chdir(cwd) if cwd else contextlib.nullcontext(), runner.isolation(input=input, env=env) as io:
        try:
            cli.run([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = io[0].getvalue(), io[1].getvalue()
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def subprocess_lint(*args, cwd=None, env=None, timeout=300):
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", *map(str, args)], capture_output=True, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}, timeout=timeout)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def docs(out: str) -> list[dict]:
    return json.loads(out)["documents"]


def codes(doc: dict) -> list[str]:
    return [f["code"] for f in doc["findings"]]


def with_worker_fault(monkeypatch, fault) -> None:
    """Every batch of this test starts its workers with ``fault`` (a function of tests/faults.py)."""
    from govdisclose_lint import batch

    monkeypatch.setattr(batch, "run", functools.partial(batch.run, initializer=fault))
