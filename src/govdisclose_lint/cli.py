"""Command line (thin: parse options, load configuration, run, pick a reporter, map the exit code).

    govdisclose-lint check PATH...      lint files and folders
    govdisclose-lint rules              the rule table
    govdisclose-lint rule CODE          one rule's page
    govdisclose-lint config             the effective configuration
    govdisclose-lint extract FILE...    the recognised tables as JSON or CSV
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile

import click

from . import __version__

FAIL_ON = ("error", "warning", "info", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNCHECKED = 0, 1, 2, 3


def _formats() -> list[str]:
    from .reporters import REPORTERS

    return list(REPORTERS)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govdisclose-lint")
def main() -> None:
    """Lint Chinese government information-disclosure annual reports (政府信息公开工作年度报告)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT",
              help="text, json, jsonl, sarif, junit, github or csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the messages (default zh).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity that gives exit code 1 (default error).")
@click.option("--select", multiple=True, help="Only these codes or prefixes (e.g. A3); repeatable.")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes; E-codes cannot be ignored.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching files or folders; repeatable.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Worker processes (default: number of cores).")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds per file (default 60).")
@click.option("--memory", type=click.IntRange(0), help="MB of memory per worker (default 1024; 0: no cap).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--waivers", "waivers_path", type=click.Path(dir_okay=False), help="Waiver file (YAML).")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Write a waiver file for all findings.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--annotate", "annotate_to", type=click.Path(dir_okay=False),
              help="Write a copy of the .docx input with a Word comment at each finding.")
@click.option("--annotate-dir", type=click.Path(file_okay=False), help="Write annotated copies of the .docx inputs.")
def check(paths, fmt, output, lang, fail_on, select, ignore, exclude, config_path, isolated, jobs, timeout, memory,
          statistics, waivers_path, write_baseline, no_progress, annotate_to, annotate_dir) -> None:
    """Lint report files (HTML, text, Markdown, DOCX, PDF, and .doc/.wps via LibreOffice) and folders."""
    from . import batch, waivers as wv
    from .readers import SUPPORTED_EXTENSIONS
    from .readers.convert import preconvert
    from .reporters import get
    from .reporters.summary import summarize

    if fmt not in _formats():
        raise click.UsageError(f"unknown format {fmt!r} (choose from {', '.join(_formats())})")
    cfg = _load_config(config_path, isolated)
    s = cfg.settings
    s.lang = lang or s.lang
    s.fail_on = fail_on or s.fail_on
    if select:
        s.select = tuple(select)
    if ignore:
        s.ignore = s.ignore + tuple(ignore)
    try:
        s.enabled()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    waivers = None
    if waivers_path:
        try:
            waivers = wv.load(waivers_path)
        except wv.WaiverError as exc:
            raise click.UsageError(str(exc)) from None
    files = batch.collect(paths, cfg.exclude + tuple(exclude), SUPPORTED_EXTENSIONS)
    if annotate_to and len(files) != 1:
        raise click.UsageError("--annotate takes one .docx input; use --annotate-dir DIR for several")
    limits = batch.Limits(timeout=timeout or cfg.timeout, memory=cfg.memory if memory is None else memory)
    jobs = jobs or cfg.jobs or os.cpu_count() or 1

    cls = get(fmt)
    out = open(output, "w", encoding="utf-8", newline="") if output else _stdout(utf8=cls.machine)
    try:
        reporter = cls(out, s.lang)
        show_progress = (not reporter.machine and not no_progress and not output and len(files) > 1
                         and sys.stdout.isatty())
        with tempfile.TemporaryDirectory(prefix="govdisclose-lint-") as tmp, _progress(show_progress, len(files),
                                                                                         reporter) as advance:
            preconvert(files, tmp)  # one LibreOffice start for all .doc/.wps files of the run

            def on_result(result):
                if waivers:
                    wv.apply([result], waivers)
                reporter.document(result)
                advance()

            results = batch.run(files, s, jobs=jobs, limits=limits, on_result=on_result)
        waiver_report = wv.report(waivers) if waivers is not None else None
        summary = summarize(results, waiver_report)
        reporter.finish(summary)
    finally:
        if output:
            out.close()
    if annotate_to or annotate_dir:
        from .annotate import annotate_all

        for note in annotate_all(results, annotate_to, annotate_dir, s.lang):
            click.echo(f"govdisclose-lint: {note}", err=True)
    if statistics:
        _print_statistics(summary, sys.stderr if reporter.machine and not output else sys.stdout)
    if waiver_report and (waiver_report["expired"] or waiver_report["unused"]):
        _print_waiver_problems(waiver_report)
    if write_baseline:
        import yaml

        with open(write_baseline, "w", encoding="utf-8") as fh:
            yaml.safe_dump(wv.baseline(results), fh, allow_unicode=True, sort_keys=False)
    sys.exit(exit_code(results, s.fail_on))


def exit_code(results, fail_on: str) -> int:
    from .findings import SEVERITY_RANK

    if fail_on == "never":
        return EXIT_OK
    if any(r.status != "checked" for r in results):
        return EXIT_UNCHECKED
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK.get(f.severity, 0) >= threshold and not f.waived for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _load_config(path, isolated):
    from . import config as cfgmod

    try:
        return cfgmod.Config() if isolated else cfgmod.load(path)
    except cfgmod.ConfigError as exc:
        raise click.UsageError(str(exc)) from None


class _progress:
    """A rich progress bar on the report's own console (so the two do not garble), or nothing."""

    def __init__(self, enabled: bool, total: int, reporter):
        self.enabled, self.total, self.reporter = enabled, total, reporter

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=self.reporter.console, transient=True)
        self.bar.start()
        task = self.bar.add_task("lint", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()
        return False


def _print_statistics(summary: dict, stream) -> None:
    from . import registry

    for code, n in sorted(summary["by_code"].items(), key=lambda kv: (-kv[1], kv[0])):
        stream.write(f"{n:6d}\t{code}\t{registry.get(code).name}\n")


def _print_waiver_problems(report: dict) -> None:
    for w in report["expired"]:
        click.echo(f"govdisclose-lint: waiver {w['index']} ({w['code']} {w['document']}) expired on "
                   f"{w['expires']}", err=True)
    for w in report["unused"]:
        click.echo(f"govdisclose-lint: waiver {w['index']} ({w['code']} {w['document']}) matched no finding",
                   err=True)


@main.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(lang, fmt) -> None:
    """List every rule: code, name, severity, template versions, status."""
    from .rulepages import table

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
def rule(code, lang, fmt) -> None:
    """Show one rule's page: what it checks, why, a failing and a passing example, options."""
    from . import rulepages

    try:
        if fmt == "json":
            click.echo(json.dumps(rulepages.as_json(code, lang), ensure_ascii=False, indent=2))
            return
        text = rulepages.page(code, lang)
    except KeyError as exc:
        raise click.UsageError(exc.args[0]) from None
    if sys.stdout.isatty():
        from rich.markdown import Markdown

        _console().print(Markdown(text))
    else:
        _stdout().write(text)


@main.command("config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
def show_config(config_path) -> None:
    """Show the effective configuration and where it came from."""
    cfg = _load_config(config_path, False)
    click.echo(json.dumps(cfg.effective(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "grid", "xlsx"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", help="Language of grid/xlsx findings.")
def extract(paths, fmt, output, lang) -> None:
    """Write the recognised tables (template keys → values, with source cell locations)."""
    from . import batch
    from .extract import extract as extract_all, write_csv, write_json
    from .readers import SUPPORTED_EXTENSIONS

    if fmt in ("grid", "xlsx"):
        from .extract_views import run as run_views

        if fmt == "xlsx" and not output and sys.stdout.isatty():
            raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
        files = batch.collect(paths, (), SUPPORTED_EXTENSIONS)
        sys.exit(run_views(files, fmt, output, lang, sys.stdout.buffer if fmt == "xlsx" else sys.stdout,
                           jobs=os.cpu_count() or 1))
    docs = extract_all(batch.collect(paths, (), SUPPORTED_EXTENSIONS), jobs=os.cpu_count() or 1)
    writer = write_json if fmt == "json" else write_csv
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            writer(docs, fh)
    else:
        writer(docs, _stdout())
    sys.exit(EXIT_UNCHECKED if any(d["status"] != "checked" for d in docs) else EXIT_OK)


def _console():
    from rich.console import Console

    return Console(file=_stdout(), highlight=False)


def _stdout(utf8: bool = False):
    """stdout for the report: machine formats are always UTF-8 (rules.md); text follows the console's
    encoding and never raises on characters it cannot show (e.g. on a GBK console)."""
    enc = "utf-8" if utf8 else (getattr(sys.stdout, "encoding", None) or "utf-8")
    if hasattr(sys.stdout, "buffer"):
        return io.TextIOWrapper(sys.stdout.buffer, encoding=enc, errors="replace", newline="" if utf8 else None,
                                line_buffering=False, write_through=True)
    return sys.stdout


def run(argv=None) -> None:
    """Entry point: usage and configuration errors are one line on stderr and exit 2."""
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
