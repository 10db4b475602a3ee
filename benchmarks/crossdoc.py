"""Time the cross-document stage against the folder's lint time.

    python benchmarks/crossdoc.py [N] [--jobs J]

Builds a folder of N reports (default 2,000) from the shared corpus: copy k of a text-format report
(HTML, text, Markdown) has its agency renamed to "<agency>k", so the folder holds N/20 agencies
with 2019–2025 series whose texts are near-identical across agencies — the worst case for copied-text
detection (every report is an X504 candidate with exact comparison and shared passages); PDF copies
stay exact copies (duplicates, X507).  Then it lints the folder (worker processes, as ``check``
does), runs the cross-document stage on the results, and prints:

- lint wall time of the folder (readers, recognition, per-document checks, and the per-document
  profile the workers compute for the stage);
- the stage's own time in the parent (identity, year over year, similarity, region, deadlines,
  duplicates, the auditor's summary) and its share of the lint time;
- the workers' profile time (CPU seconds over all documents, measured per distinct file in this
  process, and divided by the number of jobs) and its share;
- what the profiles weigh (bytes kept per document).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclose_lint import batch  # noqa: E402
from govdisclose_lint.config import DEFAULT_DEADLINES  # noqa: E402
from govdisclose_lint.crossdoc import profile  # noqa: E402
from govdisclose_lint.crossdoc.stage import Options, Stage  # noqa: E402
from govdisclose_lint.readers import SUPPORTED_EXTENSIONS, read_document  # noqa: E402
from govdisclose_lint.recognize import recognize  # noqa: E402
from govdisclose_lint.settings import Settings  # noqa: E402

CORPUS = Path(os.environ.get("GOVDISCLOSE_CORPUS", ROOT.parent / "shared" / "corpus"))
TEXT_KINDS = (".html", ".htm", ".txt", ".md")


def sources() -> list[Path]:
    return sorted(p for p in batch.collect([str(CORPUS)], (), SUPPORTED_EXTENSIONS)
                  if "template" not in p and not p.endswith("MANIFEST.tsv"))


def build(folder: Path, n: int, files: list[Path]) -> dict[str, int]:
    """N copies; returns how many copies each source got."""
    from govdisclose_lint.engine import lint_file

    agencies = {str(f): lint_file(str(f)).agency for f in files}
    counts: dict[str, int] = {}
    for i in range(n):
        src = Path(files[i % len(files)])
        k = i // len(files)
        dest = folder / f"{k:04d}_{src.name}"
        agency = agencies[str(src)]
        if src.suffix in TEXT_KINDS and agency:
            text = src.read_text(encoding="utf-8", errors="replace")
            dest.write_text(text.replace(agency, f"{agency}{k}"), encoding="utf-8")
        else:
            shutil.copyfile(src, dest)
        counts[str(src)] = counts.get(str(src), 0) + 1
    return counts


def profile_seconds(files: list[Path], counts: dict[str, int]) -> float:
    """CPU seconds the workers spend on profiles over the folder (median of 5 per distinct file)."""
    total = 0.0
    enabled = Settings().enabled()
    for f in files:
        try:
            doc = read_document(str(f))
        except Exception:  # noqa: BLE001 - unreadable files get no profile
            continue
        rec = recognize(doc)
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            profile.build(doc, rec, enabled)
            times.append(time.perf_counter() - t0)
        total += statistics.median(times) * counts.get(str(f), 0)
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    files = [Path(p) for p in sources()]
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="crossdoc-bench-") as tmp:
        folder = Path(tmp)
        counts = build(folder, args.n, files)
        paths = batch.collect([str(folder)], (), SUPPORTED_EXTENSIONS)
        t0 = time.perf_counter()
        results = batch.run(paths, settings, jobs=args.jobs, limits=batch.Limits(timeout=120))
        lint = time.perf_counter() - t0
        stage = Stage(settings, Options(deadlines=dict(DEFAULT_DEADLINES)))
        t1 = time.perf_counter()
        stage.attach(results, len(results))
        rows = stage.summary_rows()
        cross = time.perf_counter() - t1
    prof = profile_seconds(files, counts) / args.jobs
    kept = [len(r.profile.text) + r.profile.signature.itemsize * len(r.profile.signature)
            for r in results if r.profile is not None]
    found = {}
    for r in results:
        for f in r.findings:
            if f.code[0] in "XM":
                found[f.code] = found.get(f.code, 0) + 1
    print(f"reports: {len(results)} ({len(files)} distinct sources), jobs: {args.jobs}")
    print(f"lint wall time (incl. worker profiles): {lint:8.2f} s   ({lint / len(results) * 1000:.1f} ms per report)")
    print(f"cross-document stage (parent):          {cross:8.2f} s   = {cross / lint:.1%} of the lint time")
    print(f"worker profiles (CPU / jobs):           {prof:8.2f} s   = {prof / lint:.1%} of the lint time")
    print(f"together:                                          = {(cross + prof) / lint:.1%} of the lint time")
    print(f"profile kept per report: median {statistics.median(kept) / 1024:.1f} KB, "
          f"total {sum(kept) / 2**20:.1f} MB")
    print(f"summary rows: {len(rows)}; cross-document findings: {dict(sorted(found.items()))}")


if __name__ == "__main__":
    main()
