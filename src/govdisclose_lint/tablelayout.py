"""The official drawing of 表二, 表三 and 表四: merged headers, row groups, blocks — from the template data.

The views (HTML report, ``extract --format grid|xlsx``) draw the recognised values in the layout the
format prescribes.  Everything drawn comes from ``rules/``: rows, columns, blocks and labels from the
:class:`~govdisclose_lint.templates.Template` objects, and the few drawing facts the checks do not need
(T2's ``label_header``, T3's ``header_note`` and ``header_groups``, T4's ``block_groups``) from the same
YAML files.  A layout is a list of :class:`Box` es placed on a grid, like HTML cells with spans;
``rows`` lists them by the row they start on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .templates import Template, load_yaml, rules_dir, templates


@dataclass(frozen=True)
class Box:
    """One drawn cell.  ``kind``: caption, corner, group, column, label or data.

    ``row`` is the template row key (label and data boxes), ``col`` the column key (column and data
    boxes); a data box is the template cell ``(table, row, col)``.
    """

    text: str
    kind: str
    r: int
    c: int
    rowspan: int = 1
    colspan: int = 1
    row: str | None = None
    col: str | None = None


@dataclass
class Layout:
    """One table (T2, T3 or T4) drawn in the official layout: title, grid size and its :class:`Box` es."""

    table: str
    title: str
    width: int
    height: int = 0
    rows: list[list[Box]] = field(default_factory=list)  # boxes by the grid row they start on

    def boxes(self):
        for line in self.rows:
            yield from line

    def add(self, box: Box) -> None:
        while len(self.rows) <= box.r:
            self.rows.append([])
        self.rows[box.r].append(box)
        self.height = max(self.height, box.r + box.rowspan)


@lru_cache(maxsize=None)
def _raw(version: str) -> dict:
    """The template YAML of one version, with the shared T3/T4 files it names loaded."""
    for path in sorted(rules_dir().glob("template-*.yaml")):
        data = load_yaml(path.name)
        if str(data["version"]) == version:
            return {"template": data, "t3": load_yaml(data["T3"]["rows"]), "t4": load_yaml(data["T4"])["T4"]}
    raise KeyError(version)


@lru_cache(maxsize=None)
def layouts(version: str) -> dict[str, Layout]:
    """T2, T3 and T4 of one format version, in the official layout."""
    tpl = templates()[version]
    raw = _raw(version)
    return {"T2": _t2(tpl, raw), "T3": _t3(tpl, raw), "T4": _t4(tpl, raw)}


def _columns(lay: Layout, r0: int, c0: int, cols: list[tuple[str, str, tuple, int]], depth: int) -> None:
    """Header rows for columns ``(text, key, group path, span)``: a group is one box over the adjacent
    columns that share it; a column's own box reaches down to the last header row."""
    starts = [c0]
    for *_, span in cols:
        starts.append(starts[-1] + span)
    for d in range(depth):
        i = 0
        while i < len(cols):
            text, key, path, span = cols[i]
            if d < len(path):
                j = i + 1
                while j < len(cols) and cols[j][2][:d + 1] == path[:d + 1]:
                    j += 1
                lay.add(Box(path[d], "group", r0 + d, starts[i], colspan=starts[j] - starts[i]))
                i = j
                continue
            if d == len(path):
                lay.add(Box(text, "column", r0 + d, starts[i], rowspan=depth - d, colspan=span, col=key))
            i += 1


def _labels(lay: Layout, r0: int, rows: list[tuple[str, str, tuple]], width: int) -> None:
    """Row label boxes for rows ``(text, key, group path)`` over ``width`` label columns."""
    for i, (text, key, path) in enumerate(rows):
        for d in range(len(path)):
            if i and rows[i - 1][2][:d + 1] == path[:d + 1]:
                continue
            n = 1
            while i + n < len(rows) and rows[i + n][2][:d + 1] == path[:d + 1]:
                n += 1
            lay.add(Box(path[d], "group", r0 + i, d, rowspan=n))
        lay.add(Box(text, "label", r0 + i, len(path), colspan=width - len(path), row=key))


def _t2(tpl: Template, raw: dict) -> Layout:
    spec = tpl.tables["T2"]
    head = raw["template"]["T2"]["label_header"]
    width = 1 + max(len(r.columns) for r in spec.rows)
    lay = Layout("T2", spec.title, width)
    r = 0
    for block in spec.blocks:
        rows = [x for x in spec.rows if x.block == block]
        cols = rows[0].columns
        spans = [1] * (len(cols) - 1) + [width - len(cols)]
        lay.add(Box(block, "caption", r, 0, colspan=width))
        lay.add(Box(head, "corner", r + 1, 0))
        _columns(lay, r + 1, 1, [(c.label, c.key, (), s) for c, s in zip(cols, spans)], 1)
        r += 2
        for x in rows:
            lay.add(Box(x.label, "label", r, 0, row=x.key))
            c = 1
            for col, span in zip(cols, spans):
                lay.add(Box("", "data", r, c, colspan=span, row=x.key, col=col.key))
                c += span
            r += 1
    return lay


def _t3(tpl: Template, raw: dict) -> Layout:
    spec = tpl.tables["T3"]
    t3 = raw["t3"]
    outer = t3["result_group"]
    inside = {x["key"] for x in t3["result_rows"] + raw["template"]["T3"]["other_rows"]}

    def path(x) -> tuple:
        if x.key not in inside and x.group != outer:
            return ()
        return (outer,) if x.group in ("", outer) else (outer, x.group)

    rows = [(x.label, x.key, path(x)) for x in spec.rows]
    label_width = 1 + max(len(p) for *_, p in rows)
    cols = spec.rows[0].columns
    groups = t3["header_groups"]
    col_paths = [tuple(g["label"] for g in groups if c.key in g["columns"]) for c in cols]
    depth = 1 + max(len(p) for p in col_paths)
    lay = Layout("T3", spec.title, label_width + len(cols))
    lay.add(Box(t3["header_note"], "corner", 0, 0, rowspan=depth, colspan=label_width))
    _columns(lay, 0, label_width, [(c.label, c.key, p, 1) for c, p in zip(cols, col_paths)], depth)
    _labels(lay, depth, rows, label_width)
    for i, x in enumerate(spec.rows):
        for j, c in enumerate(cols):
            lay.add(Box("", "data", depth + i, label_width + j, row=x.key, col=c.key))
    for line in lay.rows:
        line.sort(key=lambda b: b.c)
    return lay


def _t4(tpl: Template, raw: dict) -> Layout:
    spec = tpl.tables["T4"]
    group_of = {b: label for label, blocks in (raw["t4"].get("block_groups") or {}).items() for b in blocks}
    cols = []
    for x in spec.rows:  # one row per block
        path = ((group_of[x.key],) if x.key in group_of else ()) + (x.key,)
        cols += [(c.label, c.key, path, 1, x.key) for c in x.columns]
    depth = 1 + max(len(c[2]) for c in cols)
    lay = Layout("T4", spec.title, len(cols))
    _columns(lay, 0, 0, [c[:4] for c in cols], depth)
    for j, (_, key, _, _, block) in enumerate(cols):
        lay.add(Box("", "data", depth, j, row=block, col=key))
    return lay
