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
    """``govdisclose-lint ARGS`` in this process → (exit code, stdout, stderr)."""
    runner = CliRunner()
    with contextlib.chdir(cwd) if cwd else contextlib.nullcontext():
        result = runner.invoke(cli.main, [str(a) for a in args], input=input, env=env, catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


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
