"""Results of earlier runs, so that re-running a folder re-lints only the files that changed.

An entry is one file's result, keyed on

* the file's content (SHA-256 of its bytes: a renamed or copied file is a hit, an edited one a miss),
* the run's fingerprint: the tool's version, the size and modification time of every file of the
  installed package (its code and the ``rules/`` YAML — an edited rule or a development checkout
  changes it), and the settings that shape a result (selected rules, severities, options, users' own
  rules, language, the report format's trial rendering).

Entries are pickled results in ``<cache dir>/v1/<key[:2]>/<key>``, written to a temporary file and
moved into place (``os.replace``), so concurrent runs and a run killed half-way never leave a torn
entry; an entry that does not load is a miss and is removed.  A result that depends on the moment — a
time or memory limit hit (E005), a worker that died or a stage that failed (E006) — is never stored.
The cache is bounded: after a run, the least recently used entries go until it is under
``max_bytes`` (default 256 MB).  The default folder is the user's cache folder of the platform
(``platformdirs``: ``~/.cache/govdisclose-lint`` on Linux, ``%LOCALAPPDATA%\\govdisclose-lint\\Cache``
on Windows, ``~/Library/Caches/govdisclose-lint`` on macOS); ``--cache-dir``, the
``GOVDISCLOSE_LINT_CACHE_DIR`` variable or ``cache-dir`` in the configuration choose another, and
``--no-cache`` (or ``GOVDISCLOSE_LINT_NO_CACHE=1``) turns it off.  The folder is the user's own: as
with any cache of pickled data, do not point it at a folder others can write.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
import time
from pathlib import Path

VERSION = "v1"  # layout of the entries; a new layout starts an empty folder
DEFAULT_MAX_BYTES = 256 * 2**20
#: codes whose results depend on the moment, not on the file
TRANSIENT = ("E005", "E006")
#: a temporary file older than this was left by a killed run
STALE_TMP_SECONDS = 3600
CHUNK = 1 << 20


def default_dir() -> Path:
    env = os.environ.get("GOVDISCLOSE_LINT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("govdisclose-lint", appauthor=False))


def disabled_by_environment() -> bool:
    return os.environ.get("GOVDISCLOSE_LINT_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


def file_digest(path: str) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read (the lint will say why)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _package_stamp() -> str:
    """Version plus size and mtime of every file of the installed package (code and rules)."""
    import sys

    from . import __version__
    from .templates import rules_dir

    h = hashlib.sha256(f"{__version__} {sys.version}".encode())  # the cells are marshal data (extract.pack)
    roots = {Path(__file__).resolve().parent, rules_dir().resolve()}
    for root in sorted(roots):
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".py", ".yaml", ".yml", ".json", ".html", ".css", ".js")):
                    st = os.stat(os.path.join(dirpath, name))
                    h.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def fingerprint(settings, extra: dict | None = None) -> str:
    """The run's part of every key: the package and everything in the settings that shapes a result."""
    data = {"package": _package_stamp(), "settings": dataclasses.asdict(settings), "extra": extra or {}}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


class Cache:
    def __init__(self, directory: str | os.PathLike, fingerprint: str, max_bytes: int = DEFAULT_MAX_BYTES):
        self.root = Path(directory) / VERSION
        self.fingerprint = fingerprint
        self.max_bytes = max_bytes
        self.hits = self.misses = self.stored = 0
        self._keys: dict[str, str | None] = {}

    def _key(self, path: str) -> str | None:
        if path not in self._keys:
            digest = file_digest(path)
            self._keys[path] = None if digest is None else \
                hashlib.sha256(f"{self.fingerprint}:{digest}".encode()).hexdigest()
        return self._keys[path]

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, path: str):
        """The stored result for this file's content, with ``path`` as its path; None on a miss."""
        key = self._key(path)
        entry = self._entry(key) if key else None
        if entry is None or not entry.is_file():
            self.misses += 1
            return None
        try:
            with open(entry, "rb") as fh:
                result = pickle.load(fh)  # noqa: S301 - the user's own cache folder (see the module doc)
            os.utime(entry)  # recently used: kept longest when the cache is pruned
        except Exception:  # a damaged or foreign entry: a miss, and it goes
            _unlink(entry)
            self.misses += 1
            return None
        result.path = path
        self.hits += 1
        return result

    def put(self, path: str, result) -> None:
        """Store a fresh result (never one of :data:`TRANSIENT`); failures to write are ignored."""
        if any(f.code in TRANSIENT for f in result.findings):
            return
        key = self._key(path)
        if key is None:
            return
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, entry)
            except BaseException:
                _unlink(Path(tmp))
                raise
            self.stored += 1
        except OSError:
            pass  # a read-only or full disk: the run goes on without the cache

    def prune(self) -> int:
        """Remove least recently used entries until the cache is under ``max_bytes``, and temporary
        files a killed run left; returns the number of files removed."""
        entries, total, removed = [], 0, 0
        now = time.time()
        try:
            shards = list(os.scandir(self.root))
        except OSError:
            return 0
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                continue
            try:
                files = list(os.scandir(shard.path))
            except OSError:
                continue
            for f in files:
                try:
                    st = f.stat(follow_symlinks=False)
                except OSError:
                    continue
                if f.name.startswith(".tmp-"):
                    if now - st.st_mtime > STALE_TMP_SECONDS:
                        removed += _unlink(Path(f.path))
                    continue
                entries.append((st.st_mtime, st.st_size, f.path))
                total += st.st_size
        entries.sort()
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            removed += _unlink(Path(path))
            total -= size
        return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
