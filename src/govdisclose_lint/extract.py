"""``govdisclose-lint extract``: the recognised tables, template keys → values, with source cells.

So auditors can analyse the numbers, and anyone can see what the linter read.
"""

from __future__ import annotations

import csv
import json

from .checks.locate import row_label
from .engine import lint_file
from .findings import _num
from .settings import Settings

COLUMNS = ("path", "format_version", "year", "agency", "table", "block", "group", "row_key", "row", "column",
           "value", "raw", "state", "page", "line", "source_table", "source_row", "source_col")


def extract(path: str) -> dict:
    result = lint_file(path, Settings(select=("E",)))
    doc = {"path": path, "status": result.status, "format_version": result.format_version, "year": result.year,
           "agency": result.agency or None, "cells": []}
    rec = result.recognition
    if rec is None:
        return doc
    for (table, row, col), cell in rec.cells.items():
        label, group, block = row_label(rec, table, row)
        loc = cell.locator
        doc["cells"].append({
            "table": table, "block": block, "group": group, "row_key": row, "row": label, "column": col,
            "value": _num(cell.value) if cell.usable else None, "raw": cell.raw, "state": cell.state,
            "page": loc.page, "line": loc.line, "source_table": loc.table, "source_row": loc.row,
            "source_col": loc.col})
    return doc


def write_json(docs: list[dict], stream) -> None:
    json.dump({"schema": "govdisclose-lint-extract/1", "documents": docs}, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_csv(docs: list[dict], stream) -> None:
    stream.write("\ufeff")  # Excel needs the BOM to read UTF-8 Chinese
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(COLUMNS)
    for d in docs:
        for c in d["cells"]:
            row = {**{k: d.get(k) for k in ("path", "format_version", "year", "agency")}, **c}
            w.writerow(["" if row.get(k) is None else row.get(k) for k in COLUMNS])
