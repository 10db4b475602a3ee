"""The two official formats, loaded from the YAML files in ``rules/``.

The YAML is the single source of truth for section headings, table rows,
columns, label aliases and value types; this module only turns it into typed
objects.  The files ship inside the wheel (``govdisclose_lint/rules``) and are
read from the package's folder; in a source checkout the top-level ``rules/``
directory is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import rulecache
from .normalize import bare_label, label_key


@lru_cache(maxsize=None)
def rules_dir() -> Path:
    """Directory holding the rule data (templates, equations, catalogue): ``govdisclose_lint/rules`` in
    an installed package (the wheel ships it there), the top-level ``rules/`` in a source checkout."""
    packaged = Path(__file__).resolve().with_name("rules")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """One shipped rules file, parsed once per process (callers only read it), and once per machine
    (:mod:`.rulecache`); the shipped files are ours: users' rule files go through :mod:`.rulesyaml`'s
    guarded loader."""
    return rulecache.load(rules_dir() / name)


@dataclass(frozen=True)
class ColumnSpec:
    """A value column: its key (also its label), value type, unit and the other names it goes by."""

    key: str
    type: str = "count"  # count | signed | money
    unit: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.key

    def names(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)


@dataclass(frozen=True)
class RowSpec:
    """A template row: key, label, table, value columns, and the group, block and other names it has."""

    key: str
    label: str
    table: str
    columns: tuple[ColumnSpec, ...]
    group: str = ""
    block: str = ""
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class SectionSpec:
    """A section heading (``s1`` … ``s6``): the heading, the wordings also accepted and the table it holds."""

    key: str
    heading: str
    variants: tuple[str, ...] = ()
    table: str = ""


@dataclass
class TableSpec:
    """A template table (T2, T3, T4): title, rows and blocks, and the header facts recognition and the
    views use."""

    key: str  # T2, T3, T4
    title: str
    rows: list[RowSpec]
    blocks: list[str] = field(default_factory=list)
    column_groups: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    #: the value columns every row shares (T3, T4; T2's columns differ per block and sit on its rows)
    columns: tuple[ColumnSpec, ...] = ()
    #: one data row without a label, the blocks side by side (T4)
    single_row: bool = False
    #: the note in the header's corner cell (T3)
    header_note: str = ""
    #: header cells over several blocks, e.g. 行政诉讼 over the two litigation blocks (T4)
    block_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the header of the label column (T2: 信息内容)
    label_header: str = ""

    @property
    def row_width(self) -> int:
        """Values in one data row: the columns, times the blocks for a single-row table."""
        return len(self.columns) * (len(self.blocks) if self.single_row else 1)

    def header_words(self) -> tuple[str, ...]:
        """Header texts that name no value column but mark a header row of this table."""
        words = [*self.column_groups, *self.block_groups, self.label_header]
        if self.single_row:
            words += self.blocks
        return tuple(w for w in words if w)

    def row(self, key: str) -> RowSpec:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def group_labels(self) -> set[str]:
        return {r.group for r in self.rows if r.group}


@dataclass
class Template:
    """One official format version: the document that prescribes it, the report years it applies to, the
    labels that mark it, its sections and its tables."""

    version: str
    document: str
    years: tuple
    markers: tuple[str, ...]
    sections: list[SectionSpec]
    tables: dict[str, TableSpec]

    def cells(self):
        """Every (table, row key, column key) of the template, in order."""
        for t in self.tables.values():
            for r in t.rows:
                for c in r.columns:
                    yield t.key, r.key, c.key

    def fits_year(self, year: int) -> bool:
        lo, hi = self.years
        return (lo is None or year >= lo) and (hi is None or year <= hi)


def _cols(items) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(c["key"], c.get("type", "count"), c.get("unit", ""),
                            tuple(c.get("aliases", ()))) for c in items)


def _rows(table: str, items, columns, block: str = "") -> list[RowSpec]:
    out = []
    for r in items:
        label = r.get("label", r["key"])
        out.append(RowSpec(r["key"], label, table, columns, r.get("group", ""), block,
                           tuple(r.get("aliases", ()))))
    return out


def _build(data: dict) -> Template:
    sections = [SectionSpec(s["key"], s["heading"], tuple(s.get("variants", ())), s.get("table", ""))
                for s in load_yaml(data["sections"])["sections"]]
    tables: dict[str, TableSpec] = {}
    # T2: blocks with their own columns
    t2 = data["T2"]
    rows: list[RowSpec] = []
    for b in t2["blocks"]:
        rows += _rows("T2", b["rows"], _cols(b["columns"]), block=b["key"])
    tables["T2"] = TableSpec("T2", t2["title"], rows, blocks=[b["key"] for b in t2["blocks"]],
                             label_header=t2.get("label_header", ""))
    # T3
    t3 = data["T3"]
    common = load_yaml(t3["rows"])
    cols = _cols(common["columns"])
    rows = _rows("T3", common["head_rows"], cols)
    rows += _rows("T3", common["result_rows"], cols)
    rows += _rows("T3", t3["other_rows"], cols)
    rows += _rows("T3", common["tail_rows"], cols)
    tables["T3"] = TableSpec("T3", t3["title"], rows,
                             column_groups=tuple(common["column_groups"]),
                             columns=cols, header_note=common.get("header_note", ""))
    # T4
    t4 = load_yaml(data["T4"])["T4"]
    cols = _cols(t4["columns"])
    tables["T4"] = TableSpec("T4", t4["title"],
                             [RowSpec(b, b, "T4", cols) for b in t4["blocks"]],
                             blocks=list(t4["blocks"]), markers=tuple(t4["markers"]), columns=cols,
                             single_row=bool(t4.get("single_row")),
                             block_groups={k: tuple(v) for k, v in (t4.get("block_groups") or {}).items()})
    return Template(str(data["version"]), data["document"], tuple(data["years"]),
                    tuple(data["markers"]), sections, tables)


@lru_cache(maxsize=None)
def templates() -> dict[str, Template]:
    """All known format versions, keyed by version string."""
    out = {}
    for path in sorted(rules_dir().glob("template-*.yaml")):
        t = _build(load_yaml(path.name))
        out[t.version] = t
    return out


def folded(names) -> set[str]:
    return {label_key(n) for n in names} | {bare_label(n) for n in names}
