"""The mutation campaign over every corpus file: damaged variants linted in one batch; prints the counts.

    python benchmarks/mutate_corpus.py [--per-file 50] [--seed 10] [--jobs 2] [--timeout 30] [--corpus DIR]

Families and how each variant is judged: see tests/mutations.py.  Exit code 1 when any variant ends in
a traceback, is lost, or is ``checked`` with other findings although the document read is the same.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from govdisclose_lint.readers import SUPPORTED_EXTENSIONS  # noqa: E402
from tests.mutations import FAILURES, judge, make_variants, write  # noqa: E402

OUTCOMES = ("not-checked", "skipped-not-a-report", "same", "content-changed", *FAILURES)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-file", type=int, default=50)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--timeout", default="30")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    corpus = Path(args.corpus)
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS)
    variants = make_variants(corpus, files, args.per_file, args.seed)
    with tempfile.TemporaryDirectory(prefix="mutations-") as tmp:
        folder = Path(tmp)
        write(folder, corpus, files, variants)
        t0 = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", str(folder), "--format", "json",
                               "--lang", "en", "--jobs", args.jobs, "--timeout", args.timeout, "--no-progress",
                               "--ignore", "X5"],
                              capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        elapsed = time.monotonic() - t0
        report = json.loads(proc.stdout)
        outcome = judge(folder, variants, report, proc.stderr.decode("utf-8", "replace"))
    statuses = Counter(d["status"] for d in report["documents"] if "/variants/" in d["path"])
    print(f"corpus files: {len(files)}; variants: {len(variants)} (seed {args.seed}, {args.per_file} per file)")
    print(f"lint run: {elapsed:.0f} s, jobs {args.jobs}, timeout {args.timeout} s, exit code {proc.returncode}")
    print("variant statuses: " + ", ".join(f"{k} {v}" for k, v in statuses.most_common()))
    print(f"{'family':<12}" + "".join(f"{o:>21}" for o in OUTCOMES))
    for family, counts in sorted(outcome.by_family.items()):
        print(f"{family:<12}" + "".join(f"{counts.get(o, 0):>21}" for o in OUTCOMES))
    print(f"{'total':<12}" + "".join(f"{outcome.counts.get(o, 0):>21}" for o in OUTCOMES))
    for name, kind, detail in outcome.failures:
        print(f"FAIL {kind}: {name} {detail}")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
