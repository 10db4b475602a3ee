"""Format version, title, year and agency of a report."""

from __future__ import annotations

import re

from ..document import Document
from ..normalize import label_key, nfkc, squash
from ..templates import Template

_TITLE_RE = re.compile(r"(?P<org>.*?)(?P<year>(19|20)\d{2})\s*年度?(?P<org2>.*?)政府信息公开(工作)?(的)?(年度?)?报告")
_TITLE_CORE_RE = re.compile(r"政府信息公开工?作?的?年?度?报告")
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
    """The report's title: from the largest text where the reader knows font sizes (PDF), else
    the title the reader found in the markup; then the first paragraphs that read as a title.
    With font sizes, the document's own text goes before its metadata title."""
    sized = title_by_size(doc.paragraphs)
    if sized:
        return sized
    has_sizes = any(p.size for p in doc.paragraphs[:20])
    if doc.title and not has_sizes:
        return doc.title
    return _title_in_text(doc) or doc.title


def _title_in_text(doc: Document) -> str:
    paras = doc.paragraphs[:20]
    for i, p in enumerate(paras):
        t = squash(p.text)
        if _is_title(t) and len(p.text) <= 80:
            return p.text.strip()
        # a title wrapped over two lines: "…政府信息公开工作" + "年度报告"
        if "政府信息公开" in t and i + 1 < len(paras) and squash(paras[i + 1].text).startswith(
                ("年度报告", "工作年度报告", "工作报告")):
            return (p.text.strip() + paras[i + 1].text.strip())
    return ""


def _is_title(text: str) -> bool:
    return "年度报告" in text or bool(_TITLE_CORE_RE.search(text))


def title_by_size(paragraphs, max_len: int = 80) -> str:
    """The title from the largest text of the first page (readers that know font sizes: PDF).

    Tried from the largest size down, over the paragraphs of one size in
    reading order (text of another size, such as a floating note, may sit
    between them): the first paragraph that completes "政府信息公开…报告",
    alone or with the next one (a title wrapped over two lines), preceded by
    one or two more while the title still names no agency ("淮安市人民政府" /
    "2024年政府信息公开工作年度报告").
    """
    sized = [p for p in paragraphs[:80] if p.size and p.text.strip()]
    if not sized:
        return ""
    first_page = sized[0].locator.page
    sized = [p for p in sized if p.locator.page == first_page]
    levels = sorted({round(p.size * 2) / 2 for p in sized}, reverse=True)
    for level in levels[:4]:
        same = [squash(p.text) for p in sized if abs(p.size - level) <= 0.05 * level + 0.25]
        for k, text in enumerate(same):
            if _TITLE_CORE_RE.search(text):
                title, start = text, k
            elif k + 1 < len(same) and _TITLE_CORE_RE.search(text + same[k + 1]) \
                    and not _TITLE_CORE_RE.search(same[k + 1]):
                title, start = text + same[k + 1], k
            else:
                continue
            while start > 0 and k - start < 2 and not parse_title(title)[1] \
                    and len(same[start - 1]) + len(title) <= max_len:
                start -= 1
                title = same[start] + title
            if len(title) <= max_len:
                return title
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
