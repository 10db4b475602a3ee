"""``extract --format xlsx``: a workbook with one sheet per recognised table, in the template's layout.

Every box of the official layout (:mod:`.tablelayout`) sits at its template position (the template's
top-left cell is A1), merged as the template merges it; a recognised value is a number where it is
one, else its text as written.  Cells a finding points at are filled (a wrong total, its operands,
others by severity) and carry the finding as an Excel comment.  A documents sheet lists the files,
a findings sheet every finding, linked to its cell.
"""

from __future__ import annotations

from .cellmarks import OPERAND, TOTAL, hits, look, mark, note
from .tablelayout import layouts
from .templates import templates

FILL = {TOTAL: "E69F00", OPERAND: "D6EAF8", "e": "F4C7AB", "w": "FBEEB0", "i": "D4E9F7"}
HEAD_FILL = "E6E8EC"
WORDS = {"zh": {"T2": "表二", "T3": "表三", "T4": "表四", "documents": "文档", "findings": "问题",
                "cols": ("序号", "文件", "状态", "格式", "年度", "机关", "标题"),
                "fcols": ("序号", "文件", "代码", "严重程度", "说明", "表", "部分", "分组", "行", "列", "页", "行号",
                          "应为", "实为", "单元格")},
         "en": {"T2": "T2", "T3": "T3", "T4": "T4", "documents": "documents", "findings": "findings",
                "cols": ("#", "file", "status", "format", "year", "agency", "title"),
                "fcols": ("#", "file", "code", "severity", "message", "table", "block", "group", "row", "column",
                          "page", "line", "expected", "actual", "cell")}}


def write_xlsx(results, target, lang: str = "zh") -> None:
    """Write the workbook to ``target`` (a path or a binary stream)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    words = WORDS.get(lang, WORDS["zh"])
    wb = Workbook()
    docs = wb.active
    docs.title = words["documents"]
    docs.append(words["cols"])
    found = wb.create_sheet(words["findings"])
    found.append(words["fcols"])
    several = len(results) > 1
    for n, r in enumerate(results, 1):
        docs.append((n, r.path, r.status, r.format_version, r.year, r.agency, r.title))
        tpl = templates().get(r.format_version or "")
        marks = mark(r.findings, tpl)
        where: dict[int, str] = {}
        cells = {(c["table"], c["row_key"], c["column"]): c for c in r.table_cells()}
        for lay in (layouts(tpl.version).values() if tpl else ()):
            if not any(k[0] == lay.table for k in cells):
                continue
            name = f"{n} {words[lay.table]}" if several else words[lay.table]
            ws = wb.create_sheet(name)
            _draw(ws, lay, cells, marks, r.findings, lang, where, name)
            for c in range(lay.width):
                ws.column_dimensions[get_column_letter(c + 1)].width = 14 if c else 30
        for i, f in enumerate(r.findings):
            loc = f.location
            found.append((n, r.path, f.code, f.severity, f.message, loc.table, loc.block, loc.group, loc.row,
                          loc.column, loc.page, loc.line, _plain(f.expected), _plain(f.actual), where.get(i)))
            if i in where:
                link = found.cell(found.max_row, 15)
                link.hyperlink = Hyperlink(ref=link.coordinate, location=where[i])
    for ws in (docs, found):
        ws.freeze_panes = "A2"
        ws.column_dimensions["B"].width = 40
    found.column_dimensions["E"].width = 70
    wb.save(target)


def _draw(ws, lay, cells, marks, findings, lang, where, sheet) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="7D828A")
    dashed = Side(style="mediumDashed", color="0072B2")
    for b in lay.boxes():
        cell = ws.cell(row=b.r + 1, column=b.c + 1)
        if b.rowspan > 1 or b.colspan > 1:
            ws.merge_cells(start_row=b.r + 1, start_column=b.c + 1, end_row=b.r + b.rowspan,
                           end_column=b.c + b.colspan)
        side = thin
        if b.kind == "data":
            value = cells.get((lay.table, b.row, b.col))
            cell.value = _value(value) if value else None
            cell.alignment = Alignment(horizontal="right", vertical="center")
        else:
            cell.value = b.text
            cell.font = Font(bold=b.kind in ("caption", "group", "corner"))
            cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center",
                                       horizontal="left" if b.kind in ("label", "caption") else "center")
        found = hits(marks, lay.table, b)
        shown = look(found, findings)
        if shown:
            cell.fill = PatternFill("solid", fgColor=FILL[shown])
            side = dashed if shown == OPERAND else Side(style="medium", color="000000")
            texts = [note(findings[i], lang) for i, role in found if role != OPERAND]
            if texts:
                cell.comment = Comment("\n\n".join(texts), "govdisclose-lint", width=320, height=160)
            for i, role in found:
                if role != OPERAND:
                    where.setdefault(i, f"'{sheet}'!{cell.coordinate}")
        for rr in range(b.r + 1, b.r + b.rowspan + 1):
            for cc in range(b.c + 1, b.c + b.colspan + 1):
                ws.cell(row=rr, column=cc).border = Border(left=side, right=side, top=side, bottom=side)


def _value(cell: dict):
    """A number where the cell is one, else the text as written (blank: empty)."""
    if cell.get("value") is not None and cell.get("state") == "number":
        return cell["value"]
    return (cell.get("raw") or "").strip() or None


def _plain(v):
    from .findings import _num

    return None if v is None else (_num(v) if not isinstance(v, str) else v)
