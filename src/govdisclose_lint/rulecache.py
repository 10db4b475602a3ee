"""The shipped rules files (``rules/*.yaml``), parsed once per machine instead of once per process.

Parsing them with libyaml takes ~40 ms and importing PyYAML ~15 ms more, paid again by every
``check``; the parsed data, kept in :mod:`marshal` form (the format Python uses for its own bytecode
cache: plain data only, no code runs when it is read), loads in ~1.5 ms.  A cache file is named for
the YAML file and the hash of its bytes (and the Python version, whose marshal format it is), so an
edited rules file is never served stale: it simply has no entry yet.  Each entry carries the hash of
its own payload and is written to a temporary file first and then renamed, so a torn or damaged entry
is never read (it is parsed again and rewritten), and two processes writing at once each write a whole
file.  When a rules file gets a new entry, all but the :data:`KEEP` newest entries of that file are
deleted: a few installed versions sharing the cache (two virtual environments) each keep theirs, and the
cache stays a few hundred kilobytes.

The entries live in ``rules/`` under the user cache directory of :mod:`.resultcache` (or
``GOVDISCLOSE_LINT_CACHE_DIR``).  ``GOVDISCLOSE_LINT_NO_CACHE=1`` turns this cache off too, and a cache
directory that cannot be written is no error: the YAML is parsed as before.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

#: what the entries depend on besides the YAML bytes: the marshal format of this Python
SALT = f"govdisclose-lint rules cache 1; python {sys.version_info[0]}.{sys.version_info[1]}; marshal " \
       f"{marshal.version}".encode()
DIGEST = 16  # bytes of blake2b
KEEP = 4  # entries kept per rules file


def load(path: Path):
    """The parsed content of the rules file at ``path`` (from the cache when it has this content)."""
    raw = path.read_bytes()
    directory = _directory()
    if directory is None:
        return parse(raw)
    key = hashlib.blake2b(raw + SALT, digest_size=DIGEST).hexdigest()
    entry = directory / f"{path.stem}-{key}.marshal"
    data = _read(entry)
    if data is not None:
        return data[0]
    value = parse(raw)
    _write(directory, entry, value, path.stem)
    return value


def parse(raw: bytes):
    """A shipped rules file's bytes → data (libyaml's safe loader where PyYAML has it)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 (a safe loader)


def _directory() -> Path | None:
    from . import resultcache

    if resultcache.disabled_by_environment():
        return None
    try:
        return resultcache.default_dir() / "rules"
    except Exception:  # noqa: BLE001 - no home directory, platformdirs missing: parse every time
        return None


def _read(entry: Path) -> tuple | None:
    """``(value,)`` from an entry whose payload matches its hash, else None."""
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    check, payload = blob[:DIGEST], blob[DIGEST:]
    if len(blob) <= DIGEST or hashlib.blake2b(payload, digest_size=DIGEST).digest() != check:
        return None
    try:
        return (marshal.loads(payload),)
    except (EOFError, ValueError, TypeError):
        return None


def _write(directory: Path, entry: Path, value, stem: str) -> None:
    try:
        payload = marshal.dumps(value)
    except ValueError:  # a type marshal cannot hold (not in our files): no entry
        return
    blob = hashlib.blake2b(payload, digest_size=DIGEST).digest() + payload
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".marshal")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, entry)
        tmp = None
        _prune(directory, stem, entry)
    except OSError:
        pass  # a read-only or full disk: the next run parses the YAML again
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(directory: Path, stem: str, keep: Path) -> None:
    """Delete all but the :data:`KEEP` most recently written entries of the rules file ``stem`` (``keep``,
    the one just written, among them whatever the clock's resolution)."""
    entries = []
    for path in directory.glob(f"{stem}-*.marshal"):
        key = path.name[len(stem) + 1:-len(".marshal")]
        if path != keep and len(key) == 2 * DIGEST and all(c in "0123456789abcdef" for c in key):
            try:
                entries.append((path.stat().st_mtime_ns, path))
            except OSError:
                continue
    for _, path in sorted(entries, reverse=True)[KEEP - 1:]:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # in use (Windows): the next prune takes it
