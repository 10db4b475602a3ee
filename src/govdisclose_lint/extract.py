"""``govdisclose-lint extract``: the recognised tables, template keys → values, with source cells.

So auditors can analyse the numbers, and anyone can see what the linter read.
"""

from __future__ import annotations

import csv
import json
import marshal

from .checks.locate import row_label
from .findings import _num
from .paths import shown
from .settings import Settings

COLUMNS = ("path", "status", "format_version", "year", "agency", "table", "block", "group", "row_key", "row", "column",
           "value", "raw", "state", "page", "line", "source_table", "source_row", "source_col")


#: the keys of a cell dict (:func:`cells_of`), in the order :func:`pack` keeps them
CELL_FIELDS = ("table", "block", "group", "row_key", "row", "column", "value", "raw", "state", "page", "line",
               "source_table", "source_row", "source_col")


def pack(cells: list[dict]) -> bytes:
    """Cell dicts as one ``marshal`` blob of tuples in :data:`CELL_FIELDS` order: what a run holds of
    each document until the cross-document checks are done is ~10 KB instead of ~130 KB of dicts."""
    return marshal.dumps(tuple(tuple(map(c.get, CELL_FIELDS)) for c in cells))


def unpack(packed: bytes) -> list[dict]:
    return [dict(zip(CELL_FIELDS, t)) for t in marshal.loads(packed)]


def cells_of(result) -> list[dict]:
    """The recognised template cells of a linted document (needs ``result.recognition``)."""
    rec = result.recognition
    out = []
    if rec is None:
        return out
    for (table, row, col), cell in rec.cells.items():
        label, group, block = row_label(rec, table, row)
        loc = cell.locator
        out.append({
            "table": table, "block": block, "group": group, "row_key": row, "row": label, "column": col,
            "value": _num(cell.value) if cell.usable else None, "raw": cell.raw, "state": cell.state,
            "page": loc.page, "line": loc.line, "source_table": loc.table, "source_row": loc.row,
            "source_col": loc.col})
    return out


def extract(paths: list[str], jobs: int = 1, limits=None, settings: Settings | None = None) -> list[dict]:
    """Extract many files in worker processes (time and memory limits as for ``check``); ``settings``
    bring the configuration's LibreOffice path and language (only E-codes are checked)."""
    from dataclasses import replace

    from . import batch

    settings = replace(settings or Settings(), select=("E",), ignore=())
    results = batch.run(paths, settings, jobs=jobs, limits=limits, postprocess=cells_of)
    return [{"path": shown(r.path), "status": r.status, "format_version": r.format_version, "year": r.year,
             "agency": r.agency or None, "cells": r.extra or [],
             "problems": [f.message for f in r.findings if f.code.startswith("E")]} for r in results]


def write_json(docs: list[dict], stream) -> None:
    json.dump({"schema": "govdisclose-lint-extract/1", "documents": docs}, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_csv(docs: list[dict], stream) -> None:
    stream.write("\ufeff")  # Excel needs the BOM to read UTF-8 Chinese
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(COLUMNS)
    for d in docs:
        head = {k: d.get(k) for k in ("path", "status", "format_version", "year", "agency")}
        for c in d["cells"] or [{}]:  # a document without cells still has its row (and its status)
            row = {**head, **c}
            w.writerow(["" if row.get(k) is None else row.get(k) for k in COLUMNS])
