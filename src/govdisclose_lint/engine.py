"""Run one document through reader → recognition → checks → findings."""

from __future__ import annotations

import errno
import inspect
import os
import time
from dataclasses import dataclass, field

from . import registry
from .checks import Context, all_checks
from .crossdoc.profile import build as crossdoc_profile
from .document import Document, ReadError
from .findings import SEVERITY_RANK, Finding, Location
from .readers import read_document
from .recognize import Recognition, recognize
from .settings import Settings


@dataclass
class DocumentResult:
    """One document linted: its status and findings, what recognition found (format, year, agency, title),
    and what reporters and cross-document checks use after the worker is done with it."""

    path: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    format_version: str | None = None
    year: int | None = None
    agency: str | None = None
    title: str | None = None
    kind: str | None = None
    seconds: float = 0.0
    recognition: Recognition | None = None
    extra: object = None  # what a batch postprocess step computed from the recognition
    # the recognised template cells (extract.cells_of), packed into bytes (extract.pack: ~10 KB where
    # the dicts take ~130 KB); set in the worker before the recognition is dropped, so reporters and
    # cross-document checks can use them in the parent
    cells: bytes | None = None
    # what the cross-document stage needs of the text (crossdoc.profile.Profile), set in the worker
    profile: object = None

    def table_cells(self) -> list[dict]:
        """The recognised template cells (from the recognition when it is still attached)."""
        from .extract import cells_of, pack, unpack

        if self.cells is None and self.recognition is not None:
            self.cells = pack(cells_of(self))
        return unpack(self.cells) if self.cells else []

    def worst(self) -> str | None:
        ranks = [SEVERITY_RANK[f.severity] for f in self.findings if f.severity in SEVERITY_RANK]
        return {v: k for k, v in SEVERITY_RANK.items()}[max(ranks)] if ranks else None

    def to_json(self) -> dict:
        from .paths import needs_escape, shown

        out = {"path": shown(self.path), "status": self.status, "format_version": self.format_version,
               "year": self.year, "agency": self.agency or None, "title": self.title or None,
               "findings": [f.to_json() for f in self.findings]}
        if needs_escape(self.path):
            out["path_escaped"] = True  # bytes that are not UTF-8 shown as \xNN (see paths.py)
        return out


# the status a document gets when several findings imply one: the least checked wins
_STATUS_RANK = ("unsupported", "encrypted", "unreadable", "partial")


def _worst_status(statuses: list[str]) -> str:
    return min(statuses, key=_STATUS_RANK.index)


def lint_file(path: str | os.PathLike, settings: Settings | None = None) -> DocumentResult:
    """Lint one file. Never raises: bad input becomes E-findings and a status, and an exception in any
    stage (read, recognise, check) an E006 finding naming the stage."""
    path = os.fspath(path)
    settings = settings or Settings()
    t0 = time.perf_counter()
    try:
        doc = read_document(path)
    except ReadError as err:
        f = Finding(err.code, err.key, err.params)
        return finalize(DocumentResult(path, err.status), [f], settings, t0)
    except RecursionError:
        f = Finding("E001", "corrupt_pdf", {"reason": "nesting too deep"})
        return finalize(DocumentResult(path, "unreadable"), [f], settings, t0)
    except Exception as exc:  # a reader bug must not crash a batch or pass as clean
        if isinstance(exc, OSError) and not out_of_memory(exc):
            f = Finding("E001", "default", {"reason": f"{type(exc).__name__}: {exc}"[:200]})
            return finalize(DocumentResult(path, "unreadable"), [f], settings, t0)
        return finalize(DocumentResult(path, "partial"), [stage_failed("read", exc)], settings, t0)
    return lint_document(doc, settings, t0)


def warm() -> None:
    """Load what the readers and checks otherwise load on first use (the templates, the rule catalogue,
    the equations, the narrative vocabulary, the flattened-table grids): done once in a batch's parent
    before its workers fork, they share it instead of each paying for it on its first file; a spawned
    worker does it before it says it is ready, so a file's time limit never includes it."""
    from .checks import arithmetic
    from .checks.narrative.vocabulary import vocabulary
    from .crossdoc import sketch, yoy
    from .readers import flat_split, flat_tables
    from .tablelayout import layouts
    from .templates import templates

    registry.rules()
    arithmetic.equations()
    vocabulary()
    yoy.equations()
    sketch.warm()
    flat_split.warm()
    for version in templates():
        layouts(version)
        flat_tables.warm(version)


def out_of_memory(exc: BaseException) -> bool:
    """MemoryError, or the ways a library says it ran out of address space under the worker's cap."""
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM) \
        or (isinstance(exc, (OSError, ImportError)) and "failed to map segment" in str(exc))


def _memory_limit() -> str:
    try:
        import resource  # not on Windows: the parent's watchdog is the limit there
    except ImportError:
        return "RAM"
    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    return f"{cap // 2**20} MB" if cap != resource.RLIM_INFINITY else "RAM"


def stage_failed(stage: str, exc: BaseException, rule: str | None = None) -> Finding:
    """The finding for an exception in a stage: E005 when it was memory, else E006 internal-error."""
    if out_of_memory(exc):
        return Finding("E005", "memory", {"limit": _memory_limit()})
    error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return Finding("E006", stage, {"rule": rule or "-", "error": error[:300]})


def _failed_rule(check, exc: BaseException) -> str:
    """The rule a check was on when it raised: the equation being evaluated (an ``Equation`` in a frame
    of the traceback), else the codes the check module emits."""
    from .rulesfile import Equation

    tb, code = exc.__traceback__, None
    while tb is not None:
        eq = tb.tb_frame.f_locals.get("eq")
        if isinstance(eq, Equation):
            code = eq.code
        tb = tb.tb_next
    if code:
        return code
    codes = getattr(inspect.getmodule(check), "CODES", ())
    return "/".join(codes) if codes else getattr(check, "__module__", "?").rsplit(".", 1)[-1]


def lint_document(doc: Document, settings: Settings | None = None, t0: float | None = None) -> DocumentResult:
    settings = settings or Settings()
    t0 = time.perf_counter() if t0 is None else t0
    result = DocumentResult(doc.path, "checked", kind=doc.kind)
    enabled = settings.enabled()
    notes = [Finding(n.code, n.key, n.params, Location(page=n.locator.page)) for n in doc.notes]
    findings: list[Finding] = [f for f in notes if f.code in enabled]  # a reader's note obeys --select too
    try:
        rec = recognize(doc)
    except Exception as exc:
        result.status = "partial"
        return finalize(result, findings + [stage_failed("recognise", exc)], settings, t0, doc)
    result.format_version, result.year, result.agency, result.title = rec.version, rec.year, rec.agency, rec.title
    result.recognition = rec
    ctx = Context(doc, rec, settings.options, settings.equations)
    result.profile = crossdoc_profile(doc, rec, enabled)
    for check in all_checks():
        try:
            for f in check(ctx):
                if f.code in enabled:
                    findings.append(f)
        except Exception as exc:  # the other checks still run; this one is reported, not lost
            findings.append(stage_failed("check", exc, _failed_rule(check, exc)))
    # a note switched off still says the document was only partly checked
    statuses = [s for f in findings + notes if (s := registry.get(f.code).status_of(f.key))]
    if statuses:
        result.status = _worst_status(statuses)
    elif rec.flattened_tables:
        result.status = "partial"
    return finalize(result, findings, settings, t0, doc)


def finalize(result: DocumentResult, findings: list[Finding], settings: Settings,
             t0: float | None = None, doc: Document | None = None) -> DocumentResult:
    """Stamp severities and messages, put the findings in document order, attach them to the result."""
    for f in findings:
        rule = registry.get(f.code)
        f.severity = settings.severity.get(f.code) or f.severity_hint or rule.severity_of(f.key)
        f.message = rule.render(f.key, f.params, settings.lang)
    findings.sort(key=lambda f: _order(f, doc))
    result.findings = findings
    result.seconds = time.perf_counter() - t0 if t0 is not None else 0.0
    return result


def _order(f: Finding, doc: Document | None):
    """Document order: file-level (E) findings first, then by page and by the position of the paragraph
    or table the finding points into (findings about something missing come first on their page)."""
    loc = f.location
    pos = loc.line if loc.line is not None else -1
    if doc is not None:
        if loc.source_table is not None and loc.source_table < len(doc.table_order):
            pos = doc.table_order[loc.source_table]
        elif loc.paragraph is not None and loc.paragraph < len(doc.paragraphs):
            pos = doc.paragraphs[loc.paragraph].order
    return (0 if f.code.startswith("E") else 1, loc.page or 0, pos,
            loc.source_row if loc.source_row is not None else -1,
            loc.source_col if loc.source_col is not None else -1, f.code)
