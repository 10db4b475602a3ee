"""``check report.docx --annotate OUT.docx``: the staff member's own Word file, with a comment at each finding.

The copy is the original opened with python-docx and saved under another name with Word comments
added — nothing else is touched.  A comment spans the cell a finding is reported at (the merged
cell's origin, found through the same table/row/column indexing the DOCX reader produces: the
reader's own walk runs over the document and notes which ``w:tbl`` and ``w:p`` became which table
and paragraph), or the paragraph (a heading, a sentence), or the section's heading, or the title.
PDF, HTML and text reports cannot carry Word comments: their findings go into the HTML report.
"""

from __future__ import annotations

import os

from .cellmarks import note

WORD_EXTENSIONS = (".docx",)
AUTHOR, INITIALS = "govdisclose-lint", "GDL"


class AnnotateError(Exception):
    """The copy could not be written (message for the user)."""


def can_annotate(path: str) -> bool:
    return str(path).lower().endswith(WORD_EXTENSIONS)


def annotate(result, dest: str, lang: str = "zh") -> int:
    """Write ``dest``: a copy of ``result.path`` with a comment per (not waived) finding.  Returns the
    number of comments."""
    import docx

    src = str(result.path)
    if not can_annotate(src):
        raise AnnotateError(f"{src}: not a Word .docx file; its findings are in the HTML report "
                            f"(--format html -o report.html)")
    unread = [f for f in result.findings if f.code.startswith("E")]
    if unread:  # never open in this process what the reader could not read safely under its limits
        raise AnnotateError(f"{src}: {unread[0].message}; no annotated copy")
    if os.path.abspath(dest) == os.path.abspath(src) or (os.path.exists(dest) and os.path.samefile(dest, src)):
        raise AnnotateError(f"{dest}: the annotated copy must not overwrite the original")
    try:
        document = docx.Document(src)
    except Exception as exc:  # a file the reader could not open either
        raise AnnotateError(f"{src}: cannot be opened for annotation ({type(exc).__name__}: {exc})"[:300]) from None
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from .docxanchors import Anchors

    def part(rel):  # without creating a default part python-docx would add
        try:
            return document.part.part_related_by(rel).element
        except (KeyError, AttributeError):
            return None

    anchors = Anchors(document.element, result, part(RT.STYLES), part(RT.NUMBERING))
    n = 0
    for f in result.findings:
        if f.waived:
            continue
        paragraphs = anchors.of(f)
        if not paragraphs:
            continue
        comment = document.comments.add_comment(note(f, lang), author=AUTHOR, initials=INITIALS)
        anchors.mark(paragraphs, comment.comment_id)
        n += 1
    document.save(dest)
    return n


def annotate_all(results, single: str | None, folder: str | None, lang: str = "zh") -> list[str]:
    """The CLI's ``--annotate OUT.docx`` (one input) / ``--annotate-dir DIR``; returns messages for
    stderr (what was written, and why a file got no copy)."""
    if single and len(results) != 1:
        raise AnnotateError("--annotate takes one .docx input; use --annotate-dir DIR for several")
    roots = [os.path.dirname(os.path.abspath(r.path)) for r in results]
    common = os.path.commonpath(roots) if roots else ""
    notes = []
    for r in results:
        if single:
            dest = single
        else:
            rel = os.path.relpath(os.path.abspath(r.path), common)
            dest = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
        try:
            n = annotate(r, dest, lang)
        except AnnotateError as exc:
            notes.append(str(exc))
            continue
        notes.append(f"wrote {dest}: a copy of {r.path} with {n} comment(s) at its findings")
    return notes
