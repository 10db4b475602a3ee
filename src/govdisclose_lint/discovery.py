"""Which files a run looks at, like ruff.

* Folders are walked recursively in sorted order, without following symlinked folders.  Hidden files
  and folders (``.git``, ``.venv``, ``.drafts``…), ``node_modules``, ``venv`` and ``__pycache__`` are
  skipped, and so is what ``.gitignore`` files exclude (from the repository root down).
* ``exclude`` patterns have gitignore semantics: those of the configuration file are relative to its
  folder (``drafts/**`` there means that folder's ``drafts``), those given with ``--exclude`` relative
  to the current directory; a pattern without a slash (``*.bak.docx``, ``excerpts``) matches at any
  depth.  Paths named on the command line are excluded too only with ``force_exclude`` (pre-commit).
* In folders only files with a report extension are taken; FIFOs, devices and the run's own output
  files are skipped; a dangling symlink is kept (and reported as unreadable), not dropped.
* A file named twice is checked once.  A named path that does not exist is ``missing`` (exit 2).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache

SKIPPED_DIRS = {"node_modules", "venv", "__pycache__", "site-packages"}


@dataclass
class Found:
    """What :func:`find` found: the files to lint in order, those named on the command line, those missing,
    and counts of what was skipped."""

    files: list[str] = field(default_factory=list)  # to lint, in order
    explicit: set[str] = field(default_factory=set)  # named on the command line (kept even when not a report)
    missing: list[str] = field(default_factory=list)  # named, but not there
    excluded: int = 0  # by exclude patterns or .gitignore (hidden files and folders are skipped silently)
    unsupported: int = 0  # files in folders without a report extension
    not_regular: int = 0  # FIFOs, sockets, devices in folders

    def key(self, path: str) -> str:
        return _key(path)


@dataclass(frozen=True)
class Patterns:
    """Exclude patterns (gitignore semantics) and the folder they are relative to."""

    lines: tuple[str, ...]
    base: str

    @property
    def spec(self):
        return _spec(self.lines)

    def match(self, path: str, root: str, is_dir: bool = False) -> bool:
        if not self.lines:
            return False
        rel = _relative(path, self.base) or _relative(path, root) or os.path.basename(path)
        rel = rel.replace(os.sep, "/") + ("/" if is_dir else "")
        return self.spec.match_file(rel)


@lru_cache(maxsize=256)
def _spec(lines: tuple[str, ...]):
    import pathspec  # only when there are patterns to match

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _relative(path: str, base: str) -> str | None:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:  # another drive (Windows)
        return None
    return None if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


class _GitIgnores:
    """The .gitignore files that apply to a folder: its own and its parents' up to the repository root."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.cache: dict[str, Patterns | None] = {}

    def _own(self, folder: str) -> Patterns | None:
        if folder not in self.cache:
            pats = None
            path = os.path.join(folder, ".gitignore")
            try:
                if os.path.isfile(path) and os.path.getsize(path) < 1 << 20:
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        pats = Patterns(tuple(fh.read().splitlines()), folder)
            except OSError:
                pass
            self.cache[folder] = pats
        return self.cache[folder]

    def chain(self, folder: str) -> list[Patterns]:
        if not self.enabled:
            return []
        out, here = [], os.path.abspath(folder)
        while True:
            own = self._own(here)
            if own:
                out.append(own)
            if os.path.exists(os.path.join(here, ".git")):
                break  # the repository root
            parent = os.path.dirname(here)
            if parent == here:
                break
            here = parent
        return out

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        return any(p.match(path, p.base, is_dir) for p in self.chain(os.path.dirname(os.path.abspath(path))))


def find(paths, extensions: tuple[str, ...], excludes: tuple[Patterns, ...] = (), *, respect_gitignore: bool = True,
         force_exclude: bool = False, outputs=()) -> Found:
    """The files to lint among ``paths`` (files and folders)."""
    found = Found()
    seen: set[str] = set()
    skip_outputs = {_key(o) for o in outputs if o}
    gitignore = _GitIgnores(respect_gitignore)

    def excluded(path: str, root: str, is_dir: bool = False) -> bool:
        return any(p.match(path, root, is_dir) for p in excludes) or gitignore.ignored(path, is_dir)

    def add(path: str) -> None:
        k = _key(path)
        if k not in seen:
            seen.add(k)
            found.files.append(path)

    for p in paths:
        if not os.path.exists(p):
            found.missing.append(p)
        elif os.path.isdir(p):
            if force_exclude and excluded(p, p, True):
                found.excluded += 1
                continue
            for f in _walk(p, extensions, excluded, found, skip_outputs):
                add(f)
        elif force_exclude and excluded(p, os.path.dirname(p) or os.curdir):
            found.excluded += 1
        else:
            if not force_exclude:  # named by a tool (pre-commit): a stray note is skipped, not an error
                found.explicit.add(_key(p))
            add(p)
    return found


def _walk(root: str, extensions, excluded, found: Found, skip_outputs) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        keep = []
        for d in sorted(dirs):
            full = os.path.join(folder, d)
            if d.startswith(".") or d in SKIPPED_DIRS or os.path.islink(full):
                continue
            if excluded(full, root, True):
                found.excluded += 1
            else:
                keep.append(d)
        dirs[:] = keep
        for n in names:
            full = os.path.join(folder, n)
            if n.startswith(".") or _key(full) in skip_outputs:
                continue
            if not n.lower().endswith(extensions):
                found.unsupported += 1
            elif excluded(full, root):
                found.excluded += 1
            elif _regular_or_dangling(full):
                out.append(full)
            else:
                found.not_regular += 1
    return sorted(out)


def _regular_or_dangling(path: str) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return os.path.islink(path)  # a dangling symlink: reported as unreadable, not dropped
    except OSError:
        return True  # the reader says why it cannot be opened
    return stat.S_ISREG(st.st_mode)
