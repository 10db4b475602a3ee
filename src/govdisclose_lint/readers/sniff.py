"""Tell what a file really is from its first bytes (the extension is only a hint)."""

from __future__ import annotations

import re
import zipfile

EXTENSION_KINDS = {
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".txt": "text", ".md": "markdown", ".markdown": "markdown",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx",
    ".pdf": "pdf",
    ".doc": "doc", ".wps": "wps", ".odt": "odt", ".rtf": "rtf",
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"
_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>]", re.I)


def sniff_kind(head: bytes, ext: str, path: str) -> str | None:
    """Return the kind the bytes say the file is, or None if unsupported."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return "wps" if ext == ".wps" else "doc"
    if head.startswith(b"PK\x03\x04"):
        # an ODF package opens with its mimetype member, stored uncompressed
        odt = ext == ".odt" or _ODT_MIMETYPE in head[:200]
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            # a broken zip that claims to be a Word or ODF file is a broken Word or ODF file
            return "docx" if ext in (".docx", ".docm", ".dotx") else "odt" if odt else None
        if "word/document.xml" in names:
            return "docx"
        return "odt" if odt else None  # the ODT reader says when content.xml is missing
    if head.startswith(b"{\\rtf"):
        return "rtf"
    text_head = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if _HTML_RE.search(head[:4096].replace(b"\x00", b"")) and (
        ext in (".html", ".htm", ".shtml", ".xhtml", ".doc", ".docx", ".wps", "")
        or text_head[:1] == b"<"
    ):
        return "html"
    if ext in (".txt", ".md", ".markdown") or ext == "":
        return "markdown" if ext in (".md", ".markdown") else "text"
    if ext in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    return None
