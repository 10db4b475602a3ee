"""govdisclose-lint: a linter for 政府信息公开工作年度报告 (government information-disclosure annual reports).

Python API::

    from govdisclose_lint import lint_file, lint_paths, Settings

    result = lint_file("report.pdf")                 # DocumentResult
    result.status, result.format_version, result.year, result.agency
    for f in result.findings:                        # Finding
        f.code, f.severity, f.message, f.location.table, f.location.row, f.expected, f.actual

    results = lint_paths("reports/", Settings(lang="en", ignore="C201"), jobs=2, timeout=60)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

__version__ = "0.2.0"

if TYPE_CHECKING:  # pragma: no cover
    from .engine import DocumentResult
    from .settings import Settings


def lint_file(path: str, settings: "Settings | None" = None) -> "DocumentResult":
    """Lint one file in this process. Never raises for bad input: problems become E-findings."""
    from .engine import lint_file as _lint

    return _lint(path, settings)


def lint_paths(paths: "Iterable[str] | str", settings: "Settings | None" = None, *, jobs: int = 1,
               timeout: float = 60.0, memory: int = 1024) -> "list[DocumentResult]":
    """Lint files and folders in worker processes with a time and memory limit per file, in path order.

    ``paths`` is one path (a string or ``PathLike``) or several; folders are walked as by ``check``.
    A path that does not exist raises ``FileNotFoundError``."""
    import os

    from . import batch, discovery
    from .readers import SUPPORTED_EXTENSIONS
    from .settings import Settings as _Settings

    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    found = discovery.find([os.fsdecode(p) for p in paths], SUPPORTED_EXTENSIONS)
    if found.missing:
        raise FileNotFoundError(2, "No such file or folder", found.missing[0])
    return batch.run(found.files, settings or _Settings(), jobs=jobs, limits=batch.Limits(timeout, memory))


def __getattr__(name: str):
    if name in ("Settings",):
        from .settings import Settings

        return Settings
    if name in ("DocumentResult",):
        from .engine import DocumentResult

        return DocumentResult
    if name in ("Finding", "Location"):
        from . import findings

        return getattr(findings, name)
    raise AttributeError(name)


__all__ = ["lint_file", "lint_paths", "Settings", "DocumentResult", "Finding", "Location", "__version__"]
