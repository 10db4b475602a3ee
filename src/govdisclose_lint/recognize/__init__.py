"""Recognition: a :class:`~govdisclose_lint.document.Document` mapped onto its template.

Detects the format version from the labels, finds the title, year, agency
and the six section headings, and maps the raw tables onto the template's
T2/T3/T4 cells (:mod:`.tables`).  It records what it saw; the checks decide
what is wrong.
"""

from __future__ import annotations

from ..document import Document
from ..normalize import label_key
from ..templates import Template, templates
from .meta import detect_version, find_title, find_year, parse_title
from .model import CellValue, HeadingHit, Issue, Recognition
from .sections import find_outline, section_bodies
from .tables import map_tables

__all__ = ["recognize", "Recognition", "CellValue", "Issue", "HeadingHit"]


def recognize(doc: Document, force_version: str | None = None) -> Recognition:
    tpls = templates()
    votes = detect_version(doc, tpls)
    title = find_title(doc)
    year, year_source = find_year(doc, title)
    _, agency = parse_title(title)
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    if force_version:
        version = force_version
    elif ranked and ranked[0][1] > 0:
        version = ranked[0][0]
    elif year:
        version = next((v for v, t in tpls.items() if t.fits_year(year)), None)
    else:
        version = max(tpls)
    template: Template | None = tpls.get(version) if version else None
    rec = Recognition(template, version, votes, sum(1 for v in votes.values() if v > 0) > 1,
                      title, year, year_source, agency)
    if template is None:
        return rec
    rec.headings, rec.outline = find_outline(doc, template)
    rec.section_paragraphs = section_bodies(doc, rec.headings)
    map_tables(doc, template, rec)
    rec.flattened_tables = _flattened(doc, template, rec)
    return rec


def _flattened(doc: Document, template: Template, rec: Recognition) -> list[str]:
    """Template tables present only as run-together text in paragraphs (cells inseparable)."""
    out = []
    blob = "".join(label_key(p.text) for p in doc.paragraphs)
    for key, spec in template.tables.items():
        if key in rec.tables_found:
            continue
        labels = [label_key(m) for m in spec.markers] if spec.single_row else [label_key(r.label) for r in spec.rows]
        hits = sum(1 for lab in labels if lab and lab in blob)
        if hits >= min(3, len(labels)):
            out.append(key)
    return out
