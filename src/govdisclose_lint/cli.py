"""Command line: ``govdisclose-lint check PATH...`` (thin: parse options, run the engine, pick a reporter)."""

from __future__ import annotations

import io
import os
import sys
import tempfile

import click

from . import __version__

FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "info", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNCHECKED = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govdisclose-lint")
def main() -> None:
    """Lint Chinese government information-disclosure annual reports (政府信息公开工作年度报告)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the messages (codes never change).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--select", multiple=True, help="Only these codes or prefixes (e.g. A3).")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes (E-codes cannot be ignored).")
def check(paths, fmt, output, lang, fail_on, select, ignore) -> None:
    """Lint report files (HTML, text, Markdown, DOCX, PDF)."""
    from .engine import lint_file
    from .reporters import render
    from .settings import Settings

    try:
        settings = Settings(lang=lang, select=tuple(select) or ("ALL",), ignore=tuple(ignore), fail_on=fail_on)
        settings.enabled()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    files = list(_expand(paths))
    with tempfile.TemporaryDirectory(prefix="govdisclose-lint-") as tmp:
        from .readers.convert import preconvert

        preconvert(files, tmp)  # one LibreOffice start for all .doc/.wps files of the run
        results = [lint_file(p, settings) for p in files]
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            render(fmt, results, fh, lang)
    else:
        render(fmt, results, _stdout(), lang)
    sys.exit(exit_code(results, fail_on))


def exit_code(results, fail_on: str) -> int:
    from .findings import SEVERITY_RANK

    if fail_on != "never" and any(r.status != "checked" for r in results):
        return EXIT_UNCHECKED
    if fail_on == "never":
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK.get(f.severity, 0) >= threshold for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _expand(paths):
    from .readers import SUPPORTED_EXTENSIONS

    for p in paths:
        if os.path.isdir(p):
            found = [os.path.join(root, n) for root, _dirs, names in os.walk(p)
                     for n in names if n.lower().endswith(SUPPORTED_EXTENSIONS)]
            yield from sorted(found)
        else:
            yield p


def _stdout():
    """stdout that never raises on characters the console encoding (e.g. GBK) cannot show."""
    enc = (getattr(sys.stdout, "encoding", None) or "utf-8")
    if hasattr(sys.stdout, "buffer"):
        return io.TextIOWrapper(sys.stdout.buffer, encoding=enc, errors="replace", newline=None,
                                line_buffering=False, write_through=True)
    return sys.stdout


def run(argv=None) -> None:
    """Entry point: usage errors are one line on stderr and exit 2."""
    try:
        rv = main.main(args=argv, prog_name="govdisclose-lint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        msg = " ".join(exc.format_message().split())
        click.echo(f"govdisclose-lint: error: {msg}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(rv or 0)


if __name__ == "__main__":  # pragma: no cover
    run()
