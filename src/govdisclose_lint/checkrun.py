"""``govdisclose-lint check``: from options to an exit code.

Order matters for the exit codes: everything that can be a usage or environment problem (exit 2,
one line, nothing on stdout) is found before linting starts — the configuration, the waivers, the
output files (their folders exist and are writable), the paths (they exist).  Then the files are
found (:mod:`.discovery`), linted in workers (:mod:`.batch`), waived, reported in order, and the
exit code is chosen: 0 nothing at or above ``--fail-on``, 1 findings at or above it, 3 a file could
not be fully checked (wins over 1; ``--fail-on never`` does not hide it, ``--exit-zero`` does).
A run that checked nothing says so: all files excluded (e.g. pre-commit on drafts) is exit 0 with that
said; no report file found at all is exit 2.
"""

from __future__ import annotations

import functools
import io
import os
import sys
import tempfile
from dataclasses import dataclass, field
from typing import NamedTuple

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNCHECKED = 0, 1, 2, 3


class Counted(NamedTuple):
    """What the summary and the exit code need of a finding already reported."""

    code: str
    severity: str
    waived: object


class Problem(click.ClickException):
    """A usage or environment problem: one line, exit code 2."""

    exit_code = EXIT_USAGE


@dataclass
class Options:
    """The options of ``govdisclose-lint check`` as given on the command line (None: not given, the
    configuration decides), and the warnings gathered for stderr."""

    paths: tuple = ()
    fmt: str = "text"
    output: str | None = None
    lang: str | None = None
    fail_on: str | None = None
    select: tuple = ()
    ignore: tuple = ()
    exclude: tuple = ()
    force_exclude: bool = False
    config_path: str | None = None
    isolated: bool = False
    jobs: int | None = None
    timeout: float | None = None
    memory: int | None = None
    statistics: bool = False
    waivers_path: str | None = None
    write_baseline: str | None = None
    no_progress: bool = False
    quiet: bool = False
    exit_zero: bool = False
    stdin_filename: str | None = None
    crossdoc: dict = field(default_factory=dict)  # --previous, --published, --roster, --summary
    annotate_to: str | None = None  # --annotate OUT.docx (one .docx input)
    annotate_dir: str | None = None  # --annotate-dir DIR
    cache_dir: str | None = None  # --cache-dir DIR
    no_cache: bool = False  # --no-cache
    executor: str | None = None  # --executor local|dask
    scheduler: str | None = None  # --scheduler ADDRESS (a Dask scheduler)
    warnings: list = field(default_factory=list)  # lines for stderr


def check(o: Options, stdout, stderr) -> int:
    from .output import OutputError, Target
    from .reporters import REPORTERS
    from .settings import codes_tuple

    if o.fmt not in REPORTERS:
        raise Problem(f"unknown format {o.fmt!r} (choose from {', '.join(REPORTERS)})")
    cfg = load_config(o.config_path, o.isolated)
    s = cfg.settings
    s.lang = o.lang or s.lang
    s.fail_on = o.fail_on or s.fail_on
    if o.select:
        s.select = codes_tuple(o.select)
    if o.ignore:
        s.ignore = s.ignore + codes_tuple(o.ignore)
    try:
        s.enabled()
    except ValueError as exc:
        raise Problem(str(exc)) from None
    _planned_warnings(s.select if o.select else (), o)
    waivers = _load_waivers(o.waivers_path)
    from .crossdoc.cli_options import make_stage

    # cross-document checks (X5xx): run after the batch, before reporting (usage problems are exit 2)
    stage = make_stage(cfg, s, {"previous": (), "published": (), "roster": None, "summary": None, **o.crossdoc})
    targets = []
    try:
        out_target = Target(o.output, "report") if o.output else None
        targets.append(out_target)
        base_target = Target(o.write_baseline, "baseline") if o.write_baseline else None
        targets.append(base_target)
    except OutputError as exc:
        _abort(targets)
        raise Problem(str(exc)) from None
    try:
        summary, results = _lint_and_report(o, cfg, stage, waivers, out_target, base_target, stdout, stderr)
    except BaseException:  # Ctrl-C, SIGTERM, a usage problem found late: no half-written file left
        _abort(targets)
        raise
    if o.annotate_to or o.annotate_dir:
        from .annotate import AnnotateError, annotate_all

        try:
            for note in annotate_all(results, o.annotate_to, o.annotate_dir, s.lang):
                stderr.write(f"govdisclose-lint: {note}\n")
        except AnnotateError as exc:
            raise Problem(str(exc)) from None
    _notes(o, summary, results, stderr)
    return exit_code(results, s.fail_on, o.exit_zero)


def _lint_and_report(o: Options, cfg, stage, waivers, out_target, base_target, stdout, stderr):
    """Find the files, lint them, report them; returns the summary and the results reported."""
    from . import batch, discovery, waivers as wv
    from .daskrun import DaskUnavailable
    from .output import write_error
    from .paths import shown as shown_path
    from .readers import SUPPORTED_EXTENSIONS
    from .reporters import get, trial
    from .reporters.summary import summarize
    from .settings import codes_tuple

    s = cfg.settings
    with tempfile.TemporaryDirectory(prefix="govdisclose-stdin-") as tmp:
        paths, shown = _stdin(o, tmp)
        excludes = (discovery.Patterns(cfg.exclude, cfg.base),
                    discovery.Patterns(codes_tuple(o.exclude), os.getcwd()))
        found = discovery.find(paths, SUPPORTED_EXTENSIONS, excludes, respect_gitignore=cfg.respect_gitignore,
                               force_exclude=o.force_exclude, outputs=(o.output, o.write_baseline))
        if found.missing:
            more = f" (and {len(found.missing) - 1} more)" if len(found.missing) > 1 else ""
            raise Problem(f"{found.missing[0]}: no such file or folder{more}")
        if not found.files and not found.excluded:
            raise Problem(f"no report files found in {', '.join(map(str, o.paths))} ({found.unsupported} files "
                          f"of other types; reports are {' '.join(SUPPORTED_EXTENSIONS)})")
        if o.annotate_to and len(found.files) != 1:
            raise Problem("--annotate takes one .docx input; use --annotate-dir DIR for several")
        limits = batch.Limits(timeout=o.timeout or cfg.timeout, memory=cfg.memory if o.memory is None else o.memory)
        jobs = o.jobs or cfg.jobs or os.cpu_count() or 1
        cls = get("text") if o.statistics and o.fmt not in ("json", "jsonl") else get(o.fmt)
        stream = out_target.open() if out_target else _stdout(stdout, utf8=cls.machine)
        options = {"fail_on": s.fail_on, "quiet": o.quiet}
        if o.statistics:
            from .reporters.statistics import StatisticsReporter

            reporter = StatisticsReporter(stream, s.lang, json_format=o.fmt in ("json", "jsonl"), **options)
        else:
            reporter = cls(stream, s.lang, **options)
        skipped: list[str] = []
        results: list = []

        def on_result(result):
            if _not_a_report(result) and found.key(result.path) not in found.explicit:
                skipped.append(shown_path(result.path))  # a stray note in a folder: counted, not an error
                return
            if result.path in shown:
                result.path = shown[result.path]
            results.append(result)
            if waivers:
                wv.apply([result], waivers)
            _report(reporter, result, s)
            # reported: what the run still needs of it is its status and, for the summary and the exit code,
            # each finding's code, severity and waiver (all of it for a baseline, annotated copies, or a
            # reporter that writes at the end)
            if not (o.annotate_to or o.annotate_dir):
                result.cells = result.profile = result.extra = None
                if not (o.write_baseline or reporter.results):
                    result.findings = [Counted(f.code, f.severity, f.waived) for f in result.findings]

        cache = _cache(o, cfg, cls.name)
        executor, scheduler = _executor(o, cfg)
        try:
            with _progress(o, len(found.files), reporter, stdout, stderr) as advance:
                stage.run(found.files, jobs=jobs, limits=limits, on_result=on_result, on_done=advance,
                          preflight=functools.partial(trial, cls.name, s.lang, s.fail_on), cache=cache,
                          executor=executor, scheduler=scheduler, dask_shared_paths=cfg.dask_shared_paths)
            if cache is not None:
                cache.prune()
            waiver_report = wv.report(waivers) if waivers is not None else None
            summary = summarize(results, waiver_report)
            summary["skipped"] = {"not_a_report": skipped, "excluded": found.excluded,
                                  "unsupported": found.unsupported, "not_regular": found.not_regular}
            stage.finish(summary, s.lang)
            reporter.finish(summary)
            if out_target:
                out_target.commit()
            else:
                stream.flush()
        except DaskUnavailable as exc:  # the scheduler cannot be reached, a local cluster cannot start
            raise Problem(str(exc)) from None
        except OSError as exc:
            raise Problem(write_error(exc, o.output)) from None
        if base_target:
            _write_baseline(base_target, results, o.write_baseline, waivers or [])
    return summary, results


def _executor(o: Options, cfg) -> tuple[str, str | None]:
    """Where the files are linted: ``local`` worker processes, or a Dask cluster (:mod:`.daskrun`)."""
    from . import daskrun

    scheduler = o.scheduler or cfg.scheduler
    executor = o.executor or cfg.executor or ("dask" if scheduler else "local")
    if executor == "dask":
        try:
            daskrun.check_available()
        except daskrun.DaskUnavailable as exc:
            raise Problem(str(exc)) from None
    elif o.scheduler:
        raise Problem("--scheduler needs --executor dask")
    return executor, scheduler if executor == "dask" else None


def _cache(o: Options, cfg, report_format: str):
    """The result cache of this run (:mod:`.resultcache`), or None when it is off."""
    from . import resultcache

    if o.no_cache or (not o.cache_dir and resultcache.disabled_by_environment()):
        return None
    directory = o.cache_dir or cfg.cache_dir or resultcache.default_dir()
    # the report's format is in the key: each result was trial-rendered in it (preflight)
    return resultcache.Cache(directory, resultcache.fingerprint(cfg.settings, {"format": report_format}))


def exit_code(results, fail_on: str, exit_zero: bool = False) -> int:
    from .findings import SEVERITY_RANK

    if exit_zero:
        return EXIT_OK
    if any(r.status != "checked" for r in results):
        return EXIT_UNCHECKED
    if fail_on == "never":
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK.get(f.severity, 0) >= threshold and not f.waived for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def load_config(path, isolated: bool):
    from . import config as cfgmod

    try:
        return cfgmod.Config() if isolated else cfgmod.load(path)
    except cfgmod.ConfigError as exc:
        raise Problem(str(exc)) from None


def _load_waivers(path):
    from . import waivers as wv

    if not path:
        return None
    try:
        return wv.load(path)
    except wv.WaiverError as exc:
        raise Problem(str(exc)) from None


def _abort(targets) -> None:
    for t in targets:
        if t is not None:
            t.abort()


def _not_a_report(result) -> bool:
    """Clearly not a report: no report structure (E004) and no report year recognised from a report
    title either. A damaged report that still has its title is reported (E004, exit 3), never skipped
    as a stray file."""
    return any(f.code == "E004" for f in result.findings) and not result.year


def _report(reporter, result, settings) -> None:
    """Report one document; a reporter that fails on it gets an E006 result in its place."""
    try:
        reporter.document(result)
    except OSError:
        raise
    except Exception as exc:
        from .engine import DocumentResult, finalize, stage_failed

        result.findings = finalize(DocumentResult(result.path, "partial"), [stage_failed("report", exc)],
                                   settings).findings
        result.status = "partial"
        reporter.document(result)


def _planned_warnings(select, o: Options) -> None:
    from . import registry

    for pattern in select:
        hit = registry.select([pattern])
        planned = sorted(c for c in hit if registry.get(c).status != "stable")
        if hit and len(planned) == len(hit):
            names = ", ".join(f"{c} ({registry.get(c).name})" for c in planned)
            o.warnings.append(f"warning: --select {pattern}: {names} planned, not implemented yet: finds nothing")


def _stdin(o: Options, tmp: str) -> tuple[list[str], dict[str, str]]:
    """``-`` becomes a temporary file (its type from ``--stdin-filename`` or its bytes)."""
    paths, shown = [], {}
    for p in o.paths:
        if p != "-":
            paths.append(p)
            continue
        from .readers import MAX_FILE_BYTES
        from .readers.sniff import sniff_kind

        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1) if hasattr(sys.stdin, "buffer") else \
            sys.stdin.read().encode("utf-8")
        ext = os.path.splitext(o.stdin_filename or "")[1].lower()
        if not ext:
            kind = sniff_kind(data[:8192], "", os.devnull) or "text"
            ext = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "markdown": ".md"}.get(kind, ".txt")
        path = os.path.join(tmp, "stdin" + ext)
        with open(path, "wb") as fh:
            fh.write(data)
        paths.append(path)
        shown[path] = o.stdin_filename or "-"
    return paths, shown


def _write_baseline(target, results, path: str, existing) -> None:
    import yaml

    from . import waivers as wv
    from .output import OutputError

    try:
        stream = target.open(newline=None)
        yaml.safe_dump(wv.baseline(results, os.path.dirname(os.path.abspath(path)), existing), stream,
                       allow_unicode=True, sort_keys=False)
        target.commit()
    except OSError as exc:
        target.abort()
        raise Problem(str(exc) if isinstance(exc, OutputError) else f"{path}: cannot write the baseline: "
                      f"{exc.strerror or exc}") from None


def _notes(o: Options, summary: dict, results, stderr) -> None:
    """What the user must hear besides the report (stderr): planned rules, waivers, what was skipped."""
    lines = list(o.warnings)
    for w in summary.get("waivers", {}).get("expired", []):
        lines.append(f"waiver {w['index']} ({w['code']} {w['document']}) expired on {w['expires']}")
    for w in summary.get("waivers", {}).get("unused", []):
        lines.append(f"waiver {w['index']} ({w['code']} {w['document']}) matched no finding")
    skipped = summary["skipped"]
    if skipped["not_a_report"]:
        names = ", ".join(skipped["not_a_report"][:3]) + (" …" if len(skipped["not_a_report"]) > 3 else "")
        lines.append(f"skipped {len(skipped['not_a_report'])} files that are not annual reports: {names}")
    if not results:
        lines.append(f"nothing checked: {skipped['excluded']} files excluded, {len(skipped['not_a_report'])} not "
                     "annual reports")
    if o.quiet:
        lines = [ln for ln in lines if ln.startswith("warning:")]
    from .clitext import translate

    lang = o.lang or "en"
    for line in lines:
        stderr.write(translate(f"govdisclose-lint: {line}", "zh" if lang == "zh" else "en") + "\n")


def _stdout(stdout, utf8: bool = False):
    """stdout for the report: machine formats are always UTF-8 (rules.md); text follows the console's
    encoding and never raises on characters it cannot show (e.g. on a GBK console)."""
    enc = "utf-8" if utf8 else (getattr(stdout, "encoding", None) or "utf-8")
    if hasattr(stdout, "buffer"):
        return _Borrowed(stdout.buffer, encoding=enc, errors="replace", newline="" if utf8 else None,
                         line_buffering=False, write_through=True)
    return stdout


class _Borrowed(io.TextIOWrapper):
    """A text layer over stdout's bytes that never closes them (stdout is not ours to close)."""

    def close(self) -> None:
        if not self.closed:
            self.flush()


class _progress:
    """A rich progress bar on stderr when it is a terminal (also with ``-o``); when the report goes to the
    same terminal on stdout, on the report's own console so the two do not garble."""

    def __init__(self, o: Options, total: int, reporter, stdout, stderr):
        self.total = total
        self.console = None
        if o.no_progress or o.quiet or total < 2:
            return
        from rich.console import Console

        if not o.output and not reporter.machine and _isatty(stdout) and getattr(reporter, "console", None):
            self.console = reporter.console
        elif _isatty(stderr):
            self.console = Console(file=stderr, highlight=False)

    def __enter__(self):
        if self.console is None:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True)
        self.bar.start()
        task = self.bar.add_task("lint", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.console is not None:
            self.bar.stop()
        return False


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
