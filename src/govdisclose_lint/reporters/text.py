"""``--format text``: per document a header, findings grouped by section, table findings with their row."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .base import Reporter

SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"checked": "green", "partial": "yellow", "unreadable": "red", "encrypted": "red",
                "unsupported": "red"}
L = {
    "zh": {"status": "状态", "format": "格式", "year": "年度", "agency": "机关", "none": "未发现问题",
           "general": "文件与全文", "expected": "应为", "actual": "实为", "docs": "份文档",
           "summary": "汇总", "findings": "条问题", "waived": "已豁免", "top_rules": "最常见",
           "errors": "个错误"},
    "en": {"status": "status", "format": "format", "year": "year", "agency": "agency", "none": "no findings",
           "general": "file and whole text", "expected": "expected", "actual": "actual", "docs": "documents",
           "summary": "summary", "findings": "findings", "waived": "waived", "top_rules": "most frequent",
           "errors": "errors"},
}


def make_console(stream) -> Console:
    """A console that survives GBK terminals and pipes (unencodable characters are replaced)."""
    return Console(file=stream, highlight=False, soft_wrap=True, emoji=False)


class TextReporter(Reporter):
    """Rich text for people: a header per document, findings grouped by section, a summary."""

    name = "text"
    machine = False

    def __init__(self, stream, lang="zh", **options):
        super().__init__(stream, lang, **options)
        self.console = make_console(stream)  # the progress bar draws on this console too
        self.t = L.get(lang, L["zh"])

    def document(self, result) -> None:
        super().document(result)
        _document(self.console, result, self.t, self.lang)

    def finish(self, summary: dict) -> None:
        if summary["documents"] > 1:
            _summary(self.console, summary, self.t)
        if summary.get("auditor"):  # the cross-document stage's auditor's summary
            from ..crossdoc.summary_out import render_text

            render_text(self.console, summary["auditor"], self.lang)


def _summary(con: Console, s: dict, t) -> None:
    parts = [f"{s['documents']} {t['docs']}"]
    parts += [f"{k}: {v}" for k, v in s["by_status"].items()]
    parts += [f"{k}: {v}" for k, v in s["by_severity"].items()]
    if s.get("waived"):
        parts.append(f"{t['waived']}: {s['waived']}")
    con.print(Text(f"{t['summary']}: " + " · ".join(parts), style="bold"))
    if s["top_rules"]:
        con.print(Text(f"  {t['top_rules']}: " + ", ".join(f"{r['code']} ×{r['count']}" for r in s["top_rules"][:5])))
    for d in s["most_errors"][:5]:
        con.print(Text(f"  {d['errors']:>4} {t['errors']}  {d['path']}"))


def _document(con: Console, r, t, lang) -> None:
    head = Text()
    head.append(r.title or r.path, style="bold")
    head.append("\n")
    head.append(f"{r.path}\n", style="dim")
    head.append(f"{t['status']}: ")
    head.append(r.status, style=STATUS_STYLE.get(r.status, ""))
    head.append(f"   {t['format']}: {r.format_version or '-'}   {t['year']}: {r.year or '-'}"
                f"   {t['agency']}: {r.agency or '-'}")
    con.print(Panel(head, expand=False))
    if not r.findings:
        con.print(Text(f"  ✓ {t['none']}", style="green"))
        con.print()
        return
    groups: dict[str, list] = {}
    for f in r.findings:
        groups.setdefault(f.location.section or t["general"], []).append(f)
    for section, items in groups.items():
        con.print(Text(section, style="bold underline"))
        for f in items:
            line = Text("  ")
            line.append(f.code, style="bold")
            line.append(f" {f.severity:<7} ", style=SEV_STYLE.get(f.severity, ""))
            line.append(f.message)
            if f.waived:
                line.append(f"  ({t['waived']}: {f.waived})", style="dim italic")
            where = _where(f, lang)
            if where:
                line.append(f"  [{where}]", style="dim")
            con.print(line)
            if f.expected is not None and f.actual is not None and f.location.row and f.location.column:
                con.print(_operands(f, t))
        con.print()


def _where(f, lang) -> str:
    loc = f.location
    bits = []
    if loc.page:
        bits.append(f"第{loc.page}页" if lang == "zh" else f"page {loc.page}")
    if loc.line:
        bits.append(f"第{loc.line}行" if lang == "zh" else f"line {loc.line}")
    return ", ".join(bits)


def _operands(f, t):
    """The arithmetic behind a finding: a row's cells as a small table with the bad total
    highlighted, or, for a column sum, the non-zero parts on one line."""
    ops = f.operands or {}
    parts = [(ref.split("."), v) for ref, v in ops.items()]
    target_row = f.location.row
    same_row = parts and all(_label(p[0][0], p[1]) == target_row for p, _ in parts)
    if same_row:
        tbl = Table(show_header=True, header_style="dim", box=None, padding=(0, 1), pad_edge=False)
        tbl.add_column("")
        for (_t, _r, col), _v in parts:
            tbl.add_column(col, justify="right")
        tbl.add_column(f.location.column, justify="right", style="bold red")
        tbl.add_row("    ", *[_fmt(v) for _p, v in parts], _fmt(f.actual))
        tbl.add_row("    ", *[""] * len(parts), Text(f"{t['expected']} {_fmt(f.expected)}", style="green"))
        return tbl
    line = Text("      ")
    shown = [(p, v) for p, v in parts if v]
    for i, ((table, row, col), v) in enumerate(shown):
        line.append(" + " if i else "")
        line.append(f"{_label(table, row)} ", style="dim")
        line.append(_fmt(v))
    line.append(f" = {_fmt(f.expected)}" if shown else f"{t['expected']} {_fmt(f.expected)}")
    line.append(f"  ≠  {_fmt(f.actual)}", style="bold red")
    return line


def _label(table: str, row: str) -> str:
    from ..templates import templates

    for tpl in templates().values():
        spec = tpl.tables.get(table)
        if spec:
            for r in spec.rows:
                if r.key == row:
                    return r.label
    return row


def _fmt(v) -> str:
    from ..findings import _num

    return "?" if v is None else str(_num(v))
