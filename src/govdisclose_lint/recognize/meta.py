"""Format version, title, year and agency of a report."""

from __future__ import annotations

import re

from ..document import Document
from ..normalize import label_key, nfkc, squash
from ..templates import Template

_TITLE_RE = re.compile(r"(?P<org>.*?)(?P<year>(19|20)\d{2})\s*年度?(?P<org2>.*?)政府信息公开(工作)?(的)?年度?报告")
_PERIOD_RE = re.compile(r"(统计期限|统计周期|统计时限|统计时间|数据统计|所列数据).{0,12}?((19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_YEAR_RE = re.compile(r"((19|20)\d{2})\s*年")
_PUNCT = " 　:：-—_《》<>\"“”"


def detect_version(doc: Document, templates: dict[str, Template]) -> dict[str, int]:
    """Count each version's marker labels in the table cells (or the text if there are no tables)."""
    texts = {label_key(c.text) for t in doc.tables for row in t.grid for c in row if c.is_origin and c.text}
    if not texts:
        texts = {label_key(p.text) for p in doc.paragraphs}
    blob = "\n".join(texts)
    votes = {}
    for v, tpl in templates.items():
        votes[v] = sum(1 for m in tpl.markers if label_key(m) in blob)
    return votes


def parse_title(text: str) -> tuple[int | None, str]:
    t = squash(nfkc(text))
    m = _TITLE_RE.search(t)
    if not m:
        return None, ""
    org = (m.group("org") or m.group("org2") or "").strip(_PUNCT)
    org = re.sub(r"^(关于)", "", org)
    # NFKC made the brackets half-width; agency names are written with full-width ones
    return int(m.group("year")), org.replace("(", "（").replace(")", "）")


def find_title(doc: Document) -> str:
    if doc.title:
        return doc.title
    paras = doc.paragraphs[:20]
    for i, p in enumerate(paras):
        t = squash(p.text)
        if "年度报告" in t and len(p.text) <= 80:
            return p.text.strip()
        # a title wrapped over two lines: "…政府信息公开工作" + "年度报告"
        if "政府信息公开" in t and i + 1 < len(paras) and squash(paras[i + 1].text).startswith(("年度报告", "工作年度报告")):
            return (p.text.strip() + paras[i + 1].text.strip())
    return ""


def find_year(doc: Document, title: str) -> tuple[int | None, str]:
    year, _ = parse_title(title)
    if year:
        return year, "title"
    for p in doc.paragraphs[:40]:
        m = _PERIOD_RE.search(squash(nfkc(p.text)))
        if m:
            return int(m.group(2)), "period"
    return None, ""


def statistics_period_year(doc: Document) -> tuple[int | None, int | None]:
    """(year, paragraph index) of the statistics-period sentence, if any."""
    for i, p in enumerate(doc.paragraphs[:60]):
        m = _PERIOD_RE.search(squash(nfkc(p.text)))
        if m:
            return int(m.group(2)), i
    return None, None
