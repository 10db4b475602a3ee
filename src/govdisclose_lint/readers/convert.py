"""Old Word formats (.doc, .wps, .odt, .rtf): converted to .docx by LibreOffice, then read as DOCX.

Starting LibreOffice costs about a second, so a batch converts all its old-format files in one call
first (:func:`preconvert`, in the parent); a file that call did not convert is converted alone in its
worker.  Either way LibreOffice runs under the worker's limits: ``--timeout`` per file and ``--memory``
for the resident memory of its process tree, which is killed whole (soffice, oosplash, soffice.bin, in
a session of their own), so nothing is left running.  Every call gets its own profile directory (two
instances on one profile fail without a word), and each output's existence is checked.

LibreOffice is found on the PATH, where Windows and macOS install it, or as configured
(``soffice = "…"``).  Without it the file gets E001 with the install hint for this OS.
Locations refer to the original file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..document import Document, ReadError

OLD_FORMATS = (".doc", ".wps", ".odt", ".rtf")
DEFAULT_TIMEOUT = 120.0  # a file read through the API, without a batch's limits
POLL = 0.2

# set in each worker by configure(): the configured soffice, what preconvert() did, the limits
_configured: str | None = None
_converted: dict[str, object] = {}  # original path → converted .docx, or (code, key, params) of a limit hit
_limits = None


def configure(soffice_path: str | None, converted: dict, limits) -> None:
    global _configured, _limits
    _configured = soffice_path
    _converted.clear()
    _converted.update(converted)
    _limits = limits


def _candidates() -> list[str]:
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        return [os.path.join(r, "LibreOffice", "program", "soffice.exe") for r in roots if r]
    if sys.platform == "darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    return []


def soffice() -> str | None:
    """LibreOffice's ``soffice``: as configured, else on the PATH, else where the OS installs it."""
    if _configured:
        return _configured if os.path.isfile(_configured) else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((c for c in _candidates() if os.path.isfile(c)), None)


def missing_key() -> str:
    """The E001 message key with the install hint for this OS."""
    return {"win32": "needs_libreoffice_windows", "darwin": "needs_libreoffice_macos"}.get(sys.platform,
                                                                                          "needs_libreoffice")


class LimitHit(Exception):
    def __init__(self, key: str, limit):
        super().__init__(key)
        self.key, self.limit = key, limit


def _lift_address_cap() -> None:  # pragma: no cover - runs in the child between fork and exec
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _run(paths: list[str], outdir: str, timeout: float, memory_mb: int = 0) -> None:
    """One LibreOffice call; raises :class:`LimitHit` (after killing it all) past a limit."""
    from ..proctree import kill_tree, memory

    profile = tempfile.mkdtemp(prefix="govdisclose-lo-profile-")
    cmd = [soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
           "--convert-to", "docx", "--outdir", outdir, *[os.path.abspath(p) for p in paths]]
    extra: dict = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32" else {
        "start_new_session": True}
    if sys.platform != "win32" and _address_capped():
        extra["preexec_fn"] = _lift_address_cap  # the parent's watchdog on resident memory is the limit
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "HOME": profile}, **extra)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                raise LimitHit("timeout", timeout)
            if memory_mb and memory(proc.pid)[0] > memory_mb * 2**20:
                raise LimitHit("memory", f"{memory_mb} MB")
            time.sleep(POLL)
    finally:
        kill_tree(proc.pid)  # whatever is still running of it, its session included
        if hasattr(os, "killpg"):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _address_capped() -> bool:
    try:
        import resource
    except ImportError:
        return False
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def _output(path: str, outdir: str) -> str:
    return os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".docx")


def preconvert(paths: list[str], outdir: str, limits=None, soffice_path: str | None = None) -> dict[str, object]:
    """Convert the old-format files among ``paths`` in as few LibreOffice calls as possible.

    Returns original path → .docx, or → ``(code, key, params)`` for a file whose conversion hit a limit
    alone.  A call of several files that hits a limit leaves them to be converted one by one."""
    global _configured
    _configured = soffice_path or _configured
    todo = [p for p in paths if os.path.splitext(p)[1].lower() in OLD_FORMATS and os.path.isfile(p)]
    if not todo or soffice() is None:
        return {}
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
    timeout = limits.timeout if limits else DEFAULT_TIMEOUT
    memory_mb = limits.memory if limits else 0
    done: dict[str, object] = {}
    for n, batch in enumerate(batches):
        out = os.path.join(outdir, str(n))
        os.makedirs(out, exist_ok=True)
        try:
            _run(batch, out, timeout * len(batch), memory_mb)
        except LimitHit as hit:
            if len(batch) == 1:
                done[os.path.abspath(batch[0])] = ("E005", hit.key, {"limit": hit.limit})
            continue  # several: each is converted alone when read
        except OSError:
            continue
        for p in batch:
            if os.path.exists(_output(p, out)):
                done[os.path.abspath(p)] = _output(p, out)
    return done


def read(path: str) -> Document:
    ext = os.path.splitext(path)[1].lower() or "(none)"
    ready = _converted.get(os.path.abspath(path))
    if isinstance(ready, tuple):
        code, key, params = ready
        raise ReadError(code, key, status="partial", **params)
    if ready:
        return _read_converted(path, ready, ext)
    if soffice() is None:
        raise ReadError("E001", missing_key(), ext=ext)
    timeout = _limits.timeout if _limits else DEFAULT_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="govdisclose-lo-") as tmp:
        try:
            _run([path], tmp, timeout, _limits.memory if _limits else 0)
        except LimitHit as hit:
            raise ReadError("E005", hit.key, status="partial", limit=hit.limit) from None
        except OSError as exc:
            raise ReadError("E001", "conversion_failed", reason=str(exc)) from None
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
