"""Run one document through reader → recognition → checks → findings."""

from __future__ import annotations

import errno
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
    # the recognised template cells as plain dicts (see extract.cells_of); set in the worker before the
    # recognition is dropped, so reporters and cross-document checks can use them in the parent
    cells: list[dict] | None = None
    # what the cross-document stage needs of the text (crossdoc.profile.Profile), set in the worker
    profile: object = None

    def table_cells(self) -> list[dict]:
        """The recognised template cells (from the recognition when it is still attached)."""
        if self.cells is None and self.recognition is not None:
            from .extract import cells_of

            self.cells = cells_of(self)
        return self.cells or []

    def worst(self) -> str | None:
        ranks = [SEVERITY_RANK[f.severity] for f in self.findings if f.severity in SEVERITY_RANK]
        return {v: k for k, v in SEVERITY_RANK.items()}[max(ranks)] if ranks else None

    def to_json(self) -> dict:
        return {"path": self.path, "status": self.status, "format_version": self.format_version,
                "year": self.year, "agency": self.agency or None, "title": self.title or None,
                "findings": [f.to_json() for f in self.findings]}


# the status a document gets when several findings imply one: the least checked wins
_STATUS_RANK = ("unsupported", "encrypted", "unreadable", "partial")


def _worst_status(statuses: list[str]) -> str:
    return min(statuses, key=_STATUS_RANK.index)


def lint_file(path: str, settings: Settings | None = None) -> DocumentResult:
    """Lint one file. Never raises for bad input: problems become E-findings and a status."""
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
    except MemoryError:
        return finalize(DocumentResult(path, "partial"), [_out_of_memory()], settings, t0)
    except (ImportError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOMEM or "failed to map segment" in str(exc):
            # out of address space under the worker's cap
            return finalize(DocumentResult(path, "partial"), [_out_of_memory()], settings, t0)
        f = Finding("E001", "internal", {"reason": f"{type(exc).__name__}: {exc}"[:200]})
        return finalize(DocumentResult(path, "unreadable"), [f], settings, t0)
    except Exception as exc:  # a reader bug must not crash a batch or pass as clean
        f = Finding("E001", "internal", {"reason": f"{type(exc).__name__}: {exc}"[:200]})
        return finalize(DocumentResult(path, "unreadable"), [f], settings, t0)
    return lint_document(doc, settings, t0)


def _out_of_memory() -> Finding:
    import resource

    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    limit = f"{cap // 2**20} MB" if cap != resource.RLIM_INFINITY else "RAM"
    return Finding("E005", "memory", {"limit": limit})


def lint_document(doc: Document, settings: Settings | None = None, t0: float | None = None) -> DocumentResult:
    settings = settings or Settings()
    t0 = time.perf_counter() if t0 is None else t0
    rec = recognize(doc)
    result = DocumentResult(doc.path, "checked", format_version=rec.version, year=rec.year, agency=rec.agency,
                            title=rec.title, kind=doc.kind, recognition=rec)
    findings: list[Finding] = [Finding(n.code, n.key, n.params, Location(page=n.locator.page)) for n in doc.notes]
    ctx = Context(doc, rec, settings.options, settings.equations)
    enabled = settings.enabled()
    result.profile = crossdoc_profile(doc, rec, enabled)
    for check in all_checks():
        for f in check(ctx):
            if f.code in enabled:
                findings.append(f)
    statuses = [s for f in findings if (s := registry.get(f.code).status_of(f.key))]
    if statuses:
        result.status = _worst_status(statuses)
    elif rec.flattened_tables:
        result.status = "partial"
    return finalize(result, findings, settings, t0)


def finalize(result: DocumentResult, findings: list[Finding], settings: Settings,
             t0: float | None = None) -> DocumentResult:
    """Stamp severities and messages, order the findings, and attach them to the result."""
    for f in findings:
        rule = registry.get(f.code)
        f.severity = settings.severity.get(f.code) or f.severity_hint or rule.severity_of(f.key)
        f.message = rule.render(f.key, f.params, settings.lang)
    findings.sort(key=_order)
    result.findings = findings
    result.seconds = time.perf_counter() - t0 if t0 is not None else 0.0
    return result


_SECTION_ORDER = {"T2": 2, "T3": 3, "T4": 4}


def _order(f: Finding):
    loc = f.location
    return (0 if f.code.startswith("E") else 1, _SECTION_ORDER.get(loc.table or "", 0),
            loc.page or 0, loc.source_table if loc.source_table is not None else -1,
            loc.source_row if loc.source_row is not None else -1, f.code)
