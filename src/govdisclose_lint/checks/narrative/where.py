"""The document's sentences (cut once per document) and finding locations in the text."""

from __future__ import annotations

from ...findings import Location
from .. import Context
from ..locate import at_source
from .sentences import Sentence, fold, sentences

# a section heading longer than this holds more than the heading
MAX_HEADING_CHARS = 40


def text_sentences(ctx: Context) -> list[Sentence]:
    """The sentences of the document, shared by the narrative checks through the context."""
    memo = vars(ctx)
    if "_narrative_sentences" not in memo:
        memo["_narrative_sentences"] = sentences(ctx.doc, ctx.rec) if ctx.rec.template is not None else []
    return memo["_narrative_sentences"]


def section_heading(ctx: Context, key: str | None) -> str | None:
    if key is None or ctx.rec.template is None:
        return None
    return next((s.heading for s in ctx.rec.template.sections if s.key == key), None)


def paragraph_location(ctx: Context, s: Sentence, start: int = 0) -> Location:
    """Where a sentence's words are: its section, the paragraph (index, page, line)."""
    para = s.paragraph_at(start)
    loc = at_source(Location(section=section_heading(ctx, s.section)), ctx.doc.paragraphs[para].locator)
    loc.paragraph = para
    return loc


def section_location(ctx: Context, key: str) -> Location:
    """A section as a whole: its template heading, at the heading as written."""
    loc = Location(section=section_heading(ctx, key))
    heading = next((h for h in ctx.rec.headings if h.key == key), None)
    if heading is not None:
        at_source(loc, heading.locator)
        loc.paragraph = heading.paragraph
    return loc


def readable_section(ctx: Context, key: str) -> bool:
    """The section's heading stands on its own line, so its text can be told from the next section's.

    In flattened web text a heading runs into the words around it ("…000000五、存在的主要问题及改进
    情况2019年，我区…"); what belongs to that section cannot be told, so its content is not judged.
    """
    heading = next((h for h in ctx.rec.headings if h.key == key), None)
    if heading is None:
        return False
    return len(fold(ctx.doc.paragraphs[heading.paragraph].text)) <= MAX_HEADING_CHARS


def section_text(ctx: Context, key: str) -> str | None:
    """The folded text of a section, or None when it is missing or cannot be told apart."""
    if not readable_section(ctx, key):
        return None
    return "".join(s.norm for s in text_sentences(ctx) if s.section == key)
