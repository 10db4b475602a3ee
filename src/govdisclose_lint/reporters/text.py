"""``--format text``: per document a header, findings in document order grouped by section, table
findings with their row; a summary line (also for one document).  In Chinese (``--lang zh``) the
status and the severities are Chinese too; symbols a console cannot show (``✓`` on GBK) become ASCII."""

from __future__ import annotations

import os

from rich.cells import cell_len
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from ..paths import shown
from .base import Reporter

SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"checked": "green", "partial": "yellow", "unreadable": "red", "encrypted": "red",
                "unsupported": "red"}
L = {
    "zh": {"status": "状态", "format": "格式", "year": "年度", "agency": "机关", "none": "未发现问题",
           "general": "文件与全文", "expected": "应为", "actual": "实为", "docs": "份文档",
           "summary": "汇总", "findings": "条问题", "waived": "已豁免", "top_rules": "最常见",
           "errors": "个错误", "nothing": "没有检查任何文档", "skipped": "跳过",
           "not_a_report": "个不是年度报告的文件", "excluded": "个被排除的文件",
           "checked": "已检查", "partial": "未完整检查", "unreadable": "无法读取", "encrypted": "已加密",
           "unsupported": "不支持", "error": "错误", "warning": "警告", "info": "提示"},
    "en": {"status": "status", "format": "format", "year": "year", "agency": "agency", "none": "no findings",
           "general": "file and whole text", "expected": "expected", "actual": "actual", "docs": "documents",
           "summary": "summary", "findings": "findings", "waived": "waived", "top_rules": "most frequent",
           "errors": "errors", "nothing": "no documents checked", "skipped": "skipped",
           "not_a_report": "not annual reports", "excluded": "excluded",
           "checked": "checked", "partial": "partial", "unreadable": "unreadable", "encrypted": "encrypted",
           "unsupported": "unsupported", "error": "error", "warning": "warning", "info": "info"},
}
# symbols and what replaces them on a console that cannot show them (e.g. GBK has no ✓)
UNWRAPPED = 10_000
SYMBOLS = {"✓": "OK", "≠": "!=", "×": "x", "…": "..."}


def make_console(stream) -> Console:
    """A console that survives GBK terminals and pipes (unencodable characters are replaced).  On a
    terminal long lines wrap at its width, between words; in a pipe or file a line stays one line."""
    con = Console(file=stream, highlight=False, emoji=False)
    if not con.is_terminal:
        con.soft_wrap = True
        con.width = UNWRAPPED  # panels and tables fit their content, not 80 columns
    return con


def symbols_for(stream) -> dict[str, str]:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    out = {}
    for sym, ascii_ in SYMBOLS.items():
        try:
            sym.encode(encoding)
            out[sym] = sym
        except (UnicodeEncodeError, LookupError):
            out[sym] = ascii_
    return out


class TextReporter(Reporter):
    """Rich text for people: a header per document, findings in document order grouped by section, and
    a summary line.  ``quiet``: only the findings, each document's path above its own."""

    name = "text"
    machine = False

    def __init__(self, stream, lang="zh", **options):
        super().__init__(stream, lang, **options)
        self.console = make_console(stream)  # the progress bar draws on this console too
        self.t = L.get(lang, L["zh"])
        self.sym = symbols_for(stream)
        self.quiet = bool(options.get("quiet"))

    def document(self, result) -> None:
        _document(self.console, result, self.t, self.lang, self.sym, self.quiet)

    def finish(self, summary: dict) -> None:
        if not self.quiet:
            _summary(self.console, summary, self.t, self.sym)
        if summary.get("auditor"):  # the cross-document stage's auditor's summary
            from ..crossdoc.summary_out import render_text

            render_text(self.console, summary["auditor"], self.lang)


def _summary(con: Console, s: dict, t, sym) -> None:
    skipped = s.get("skipped") or {}
    parts = [f"{s['documents']} {t['docs']}" if s["documents"] else t["nothing"]]
    parts += [f"{t.get(k, k)}: {v}" for k, v in s["by_status"].items()]
    parts += [f"{t.get(k, k)}: {v}" for k, v in s["by_severity"].items()]
    if s.get("waived"):
        parts.append(f"{t['waived']}: {s['waived']}")
    for key in ("not_a_report", "excluded"):
        n = len(skipped[key]) if isinstance(skipped.get(key), list) else skipped.get(key)
        if n:
            parts.append(f"{t['skipped']} {n} {t[key]}")
    con.print(Text(f"{t['summary']}: " + " · ".join(parts), style="bold"))
    if s["documents"] > 1 and s["top_rules"]:
        con.print(Text(f"  {t['top_rules']}: " + ", ".join(f"{r['code']} {sym['×']}{r['count']}"
                                                           for r in s["top_rules"][:5])))
    if s["documents"] > 1:
        for d in s["most_errors"][:5]:
            con.print(Text(f"  {d['errors']:>4} {t['errors']}  {shown(d['path'])}"))


def short_path(path: str, width: int | None, sym) -> str:
    """``path`` fitted into ``width`` cells with an ellipsis in the middle (the file name stays)."""
    if width is None or cell_len(path) <= width:
        return path
    name = os.path.basename(path)
    head = path[: max(0, width - cell_len(name) - 1)]
    while head and cell_len(head) + cell_len(name) + 1 > width:
        head = head[:-1]
    if head:
        return f"{head}{sym['…']}{name}"
    while name and cell_len(name) + 1 > width:
        name = name[1:]
    return f"{sym['…']}{name}"


def _document(con: Console, r, t, lang, sym, quiet: bool = False) -> None:
    path = shown(r.path)
    width = None if con.soft_wrap else max(20, con.width - 4)
    if quiet:
        if r.findings and any(not f.waived for f in r.findings):
            con.print(Text(short_path(path, width and width + 4, sym), style="bold"))
            _findings(con, [f for f in r.findings if not f.waived], t, lang, sym)
        return
    head = Text()
    head.append(short_path(r.title, width, sym) if r.title else short_path(path, width, sym), style="bold")
    head.append("\n")
    head.append(f"{short_path(path, width, sym)}\n", style="dim")
    head.append(f"{t['status']}: ")
    head.append(t.get(r.status, r.status), style=STATUS_STYLE.get(r.status, ""))
    head.append(f"   {t['format']}: {r.format_version or '-'}   {t['year']}: {r.year or '-'}"
                f"   {t['agency']}: {r.agency or '-'}")
    con.print(Panel(head, expand=False))
    if not r.findings:
        con.print(Text(f"  {sym['✓']} {t['none']}", style="green"))
        con.print()
        return
    _findings(con, r.findings, t, lang, sym)


def _findings(con: Console, findings, t, lang, sym) -> None:
    groups: dict[str, list] = {}
    for f in findings:
        groups.setdefault(f.location.section or t["general"], []).append(f)
    for section, items in groups.items():
        con.print(Text(section, style="bold underline"))
        for f in items:
            line = Text("  ")
            line.append(f.code, style="bold")
            line.append(f" {t.get(f.severity, f.severity)} ", style=SEV_STYLE.get(f.severity, ""))
            line.append(f.message)
            if f.waived:
                line.append(f"  ({t['waived']}: {f.waived})", style="dim italic")
            where = _where(f, lang)
            if where:
                line.append(f"  [{where}]", style="dim")
            con.print(line)
            if f.expected is not None and f.actual is not None and f.location.row and f.location.column:
                explanation = _operands(f, t, sym)
                if explanation is not None:
                    con.print(explanation)
        con.print()


def _where(f, lang) -> str:
    loc = f.location
    bits = []
    if loc.page:
        bits.append(f"第{loc.page}页" if lang == "zh" else f"page {loc.page}")
    if loc.line:
        bits.append(f"第{loc.line}行" if lang == "zh" else f"line {loc.line}")
    return ", ".join(bits)


def _operands(f, t, sym):
    """The arithmetic behind a finding: each non-zero term, signed and named by its row and column
    (the finding's ``terms``; a shared row or column is named once), then expected ≠ actual.
    None when there is no sum to show (a threshold, a single comparison)."""
    terms = f.params.get("terms")
    if terms is None:
        terms = [{"sign": "+", "row": _label(*ref.split(".")[:2]), "column": ref.split(".")[2], "value": v}
                 for ref, v in (f.operands or {}).items()]
    if len(terms) < 2:
        return None
    rows, cols = {x["row"] for x in terms}, {x["column"] for x in terms}
    line = Text("      ")
    if len(rows) == 1:
        line.append(f"“{_short(terms[0]['row'])}”：", style="dim")
    elif len(cols) == 1:
        line.append(f"“{terms[0]['column']}”：", style="dim")
    shown = [x for x in terms if x["value"]]
    for i, x in enumerate(shown):
        minus = x["sign"] == "-"
        line.append((" − " if minus else " + ") if i else ("−" if minus else ""))
        name = x["column"] if len(rows) == 1 else _short(x["row"]) if len(cols) == 1 else \
            f"{_short(x['row'])}·{x['column']}"
        line.append(f"{name} ", style="dim")
        line.append(_fmt(x["value"]))
    line.append(f" = {_fmt(f.expected)}" if shown else f"{t['expected']} {_fmt(f.expected)}")
    line.append(f"  {sym['≠']}  {_fmt(f.actual)}", style="bold red")
    return line


def _short(label: str) -> str:
    """A template row label without its parenthetical note: （二）部分公开（区分处理的，…） → （二）部分公开."""
    cut = label.find("（", 2)
    return label[:cut] if cut > 0 else label


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
