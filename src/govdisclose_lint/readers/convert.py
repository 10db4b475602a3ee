"""Old Word formats (.doc, .wps, .odt, .rtf): converted to .docx by LibreOffice, then read as DOCX.

Starting LibreOffice costs about a second, so a run converts all its old-format files in one
call first (:func:`preconvert`, in the parent process: LibreOffice needs more address space than a
worker's cap allows); a file linted through the API is converted alone.  Every call gets
its own profile directory (two instances on one profile fail without a word), and each output's
existence is checked.  Without LibreOffice the file gets E001 naming the package to install.
Locations refer to the original file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from ..document import Document, ReadError

CONVERT_TIMEOUT = 120
PER_FILE_TIMEOUT = 30
OLD_FORMATS = (".doc", ".wps", ".odt", ".rtf")

# original path → converted .docx, filled by preconvert() for the files of one run
_converted: dict[str, str] = {}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(paths: list[str], outdir: str, timeout: float) -> None:
    profile = tempfile.mkdtemp(prefix="govdisclose-lo-profile-")
    try:
        cmd = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", outdir, *[os.path.abspath(p) for p in paths]]
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, env={**os.environ, "HOME": profile})
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _output(path: str, outdir: str) -> str:
    return os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".docx")


def preconvert(paths: list[str], outdir: str) -> int:
    """Convert the old-format files among ``paths`` in one LibreOffice call; returns how many.

    The CLI calls this in the parent process, so LibreOffice never runs under a worker's memory cap.
    """
    todo = [p for p in paths if os.path.splitext(p)[1].lower() in OLD_FORMATS and os.path.isfile(p)]
    if not todo or soffice() is None:
        return 0
    # files with the same name in different folders would overwrite each other: one folder per name
    groups: dict[str, list[str]] = {}
    for p in todo:
        groups.setdefault(os.path.basename(p), []).append(p)
    batches: list[list[str]] = []
    for same in groups.values():
        for i, p in enumerate(same):
            while len(batches) <= i:
                batches.append([])
            batches[i].append(p)
    done = 0
    for n, batch in enumerate(batches):
        out = os.path.join(outdir, str(n))
        os.makedirs(out, exist_ok=True)
        try:
            _run(batch, out, CONVERT_TIMEOUT + PER_FILE_TIMEOUT * len(batch))
        except subprocess.TimeoutExpired:
            continue  # the files are converted one by one when read
        for p in batch:
            if os.path.exists(_output(p, out)):
                _converted[os.path.abspath(p)] = _output(p, out)
                done += 1
    return done


def read(path: str) -> Document:
    ext = os.path.splitext(path)[1].lower() or "(none)"
    ready = _converted.get(os.path.abspath(path))
    if ready:
        return _read_converted(path, ready, ext)
    if soffice() is None:
        raise ReadError("E001", "needs_libreoffice", ext=ext)
    with tempfile.TemporaryDirectory(prefix="govdisclose-lo-") as tmp:
        try:
            _run([path], tmp, CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise ReadError("E005", "timeout", status="partial", limit=CONVERT_TIMEOUT) from None
        out = _output(path, tmp)
        if not os.path.exists(out):
            raise ReadError("E001", "conversion_failed", reason="LibreOffice wrote no output")
        return _read_converted(path, out, ext)


def _read_converted(path: str, docx_path: str, ext: str) -> Document:
    from .docx import read as read_docx

    doc = read_docx(docx_path)
    doc.path = path
    doc.kind = ext.lstrip(".")
    return doc
