"""The documents of a run as the cross-document checks see them: identity, year, cell values, and
which report stands for an agency in a year when there are several.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from ..findings import Location
from .identity import Identity, Matcher

_STATUS_ORDER = ("checked", "partial", "unreadable", "encrypted", "unsupported")


@dataclass
class Entry:
    """One document of the run as the cross-document checks see it: its result and agency identity, and
    whether it is context only (``--previous``)."""

    index: int
    result: object  # engine.DocumentResult
    identity: Identity
    context: bool = False  # given with --previous: compared with, never reported
    similarity_prev: object = None  # similarity.Match against the previous report, once computed

    # built from the result's compact cells when a check first needs them, so a run of thousands of
    # reports holds them only for the reports that are compared (same agency, a region's units)
    @cached_property
    def values(self) -> dict:
        """(table, row key, column) → Decimal, usable cells only."""
        return _values(self.result)

    def transient_values(self) -> dict:
        """:attr:`values`, without keeping them when no check has needed them (a summary row)."""
        return self.__dict__.get("values") or _values(self.result)

    @cached_property
    def readable(self) -> int:
        """How many cells have a usable value (ranks several reports of one agency and year)."""
        return sum(1 for c in self.result.table_cells()
                   if c.get("value") is not None and c.get("state") != "unattributable")

    @cached_property
    def cells(self) -> dict:
        """(table, row key, column) → the cell dict (extract.cells_of)."""
        return {(c["table"], c["row_key"], c["column"]): c for c in self.result.table_cells()}

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def year(self) -> int | None:
        return self.result.year

    @property
    def version(self) -> str | None:
        return self.result.format_version

    @property
    def agency(self) -> str | None:
        return self.identity.name

    @property
    def profile(self):
        return self.result.profile

    def location(self, table: str, row: str, col: str) -> Location:
        """Where a template cell of this document is (template labels, then the source position)."""
        c = self.cells.get((table, row, col))
        if c is None:
            return Location(section=_section(self.version, table), table=table, row=row, column=col)
        return Location(section=_section(self.version, table), table=table, block=c.get("block"),
                        group=c.get("group"), row=c.get("row"), column=col, page=c.get("page"), line=c.get("line"),
                        source_table=c.get("source_table"), source_row=c.get("source_row"),
                        source_col=c.get("source_col"))

    def label(self, table: str, row: str) -> str:
        for (t, r, _c), cell in self.cells.items():
            if t == table and r == row:
                return cell.get("row") or row
        return _row_label(self.version, table, row)


def _section(version, table) -> str | None:
    from ..templates import templates

    tpl = templates().get(version or "")
    return next((s.heading for s in tpl.sections if s.table == table), None) if tpl else None


def _row_label(version, table, row) -> str:
    from ..templates import templates

    for v in ([version] if version else []) + sorted(templates()):
        spec = templates().get(v)
        if spec and table in spec.tables:
            try:
                return spec.tables[table].row(row).label
            except KeyError:
                continue
    return row


def _values(result) -> dict:
    values = {}
    for c in result.table_cells():
        v = c.get("value")
        if v is not None and c.get("state") != "unattributable":
            values[(c["table"], c["row_key"], c["column"])] = Decimal(v) if isinstance(v, int) else Decimal(str(v))
    return values


def _rank(e: Entry):
    status = e.result.status
    return (_STATUS_ORDER.index(status) if status in _STATUS_ORDER else 9, -e.readable, e.context, e.index)


class Entries:
    """All documents of the run, grouped by agency and year."""

    def __init__(self, results, context: set[int] = frozenset(), mapping: dict | None = None, roster=None,
                 pairs: dict[int, int] | None = None):
        names = [r.agency for r in results]
        self.matcher = Matcher(names, mapping, roster.units if roster else ())
        self.items: list[Entry] = []
        for i, r in enumerate(results):
            self.items.append(Entry(i, r, self.matcher.resolve(r.agency), i in context))
        self.pairs = pairs or {}  # explicit --previous: entry index → previous entry index
        self.by_agency: dict[str, dict[int, list[Entry]]] = {}
        for e in self.items:
            if e.agency and e.year:
                self.by_agency.setdefault(e.agency, {}).setdefault(e.year, []).append(e)
        for years in self.by_agency.values():
            for group in years.values():
                if len(group) > 1:
                    group.sort(key=_rank)

    def reported(self) -> list[Entry]:
        return [e for e in self.items if not e.context]

    def primary(self, agency: str | None, year: int | None) -> Entry | None:
        group = self.by_agency.get(agency or "", {}).get(year or 0)
        return group[0] if group else None

    def previous(self, e: Entry) -> Entry | None:
        """Last year's report of the same agency (or the one given with --previous)."""
        if e.index in self.pairs:
            return self.items[self.pairs[e.index]]
        if not e.agency or not e.year:
            return None
        return self.primary(e.agency, e.year - 1)

    def earlier(self, e: Entry) -> Entry | None:
        """The same agency's latest earlier report (for copied text, a gap year does not matter)."""
        if e.index in self.pairs:
            return self.items[self.pairs[e.index]]
        years = sorted(y for y in self.by_agency.get(e.agency or "", {}) if e.year and y < e.year)
        return self.primary(e.agency, years[-1]) if years else None

    def how(self, a: Entry, b: Entry) -> str:
        """How two documents were matched to one agency (the less certain of the two names)."""
        if a.index in self.pairs and self.pairs[a.index] == b.index:
            return "previous"
        order = ("exact", "normalised", "mapping", "region-prefix", "ocr")
        hows = [h for h in (a.identity.how, b.identity.how) if h in order]
        return max(hows, key=order.index) if hows else "exact"
