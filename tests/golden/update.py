"""Write the golden cell snapshots: ``python tests/golden/update.py`` (from the repository root).

For every real report of the corpus (``MANIFEST.tsv``; the blank template is not a report) one
file ``tests/golden/cells/<corpus file name>.tsv``: UTF-8, tab-separated, a header line, then one
line per recognised template cell in template order (empty field for a missing value).  Review
the diff of these files like code: a changed cell is a changed reading of a real report.
``tests/test_golden_cells.py`` compares them with what the linter reads now.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CELLS = Path(__file__).resolve().parent / "cells"
CORPUS = Path(os.environ.get("GOVDISCLOSE_CORPUS", ROOT.parent / "shared" / "corpus"))
HEADER = ("table", "block", "row_key", "row", "column", "value", "raw", "state", "page")


def reports(corpus: Path = CORPUS) -> list[Path]:
    """The corpus's real reports: every MANIFEST entry except the template."""
    with open(corpus / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [corpus / r["file"] for r in rows if not r["notes"].startswith("TEMPLATE")]


def snapshot(path: Path) -> str:
    """The recognised template cells of one report as TSV text."""
    from govdisclose_lint.engine import lint_file
    from govdisclose_lint.extract import cells_of

    result = lint_file(str(path))
    rec = result.recognition
    by_key = {(c["table"], c["row_key"], c["column"]): c for c in cells_of(result)}
    lines = ["\t".join(HEADER)]
    order = list(rec.template.cells()) if rec is not None and rec.template is not None else []
    for key in order:
        cell = by_key.get(key)
        if cell is None:
            continue
        lines.append("\t".join(_field(cell.get(h)) for h in HEADER))
    return "\n".join(lines) + "\n"


def _field(value) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", "\\n")


def snapshot_path(report: Path) -> Path:
    return CELLS / f"{report.name}.tsv"


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    CELLS.mkdir(parents=True, exist_ok=True)
    for report in reports():
        text = snapshot(report)
        target = snapshot_path(report)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8", newline="\n")
            print(("updated " if old is not None else "new     ") + str(target.relative_to(ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
