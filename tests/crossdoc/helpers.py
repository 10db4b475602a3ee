"""Build cross-document test inputs from real corpus reports: copies under other agency names,
a table cell changed in an HTML page, a text copy with every table number scaled."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import lxml.html

DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "docs"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def edit_html_cell(html: str, row_label: str, index: int, value) -> str:
    """Set the ``index``-th number of the innermost table row whose text holds ``row_label``."""
    root = lxml.html.fromstring(html)
    rows = [tr for tr in root.iter("tr") if row_label in "".join("".join(tr.itertext()).split())]
    assert rows, f"no table row with {row_label!r}"
    tr = rows[-1]
    tds = [td for td in tr.iter("td") if _NUMBER.match("".join("".join(td.itertext()).split()))]
    td = tds[index]
    for child in list(td):
        td.remove(child)
    td.text = str(value)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def scale_text_tables(text: str, factor, bump: tuple[str, int, int] | None = None) -> str:
    """Multiply every number in the tab-separated table lines by ``factor`` (the equations are
    linear, so the report stays consistent); ``bump`` = (row label, n-th number, delta) changes one."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            nth = 0
            for i, c in enumerate(cells):
                if _NUMBER.match(c.strip()):
                    v = Decimal(c.strip()) * Decimal(str(factor))
                    if bump and bump[0] in line and nth == bump[1]:
                        v += bump[2]
                    cells[i] = format(v.normalize(), "f")
                    nth += 1
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out)


def make(spec: dict, tmp: Path, corpus) -> Path:
    """One input file from a case's ``docs`` entry (see test_cases.py)."""
    name = spec["doc"]
    src = DOCS / name if (DOCS / name).exists() else corpus(name)
    text = src.read_text(encoding="utf-8")
    for old, new in spec.get("replace_all", []):
        assert old in text, f"{old!r} not in {name}"
        text = text.replace(old, new)
    if "cell" in spec:
        c = spec["cell"]
        text = edit_html_cell(text, c["row"], c["index"], c["value"])
    if "scale" in spec:
        bump = spec.get("bump")
        text = scale_text_tables(text, spec["scale"], tuple(bump) if bump else None)
    dest = tmp / spec.get("name", name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest
