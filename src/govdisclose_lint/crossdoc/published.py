"""Publication dates (for M701): from the page's metadata, the page text, or a DOCX file's core
properties, and the deadline that applies to a reporter.

The readers call :func:`in_html` and :func:`in_docx_core` with one line each; everything else
reads :attr:`Document.published`.  Sources by strength: ``option`` (``--published``) > ``meta``
(``<meta name="PubDate">``) > ``page`` (a 发布时间/发布日期 line near the top of the text) >
``docx-core`` (the file's last-saved date, a weaker hint: a file saved after the deadline was
published after it, unless it was saved again later).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from ..document import Published

_META_NAMES = {"pubdate", "publishdate", "firstpublishedtime", "article:published_time", "publishtime"}
_DATE = r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_DATE_RE = re.compile(_DATE)


def parse_date(text: str | None) -> datetime.date | None:
    """The first date in ``text`` (2022-02-08, 2022年2月8日, 2022/2/8, 2022.2.8)."""
    m = _DATE_RE.search(text or "")
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def in_html(root) -> Published | None:
    """``<meta name="PubDate" content="2022-02-08 16:34">`` and its common variants."""
    try:
        metas = root.iter("meta")
        for m in metas:
            name = (m.get("name") or m.get("property") or "").strip().lower()
            if name in _META_NAMES:
                d = parse_date(m.get("content"))
                if d:
                    return Published(d, "meta")
    except (AttributeError, TypeError, ValueError):
        return None
    return None


def in_docx_core(core) -> Published | None:
    """``dcterms:modified`` (else ``dcterms:created``) of ``docProps/core.xml``."""
    if core is None:
        return None
    ns = "http://purl.org/dc/terms/"
    for tag in ("modified", "created"):
        el = core.find(f"{{{ns}}}{tag}")
        d = parse_date(el.text if el is not None else None)
        if d:
            return Published(d, "docx-core")
    return None


@lru_cache(maxsize=1)
def _text_rule():
    from ..templates import load_yaml

    data = load_yaml("crossdoc.yaml")["published"]
    labels = "|".join(re.escape(x) for x in data["labels"])
    return re.compile(rf"(?:{labels})\s*[:：]?\s*{_DATE}"), int(data["first_paragraphs"])


def in_text(paragraphs) -> Published | None:
    """A 发布时间：2020-01-31 line among the first paragraphs of the text."""
    pattern, first = _text_rule()
    for p in paragraphs[:first]:
        m = pattern.search(p.text)
        if m:
            try:
                return Published(datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "page")
            except ValueError:
                continue
    return None


def of_document(doc) -> Published | None:
    """The best date the document itself gives."""
    if doc.published is not None and doc.published.source == "meta":
        return doc.published
    return in_text(doc.paragraphs) or doc.published


def deadline(year: int, kind: str, deadlines: dict) -> datetime.date:
    """The last day a report of ``kind`` for ``year`` may be published (``MM-DD`` of year + 1)."""
    month, day = (int(x) for x in deadlines[kind].split("-"))
    return datetime.date(year + 1, month, day)
