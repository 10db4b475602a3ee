"""A region against its units (X506): a consolidated report must equal, cell by cell, the sum of
the reports of the units the roster places under it (国办公开办函〔2019〕60号: 逐级汇总).

Only direct units are summed (a county's report already holds its towns').  When a unit's report
is missing or unreadable, the parent's report gets one finding naming those units and its cells are
not compared (the sum would be incomplete).  :func:`sums` is also what ``aggregate`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import Finding, Location
from .entries import Entries, Entry
from .roster import Roster
from .words import number as _fmt, short


@dataclass
class RegionSum:
    """A region's units' reports for one year summed cell by cell (X506), with the units summed and those
    missing or unreadable."""

    parent: str
    year: int
    version: str | None
    values: dict = field(default_factory=dict)  # (table, row, column) → Decimal: the sum over the units
    parts: dict = field(default_factory=dict)  # (table, row, column) → {unit: value}
    units: list = field(default_factory=list)  # entries summed
    missing: list = field(default_factory=list)  # roster units without a report for the year
    unreadable: list = field(default_factory=list)  # roster units whose report gave no cells
    cells: dict = field(default_factory=dict)  # (table, row, column) → a cell dict (labels)


def _readable(e: Entry | None) -> bool:
    return e is not None and bool(e.values)


def sums(entries: Entries, roster: Roster, parent: str, year: int) -> RegionSum:
    """The units' reports of ``parent`` for ``year``, summed cell by cell (where every unit has the cell)."""
    out = RegionSum(parent, year, None)
    reports = []
    for unit in sorted(roster.children(parent), key=lambda u: u.name):
        e = entries.primary(unit.name, year)
        if e is None:
            out.missing.append(unit.name)
        elif not _readable(e):
            out.unreadable.append(unit.name)
        else:
            reports.append((unit.name, e))
    out.units = [e for _, e in reports]
    versions = {e.version for e in out.units}
    out.version = versions.pop() if len(versions) == 1 else None
    keys = set().union(*(e.values.keys() for e in out.units)) if out.units else set()
    for key in keys:
        if all(key in e.values for e in out.units):
            out.parts[key] = {name: e.values[key] for name, e in reports}
            out.values[key] = sum(out.parts[key].values(), Decimal(0))
            out.cells[key] = next(e.cells[key] for e in out.units if key in e.cells)
    return out


def check(entries: Entries, roster: Roster | None):
    if roster is None:
        return
    for parent in roster.parents():
        for year in sorted(entries.by_agency.get(parent, {})):
            report = entries.primary(parent, year)
            if report is None or report.context or not _readable(report):
                continue
            region = sums(entries, roster, parent, year)
            absent = region.missing + region.unreadable
            if absent:
                yield report, Finding("X506", "units_missing", {
                    "units": "、".join(absent), "n": len(absent), "total": len(roster.children(parent)),
                    "unreadable": "、".join(region.unreadable) or "—", "year": year}, Location())
                continue
            yield from ((report, f) for f in _cells(report, region))


def _cells(report: Entry, region: RegionSum):
    for key in sorted(region.values, key=_order):
        actual = report.values.get(key)
        if actual is None or actual == region.values[key]:
            continue
        parts = region.parts[key]
        shown = " + ".join(f"{u} {_fmt(v)}" for u, v in parts.items() if v) or "0"
        table, row, col = key
        params = {"row": report.label(table, row), "column": col, "actual": _fmt(actual),
                  "expected": _fmt(region.values[key]), "parts": shown, "n": len(parts),
                  "units_paths": "、".join(short(e.path) for e in region.units)}
        yield Finding("X506", params=params, location=report.location(table, row, col),
                      expected=region.values[key], actual=actual, operands=dict(parts))


def _order(key):
    return ({"T2": 2, "T3": 3, "T4": 4}.get(key[0], 9), key)
