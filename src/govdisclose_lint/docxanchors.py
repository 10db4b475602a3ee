"""Where a finding sits in a DOCX body: the ``w:p`` elements a Word comment should span.

The DOCX reader numbers tables and paragraphs by its own walk (text boxes, content controls, nested
tables included).  Here the same walk runs over the body python-docx loaded, and records for each
table and paragraph it emits the element it came from, so a finding's ``source_table/row/col`` or
``paragraph`` leads to the right element.  Grid positions resolve to the merged cell's origin
``w:tc`` exactly as the reader's grid does (``gridBefore``, ``gridSpan``, ``vMerge``).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .document import Document
from .readers.docx import _children, _Numbering, _root_ns, _Styles, _W, _Walker


class _Log(list):
    """A list that notes, for every item appended, the element the walker is at."""

    def __init__(self, where):
        super().__init__()
        self.where = where
        self.elements: list = []

    def append(self, item) -> None:
        super().append(item)
        self.elements.append(self.where())


class _Recorder(_Walker):
    def __init__(self, doc: Document, w: _W, styles=None, numbering=None):
        super().__init__(doc, w, _Styles(styles), _Numbering(numbering))
        self.at_p = self.at_tbl = None
        doc.paragraphs = _Log(lambda: self.at_p)
        doc.tables = _Log(lambda: self.at_tbl)

    def paragraph(self, p, deferred):
        self.at_p = p
        return super().paragraph(p, deferred)

    def table(self, tbl) -> None:
        # the reader appends a table before it walks the tables nested in it
        self.at_tbl = tbl
        super().table(tbl)


class Anchors:
    def __init__(self, root, result, styles=None, numbering=None):
        """``root``: the ``w:document`` element; ``styles``/``numbering``: those parts' root elements."""
        self.w = _W(_root_ns(root))
        self.doc = Document(path=str(result.path), kind="docx")
        _Recorder(self.doc, self.w, styles, numbering).run(root)
        self.result = result

    # -- where ------------------------------------------------------------------------------------

    def of(self, f) -> list:
        """The paragraphs a comment on finding ``f`` spans (the cell's, or one paragraph)."""
        loc = f.location
        if loc.source_table is not None and loc.source_table < len(self.doc.tables):
            return self.cell(loc.source_table, loc.source_row or 0, loc.source_col or 0)
        if loc.paragraph is not None and loc.paragraph < len(self.doc.paragraphs):
            return [self.doc.paragraphs.elements[loc.paragraph]]
        row = self._row_cell(loc)
        if row:
            return row
        heading = self._heading(loc.section)
        if heading is not None:
            return [heading]
        if self.doc.paragraphs:
            return [self.doc.paragraphs.elements[0]]
        return self.cell(0, 0, 0) if self.doc.tables else []

    def cell(self, t: int, r: int, c: int) -> list:
        table = self.doc.tables[t]
        if not 0 <= r < table.nrows or not 0 <= c < len(table.grid[r]):
            return []
        orow, ocol = table.grid[r][c].origin
        w = self.w
        trs = [tr for tr in _children(self.doc.tables.elements[t], w.tr, w)
               if tr.find(w.trPr) is None or tr.find(w.trPr).find(w.del_) is None]
        tr = trs[orow]
        pos = 0
        trpr = tr.find(w.trPr)
        if trpr is not None and trpr.find(w.gridBefore) is not None:
            pos = int(trpr.find(w.gridBefore).get(w.val, "0") or 0)
        for tc in _children(tr, w.tc, w):
            if pos == ocol:
                return list(_children(tc, w.p, w))
            span = tc.find(w.tcPr).find(w.gridSpan) if tc.find(w.tcPr) is not None else None
            pos += int(span.get(w.val, "1")) if span is not None else 1
        return []

    def _row_cell(self, loc) -> list:
        """A finding on a template row without a source position: the row's first recognised value."""
        if not loc.table or not loc.row:
            return []
        hits = [c for c in self.result.table_cells() if c["table"] == loc.table and c["row"] == loc.row
                and c.get("source_table") is not None and c.get("source_row") is not None]
        if not hits:
            return []
        first = min(hits, key=lambda c: c.get("source_col") or 0)
        return self.cell(first["source_table"], first["source_row"], first.get("source_col") or 0)

    def _heading(self, section: str | None):
        if not section or not self.result.format_version:
            return None
        from .recognize.sections import find_headings
        from .templates import templates

        tpl = templates().get(self.result.format_version)
        if tpl is None:
            return None
        for hit in find_headings(self.doc, tpl):
            if hit.expected == section and hit.paragraph < len(self.doc.paragraphs):
                return self.doc.paragraphs.elements[hit.paragraph]
        return None

    # -- marking ----------------------------------------------------------------------------------

    @staticmethod
    def mark(paragraphs: list, comment_id: int) -> None:
        """Span the paragraphs with comment ``comment_id``: the range starts at the first paragraph's
        content and ends, with the reference mark, after the last paragraph's content."""
        ident = {qn("w:id"): str(comment_id)}
        first, last = paragraphs[0], paragraphs[-1]
        start = OxmlElement("w:commentRangeStart", attrs=ident)
        ppr = first.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            first.insert(0, start)
        last.append(OxmlElement("w:commentRangeEnd", attrs=ident))
        ref = OxmlElement("w:r")
        ref.get_or_add_rPr().style = "CommentReference"
        ref.append(OxmlElement("w:commentReference", attrs=ident))
        last.append(ref)
