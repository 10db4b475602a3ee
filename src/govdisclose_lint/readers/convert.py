"""Old Word formats (.doc, .wps, .odt, .rtf): converted to .docx by LibreOffice, then read as DOCX.

Without LibreOffice the file gets E001 naming the package to install.  Each conversion uses its
own profile directory, so parallel runs do not share one (two instances on one profile fail
silently), and the output's existence is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from ..document import Document, ReadError

CONVERT_TIMEOUT = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read(path: str) -> Document:
    exe = soffice()
    ext = os.path.splitext(path)[1].lower() or "(none)"
    if exe is None:
        raise ReadError("E001", "needs_libreoffice", ext=ext)
    with tempfile.TemporaryDirectory(prefix="govdisclose-lo-") as tmp:
        profile = os.path.join(tmp, "profile")
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", tmp, os.path.abspath(path)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise ReadError("E005", "timeout", status="partial", limit=CONVERT_TIMEOUT) from None
        out = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".docx")
        if not os.path.exists(out):
            raise ReadError("E001", "conversion_failed", reason="LibreOffice wrote no output")
        from .docx import read as read_docx

        doc = read_docx(out)
    doc.path = path
    doc.kind = ext.lstrip(".")
    return doc
