"""What the HTML report shows for one document: metadata, findings by section, the three tables.

Builds plain dicts for the Jinja template ``html_assets/document.html.j2``: the tables are drawn in
the official layout (:mod:`govdisclose_lint.tablelayout`) with the recognised values
(``DocumentResult.table_cells()``), each row as escaped HTML; cells that a finding points at carry
its ids (``data-f``), a tooltip, and a class: ``t`` a wrong total, ``o`` an operand of it, ``ce|cw|ci``
any other finding by severity.
"""

from __future__ import annotations

import re
from collections import Counter

from markupsafe import Markup, escape

from ..cellmarks import OPERAND, TOTAL, hits, look, mark, note
from ..findings import _num
from ..tablelayout import Box, layouts
from ..templates import templates
from .html_strings import SEV, strings

ROLE_CLASS = {TOTAL: "t", OPERAND: "o"}
STATE_CLASS = {"blank": "b", "dash": "dash", "invalid": "x", "unattributable": "u"}


def document_view(result, n: int, lang: str) -> dict:
    t = strings(lang)
    tpl = templates().get(result.format_version or "")
    page = _Page(result, f"d{n}", tpl, t, lang)
    tables = [page.table(lay) for lay in layouts(tpl.version).values()] if tpl else []
    findings = result.findings
    items = [_finding(f, page.fids[i], page.anchors.get(i), t) for i, f in enumerate(findings)]
    for tb in tables:
        tb["notes"] = [items[i] for i in tb["notes"]]
    active = [f for f in findings if not f.waived]
    counts = Counter(SEV.get(f.severity, "i") for f in active)
    codes = Counter(f.code for f in active)
    return {
        "id": page.doc_id, "n": n, "path": result.path, "title": result.title or result.path,
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
    sev = SEV.get(f.severity, "i")
    return {"id": fid, "code": f.code, "sev": sev, "sev_text": t["sev_" + sev],
            "message": f.message, "ea": ea, "where": " · ".join(map(str, where)), "cell": cell_id,
            "sentence": _sentence(f.params or {}), "waived": f.waived}


def _sentence(params: dict):
    """(before, number, after) when a narrative finding names its sentence and number."""
    sentence, number = params.get("sentence"), params.get("number")
    if not sentence or number is None:
        return None
    for text in dict.fromkeys((str(number), str(_num(number)))):
        hit = re.search(rf"(?<![\d.]){re.escape(text)}(?![\d.])", sentence)  # 75, not the 75 in 175
        if hit:
            return sentence[:hit.start()], text, sentence[hit.end():]
    return sentence, "", ""


def _groups(findings, items, tpl, t) -> list[tuple[str, list[dict]]]:
    order = {s.heading: i for i, s in enumerate(tpl.sections)} if tpl else {}
    groups: dict[str, list[dict]] = {}
    for f, item in zip(findings, items):
        groups.setdefault(f.location.section or t["general"], []).append(item)
    return sorted(groups.items(), key=lambda kv: order.get(kv[0], -1))


class _Page:
    """One document's tables, drawn cell by cell; ``anchors`` maps a finding to the id of its cell."""

    def __init__(self, result, doc_id: str, tpl, t: dict, lang: str):
        self.doc_id, self.t, self.lang = doc_id, t, lang
        self.findings = result.findings
        self.marks = mark(self.findings, tpl)
        self.fids = [f"{doc_id}f{i}" for i in range(len(self.findings))]
        self.cells = {(c["table"], c["row_key"], c["column"]): c for c in result.table_cells()}
        self.anchors: dict[int, str] = {}

    def table(self, lay) -> dict:
        pages: set[int] = set()
        rows = [Markup("".join(self.box(lay.table, box, pages) for box in line)) for line in lay.rows]
        found = any(k[0] == lay.table for k in self.cells)
        span = (f"{min(pages)}–{max(pages)}" if len(pages) > 1 else str(min(pages))) if pages else None
        t = self.t
        return {"key": lay.table, "title": lay.title, "name": t["table_" + lay.table], "width": lay.width,
                "rows": rows, "found": found, "notes": self.marks.tables.get(lay.table, []),
                "pages": t["pages"].format(span) if span else None}

    def box(self, table: str, box: Box, pages: set) -> str:
        """One cell as HTML (built here rather than in the template: a page has hundreds of cells)."""
        tag = "td" if box.kind == "data" else "th"
        text, cls = box.text, ("" if box.kind == "data" else box.kind[0])
        if box.kind == "data":
            value = self.cells.get((table, box.row, box.col))
            if value is not None:
                text = (value.get("raw") or "").strip()
                cls = STATE_CLASS.get(value.get("state"), "")
                if value.get("page"):
                    pages.add(value["page"])
        attrs = []
        if box.rowspan > 1:
            attrs.append(f' rowspan="{box.rowspan}"')
        if box.colspan > 1:
            attrs.append(f' colspan="{box.colspan}"')
        found = hits(self.marks, table, box)
        if found:
            roles = {role for _, role in found}
            classes = [cls] if cls else []
            classes += [ROLE_CLASS[r] for r in (TOTAL, OPERAND) if r in roles]
            shown = look(found, self.findings)
            if shown not in (TOTAL, OPERAND, None):
                classes.append(f"c{shown}")
            cls = " ".join(classes)
            ident = f"{self.doc_id}-{table}-{box.r}-{box.c}"
            tip = "\n".join(self.t["operand_of"].format(code=self.findings[i].code) if role == OPERAND
                            else note(self.findings[i], self.lang) for i, role in found)
            fids = " ".join(dict.fromkeys(self.fids[i] for i, _ in found))
            attrs.append(f' id="{ident}" tabindex="0" data-f="{fids}" title="{escape(tip)}"')
            for i, role in found:
                if role != OPERAND:
                    self.anchors.setdefault(i, ident)
        if cls:
            attrs.insert(0, f' class="{cls}"')
        return f"<{tag}{''.join(attrs)}>{escape(text)}</{tag}>"


def _fmt(v) -> str:
    return "–" if v is None else str(_num(v))
