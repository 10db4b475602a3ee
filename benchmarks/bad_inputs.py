"""Lint the bad-input suite plus the corpus in one folder run; print wall time and peak memory.

    python benchmarks/bad_inputs.py [--jobs N] [--timeout S]

Memory is the peak of the *sum* of the resident sizes of the CLI and all its workers (and anything
they start), sampled every 20 ms from /proc; ``/usr/bin/time -v`` would give the largest single process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.badfiles import build_suite  # noqa: E402


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--timeout", default="10")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        expect = build_suite(root / "bad", Path(args.corpus))
        shutil.copytree(args.corpus, root / "corpus")
        cmd = [sys.executable, "-m", "govdisclose_lint", "check", str(root), "--format", "json", "--jobs", args.jobs,
               "--timeout", args.timeout]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.02)
        elapsed = time.monotonic() - t0
        err = proc.stderr.read().decode()
        os.chmod(root / "bad" / "locked.html", 0o644)
    print(f"files: {len(expect)} bad + corpus, jobs {args.jobs}, timeout {args.timeout} s")
    print(f"exit code: {proc.returncode}; tracebacks on stderr: {err.count('Traceback')}")
    print(f"wall time: {elapsed:.1f} s")
    print(f"peak memory (process tree, sum of RSS): {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
