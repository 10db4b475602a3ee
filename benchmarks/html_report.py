"""Time and size of the HTML report (--format html) for a batch of N documents.

    python benchmarks/html_report.py [N ...]        (default: 100)

The corpus is linted once (in this process; the recognition is dropped as the worker drops it), its
results are repeated up to N documents (the whole corpus mix, then only the reports whose three tables
were all recognised: the largest pages), and the reporter renders them into a temporary file: the
render time is the median of 5 runs after a warm-up; the size is the file's.  Then the peak Python
memory of one render (tracemalloc, a separate run since it slows the render) shows whether memory
stays flat as N grows.
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclose_lint.engine import lint_file  # noqa: E402
from govdisclose_lint.reporters.html_report import HtmlReporter  # noqa: E402
from govdisclose_lint.reporters.summary import summarize  # noqa: E402

CORPUS = Path(os.environ.get("GOVDISCLOSE_CORPUS", ROOT.parent / "shared" / "corpus"))
EXTENSIONS = (".html", ".pdf", ".txt", ".md", ".docx")


def corpus_results():
    out = []
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in EXTENSIONS and path.name != "MANIFEST.tsv":
            r = lint_file(str(path))
            r.table_cells()
            r.recognition = None
            out.append(r)
    return out


def batch(base, n: int):
    out = []
    for i in range(n):
        r = copy.copy(base[i % len(base)])
        r.path = f"batch/{i:04d}/{Path(r.path).name}"
        out.append(r)
    return out


def render(results, dest: str) -> None:
    with open(dest, "w", encoding="utf-8", newline="") as fh:
        rep = HtmlReporter(fh, "zh")
        for r in results:
            rep.document(r)
        rep.finish(summarize(results))


def measure(label: str, base, n: int, dest: str) -> None:
    results = batch(base, n)
    render(results, dest)  # warm-up: templates compiled, layouts cached
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        render(results, dest)
        times.append(time.perf_counter() - t0)
    size = os.path.getsize(dest)
    tracemalloc.start()
    render(results, dest)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:>12} {n:5d} documents: render median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}); file {size / 2**20:.2f} MB "
          f"({size / n / 1024:.1f} KB per document); peak Python memory during render {peak / 2**20:.1f} MB")


def main(sizes: list[int]) -> None:
    base = corpus_results()
    full = [r for r in base if {c["table"] for c in r.table_cells()} == {"T2", "T3", "T4"}]
    print(f"corpus: {len(base)} files linted once, {len(full)} with all three tables recognised")
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "report.html")
        for n in sizes:
            measure("corpus mix", base, n, dest)
            measure("full tables", full, n, dest)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100])
