"""Readers: file → :class:`~govdisclose_lint.document.Document`.

``read_document(path)`` sniffs the content (magic bytes win over the file
name), picks the reader and returns the document, or raises
:class:`~govdisclose_lint.document.ReadError` with the E-code to report.
Readers know nothing about rules or templates.
"""

from __future__ import annotations

import os
import stat

from ..document import Document, ReadError, ReaderNote
from .sniff import EXTENSION_KINDS, sniff_kind

#: extensions picked up when a folder is linted
SUPPORTED_EXTENSIONS = tuple(sorted(EXTENSION_KINDS))

MAX_FILE_BYTES = 200 * 1024 * 1024


def read_document(path: str) -> Document:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ReadError("E001", "not_found", path=path, reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("E001", "is_directory", path=path)
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device: opening it could block forever
        raise ReadError("E001", "not_regular", path=path)
    size = st.st_size
    if size == 0:
        raise ReadError("E001", "empty", path=path)
    if size > MAX_FILE_BYTES:
        raise ReadError("E005", "file_too_large", status="partial", size=size, limit=MAX_FILE_BYTES)
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise ReadError("E001", "not_readable", path=path, reason=exc.strerror or str(exc)) from None

    ext = os.path.splitext(path)[1].lower()
    claimed = EXTENSION_KINDS.get(ext)
    actual = sniff_kind(head, ext, path)
    if actual is None and claimed in ("pdf", "docx"):
        actual = claimed  # not what it claims to be: its own reader reports it as corrupt
    if actual is None:
        raise ReadError("E001", "unsupported", status="unsupported", ext=ext or "(none)")
    doc = _dispatch(actual, path)
    if claimed is not None and not _compatible(claimed, actual):
        doc.notes.append(ReaderNote("S109", "default", {"ext": ext, "actual": actual}))
    return doc


def _compatible(claimed: str, actual: str) -> bool:
    same = {("text", "markdown"), ("markdown", "text"), ("doc", "wps"), ("wps", "doc")}
    return claimed == actual or (claimed, actual) in same


def _dispatch(kind: str, path: str) -> Document:
    if kind == "html":
        from .html import read
    elif kind in ("text", "markdown"):
        from .text import read
    elif kind == "docx":
        from .docx import read
    elif kind == "pdf":
        from .pdf import read
    elif kind == "odt":
        from .odf import read  # checks the package, then converts
    elif kind in ("doc", "wps", "rtf"):
        from .convert import read
    else:  # pragma: no cover - sniff_kind only returns the kinds above
        raise ReadError("E001", "unsupported", status="unsupported", ext=kind)
    return read(path)
