"""``extract --format grid``: each recognised table as a rich table in the terminal, in the template's layout.

A terminal table cannot merge cells, so the official layout (:mod:`.tablelayout`) is shown this way:
the header cells over a data column are stacked in that column's heading (a merged header once, over
its first column); row groups (三、本年度办理结果, （三）不予公开 …) become lines of their own with the
rows indented under them; 表二's block captions and header lines stay where the template has them.
Cells a finding points at are coloured (a wrong total, its operands, others by severity), and each
table's findings follow it.
"""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .cellmarks import OPERAND, TOTAL, hits, look, mark, note
from .tablelayout import Layout, layouts
from .templates import templates

STYLE = {TOTAL: "bold black on dark_orange", OPERAND: "bold underline dodger_blue2", "e": "black on light_salmon1",
         "w": "black on khaki1", "i": "black on light_sky_blue1"}
HEAD = "bold"
MIN_WIDTH = 132
NAMES = {"zh": {"T2": "表二", "T3": "表三", "T4": "表四", "status": "状态", "none": "未识别到此表"},
         "en": {"T2": "Table 2", "T3": "Table 3", "T4": "Table 4", "status": "status", "none": "table not recognised"}}


def write_grid(results, stream, lang: str = "zh", width: int | None = None) -> None:
    con = Console(file=stream, highlight=False, soft_wrap=False, emoji=False, width=width)
    if width is None and not con.is_terminal:
        con.width = MIN_WIDTH  # piped: wide enough for 表四's fifteen columns
    words = NAMES.get(lang, NAMES["zh"])
    for r in results:
        con.print(Panel(Text(f"{r.title or r.path}\n{r.path}\n{words['status']}: {r.status}   "
                             f"{r.format_version or '-'}   {r.year or '-'}   {r.agency or '-'}"), expand=False))
        tpl = templates().get(r.format_version or "")
        marks = mark(r.findings, tpl)
        cells = {(c["table"], c["row_key"], c["column"]): c for c in r.table_cells()}
        shown: set[int] = set()
        for lay in (layouts(tpl.version).values() if tpl else ()):
            title = f"{words[lay.table]} {lay.title}"
            if not any(k[0] == lay.table for k in cells):
                con.print(Text(f"{title}: {words['none']}", style="italic"))
            else:
                con.print(_table(lay, cells, marks, r.findings, title))
            for i, f in enumerate(r.findings):
                if f.location.table == lay.table:
                    shown.add(i)
                    con.print(Text("  " + note(f, lang).replace("\n", "  "), style=STYLE.get(look([(i, "cell")],
                                                                                                     r.findings), "")))
        for i, f in enumerate(r.findings):
            if i not in shown:
                con.print(Text("  " + note(f, lang).replace("\n", "  ")))
        con.print()


def _table(lay: Layout, cells, marks, findings, title: str) -> Table:
    labels = min(b.c for b in lay.boxes() if b.kind == "data")
    depth = min(b.r for b in lay.boxes() if b.kind in ("data", "label", "caption"))
    ncols = lay.width - labels
    heads = [[""] * depth for _ in range(ncols)]
    corner = ""
    for b in lay.boxes():
        if b.r < depth:
            if b.c < labels:
                corner = b.text
            else:
                heads[b.c - labels][b.r] = b.text
    t = Table(title=title, title_justify="left", caption=corner or None, caption_justify="left",
              show_lines=False, header_style=HEAD)
    if labels:
        t.add_column("", min_width=30, max_width=44, overflow="fold")
    for lines in heads:
        t.add_column("\n".join(lines), justify="right", overflow="fold")
    for line in lay.rows[depth:]:
        label, values = Text(""), [Text("") for _ in range(ncols)]
        for b in sorted(line, key=lambda x: x.c):
            style = STYLE.get(look(hits(marks, lay.table, b), findings), "")
            if b.kind in ("group", "caption") and b.c < labels:
                t.add_row(Text("  " * b.c + b.text, style=HEAD), *[""] * ncols)
            elif b.c < labels:
                label = Text("  " * b.c + b.text, style=style or (HEAD if b.kind == "corner" else ""))
            elif b.kind == "data":
                cell = cells.get((lay.table, b.row, b.col)) or {}
                values[b.c - labels] = Text((cell.get("raw") or "").strip(), style=style)
            else:
                values[b.c - labels] = Text(b.text, style=HEAD)
        if line and not all(b.kind in ("group", "caption") for b in line):
            t.add_row(*([label] if labels else []), *values)
    return t
