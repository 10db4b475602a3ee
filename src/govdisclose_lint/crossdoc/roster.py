"""The roster: which units report, which region each rolls up into, and each one's kind.

A roster is a CSV file (UTF-8, with or without BOM; header ``unit,parent,kind``, ``kind``
optional), a YAML file (a list of ``{unit, parent, kind}``) or, in the configuration, a table
``unit = "parent"``.  A parent that is not listed as a unit is added as one (with no parent).
Kinds (``department``, ``county``, ``city``, ``province``) choose the publication deadline; a unit
without one gets the kind its name suggests (``rules/crossdoc.yaml``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

KINDS = ("department", "county", "city", "province")


class RosterError(ValueError):
    """A malformed roster; the message names the file and the line."""


@dataclass(frozen=True)
class Unit:
    """One unit of the roster: its name, the region it rolls up into and its kind (None: not given)."""

    name: str
    parent: str | None = None
    kind: str | None = None


@dataclass
class Roster:
    """The roster's units by name, and where it was read from."""

    units: dict[str, Unit]
    source: str = ""

    def children(self, parent: str) -> list[Unit]:
        return [u for u in self.units.values() if u.parent == parent]

    def parents(self) -> list[str]:
        return sorted({u.parent for u in self.units.values() if u.parent})


def from_rows(rows, source: str) -> Roster:
    """``rows``: (line, unit, parent, kind) tuples."""
    units: dict[str, Unit] = {}
    for line, unit, parent, kind in rows:
        unit, parent, kind = (unit or "").strip(), (parent or "").strip() or None, (kind or "").strip() or None
        where = f"{source}: line {line}"
        if not unit:
            raise RosterError(f"{where}: the unit name is empty")
        if kind is not None and kind not in KINDS:
            raise RosterError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if unit in units:
            raise RosterError(f"{where}: unit {unit!r} is listed twice")
        if parent == unit:
            raise RosterError(f"{where}: unit {unit!r} is its own parent")
        units[unit] = Unit(unit, parent, kind)
    for u in list(units.values()):
        if u.parent and u.parent not in units:
            units[u.parent] = Unit(u.parent)
    return Roster(units, source)


def from_mapping(data: dict, source: str) -> Roster:
    """The configuration's inline table ``unit = "parent"``."""
    rows = []
    for n, (unit, parent) in enumerate(data.items(), start=1):
        if not isinstance(parent, str):
            raise RosterError(f"{source}: roster.{unit}: must be the name of its parent region")
        rows.append((n, unit, parent, None))
    return from_rows(rows, source)


def load(path: str | Path) -> Roster:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc})") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml(text, str(path))
    return _csv(text, str(path))


def _csv(text: str, source: str) -> Roster:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if "unit" not in header:
        raise RosterError(f"{source}: line 1: the header must name the columns unit,parent[,kind]")
    col = {h: i for i, h in enumerate(header)}

    def get(row, name):
        i = col.get(name)
        return row[i] if i is not None and i < len(row) else None

    rows = [(n, get(r, "unit"), get(r, "parent"), get(r, "kind"))
            for n, r in enumerate(reader, start=2) if any(x.strip() for x in r)]
    return from_rows(rows, source)


def _yaml(text: str, source: str) -> Roster:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RosterError(f"{source}: not valid YAML ({exc})") from None
    if isinstance(data, dict) and "units" in data:
        data = data["units"]
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise RosterError(f"{source}: expected a list of {{unit, parent, kind}}")
    return from_rows([(n, x.get("unit"), x.get("parent"), x.get("kind")) for n, x in enumerate(data, start=1)],
                     source)


@lru_cache(maxsize=1)
def _kind_patterns() -> list[tuple[str, re.Pattern]]:
    from ..templates import load_yaml

    return [(k["kind"], re.compile(k["pattern"])) for k in load_yaml("crossdoc.yaml")["kinds"]]


def kind_of(name: str | None, roster: Roster | None = None) -> str:
    """The reporter's kind: the roster's, else the one its name suggests, else department."""
    if roster is not None and name in roster.units and roster.units[name].kind:
        return roster.units[name].kind
    for kind, pattern in _kind_patterns():
        if name and pattern.search(name):
            return kind
    return "department"
