"""Plain text and Markdown reports.

Three shapes occur in practice:

* tab-separated tables (a text copy of a web page): consecutive lines that
  contain a tab form one table, one field per cell;
* Markdown pipe tables (``| a | b |``), separator lines skipped;
* flattened web text, where a crawler ran the whole page into a few long
  lines and the table cells together (``规章007规范性文件7777166``).  Long
  lines are cut at runs of whitespace into paragraphs; the rows whose numbers
  split into cells in only one way become tables (:mod:`.flat_tables`), and a
  table none of whose rows can be split stays text, which recognition reports
  as flattened.

Merged cells are not represented in text, so tables get ``spans_known=False``.
"""

from __future__ import annotations

import re

from ..document import Document, Locator, Paragraph, ReadError, Table
from .flat_notes import reader_notes
from .flat_tables import read_flat
from .integrity import decode_report

_MD_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEAD_RE = re.compile(r"^\s{0,3}#{1,6}\s*")
_EMPH_RE = re.compile(r"(\*\*|__)(.+?)\1")
_TITLE_PREFIX_RE = re.compile(r"^(标题|题目|title)\s*[:：]\s*", re.I)
FLAT_LINE_MIN = 300


def read(path: str) -> Document:
    with open(path, "rb") as fh:
        data = fh.read()
    text, notes = decode_report(data, "text")  # E001 when undecodable or cut off (integrity.py)
    if "\x00" in text[:4096] or _mostly_binary(text):
        raise ReadError("E001", "binary_text")
    kind = "markdown" if path.lower().endswith((".md", ".markdown")) else "text"
    doc = parse_text(text, path, kind)
    doc.notes.extend(notes)
    if not doc.paragraphs and not doc.tables:
        raise ReadError("E001", "empty")
    return doc


def _mostly_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    return bad / len(sample) > 0.05


def parse_text(text: str, path: str = "<text>", kind: str = "text") -> Document:
    doc = Document(path=path, kind=kind)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pending: list[tuple[int, list[str]]] = []  # (line number, cells) of the table being read
    order = 0

    def flush():
        nonlocal order
        if not pending:
            return
        rows = [cells for _, cells in pending]
        t = Table.from_rows(len(doc.tables), rows, spans_known=False)
        t.locator = Locator(table=t.index, line=pending[0][0])
        doc.tables.append(t)
        doc.table_order.append(order)
        order += 1
        pending.clear()

    def add_para(txt: str, lineno: int):
        nonlocal order
        doc.paragraphs.append(Paragraph(txt, Locator(paragraph=len(doc.paragraphs), line=lineno), order))
        order += 1

    def add_flat(txt: str, lineno: int):
        """A flattened line: its readable tables in place, the rest cut at whitespace into paragraphs."""
        nonlocal order
        res = read_flat(txt)
        pos = 0
        for ft in sorted(res.tables, key=lambda f: f.start):
            for seg in txt[pos:ft.start].split():
                add_para(seg, lineno)
            # one line holds all rows, so the table has no per-row line numbers
            doc.tables.append(ft.to_table(len(doc.tables)))
            doc.table_order.append(order)
            order += 1
            pos = ft.end
        for seg in txt[pos:].split():
            add_para(seg, lineno)
        doc.notes.extend(reader_notes(res, lineno))

    for i, raw in enumerate(lines, start=1):
        line = raw.rstrip(" \r\n\u3000")
        if _MD_SEP_RE.match(line) and "-" in line and "|" in line:
            continue  # Markdown table separator
        if "\t" in line:
            pending.append((i, [c.strip() for c in line.split("\t")]))
            continue
        if line.lstrip().startswith("|") and line.count("|") >= 2:
            cells = line.strip()
            cells = cells[1:] if cells.startswith("|") else cells
            cells = cells[:-1] if cells.endswith("|") else cells
            pending.append((i, [c.strip() for c in cells.split("|")]))
            continue
        flush()
        stripped = _EMPH_RE.sub(r"\2", _MD_HEAD_RE.sub("", line)).strip()
        if not stripped:
            continue
        if len(stripped) >= FLAT_LINE_MIN:
            # flattened web text: the page's blocks survive only as runs of spaces
            add_flat(stripped, i)
            continue
        add_para(stripped, i)
    flush()
    doc.title = _title(doc)
    return doc


def _title(doc: Document) -> str:
    """Only an explicit metadata line ("标题: …", as crawlers write) is taken as the title here."""
    for p in doc.paragraphs[:15]:
        m = _TITLE_PREFIX_RE.match(p.text)
        if m:
            return p.text[m.end():].strip()
    return ""
