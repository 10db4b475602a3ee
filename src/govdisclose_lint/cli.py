"""Command line (thin: parse options, hand over to :mod:`.checkrun`, map problems to exit codes).

    govdisclose-lint check PATH...      lint files and folders (- for standard input)
    govdisclose-lint rules              the rule table
    govdisclose-lint rule CODE          one rule's page
    govdisclose-lint config             the effective configuration
    govdisclose-lint extract FILE...    the recognised tables as JSON or CSV
    govdisclose-lint aggregate PATH...  a region's summed tables (needs a roster)

Usage and environment problems are one line on stderr and exit code 2, never a traceback; with
``--lang zh`` help, usage and errors are in Chinese (:mod:`.clitext`).
"""

from __future__ import annotations

import json
import math
import os
import sys

import click

from . import __version__
from .checkrun import EXIT_OK, EXIT_UNCHECKED, EXIT_USAGE, Problem
from .config import RANGES
from .crossdoc.cli_options import options as crossdoc_options

FAIL_ON = ("error", "warning", "info", "never")


class Finite(click.ParamType):
    """A number within :data:`.config.RANGES` (no nan, no inf), like the configuration file's."""

    def __init__(self, key: str, integer: bool):
        self.key, self.integer = key, integer
        self.name = "integer" if integer else "float"

    def convert(self, value, param, ctx):
        low, high = RANGES[self.key]
        try:
            number = int(value) if self.integer else float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a valid {self.name}", param, ctx)
        if not math.isfinite(number) or not low <= number <= high:
            self.fail(f"{value} is not in the range {low:g} to {high:g}", param, ctx)
        return number


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="govdisclose-lint")
def main() -> None:
    """Lint Chinese government information-disclosure annual reports (政府信息公开工作年度报告)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT",
              help="text, concise, json, jsonl, sarif, junit, github, csv or html.")
@click.option("-o", "--output", type=click.Path(), help="Write the report to FILE (whole or not at all).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the messages (default zh).")
@click.option("--fail-on", type=click.Choice(FAIL_ON),
              help="Lowest severity that gives exit code 1 (default error); never: findings do not (3 still does).")
@click.option("--select", multiple=True, help="Only these codes or prefixes (e.g. A3,S1); repeatable, comma lists.")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes; E-codes cannot be ignored.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip matching files or folders (gitignore syntax, relative to the current folder).")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclusions to paths named on the command line too, and skip files that are not "
                   "reports (for pre-commit).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("-j", "--jobs", type=Finite("jobs", True), help="Worker processes (default: number of cores).")
@click.option("--timeout", type=Finite("timeout", False), help="Seconds per file (default 60).")
@click.option("--memory", type=Finite("memory", True), help="MB of memory per worker (default 1024; 0: no cap).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the report.")
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), help="Waiver file (YAML).")
@click.option("--write-baseline", type=click.Path(),
              help="Write a waiver file for all findings (keeps the reasons of the waivers in use).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else.")
@click.option("--exit-zero", is_flag=True, help="Exit with 0 even with findings or unchecked files.")
@click.option("--stdin-filename", metavar="NAME", help="The name (and type) of what '-' reads from standard input.")
@click.option("--annotate", "annotate_to", type=click.Path(dir_okay=False),
              help="Write a copy of the .docx input with a Word comment at each finding.")
@click.option("--annotate-dir", type=click.Path(file_okay=False), help="Write annotated copies of the .docx inputs.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Keep results here; files unchanged since a run with the same settings are not linted again "
                   "(default: the user's cache folder).")
@click.option("--no-cache", is_flag=True, help="Lint every file afresh and store no results.")
@click.option("--executor", type=click.Choice(["local", "dask"]),
              help="Where files are linted: worker processes here (default) or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler (e.g. tcp://10.0.0.5:8786); implies --executor dask. Without it, "
                   "--executor dask starts a local cluster of --jobs workers.")
@crossdoc_options
def check(paths, **options) -> None:
    """Lint report files (HTML, text, Markdown, DOCX, PDF, and .doc/.wps via LibreOffice) and folders;
    - reads standard input."""
    from .checkrun import Options, check as run_check

    sys.exit(run_check(Options(paths=paths, **options), sys.stdout, sys.stderr))


@main.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
def rules(lang, fmt, config_path) -> None:
    """List every rule: code, name, severity, template versions, status."""
    from .checkrun import load_config
    from .rulepages import table

    load_config(config_path, False)  # users' own rules (U-codes) are rules too
    rows = table(lang)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    t = Table("code", "name", "severity", "versions", "status", "summary", box=None, header_style="bold")
    for r in rows:
        t.add_row(r["code"], r["name"], r["severity"], ",".join(r["versions"]), r["status"], r["summary"])
    _console().print(t)


@main.command()
@click.argument("code")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
def rule(code, lang, fmt, config_path) -> None:
    """Show one rule's page: what it checks, why, a failing and a passing example, options."""
    from . import rulepages
    from .checkrun import load_config

    load_config(config_path, False)  # a local rule (U101) has a page too
    try:
        if fmt == "json":
            click.echo(json.dumps(rulepages.as_json(code, lang), ensure_ascii=False, indent=2))
            return
        text = rulepages.page(code, lang)
    except KeyError as exc:
        raise Problem(exc.args[0]) from None
    if sys.stdout.isatty():
        from rich.markdown import Markdown

        _console().print(Markdown(text))
    else:
        _stdout().write(text)


@main.command("config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
def show_config(config_path) -> None:
    """Show the effective configuration and where it came from."""
    from .checkrun import load_config

    click.echo(json.dumps(load_config(config_path, False).effective(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "grid", "xlsx"]), default="json", show_default=True,
              help="json, csv, grid (the tables drawn as text) or xlsx (one sheet per table).")
@click.option("-o", "--output", type=click.Path(), help="Write to FILE.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="Language of grid/xlsx findings.")
def extract(paths, fmt, output, config_path, isolated, lang) -> None:
    """Write the recognised tables (template keys → values, with source cell locations)."""
    from . import batch, discovery
    from .checkrun import load_config
    from .extract import extract as extract_all, write_csv, write_json
    from .output import OutputError, Target, write_error
    from .readers import SUPPORTED_EXTENSIONS

    if fmt == "xlsx" and not output and sys.stdout.isatty():
        raise Problem("--format xlsx writes a workbook: give -o FILE.xlsx")
    cfg = load_config(config_path, isolated)
    try:
        target = Target(output, "output file") if output else None
    except OutputError as exc:
        raise Problem(str(exc)) from None
    found = discovery.find(paths, SUPPORTED_EXTENSIONS, (discovery.Patterns(cfg.exclude, cfg.base),),
                           respect_gitignore=cfg.respect_gitignore, outputs=(output,))
    if found.missing:
        if target:
            target.abort()
        raise Problem(f"{found.missing[0]}: no such file or folder")
    limits = batch.Limits(timeout=cfg.timeout, memory=cfg.memory)
    if fmt in ("grid", "xlsx"):
        from .extract_views import run as run_views

        if target:
            target.abort()  # the views write their own file
        sys.exit(run_views(found.files, fmt, output, lang, sys.stdout.buffer if fmt == "xlsx" else _stdout(),
                           jobs=cfg.jobs or os.cpu_count() or 1))
    docs = extract_all(found.files, jobs=cfg.jobs or os.cpu_count() or 1, limits=limits, settings=cfg.settings)
    writer = write_json if fmt == "json" else write_csv
    try:
        writer(docs, target.open() if target else _stdout(utf8=True))
        if target:
            target.commit()
    except OSError as exc:
        if target:
            target.abort()
        raise Problem(write_error(exc, output)) from None
    sys.exit(EXIT_UNCHECKED if any(d["status"] != "checked" for d in docs) else EXIT_OK)


from .crossdoc.aggregate import aggregate  # noqa: E402  (the region sums: its own module)

main.add_command(aggregate)


def _console():
    from rich.console import Console

    return Console(file=_stdout(), highlight=False)


def _stdout(utf8: bool = False):
    from .checkrun import _stdout as stdout_for

    return stdout_for(sys.stdout, utf8)


def run(argv=None) -> None:
    """Entry point: usage and configuration errors are one line on stderr and exit 2."""
    from . import clitext

    lang = clitext.lang_from_argv(argv)
    with clitext.speaking(lang, main):  # messages are formatted inside: in Chinese with --lang zh
        try:
            rv = main.main(args=argv, prog_name="govdisclose-lint", standalone_mode=False)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            sys.exit(130)
        except click.ClickException as exc:  # Problem included
            msg = " ".join(exc.format_message().split())
            click.echo(clitext.translate(f"govdisclose-lint: error: {msg}", lang), err=True)
            sys.exit(EXIT_USAGE)
    sys.exit(rv or 0)


if __name__ == "__main__":  # pragma: no cover
    run()
