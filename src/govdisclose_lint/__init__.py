"""govdisclose-lint: a linter for 政府信息公开工作年度报告 (government information-disclosure annual reports).

Python API::

    from govdisclose_lint import lint_file
    result = lint_file("report.pdf")
    result.status, result.format_version, [f.code for f in result.findings]
"""

__version__ = "0.1.0"


def lint_file(path, settings=None):
    """Lint one file and return a :class:`~govdisclose_lint.engine.DocumentResult`."""
    from .engine import lint_file as _lint

    return _lint(path, settings)


__all__ = ["lint_file", "__version__"]
