"""Is the text of an HTML, text or Markdown file whole?  Judged before the file is read as a report.

PDF and DOCX carry their own structure, so their readers notice a cut-off file; a text format
has none, and a file cut short would be checked as if the report itself lacked the rest.  Here:

* :func:`decode_report` decodes the bytes with :func:`.decode.decode_judged` and raises E001
  ``undecodable`` (naming every encoding tried) when no decode gives text that looks like what
  the bytes meant; damaged bytes inside an otherwise good text become an E001 ``damaged_bytes``
  note, stray control characters an E001 ``control_chars`` note (status ``partial``: the words
  around them may be wrong);
* the text must not end where a whole file cannot: HTML that opened ``<html>``/``<body>`` and
  never closed it, or a fragment that stops inside a table or a tag; text that stops inside a
  character, in or right after a table (a report goes on after its tables), at a row label whose
  values are missing, at a section heading whose text is missing, or in the middle of a sentence
  after the report's section headings.  Such a file is E001 ``truncated_*`` with status
  ``partial`` and is not checked.  (A file cut exactly at the end of a paragraph cannot be told
  from a whole one here.)

The readers call this once; it knows nothing of templates or rules.
"""

from __future__ import annotations

import re

from ..document import Locator, ReadError, ReaderNote
from .decode import decode_judged

# control characters no text editor writes (tab, line feed, form feed, carriage return are fine): the mark
# of a flipped bit in a tab, a newline or a space
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_ASCII_SAFE = {"utf-8", "ascii", "gb18030"}
_HTML_OPEN_RE = re.compile(r"<(?:html|body)[\s>]", re.I)
_HTML_CLOSE_RE = re.compile(r"</(?:html|body)\s*>", re.I)
_TABLE_OPEN_RE = re.compile(r"<table[\s>]", re.I)
_TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.I)
# a section heading of the report's body (一、总体情况 …), anywhere in the text
_HEADING_RE = re.compile(r"(?:^|\s)[一二三四五六七八九十]{1,2}\s*[、.．]\s*[\u4e00-\u9fff]", re.M)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# a section heading alone on the last line: the section's text is missing
_LAST_HEADING_RE = re.compile(r"^#*\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*[\u4e00-\u9fff][^。；！？]{0,40}$")
_CLAUSE_PUNCT = "，、；,;"
# what a whole paragraph, line or file may end with
_FINAL_CHARS = "。！？!?；;…”’\"'」』）)】》>.:：|"
SENTENCE_MIN_CHARS = 20  # a shorter last line is a heading, a signature, a date or "无"
ROW_LABEL_MAX_CHARS = 30


def decode_report(data: bytes, kind: str) -> tuple[str, list[ReaderNote]]:
    """The text of a ``kind`` ("html", "text", "markdown") file, and notes about damaged bytes.

    Raises :class:`ReadError` E001 when the bytes cannot be decoded with confidence or the
    text is cut off (see the module docstring).
    """
    d = decode_judged(data)
    if not d.ok:
        raise ReadError("E001", "undecodable", tried="; ".join(d.tried) or "utf-8, gb18030")
    text = d.text
    if kind == "html":
        check_html_whole(text)
    elif d.cut_char:
        raise ReadError("E001", "truncated_char", status="partial")
    else:
        check_text_whole(text)
    notes = []
    if d.replaced:
        line = _line_of(text, text.index("\ufffd"))
        notes.append(ReaderNote("E001", "damaged_bytes", {"n": d.replaced, "encoding": d.encoding, "line": line},
                                Locator(line=line)))
    controls = _controls(data, d.encoding, text)
    if controls:
        line = _line_of(text, _CONTROL_RE.search(text).start())
        notes.append(ReaderNote("E001", "control_chars", {"n": len(controls), "line": line}, Locator(line=line)))
    return text, notes


def _controls(data: bytes, encoding: str, text: str) -> list[str]:
    """The stray control characters of ``text`` (a DOS end-of-file mark at the end is no damage).  In
    an ASCII-compatible encoding (UTF-8, GB18030: no byte below 0x80 is part of another character)
    they are the bytes themselves, and a bytes scan is ten times faster than a regex over the text."""
    if encoding in _ASCII_SAFE:
        body = data.rstrip(b"\x1a")
        if len(body.translate(None, _CONTROL_BYTES)) == len(body):
            return []
    return _CONTROL_RE.findall(text.rstrip("\x1a"))


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def check_html_whole(text: str) -> None:
    """E001 when an HTML text is cut off: an opened document never closed, or a fragment that
    ends inside a table or a tag."""
    if _HTML_CLOSE_RE.search(text):
        return
    if _HTML_OPEN_RE.search(text):
        raise ReadError("E001", "truncated_document", status="partial")
    opened = [m.start() for m in _TABLE_OPEN_RE.finditer(text)]
    if opened and not _TABLE_CLOSE_RE.search(text, opened[-1]):
        raise ReadError("E001", "truncated_html_table", status="partial")
    tail = text.rstrip()
    if tail.rfind("<") > tail.rfind(">"):
        raise ReadError("E001", "truncated_tag", status="partial")


def _cells(line: str) -> int:
    """Cell separators of a table line (tabs, or pipes), 0 for running text."""
    return line.count("\t") or line.count("|")


def check_text_whole(text: str) -> None:
    """E001 when a plain-text or Markdown report is cut off (see the module docstring)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [(n, ln.strip()) for n, ln in enumerate(raw, 1) if ln.strip(" \t\u3000")]
    if len(lines) < 2:
        return
    (_, prev), (n, last) = lines[-2], lines[-1]
    if _cells(last) and _cells(prev) and _cells(last) < _cells(prev) and ("\t" in last) == ("\t" in prev):
        raise ReadError("E001", "truncated_table", status="partial", line=n)
    if _cells(last):  # a report goes on after its tables (sections 五 and 六)
        raise ReadError("E001", "truncated_after_table", status="partial", line=n)
    if _LAST_HEADING_RE.match(last):
        raise ReadError("E001", "truncated_after_heading", status="partial", line=n, tail=last)
    ends_open = last[-1] not in _FINAL_CHARS
    if _cells(prev) and len(last) <= ROW_LABEL_MAX_CHARS and ends_open:
        raise ReadError("E001", "truncated_row_label", status="partial", line=n, tail=last)
    segment = re.split(r"\s+", last)[-1]
    prose = len(segment) >= SENTENCE_MIN_CHARS and any(p in segment for p in _CLAUSE_PUNCT)
    if prose and ends_open and not _cells(last) and _CJK_RE.search(segment) \
            and _HEADING_RE.search(text, 0, len(text) - len(segment)):
        raise ReadError("E001", "truncated_sentence", status="partial", line=n, tail=segment[-12:])
