"""Where a report (or a baseline) goes: written whole or not at all.

A target file is checked before linting starts (its folder exists and is writable, it is not a
folder), written to a hidden temporary file beside it and renamed over it at the end, so two runs
writing the same file never leave a mix and a failed run never leaves a truncated report.  Devices
(``/dev/null``, ``/dev/stdout``) are written directly; a FIFO only if someone reads it (else the run
would hang).  Every problem is an :class:`OutputError` with one line to show (exit code 2).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import tempfile
import time


class OutputError(OSError):
    pass


class Target:
    def __init__(self, path: str, what: str = "output file"):
        self.path, self.what = path, what
        self.tmp: str | None = None
        self.fd: int | None = None
        self.stream = None
        self._prepare()

    def _fail(self, why) -> OutputError:
        if isinstance(why, OSError):
            why = why.strerror or str(why)
        return OutputError(f"{self.path}: cannot write the {self.what}: {why}")

    def _prepare(self) -> None:
        path = self.path
        folder = os.path.dirname(os.path.abspath(path))
        try:
            st = os.stat(path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise self._fail(exc) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise self._fail("it is a folder")
        if st is not None and stat.S_ISCHR(st.st_mode):
            self.fd = self._open(os.O_WRONLY)
            return
        if st is not None and stat.S_ISFIFO(st.st_mode):
            try:
                self.fd = self._open(os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
            except OutputError:
                raise self._fail("it is a FIFO that nobody reads") from None
            if hasattr(os, "set_blocking"):
                os.set_blocking(self.fd, True)
            return
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise self._fail("it is not a regular file")
        if not os.path.isdir(folder):
            raise self._fail(f"the folder {folder} does not exist")
        try:
            self.fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise self._fail(exc) from None
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        try:
            os.chmod(self.tmp, mode)
        except OSError:
            pass

    def _open(self, flags: int) -> int:
        try:
            return os.open(self.path, flags)
        except OSError as exc:
            raise self._fail(exc) from None

    def open(self, newline: str | None = "") -> io.TextIOWrapper:
        """The text stream to write (UTF-8; a name that is not UTF-8 is escaped, never a crash)."""
        raw = os.fdopen(self.fd, "wb")
        self.stream = io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", newline=newline)
        return self.stream

    def _close(self) -> None:
        stream, fd = self.stream, self.fd
        self.stream = self.fd = None
        if stream is not None:
            stream.close()  # closes the descriptor too, even when the last flush fails
        elif fd is not None:
            os.close(fd)

    def commit(self) -> None:
        try:
            self._close()
            if self.tmp:
                _replace(self.tmp, self.path)
                self.tmp = None
        except OSError as exc:
            self.abort()
            raise self._fail(exc) from None

    def abort(self) -> None:
        try:
            self._close()
        except OSError:
            pass
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def _replace(src: str, dst: str) -> None:
    for attempt in range(20):  # Windows refuses while another process has the target open
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == 19:
                raise
            time.sleep(0.1)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_error(exc: OSError, path: str | None) -> str:
    """One line for a write that failed half way (a full disk, a closed pipe)."""
    if isinstance(exc, OutputError):
        return str(exc)
    where = path or "standard output"
    if exc.errno == errno.ENOSPC:
        return f"{where}: cannot write the report: no space left on the device"
    return f"{where}: cannot write the report: {exc.strerror or exc}"
