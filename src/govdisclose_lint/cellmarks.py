"""Which template cells, rows, columns and tables each finding points at (for the views).

A finding's location names the template's table, row label and column label; its operands name cells
by key (``T3.K1.总计``).  The target of a finding whose expected value is the sum of its operands is a
wrong *total*, and the operands are the cells it adds up; any other finding at a cell marks the cell
(its operands, e.g. the total a share is taken of, are still outlined).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .templates import Template

TOTAL, CELL, OPERAND = "total", "cell", "operand"


@dataclass
class Marks:
    """The findings at each template cell, row, column and table (:func:`mark`), and the cell each finding
    is reported at."""

    # (table, row key, column key) -> [(finding index, role)]
    cells: dict[tuple[str, str, str], list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    rows: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    cols: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    tables: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # finding index -> the template cell it is reported at
    anchor: dict[int, tuple[str, str, str]] = field(default_factory=dict)


def row_index(tpl: Template) -> dict[tuple, str]:
    """(table, label) and (table, block, label) -> row key; T4's rows are its blocks."""
    out: dict[tuple, str] = {}
    for key, spec in tpl.tables.items():
        for r in spec.rows:
            out.setdefault((key, r.label), r.key)
            out[key, r.block or "", r.label] = r.key
            out.setdefault((key, r.key), r.key)
    return out


def mark(findings, tpl: Template | None) -> Marks:
    marks = Marks()
    if tpl is None:
        return marks
    index = row_index(tpl)
    cols = {(t, c.key) for t, spec in tpl.tables.items() for r in spec.rows for c in r.columns}
    for i, f in enumerate(findings):
        loc = f.location
        table = loc.table
        if table not in tpl.tables or f.waived:  # a waived finding was accepted: nothing to mark
            continue
        row = (index.get((table, loc.block or "", loc.row)) or index.get((table, loc.row))) if loc.row else None
        col = loc.column if (table, loc.column) in cols else None
        if row and col:
            marks.cells[table, row, col].append((i, TOTAL if is_sum(f) else CELL))
            marks.anchor[i] = (table, row, col)
        elif row:
            marks.rows[table, row].append(i)
        elif col:
            marks.cols[table, col].append(i)
        else:
            marks.tables[table].append(i)
        for ref in f.operands or {}:
            parts = str(ref).split(".", 2)
            if len(parts) == 3 and (parts[0], parts[1], parts[2]) != marks.anchor.get(i):
                marks.cells[parts[0], parts[1], parts[2]].append((i, OPERAND))
    return marks


def is_sum(f) -> bool:
    """The finding says a cell should be the sum of its operands (a wrong total)."""
    if f.expected is None or f.actual is None or not f.operands:
        return False
    try:
        return sum(Decimal(str(v)) for v in f.operands.values()) == Decimal(str(f.expected))
    except (InvalidOperation, TypeError, ValueError):
        return False


def hits(marks: Marks, table: str, box) -> list[tuple[int, str]]:
    """The findings at a drawn box (see :mod:`.tablelayout`): a cell's, a row label's, a column header's."""
    if box.kind == "data":
        return marks.cells.get((table, box.row, box.col), [])
    if box.kind == "label":
        return [(i, CELL) for i in marks.rows.get((table, box.row), [])]
    if box.kind == "column" and box.col:
        return [(i, CELL) for i in marks.cols.get((table, box.col), [])]
    return []


SEVERITY_LETTER = {"error": "e", "warning": "w", "info": "i"}


def look(found: list[tuple[int, str]], findings) -> str | None:
    """How a box is shown: ``total``, a finding's severity letter ``e|w|i``, ``operand``, or None."""
    roles = {role for _, role in found}
    if TOTAL in roles:
        return TOTAL
    if CELL in roles:
        return min((SEVERITY_LETTER.get(findings[i].severity, "i") for i, r in found if r == CELL), key="ewi".index)
    return OPERAND if OPERAND in roles else None


_NOTE_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示", "expected": "应为", "actual": "实为"},
               "en": {"error": "error", "warning": "warning", "info": "info", "expected": "expected",
                      "actual": "actual"}}


def note(f, lang: str = "zh") -> str:
    """A finding as a short note (a Word or Excel comment, a tooltip): code, severity, message, expected."""
    from .findings import _num

    words = _NOTE_WORDS.get(lang, _NOTE_WORDS["zh"])
    text = f"{f.code}（{words.get(f.severity, f.severity)}）{f.message}"
    if f.expected is not None and f.actual is not None:
        text += f"\n{words['expected']} {_num(f.expected)}，{words['actual']} {_num(f.actual)}"
    return text
