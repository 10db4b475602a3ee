"""HTML reader: saved government web pages and Word-exported HTML → Document.

Steps (see spec/extraction.md §6, §11):

1. ``decode_report`` (:mod:`.integrity`) turns the bytes into text (:mod:`.decode`: BOM,
   strict UTF-8, the declared ``charset=`` or GB18030, damaged bytes replaced,
   charset_normalizer, each result judged) and refuses a page whose encoding cannot be
   told (E001) or that is cut off (E001, not checked).
2. :func:`parse_html` parses it with libxml2's HTML parser (the one
   ``lxml.html`` uses, here with plain ``lxml.etree`` elements for speed):
   recovering, no network, no DTD or entity loading; scripts, styles, form
   widgets and comments are dropped.
3. :func:`find_body` picks the article body and leaves the site chrome
   (menus, breadcrumbs, share widgets, footers) out.
4. :class:`_Flow` walks the body in document order and yields paragraphs
   (block-level text outside tables) and data tables; layout tables that only
   wrap other tables or text are walked through, not reported.
5. :func:`build_grid` expands rowspan/colspan into a rectangular grid.

:func:`read` is the reader entry point (``read(path) -> Document``);
:func:`read_bytes` does the same for bytes already in memory.
"""

from __future__ import annotations

import re

import lxml.etree as etree

from ..crossdoc import published
from ..document import Cell, Document, Locator, Paragraph, ReadError, ReaderNote, Table
from .integrity import decode_report

# --------------------------------------------------------------------------
# parsing

_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# C0 controls other than tab/newline/CR: not allowed in XML text, so lxml would
# refuse them later when text is set; in UTF-8 these bytes never occur inside
# a multi-byte sequence, so deleting them from the encoded bytes is safe
_CTRL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
# non-characters: "\ufdd0" is used as a line-break marker in table cells
_NONCHARS = ("\ufdd0", "\ufffe", "\uffff")
_DROP_TAGS = ("script", "style", "noscript", "template", "select", "button", "textarea",
              "iframe", "object", "embed", "svg", "math", "map")


def parse_html(text: str, problems: list | None = None):
    """Parse decoded text into an lxml root element (``<html>``); never
    fetches anything.  Limits libxml2 hit (nesting deeper than 255, which
    truncates the document) are appended to ``problems``."""
    text = _XML_DECL_RE.sub("", text.lstrip("\ufeff"), count=1)
    for ch in _NONCHARS:
        if ch in text:
            text = text.replace(ch, "")
    if not text.strip():
        raise ReadError("E001", "empty_html")
    # the decoded text goes to libxml2 as UTF-8 with the encoding fixed, so a
    # (possibly wrong) meta charset in the page is ignored
    data = text.encode("utf-8", errors="replace").translate(None, _CTRL_BYTES)
    # libxml2's HTML parser (what lxml.html uses) with plain elements: faster,
    # no network, no DTD loading, recovers from any markup
    parser = etree.HTMLParser(encoding="utf-8", recover=True, no_network=True,
                              remove_comments=True, remove_pis=True, huge_tree=False,
                              default_doctype=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if problems is not None:
        for entry in parser.error_log:
            if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
                problems.append(entry.message.strip())
                break
    if root is None:
        raise ReadError("E001", "empty_html")
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS)):
        _drop(el)
    return root


def _drop(el) -> None:
    """Remove ``el`` and its subtree, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _tag(el) -> str:
    t = el.tag
    return t if isinstance(t, str) else ""  # libxml2 lowercases HTML tag names


# --------------------------------------------------------------------------
# finding the article body

_SECTION_RE = re.compile(
    r"^[一二三四五六七八九十]{1,2}\s*[、.．,，]\s*"
    r"(?:\S{0,12}总体情况|\S{0,6}主动公开|\S{0,6}收到和处理|\S{0,14}行政复议|\S{0,8}行政诉讼"
    r"|\S{0,6}存在的?主要问题|\S{0,6}其他需要报告)"
)
_TABLE_LABEL_RE = re.compile(
    r"本年新收|申请人情况|上年结转|行政复议|第二十条|信息内容|本年新制作|本年制发|处理决定|结果维持"
)
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_NUMERALS = frozenset("一二三四五六七八九十")
_HEADING_CANDIDATE_TAGS = ("p", "div", "li", "dt", "dd", "center", "h1", "h2", "h3", "h4", "h5", "h6")
# containers CMSs put the article text in (and nothing else): (attribute, lowercased value)
_ARTICLE_CONTAINERS = (
    ("class", "trs_editor"), ("class", "trs_ueditor"),
    ("id", "article_content"), ("class", "article_content"), ("id", "articlecontent"),
    ("class", "articlecontent"), ("class", "article-content"), ("id", "article-content"),
    ("id", "zoom"), ("class", "zoom"), ("id", "fontzoom"),
    ("class", "con_text"), ("class", "pages_content"), ("class", "wzy_content"),
    ("class", "detail_content"), ("class", "news_content"), ("class", "content_text"),
    ("class", "article-body"), ("class", "article_body"),
)
_CHROME_WORDS = frozenset((
    "nav", "navbar", "menu", "menus", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "share",
    "sharebox", "bdsharebuttonbox", "footer", "foot", "sidebar", "toolbar", "dqwz", "position",
    "location", "copyright", "topbar", "search", "login", "links", "friendlink", "related",
    "qrcode", "ewm", "erweima", "attachment", "attachments", "btn",
))
_CHROME_SPLIT_RE = re.compile(r"[\s_\-]+")


def _class_tokens(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _matches_container(el, kind: str, value: str) -> bool:
    if kind == "tag":
        return _tag(el) == value
    if kind == "id":
        return (el.get("id") or "").strip().lower() == value
    return value in _class_tokens(el)


def _is_article_container(el) -> bool:
    return any(_matches_container(el, k, v) for k, v in _ARTICLE_CONTAINERS)


def _is_chrome(el) -> bool:
    if _tag(el) in ("nav", "aside"):
        return True
    words = set()
    for attr in ("class", "id"):
        v = el.get(attr)
        if v:
            words.update(_CHROME_SPLIT_RE.split(v.lower()))
    return bool(words & _CHROME_WORDS)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _text_of(el) -> str:
    """All text inside ``el`` (not its tail)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _has_nested_table(table) -> bool:
    for _ in table.iterdescendants("table"):
        return True
    return False


def find_anchors(root) -> list:
    """Elements that are certainly report content: tables with report labels and
    short blocks that open with a section heading (一、总体情况 …)."""
    anchors = []
    in_data_tables = set()  # headings sit outside tables, or inside layout tables only
    for t in root.iter("table"):
        if not _has_nested_table(t):
            in_data_tables.update(t.iter(*_HEADING_CANDIDATE_TAGS))
            if _TABLE_LABEL_RE.search(_norm(_text_of(t))):
                anchors.append(t)
    for el in root.iter(*_HEADING_CANDIDATE_TAGS):
        if el in in_data_tables:
            continue  # a row label inside a data table (三、本年度办理结果 …)
        if el.tag == "div" and any(_tag(ch) in _BLOCK_TAGS for ch in el):
            continue  # a wrapper: its own block children are checked instead
        text = _text_of(el)
        if len(text) > 200 or text.lstrip()[:1] not in _NUMERALS:
            continue
        text = _norm(text)
        if len(text) > 60 or not _SECTION_RE.match(text):
            continue
        if _in_chrome_or_link(el):
            continue  # 一、总体情况 as a link in a menu or a list of other pages
        anchors.append(el)
    return anchors


def _in_chrome_or_link(el) -> bool:
    if next(el.iter("a"), None) is not None:
        link_text = sum(len(_norm(_text_of(a))) for a in el.iter("a"))
        if link_text * 2 >= len(_norm(_text_of(el))):
            return True
    for anc in el.iterancestors():
        if anc.tag == "a" or ((anc.get("class") or anc.get("id") or anc.tag in ("nav", "aside"))
                              and _is_chrome(anc)):
            return True
    return False


def _lowest_common_ancestor(elements: list):
    paths = []
    for el in elements:
        chain = [el] + list(el.iterancestors())
        chain.reverse()
        paths.append(chain)
    common = None
    for level in zip(*paths):
        first = level[0]
        if all(x is first for x in level):
            common = first
        else:
            break
    return common


def find_body(root, anchors: list | None = None):
    """The element holding the article.

    With report anchors (see :func:`find_anchors`): the deepest CMS article
    container (div.TRS_Editor, .article_content, #zoom …) that holds all of
    them, else their lowest common ancestor widened over article-like
    neighbours (:func:`_widen`).  Without anchors: the article container with
    the most text, else the block with the most text of its own, widened.
    """
    body = root.find("body")
    if body is None:
        body = root
    if anchors is None:
        anchors = find_anchors(root)
    if anchors:
        parents = [a.getparent() if a.getparent() is not None else a for a in anchors]
        core = _lowest_common_ancestor(parents)
        if core is None:
            core = body
        # deepest article container that contains the core
        for el in [core] + list(core.iterancestors()):
            if _tag(el) in ("html", "body"):
                break
            if _is_article_container(el):
                return el
        # a stray heading-like line elsewhere on the page (a list of other
        # reports, say) must not pull the whole page in: an article container
        # holding all report tables and most headings wins
        tables = [a for a in anchors if a.tag == "table"]
        for el in body.iter():
            if not isinstance(el.tag, str) or not (el.get("class") or el.get("id")):
                continue
            if _is_article_container(el):
                inside = {a for a in anchors if any(x is el for x in a.iterancestors())}
                if all(t in inside for t in tables) and len(inside) >= 0.75 * len(anchors):
                    return el
        return _widen(core, body)
    for kind, value in _ARTICLE_CONTAINERS:
        best = None
        best_len = 0
        for el in body.iter():
            if _matches_container(el, kind, value):
                n = len(_norm(_text_of(el)))
                if n > best_len:
                    best, best_len = el, n
        if best is not None and best_len >= 20:
            return best
    return _widen(_densest_block(body), body)


_CHROME_TEXT_RE = re.compile(
    r"版权所有|网站地图|当前位置|ICP备|网站标识码|主办单位[:：]|承办单位[:：]|联系我们|扫一扫|分享到|"
    r"无障碍|首页\s*[>＞»]|上一篇|下一篇|打印本页|关闭窗口"
)
_CHROME_BLOCK_CHARS = 150


def _looks_like_chrome(parent, child) -> bool:
    """Does ``parent`` hold, beside ``child``, navigation: mostly link text,
    or a short block with footer/breadcrumb phrases?  Chrome-classed
    siblings are left out (they are dropped anyway)."""
    total = len(_norm(parent.text or ""))
    links = 0
    for ch in parent:
        total += len(_norm(ch.tail or ""))
        if ch is child or (isinstance(ch.tag, str) and _is_chrome(ch)):
            continue
        text = _norm(_text_of(ch))
        total += len(text)
        links += sum(len(_norm(_text_of(a))) for a in ch.iter("a"))
        if len(text) <= _CHROME_BLOCK_CHARS and _CHROME_TEXT_RE.search(text):
            return True
    return total > 0 and links > total * 0.3


def _widen(core, body):
    """Climb from ``core`` while the parent adds only article-like text (a
    title, a date line, an intro), see :func:`_looks_like_chrome`."""
    el = core
    while el is not body:
        parent = el.getparent()
        if parent is None or _tag(parent) in ("html", "body") or _looks_like_chrome(parent, el):
            break
        el = parent
    return el


def _densest_block(body):
    """The element with the most text directly in it (its own text nodes and
    inline/paragraph children), ignoring link text."""
    best, best_score = body, -1
    inline = {"p", "span", "font", "strong", "b", "em", "i", "u", "br", "h1", "h2", "h3", "h4",
              "h5", "h6", "table", "center", "sup", "sub"}
    for el in body.iter():
        tag = _tag(el)
        if tag not in ("div", "td", "article", "section", "main", "body", "center"):
            continue
        score = len(_norm(el.text or ""))
        for ch in el:
            if _tag(ch) in inline:
                score += len(_norm(_text_of(ch))) - sum(len(_norm(_text_of(a))) for a in ch.iter("a"))
            score += len(_norm(ch.tail or ""))
        if score > best_score:
            best, best_score = el, score
    return best


# --------------------------------------------------------------------------
# walking the body

_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "pre",
    "address", "center", "figure", "figcaption", "hr", "form", "fieldset", "legend", "details",
    "summary", "body", "html", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
    "title", "dir", "menu", "listing", "xmp", "plaintext", "option",
))
_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LAYOUT_CELL_CHARS = 600
_NUMBER_TEXT_RE = re.compile(r"[\d.,，+\-]+")
_MAX_GRID_CELLS = 250_000
_MAX_SPAN_COLS = 1000
_MAX_SPAN_ROWS = 65534
_MAX_DEPTH = 500


def clean_paragraph(s: str) -> str:
    """Collapse whitespace (NBSP and ideographic space included) and strip."""
    return _WS_RE.sub(" ", _INVISIBLE_RE.sub("", s)).strip()


class _Flow:
    """Turns a body element into blocks: ("p", text, style) and ("t", table)."""

    def __init__(self, keep: set):
        self.blocks: list[tuple] = []
        self.buf: list[str] = []
        self.heading = 0
        self.keep = keep  # ancestors of anchors: never dropped as chrome
        self.too_deep = False  # a subtree below _MAX_DEPTH was skipped

    def add(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def flush(self) -> None:
        if self.buf:
            text = clean_paragraph("".join(self.buf))
            self.buf = []
            if text:
                self.blocks.append(("p", text, "heading" if self.heading else ""))

    def walk(self, el, depth: int = 0) -> None:
        tag = _tag(el)
        if not tag:
            return
        if depth > _MAX_DEPTH:  # libxml2 stops at 256 levels; older builds may not
            self.too_deep = True
            return
        if el not in self.keep and (el.get("class") or el.get("id") or tag in ("nav", "aside")) \
                and _is_chrome(el):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and not is_layout_table(el):
            self.flush()
            self.blocks.append(("t", el))
            return
        block = tag in _BLOCK_TAGS
        heading = tag in _HEADING_TAGS
        if block:
            self.flush()
        if heading:
            self.heading += 1
        self.add(el.text)
        for child in el:
            self.walk(child, depth + 1)
            self.add(child.tail)
        if block:
            self.flush()
        if heading:
            self.heading -= 1


def _own_rows(table) -> list:
    rows = []
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is table:
            rows.append(tr)
    return rows


def _row_cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th")]


def is_layout_table(table) -> bool:
    """A table that only arranges content: it wraps other tables, has a single
    cell, says role=presentation, or holds a cell of running text."""
    if _has_nested_table(table):
        return True
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    cells = list(table.iter("td", "th"))  # no nested tables here: all are its own
    if len(cells) <= 1:
        return True
    if len(_text_of(table)) <= _LAYOUT_CELL_CHARS:
        return False
    for c in cells:
        text = _norm(_text_of(c))
        if len(text) > _LAYOUT_CELL_CHARS and not _NUMBER_TEXT_RE.fullmatch(text):
            return True  # running text; a long number is an (absurd) data cell
    return False


_BRK = "\ufdd0"  # structural line break inside a cell: a noncharacter, removed from the input
_CELL_BREAK_TAGS = tuple(sorted(_BLOCK_TAGS - {"td", "th", "tr", "table", "tbody", "thead", "tfoot"}))


def _mark_breaks(table) -> None:
    """Put a break marker after each <br> and around each block element
    (<p>, <div> …) inside ``table``, so a cell's text is one XPath string()."""
    for el in table.iter("br", *_CELL_BREAK_TAGS):
        if el.tag != "br":
            el.text = _BRK + (el.text or "")
        el.tail = _BRK + (el.tail or "")


def cell_text(td) -> str:
    """Text of a cell (after :func:`_mark_breaks` on its table): all
    descendants joined; <br> and block boundaries become "\n"; NBSP,
    ideographic spaces and source line breaks become spaces; each line is
    collapsed and stripped, empty lines dropped.  A vertical header written
    one character per <p> reads "结\n果\n维\n持"."""
    text = _WS_RE.sub(" ", _INVISIBLE_RE.sub("", _text_of(td)))
    if _BRK not in text:
        return text.strip()
    return "\n".join(line for line in (piece.strip() for piece in text.split(_BRK)) if line)


def _span(value: str | None, cap: int) -> int:
    if not value:
        return 1
    m = re.match(r"\s*\+?(\d{1,9})", value)
    if not m:
        return 1
    n = int(m.group(1))
    if n < 1:
        return 1
    return min(n, cap)


class _TooLarge(Exception):
    pass


def build_grid(table) -> list[list[Cell]]:
    """Expand rowspan/colspan into a rectangular grid of :class:`Cell`.

    Every covered position gets a copy of its origin's text with
    ``origin=(r0, c0)``; rowspans are clipped to the table's last row;
    short rows are padded with empty origin cells.
    """
    _mark_breaks(table)
    rows = [_row_cells(tr) for tr in _own_rows(table)]
    nrows = len(rows)
    occupied: dict[tuple[int, int], Cell] = {}
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for td in cells:
            while (r, c) in occupied:
                c += 1
            rs = min(_span(td.get("rowspan"), _MAX_SPAN_ROWS), nrows - r)
            cs = _span(td.get("colspan"), _MAX_SPAN_COLS)
            if len(occupied) + rs * cs > _MAX_GRID_CELLS:
                raise _TooLarge()
            text = cell_text(td)
            for dr in range(rs):
                for dc in range(cs):
                    occupied[(r + dr, c + dc)] = Cell(text, r + dr, c + dc, (r, c), rs, cs)
            c += cs
            width = max(width, c)
    if nrows * width > _MAX_GRID_CELLS:
        raise _TooLarge()
    grid = []
    for r in range(nrows):
        row = []
        for c in range(width):
            cell = occupied.get((r, c))
            row.append(cell if cell is not None else Cell("", r, c, (r, c)))
        grid.append(row)
    return _drop_blank_lines(grid)


def _blank(cell: Cell) -> bool:
    return not cell.text and cell.rowspan == 1 and cell.colspan == 1


def _drop_blank_lines(grid: list[list[Cell]]) -> list[list[Cell]]:
    """Drop rows and columns that hold no text and no merged cell (Word exports
    add blank trailing rows; ragged rows leave blank padding columns), then
    renumber positions and origins."""
    if not grid:
        return grid
    keep_rows = [r for r, row in enumerate(grid) if not all(_blank(c) for c in row)]
    width = len(grid[0])
    keep_cols = [c for c in range(width) if not all(_blank(grid[r][c]) for r in keep_rows)]
    if len(keep_rows) == len(grid) and len(keep_cols) == width:
        return grid
    new_r = {old: new for new, old in enumerate(keep_rows)}
    new_c = {old: new for new, old in enumerate(keep_cols)}
    out = []
    for r in keep_rows:
        row = []
        for c in keep_cols:
            cell = grid[r][c]
            cell.row, cell.col = new_r[r], new_c[c]
            cell.origin = (new_r[cell.origin[0]], new_c[cell.origin[1]])
            row.append(cell)
        out.append(row)
    return out


# --------------------------------------------------------------------------
# title

_TITLE_SPLIT_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|——|－)\s*")
_REPORT_WORDS_RE = re.compile(r"年度报告|年报")


def _is_report_title(text: str) -> bool:
    t = _norm(text)
    return "政府信息公开" in t and bool(_REPORT_WORDS_RE.search(t)) and len(t) <= 80


def clean_page_title(title: str) -> str:
    """``<title>`` without site suffixes: the segment naming the report."""
    title = clean_paragraph(title)
    segments = [s for s in _TITLE_SPLIT_RE.split(title) if s.strip()]
    if not segments:
        return ""
    for pred in (_is_report_title, lambda s: bool(_REPORT_WORDS_RE.search(s))):
        for s in segments:
            if pred(s):
                return s.strip()
    return segments[0].strip()


_SENTENCE_PUNCT_RE = re.compile(r"[。，；：:;,！？]")


def _join_lines(parts: list[str]) -> str:
    out = parts[0]
    for nxt in parts[1:]:
        sep = " " if out[-1:].isascii() and nxt[:1].isascii() else ""
        out += sep + nxt
    return out


def _title_in_body(paragraphs: list[Paragraph], first_table_order: int | None) -> str:
    """A report title among the first paragraphs, possibly broken over up to
    three lines (平潭综合实验区2019年<br>政府信息公开工作年度报告)."""
    head = []
    for p in paragraphs[:6]:
        if first_table_order is not None and p.order > first_table_order:
            break
        head.append(p.text)
    for start in range(len(head)):
        for size in (1, 2, 3):
            parts = head[start:start + size]
            if len(parts) < size:
                break
            if size > 1 and any(len(x) > 40 or _SENTENCE_PUNCT_RE.search(x) for x in parts):
                break
            joined = _join_lines(parts)
            if _is_report_title(joined):
                return joined
    return ""


def find_title(root, paragraphs: list[Paragraph], first_table_order: int | None) -> str:
    """The report title: in the body (the first lines or a heading), else the
    page <title> without the site suffixes, else the ArticleTitle meta, else
    the first paragraph."""
    title = _title_in_body(paragraphs, first_table_order)
    if title:
        return title
    for p in paragraphs:
        if p.style == "heading" and _is_report_title(p.text):
            return p.text
    head_title = ""
    t = root.find(".//title")
    if t is not None:
        head_title = clean_page_title(_text_of(t))
    if head_title and _is_report_title(head_title):
        return head_title
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in ("articletitle", "og:title", "title"):
            content = clean_paragraph(meta.get("content") or "")
            if _is_report_title(content):
                return content
    if head_title:
        return head_title
    return paragraphs[0].text if paragraphs else ""


# --------------------------------------------------------------------------
# entry point

def read(path: str) -> Document:
    """Read an HTML file into a :class:`Document` (kind ``"html"``)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ReadError("E001", "not_readable", path=path, reason=exc.strerror or str(exc)) from None
    return read_bytes(data, path)


def read_bytes(data: bytes, path: str = "") -> Document:
    """Read HTML bytes into a :class:`Document`; raises :class:`ReadError`
    (E001 ``empty_html``) when the page holds no text, E005 when all there
    was hit a limit.  Limits hit on the way become E005 reader notes."""
    text, notes = decode_report(data, "html")
    problems: list[str] = []
    root = parse_html(text, problems)
    anchors = find_anchors(root)
    body = find_body(root, anchors)
    keep = {body}
    for a in anchors:
        keep.add(a)
        keep.update(a.iterancestors())
    flow = _Flow(keep)
    flow.walk(body)
    flow.flush()

    if flow.too_deep:
        problems.append(f"nesting deeper than {_MAX_DEPTH} levels")
    doc = Document(path=str(path), kind="html", notes=notes)
    for message in problems:
        doc.notes.append(ReaderNote("E005", "html_truncated", {"reason": message}))
    order = 0
    for block in flow.blocks:
        if block[0] == "p":
            i = len(doc.paragraphs)
            doc.paragraphs.append(Paragraph(block[1], Locator(paragraph=i), order=order, style=block[2]))
            order += 1
            continue
        table_el = block[1]
        i = len(doc.tables)
        try:
            grid = build_grid(table_el)
        except _TooLarge:
            # the table is left out; "block" is where it sat among paragraphs and tables
            doc.notes.append(ReaderNote("E005", "table_too_large",
                                        {"block": order, "limit": _MAX_GRID_CELLS}))
            continue
        if not grid or not any(c.text for row in grid for c in row):
            continue
        caption = next(table_el.iter("caption"), None)
        doc.tables.append(Table(i, grid, locator=Locator(table=i), spans_known=True,
                                caption=cell_text(caption) if caption is not None else ""))
        doc.table_order.append(order)
        order += 1

    if not doc.paragraphs and not doc.tables:
        limits = [n for n in doc.notes if n.code == "E005"]
        if limits:  # everything there was hit a limit
            raise ReadError("E005", limits[0].key, status="partial", **limits[0].params)
        raise ReadError("E001", "empty_html")
    first_table = doc.table_order[0] if doc.table_order else None
    doc.title = find_title(root, doc.paragraphs, first_table)
    doc.published = published.in_html(root)
    return doc
