"""Write the auditor's summary (:mod:`.summary`): CSV (UTF-8 with BOM, for Excel), XLSX (openpyxl)
or a table in the text report."""

from __future__ import annotations

import csv

from .summary import columns, figures
from .words import percent

HEADERS = {
    "zh": {"agency": "机关", "year": "年度", "status": "状态", "path": "文件", "also": "同年其他文件",
           "matched_by": "匹配方式", "kind": "类别", "format_version": "格式", "published": "发布日期",
           "deadline": "期限", "days_late": "逾期天数", "errors": "错误", "warnings": "警告", "infos": "提示",
           "rules": "规则", "similarity_prev": "与上年文字相似度", "outliers": "异常值"},
    "en": {"agency": "agency", "year": "year", "status": "status", "path": "file", "also": "other files, same year",
           "matched_by": "matched by", "kind": "kind", "format_version": "format", "published": "published",
           "deadline": "deadline", "days_late": "days late", "errors": "errors", "warnings": "warnings",
           "infos": "infos", "rules": "rules", "similarity_prev": "text similarity to last year",
           "outliers": "outliers"},
}
TITLE = {"zh": "审核汇总（按机关和年度）", "en": "Auditor's summary (per agency and year)"}


def header(key: str, lang: str) -> str:
    for fig in figures():
        if fig["key"] == key:
            return fig["label"].get(lang) or fig["label"]["zh"]
    return HEADERS.get(lang, HEADERS["zh"]).get(key, key)


def _is_rate(key: str) -> bool:
    return key == "similarity_prev" or any(f["key"] == key and f["kind"] == "rate" for f in figures())


def _cell(row: dict, key: str):
    v = row.get(key)
    return "" if v is None else v


def write_csv(rows: list[dict], stream, lang: str = "zh") -> None:
    stream.write("\ufeff")
    w = csv.writer(stream)
    cols = columns()
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r, c) for c in cols])


def write_xlsx(rows: list[dict], path: str, lang: str = "zh") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "summary"
    cols = columns()
    ws.append([header(c, lang) for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([_cell(r, c) for c in cols])
    for i, c in enumerate(cols, start=1):
        if _is_rate(c):
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0.0%"
    ws.freeze_panes = "C2"
    wb.save(path)


def write(rows: list[dict], path: str, lang: str = "zh") -> None:
    """CSV or XLSX by the file's extension."""
    if path.lower().endswith(".xlsx"):
        write_xlsx(rows, path, lang)
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            write_csv(rows, fh, lang)


def _show(key: str, v) -> str:
    if v is None or v == "":
        return ""
    if _is_rate(key):
        return percent(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def render_text(console, rows: list[dict], lang: str = "zh") -> None:
    """One line per agency and year (lines wrap on narrow terminals instead of squeezing a table)."""
    from rich.text import Text

    keys = ("errors", "warnings", *(f["key"] for f in figures()), "similarity_prev", "days_late", "outliers")
    console.print(Text(TITLE.get(lang, TITLE["zh"]), style="bold"))
    for r in rows:
        line = Text("  ")
        line.append(f"{r.get('agency') or r.get('path')} {r.get('year') or ''} ", style="bold")
        bad = r.get("status") in ("missing", "unreadable", "encrypted", "unsupported", "partial")
        line.append(str(r.get("status")), style="red" if bad else "green")
        for k in keys:
            shown = _show(k, r.get(k))
            if shown and not (k == "days_late" and shown == "0"):
                line.append(f" · {header(k, lang)} {shown}", style="yellow" if k == "outliers" else None)
        console.print(line)
