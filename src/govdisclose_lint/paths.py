"""File names as reports show them: losslessly, even when they are not UTF-8.

A GBK file name from a zip made on Chinese Windows reaches Python as a string with surrogate escapes
(``2020\\udcc6\\udcbd.txt``), which no UTF-8 output can hold.  Such a name is shown escaped: each byte
that is not UTF-8 as ``\\xNN`` and, in such a name only, a backslash as ``\\\\``; the JSON formats mark
it with ``"path_escaped": true`` (so the bytes can be recovered).  Every other name is shown as is.
"""

from __future__ import annotations

import os


def needs_escape(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown(path: str) -> str:
    """The name as reports show it (see the module docstring)."""
    if not needs_escape(path):
        return path
    raw = os.fsencode(path).replace(b"\\", b"\\\\")
    return raw.decode("utf-8", "backslashreplace")


def raw_bytes(path: str) -> bytes:
    """The file name's bytes (for URIs, which percent-encode them)."""
    return os.fsencode(path)
