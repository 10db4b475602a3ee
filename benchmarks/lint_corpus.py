"""Print the lint time per corpus file next to the bare parse time of the same file.

    python benchmarks/lint_corpus.py [DIR ...]

With no DIR: the shared corpus.  To include full reports as DOCX (the corpus has only the blank
template), build the cross-format files first:  python tests/crossformat.py /tmp/xf
and pass both directories.

For PDF the bare time is pdfplumber's extract_tables on every page; for DOCX python-docx's
Document(); for HTML lxml.html.fromstring; for text a read(). Each number is the median of 5 runs
in this process (imports and first-use set-up excluded by a warm-up run).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclose_lint.engine import lint_file  # noqa: E402


def bare(path: Path) -> None:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
    elif path.suffix == ".docx":
        import docx

        try:
            docx.Document(str(path))
        except Exception:  # the template has no package rels; python-docx refuses it
            pass
    elif path.suffix in (".html", ".htm"):
        import lxml.html

        lxml.html.fromstring(path.read_bytes())
    else:
        path.read_bytes().decode("utf-8", "replace")


def median_ms(fn, n=5) -> float:
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(dirs: list[Path]) -> None:
    print(f"{'file':34} {'lint ms':>9} {'bare ms':>9} {'ratio':>6}")
    files = sorted(p for d in dirs for p in d.iterdir() if p.suffix in (".pdf", ".docx", ".html", ".txt", ".md"))
    for path in files:
        lint = median_ms(lambda: lint_file(str(path)))
        base = median_ms(lambda: bare(path))
        print(f"{path.name:34} {lint:9.1f} {base:9.1f} {lint / base if base else 0:6.1f}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus"])
