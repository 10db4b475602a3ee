"""``extract --format grid|xlsx``: the recognised tables in the template's layout, for a person to compare
with the document — in the terminal (rich) or as a workbook (openpyxl).  Both lint the files fully, so the
cells a finding points at are marked and the findings listed."""

from __future__ import annotations

from .settings import Settings

FORMATS = ("grid", "xlsx")


def run(paths: list[str], fmt: str, output: str | None, lang: str = "zh", stream=None, jobs: int = 1) -> int:
    """Extract ``paths`` and write them; returns the exit code (3 when a file could not be fully read)."""
    from . import batch

    results = batch.run(paths, Settings(lang=lang), jobs=jobs)
    if fmt == "xlsx":
        from .extract_xlsx import write_xlsx

        write_xlsx(results, output if output else stream, lang)
    else:
        from .extract_grid import write_grid

        if output:
            with open(output, "w", encoding="utf-8") as fh:
                write_grid(results, fh, lang, width=132)
        else:
            write_grid(results, stream, lang)
    return 3 if any(r.status != "checked" for r in results) else 0
