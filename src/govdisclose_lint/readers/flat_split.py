"""Split the run-together numbers of one flattened table row into its cells, or refuse.

A crawler that flattens a web page writes a row's cells one after another, sometimes with a
space between two of them ("230 000023"), mostly without ("7000007").  This module finds
*every* way to cut such a run into the template's cells and reads the row only when exactly
one way exists.  The model behind "every way":

* whitespace is always a cell boundary (no number contains a space), so a run of exactly as
  many whitespace-separated values as cells is read one value per cell, whatever they hold;
* every cell holds a number written without leading zeros ("0", "12", never "012");
  a count column takes ``0|[1-9][0-9]*``, a signed column an optional sign, a money column
  decimals and a 元/万元 suffix (the column types of ``rules/template-*.yaml``);
* no cell is blank (a blank cell leaves no trace in flattened text and cannot be detected).

Under that model the candidates are counted exactly (dynamic programming, so a long run stays
cheap).  One candidate: the row is read as written (``how="direct"``).  Several: the row's
own equations from ``rules/equations.yaml`` — those whose cells all lie in this row, such as
"总计 equals the sum of the other six" — are applied to every candidate; if exactly one
satisfies them the row is read (``how="total"``), which proves that reading is the only one
under the model *and* the assumption that the row's own total is right (so that equation is
no longer a check for that row).  Anything else is left unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .. import expr
from ..rulesfile import shipped
from ..templates import ColumnSpec, Template

_CELL_RES = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"[+-]?(?:0|[1-9]\d*)"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?"),
}
#: above this many readings the arithmetic filter is not tried (the row stays unread)
MAX_CANDIDATES = 1000
#: a value text longer than this is not read (表四's fifteen cells of six digits fit)
MAX_RUN_CHARS = 120


@dataclass(frozen=True)
class Reading:
    """The outcome for one run: ``cells`` when unique, else None; ``candidates`` counted."""

    cells: tuple[str, ...] | None
    how: str  # direct | total | "" (left)
    candidates: int


def read_run(text: str, columns: list[tuple[str, str, ColumnSpec]], template: Template,
             arithmetic: bool = True) -> Reading:
    """Cut ``text`` into ``len(columns)`` cells; ``columns`` are (table, row key, column) in order.

    ``arithmetic=False`` (a row whose label the template does not know) reads direct splits only."""
    tokens = text.split()
    if not tokens or sum(map(len, tokens)) > MAX_RUN_CHARS:
        return Reading(None, "", 0)
    if len(tokens) == len(columns):  # as many whitespace-separated values as cells: one each
        return Reading(tuple(tokens), "direct", 1)
    res = [_CELL_RES.get(c.type, _CELL_RES["count"]) for _, _, c in columns]
    count = _counter(tokens, res)
    n = count(0, 0, 0)
    if n == 1:
        return Reading(next(_walk(tokens, res, count)), "direct", 1)
    if n == 0 or n > MAX_CANDIDATES or not arithmetic:
        return Reading(None, "", n)
    checks = row_equations(template, tuple(sorted({(t, r) for t, r, _ in columns})))
    if not checks:
        return Reading(None, "", n)
    keys = [(t, r, c.key) for t, r, c in columns]
    fits = [cand for cand in _walk(tokens, res, count) if _holds(checks, dict(zip(keys, map(_number, cand))))]
    if len(fits) == 1:
        return Reading(fits[0], "total", n)
    return Reading(None, "", n)


def _counter(tokens: list[str], res: list[re.Pattern]):
    """count(t, o, k): the number of ways to finish from token t, offset o, with k cells placed."""
    n = len(res)
    memo: dict[tuple[int, int, int], int] = {}

    def count(t: int, o: int, k: int) -> int:
        if t == len(tokens):
            return 1 if k == n else 0
        if k == n or n - k < len(tokens) - t:
            return 0
        key = (t, o, k)
        if key not in memo:
            tok, total = tokens[t], 0
            for end in range(o + 1, len(tok) + 1):
                if res[k].fullmatch(tok, o, end):
                    total += count(t + 1, 0, k + 1) if end == len(tok) else count(t, end, k + 1)
            memo[key] = total
        return memo[key]

    return count


def _walk(tokens: list[str], res: list[re.Pattern], count):
    """Every complete reading, descending only into states that lead to one."""

    def walk(t: int, o: int, cells: tuple[str, ...]):
        if t == len(tokens):
            yield cells
            return
        tok, k = tokens[t], len(cells)
        for end in range(o + 1, len(tok) + 1):
            if not res[k].fullmatch(tok, o, end):
                continue
            nxt = (t + 1, 0) if end == len(tok) else (t, end)
            if count(*nxt, k + 1):
                yield from walk(*nxt, cells + (tok[o:end],))

    return walk(0, 0, ())


def _holds(checks, values: dict) -> bool:
    return all(expr.evaluate(node, lambda *cell: values.get(cell)) is not False for node in checks)


def _number(cell: str) -> Decimal:
    """A candidate cell (it matched a cell pattern above) as a number."""
    return Decimal(cell.removesuffix("元").removesuffix("万"))


@lru_cache(maxsize=None)
def _equations():
    return shipped()


def warm() -> None:
    """Parse the shipped equations now (see :func:`..engine.warm`)."""
    _equations()


@lru_cache(maxsize=None)
def _row_checks(version: str, table: str, row: str) -> tuple:
    """The shipped equalities whose cells all lie in one row (e.g. T3 A301, T4 A304)."""
    out = []
    for eq in _equations():
        if (eq.versions and version not in eq.versions) or eq.params or len(eq.for_each) != 1:
            continue
        var, source = eq.for_each[0]
        if source != f"{table}.rows":
            continue
        node = expr.parse(eq.check.format(**{var: row}))
        if node.op == "==" and all(t == table and r == row for t, r, _ in expr.refs(node)):
            out.append(node)
    return tuple(out)


def row_equations(template: Template, rows: tuple[tuple[str, str], ...]) -> tuple:
    return tuple(node for t, r in rows for node in _row_checks(template.version, t, r))
