"""Speed and memory of the linter, per input type, next to the bare parser doing the same reading work.

    python benchmarks/run.py [--n 200] [--repeat 5] [--corpus DIR] [--json FILE] [--skip-folder] [--mixed N ...]

What it prints (a table, and the same numbers as JSON with ``--json``):

* **in process, per document**: lint time (median and p95 over the files of the type, each file's time
  the median of ``--repeat`` runs) and the bare-parser time of the *same files in the same run*, and
  their ratio (median of the per-file ratios and the largest one).  The bare baselines do the reading
  work the lint must do: PDF pdfplumber ``extract_tables()`` on every page; DOCX python-docx load plus
  the text of every cell of every table and every paragraph; HTML ``lxml.html.fromstring`` plus the
  text of every cell; text a read and a UTF-8 decode.  Per corpus PDF the lint/bare ratio is listed.
* **stages**: where a document's time goes, per type: reading, recognition, the cross-document text
  profile, each check module and the final stamping, each timed on its own (median over the files).
* **folder runs** (whole process, ``check DIR --format json --no-cache``): documents/s with ``--jobs 1``
  and ``--jobs 2``, docs/s/core, and the peak resident memory of the whole process tree (sampled).
* **start-up**: one text report linted as a whole process (``check FILE --format json``), median, timed
  on its own (no memory sampling beside it), next to the bare interpreter and importing the command line.
* ``--mixed N``: a folder of N mixed generated reports (half PDF) with ``--jobs 2``: time and peak
  memory, then the same folder again with the cache (the second run's share of the first).

Inputs: the corpus plus ``--n`` generated reports per type.  Generated reports are the corpus reports
in the official layout (the corpus PDFs have their tables split over pages; the DOCX are the official
template filled with a corpus report's numbers, 表三 pushed over a page break) with a distinct
content each (a different agency name in DOCX, a trailing comment elsewhere), so a cache cannot
serve them and N can be 1,000+.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from govdisclose_lint.engine import lint_file  # noqa: E402

TYPES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}
CLI = [sys.executable, "-m", "govdisclose_lint"]


def no_cache() -> list[str]:
    """``--no-cache`` where the tool has a cache (so a before/after comparison runs on older commits too)."""
    out = subprocess.run(CLI + ["check", "--help"], capture_output=True, text=True).stdout
    return ["--no-cache"] if "--no-cache" in out else []


# -- bare baselines: the reading work the lint does, nothing more ----------------------------------------
def bare(path: Path) -> None:
    kind = TYPES[path.suffix]
    if kind == "pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
    elif kind == "docx":
        import docx

        d = docx.Document(str(path))
        for p in d.paragraphs:
            p.text
        for t in d.tables:
            for row in t.rows:
                for cell in row.cells:
                    cell.text
    elif kind == "html":
        import lxml.html

        root = lxml.html.fromstring(path.read_bytes())
        for cell in root.iter("td", "th"):
            cell.text_content()
    else:
        path.read_bytes().decode("utf-8", "replace")


def timed_pair(a, b, repeat: int) -> tuple[float, float]:
    """Median times of ``a`` and ``b``, run alternately (a, b, a, b, …) so that a burst of load on the
    machine hits both alike, after one warm-up run each (imports and first-use set-up excluded)."""
    a()
    b()
    ta, tb = [], []
    for _ in range(repeat):
        for fn, times in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(ta), statistics.median(tb)


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


# -- generated reports ---------------------------------------------------------------------------------
def corpus_reports(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix in TYPES and not p.name.startswith("template"))


def generate(corpus: Path, out: Path, n: int, kinds: set[str]) -> dict[str, list[Path]]:
    """``n`` distinct reports per kind in ``out/<kind>/``."""
    made: dict[str, list[Path]] = {}
    sources = corpus_reports(corpus)
    for kind in sorted(kinds):
        folder = out / kind
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "docx":
            made[kind] = _generate_docx(corpus, sources, folder, n)
            continue
        srcs = [p for p in sources if TYPES[p.suffix] == kind]
        files = []
        for i in range(n):
            src = srcs[i % len(srcs)]
            dest = folder / f"{i:05d}_{src.name}"
            data = src.read_bytes()
            tail = {"pdf": b"\n%% generated %d\n", "html": b"\n<!-- generated %d -->\n"}.get(kind, b"\n\n%d\n")
            dest.write_bytes(data + tail % i if kind != "text" else data.rstrip() + b"\n" + b" " * (i % 7 + 1))
            files.append(dest)
        made[kind] = files
    return made


def _generate_docx(corpus: Path, sources: list[Path], folder: Path, n: int) -> list[Path]:
    from tests.crossformat import fill_template

    values = [_values(p) for p in sources if p.suffix == ".pdf"] or [{}]
    files = []
    for i in range(n):
        dest = folder / f"{i:05d}.docx"
        fill_template(corpus / "template-2021.docx", dest, values[i % len(values)], agency=f"某县第{i}局",
                      year=2024, split=True)
        files.append(dest)
    return files


def _values(path: Path) -> dict:
    from tests.crossformat import values_from

    return values_from(lint_file(str(path)))


# -- whole-process measurements ------------------------------------------------------------------------
def run_process(args: list[str], cwd: str | None = None) -> tuple[float, int, int]:
    """Wall time, peak RSS of the process tree (bytes, sampled every 20 ms), exit code."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [ps] + ps.children(recursive=True)
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.02)
    return time.perf_counter() - t0, peak, proc.returncode


def _rss(p: psutil.Process) -> int:
    try:
        return p.memory_info().rss
    except psutil.Error:
        return 0


def folder_run(folder: Path, jobs: int, cache: str | None = None) -> dict:
    out = folder.parent / f"{folder.name}.json"
    args = CLI + ["check", str(folder), "--format", "json", "--no-progress", "-j", str(jobs), "-o", str(out),
                  "--isolated"]
    args += ["--cache-dir", cache] if cache else no_cache()
    wall, peak, code = run_process(args)
    n = sum(1 for p in folder.iterdir() if p.is_file())
    return {"docs": n, "jobs": jobs, "seconds": round(wall, 3), "docs_per_s": round(n / wall, 1),
            "docs_per_s_per_core": round(n / wall / jobs, 1), "peak_mb": round(peak / 2**20, 1), "exit": code}


def wall(args: list[str]) -> float:
    """Wall time of a whole process, with nothing of ours beside it (no memory sampling)."""
    t0 = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def startup(text_file: Path, repeat: int) -> dict:
    """One text report linted as a whole process, next to the same interpreter doing nothing and
    importing the command line only (runs interleaved, so a busy moment weighs on all three alike)."""
    runs = {"lint": CLI + ["check", str(text_file), "--format", "json", "--isolated", *no_cache()],
            "python": [sys.executable, "-c", "pass"],
            "import_cli": [sys.executable, "-c", "import govdisclose_lint.cli"]}
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(max(repeat, 5)):
        for key, args in runs.items():
            times[key].append(wall(args))
    lint = times["lint"]
    return {"file": text_file.name, "median_s": round(statistics.median(lint), 3), "min_s": round(min(lint), 3),
            "python_s": round(statistics.median(times["python"]), 3),
            "import_cli_s": round(statistics.median(times["import_cli"]), 3)}


def stages(files_by_kind: dict[str, list[Path]], repeat: int, per_kind: int) -> dict:
    """Where a document's time goes, per type: each stage of :func:`lint_file` timed on its own (the
    fastest of ``repeat`` runs per file, then the median over the files), in milliseconds.  A file that
    cannot be read (a damaged one in ``--corpus``) is left out: it has no stages to time."""
    from govdisclose_lint.checks import Context, all_checks
    from govdisclose_lint.crossdoc.profile import build as profile
    from govdisclose_lint.engine import DocumentResult, finalize
    from govdisclose_lint.readers import read_document
    from govdisclose_lint.recognize import recognize
    from govdisclose_lint.settings import Settings

    settings = Settings()
    enabled = settings.enabled()
    out = {}
    for kind, files in files_by_kind.items():
        per_file = []
        for path in files[:per_kind]:
            best: dict[str, float] = {}
            for _ in range(repeat):
                t = {}
                t0 = time.perf_counter()
                try:
                    doc = read_document(str(path))
                except Exception:  # noqa: BLE001 - the lint says why (E0xx); nothing to time here
                    break
                t["read"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                rec = recognize(doc)
                t["recognise"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                profile(doc, rec, enabled)
                t["text profile"] = time.perf_counter() - t0
                ctx = Context(doc, rec, settings.options, settings.equations)
                findings = []
                for check in all_checks():
                    t0 = time.perf_counter()
                    findings += list(check(ctx))
                    t[check.__module__.rsplit(".", 1)[-1]] = time.perf_counter() - t0
                t0 = time.perf_counter()
                finalize(DocumentResult(str(path), "checked"), findings, settings, None, doc)
                t["finalize"] = time.perf_counter() - t0
                best = {k: min(v, best.get(k, v)) for k, v in t.items()}
            if best:
                per_file.append(best)
        if per_file:
            keys = list(per_file[0])
            out[kind] = {k: round(statistics.median(f.get(k, 0.0) for f in per_file) * 1000, 2) for k in keys}
    return out


# -- main ----------------------------------------------------------------------------------------------
def in_process(files_by_kind: dict[str, list[Path]], repeat: int, per_kind: int) -> dict:
    out = {}
    for kind, files in files_by_kind.items():
        files = files[:per_kind]
        rows = []
        for path in files:  # interleaved run by run: lint, bare, lint, bare … of the same file
            lint, base = timed_pair(lambda: lint_file(str(path)), lambda: bare(path), repeat)
            rows.append({"file": path.name, "lint_ms": round(lint * 1000, 2), "bare_ms": round(base * 1000, 2),
                         "ratio": round(lint / base, 3) if base else None})
        lint = [r["lint_ms"] for r in rows]
        base = [r["bare_ms"] for r in rows]
        ratios = [r["ratio"] for r in rows if r["ratio"]]
        out[kind] = {"files": len(rows), "lint_median_ms": statistics.median(lint), "lint_p95_ms": p95(lint),
                     "bare_median_ms": statistics.median(base), "bare_p95_ms": p95(base),
                     "ratio_median": statistics.median(ratios), "ratio_max": max(ratios), "per_file": rows}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.environ.get("GOVDISCLOSE_CORPUS", str(ROOT.parent / "shared" / "corpus")))
    ap.add_argument("--n", type=int, default=200, help="generated reports per type for the folder runs")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-kind", type=int, default=12, help="files per type timed in process")
    ap.add_argument("--json", help="write the numbers here too")
    ap.add_argument("--skip-folder", action="store_true")
    ap.add_argument("--mixed", type=int, nargs="*", default=[], help="mixed folder sizes (half PDF), --jobs 2")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    tmp = Path(tempfile.mkdtemp(prefix="govdisclose-bench-"))
    report: dict = {"cores": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        real = {}
        for p in corpus_reports(corpus):
            real.setdefault(TYPES[p.suffix], []).append(p)
        gen = generate(corpus, tmp / "gen", max(args.n, 1), {"pdf", "docx", "html", "text"})
        real["docx"] = gen["docx"][:3]  # the corpus has only the blank template: filled ones stand in
        report["in_process"] = in_process(real, args.repeat, args.per_kind)
        report["stages"] = stages(real, args.repeat, args.per_kind)
        texts = [p for p in real.get("text", []) if p.suffix == ".txt"]
        report["startup"] = startup(texts[0], args.repeat) if texts else None
        if not args.skip_folder:
            report["folder"] = {kind: [folder_run(tmp / "gen" / kind, j) for j in (1, 2)] for kind in gen}
        report["mixed"] = [mixed_run(corpus, tmp, n) for n in args.mixed]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_table(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def mixed_run(corpus: Path, tmp: Path, n: int) -> dict:
    folder = tmp / f"mixed{n}"
    gen = generate(corpus, tmp / f"src{n}", n // 2, {"pdf"})
    gen.update(generate(corpus, tmp / f"src{n}", n - n // 2, {"html", "text", "docx"}))
    rest = [p for k in ("html", "text", "docx") for p in gen[k]][: n - n // 2]
    folder.mkdir()
    for i, p in enumerate(gen["pdf"] + rest):
        shutil.move(str(p), folder / f"{i:05d}_{p.name}")
    cache = str(tmp / f"cache{n}")
    first = folder_run(folder, 2, cache)
    second = folder_run(folder, 2, cache)
    return {"docs": n, "first": first, "second": second,
            "second_share": round(second["seconds"] / first["seconds"], 4)}


def print_table(r: dict) -> None:
    print(f"cores: {r['cores']}   python {r['python']}")
    print(f"\n{'in process':10} {'files':>5} {'lint med':>9} {'lint p95':>9} {'bare med':>9} {'bare p95':>9} "
          f"{'ratio med':>9} {'ratio max':>9}   (ms)")
    for kind, k in r["in_process"].items():
        print(f"{kind:10} {k['files']:5d} {k['lint_median_ms']:9.1f} {k['lint_p95_ms']:9.1f} "
              f"{k['bare_median_ms']:9.1f} {k['bare_p95_ms']:9.1f} {k['ratio_median']:9.2f} {k['ratio_max']:9.2f}")
    pdf = r["in_process"].get("pdf")
    if pdf:
        print(f"\n{'PDF file':34} {'lint ms':>9} {'bare ms':>9} {'ratio':>6}")
        for row in pdf["per_file"]:
            print(f"{row['file']:34} {row['lint_ms']:9.1f} {row['bare_ms']:9.1f} {row['ratio']:6.2f}")
    if r.get("stages"):
        keys = list(dict.fromkeys(k for row in r["stages"].values() for k in row))
        print(f"\n{'stages (ms)':12} " + " ".join(f"{k[:12]:>12}" for k in keys))
        for kind, row in r["stages"].items():
            print(f"{kind:12} " + " ".join(f"{row.get(k, 0.0):12.2f}" for k in keys))
    if r.get("folder"):
        print(f"\n{'folder':8} {'docs':>5} {'jobs':>4} {'s':>7} {'docs/s':>7} {'/s/core':>7} {'peak MB':>8}")
        for kind, runs in r["folder"].items():
            for f in runs:
                print(f"{kind:8} {f['docs']:5d} {f['jobs']:4d} {f['seconds']:7.2f} {f['docs_per_s']:7.1f} "
                      f"{f['docs_per_s_per_core']:7.1f} {f['peak_mb']:8.1f}")
    if r.get("startup"):
        s = r["startup"]
        print(f"\nstart-up: check {s['file']} --format json (whole process): median {s['median_s']:.3f} s, "
              f"min {s['min_s']:.3f} s (the interpreter alone {s.get('python_s', 0):.3f} s, importing the "
              f"command line {s.get('import_cli_s', 0):.3f} s)")
    for m in r.get("mixed", []):
        print(f"\nmixed {m['docs']} (half PDF), --jobs 2: {m['first']['seconds']:.1f} s, peak "
              f"{m['first']['peak_mb']:.0f} MB; again with the cache: {m['second']['seconds']:.2f} s "
              f"({m['second_share'] * 100:.1f}% of the first)")


if __name__ == "__main__":
    sys.exit(main())
