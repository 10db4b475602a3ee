"""What the HTML report shows for one document: metadata, findings by section, the three tables.

Builds plain dicts for the Jinja template ``html_assets/document.html.j2``: the tables are drawn in
the official layout (:mod:`govdisclose_lint.tablelayout`) with the recognised values
(``DocumentResult.table_cells()``); cells that a finding points at carry its ids (``data-f``), a
tooltip, and a class: ``t`` a wrong total, ``o`` an operand of it, ``c-e|w|i`` any other finding by
severity.
"""

from __future__ import annotations

from collections import Counter

from ..cellmarks import CELL, OPERAND, TOTAL, mark
from ..findings import _num
from ..tablelayout import Box, layouts
from ..templates import templates
from .html_strings import SEV, strings

ROLE_CLASS = {TOTAL: "t", OPERAND: "o"}
STATE_CLASS = {"blank": "b", "dash": "dash", "invalid": "x", "unattributable": "u"}


def document_view(result, n: int, lang: str) -> dict:
    t = strings(lang)
    doc_id = f"d{n}"
    tpl = templates().get(result.format_version or "")
    findings = result.findings
    marks = mark(findings, tpl)
    fids = [f"{doc_id}f{i}" for i in range(len(findings))]
    cells = {(c["table"], c["row_key"], c["column"]): c for c in result.table_cells()}
    tables = [_table(lay, cells, marks, findings, fids, doc_id, t) for lay in layouts(tpl.version).values()] \
        if tpl else []
    cell_ids = {i: anchor for tb in tables for i, anchor in tb.pop("anchors").items()}
    items = [_finding(f, fids[i], cell_ids.get(i), t) for i, f in enumerate(findings)]
    for tb in tables:
        tb["notes"] = [items[i] for i in tb["notes"]]
    active = [f for f in findings if not f.waived]
    counts = Counter(SEV.get(f.severity, "i") for f in active)
    codes = Counter(f.code for f in active)
    return {
        "id": doc_id, "n": n, "path": result.path, "title": result.title or result.path,
        "agency": result.agency, "year": result.year, "version": result.format_version,
        "status": result.status, "worst": min(counts, key="ewi".index, default=""), "counts": counts,
        "codes": " ".join(f"{c}×{k}" if k > 1 else c for c, k in codes.most_common(4)),
        "meta": [(t["path"], result.path), (t["agency"], result.agency or "–"), (t["year"], result.year or "–"),
                 (t["format"], f"{tpl.version}（{tpl.document}）" if tpl else "–"),
                 (t["kind"], result.kind or "–"), (t["status"], t["st_" + result.status])],
        "groups": _groups(findings, items, tpl, t), "tables": tables,
    }


def _finding(f, fid: str, cell_id: str | None, t: dict) -> dict:
    loc = f.location
    where = [x for x in (loc.row, loc.column) if x]
    if loc.page:
        where.append(t["page"].format(loc.page))
    if loc.line:
        where.append(t["line"].format(loc.line))
    ea = None
    if f.expected is not None or f.actual is not None:
        ea = f"{t['expected']} {_fmt(f.expected)} · {t['actual']} {_fmt(f.actual)}"
    return {"id": fid, "code": f.code, "sev": SEV.get(f.severity, "i"), "sev_text": t["sev_" + SEV.get(f.severity, "i")],
            "message": f.message, "ea": ea, "where": " · ".join(map(str, where)), "cell": cell_id,
            "sentence": _sentence(f.params or {}), "waived": f.waived}


def _sentence(params: dict):
    """(before, number, after) when a narrative finding names its sentence and number."""
    sentence, number = params.get("sentence"), params.get("number")
    if not sentence or number is None:
        return None
    for text in dict.fromkeys((str(number), str(_num(number)))):
        at = sentence.find(text)
        if at >= 0:
            return sentence[:at], text, sentence[at + len(text):]
    return sentence, "", ""


def _groups(findings, items, tpl, t) -> list[tuple[str, list[dict]]]:
    order = {s.heading: i for i, s in enumerate(tpl.sections)} if tpl else {}
    groups: dict[str, list[dict]] = {}
    for f, item in zip(findings, items):
        groups.setdefault(f.location.section or t["general"], []).append(item)
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], -1))


def _table(lay, cells, marks, findings, fids, doc_id, t) -> dict:
    rows, anchors, pages = [], {}, set()
    for line in lay.rows:
        out = []
        for box in line:
            out.append(_box(lay.table, box, cells, marks, findings, fids, doc_id, t, anchors, pages))
        rows.append(out)
    found = any(k[0] == lay.table for k in cells)
    notes = marks.tables.get(lay.table, [])
    span = (f"{min(pages)}–{max(pages)}" if len(pages) > 1 else str(min(pages))) if pages else None
    return {"key": lay.table, "title": lay.title, "name": t["table_" + lay.table], "width": lay.width,
            "rows": rows, "found": found, "notes": notes, "pages": t["pages"].format(span) if span else None,
            "anchors": anchors}


def _box(table, box: Box, cells, marks, findings, fids, doc_id, t, anchors, pages) -> dict:
    cell = {"tag": "td" if box.kind == "data" else "th", "text": box.text, "rs": box.rowspan, "cs": box.colspan,
            "cls": "" if box.kind == "data" else box.kind[0]}
    hits: list[tuple[int, str]] = []
    if box.kind == "data":
        value = cells.get((table, box.row, box.col))
        if value is not None:
            cell["text"] = (value.get("raw") or "").strip()
            cell["cls"] = STATE_CLASS.get(value.get("state"), "")
            if value.get("page"):
                pages.add(value["page"])
        hits = marks.cells.get((table, box.row, box.col), [])
    elif box.kind == "label":
        hits = [(i, CELL) for i in marks.rows.get((table, box.row), [])]
    elif box.kind == "column" and box.col:
        hits = [(i, CELL) for i in marks.cols.get((table, box.col), [])]
    if hits:
        roles = {role for _, role in hits}
        worst = min((SEV.get(findings[i].severity, "i") for i, r in hits if r != OPERAND), default=None,
                    key="ewi".index)
        cls = [cell["cls"]] if cell["cls"] else []
        cls += [ROLE_CLASS[r] for r in (TOTAL, OPERAND) if r in roles]
        if CELL in roles and TOTAL not in roles:
            cls.append(f"c{worst}")
        cell["cls"] = " ".join(cls)
        cell["id"] = f"{doc_id}-{table}-{box.r}-{box.c}"
        cell["f"] = " ".join(dict.fromkeys(fids[i] for i, _ in hits))
        cell["tip"] = "\n".join(_tip(findings[i], role, t) for i, role in hits)
        for i, role in hits:
            if role != OPERAND:
                anchors.setdefault(i, cell["id"])
    return cell


def _tip(f, role: str, t: dict) -> str:
    if role == OPERAND:
        return t["operand_of"].format(code=f.code)
    text = f"{f.code} {f.message}"
    if f.expected is not None and f.actual is not None:
        text += f"（{t['expected']} {_fmt(f.expected)}，{t['actual']} {_fmt(f.actual)}）"
    return text


def _fmt(v) -> str:
    return "–" if v is None else str(_num(v))
