"""DOCX reader: zip checks, a safe lxml parse of ``word/document.xml``, own walk.

python-docx is not used: it refuses .docm/.dotx content types, its
``doc.tables`` misses tables inside a block ``w:sdt``, ``cell.text`` drops
runs inside ``w:ins``/``w:sdt``/``w:smartTag``/``w:customXml``/``w:fldSimple``,
and ``doc.paragraphs`` on a hostile file can take minutes (see
``spec/extraction.md`` §4 and §11).  Instead the body is walked once, in
document order:

* paragraphs outside tables become :class:`Paragraph` blocks (text-box
  content follows the paragraph that anchors it);
* every ``w:tbl`` becomes a :class:`Table` (block ``w:sdt``, ``w:customXml``,
  text boxes and nested tables included; a nested table follows its outer
  table and its text is not part of the outer cell);
* rows and cells are *direct* children (looking through ``w:sdt`` and
  ``w:customXml``); ``gridBefore``/``gridAfter``, ``gridSpan``, ``vMerge`` and
  legacy ``hMerge`` are resolved into a rectangular grid whose covered
  positions point at their origin cell.

Strict OOXML (``http://purl.oclc.org/ooxml/wordprocessingml/main``) reads the
same way: tag names are built from the namespace the root element uses.
"""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from ..crossdoc import published
from ..document import Cell, Document, Locator, Paragraph, ReadError, Table

# --------------------------------------------------------------------------
# limits (spec §11)

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCUMENT_XML = 20 * 1024 * 1024
MAX_RATIO = 200
RATIO_MIN_SIZE = 1024 * 1024
#: auxiliary parts (styles, numbering, core properties) larger than this are ignored
MAX_AUX_PART = 20 * 1024 * 1024
#: a paragraph longer than this is body text, not a title
MAX_TITLE_CHARS = 100

DOCUMENT_PART = "word/document.xml"

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC = "http://purl.org/dc/elements/1.1/"

_ALTERNATE_CONTENT = f"{{{MC}}}AlternateContent"
_MC_CHOICE = f"{{{MC}}}Choice"
_MC_FALLBACK = f"{{{MC}}}Fallback"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False)


class _W:
    """Clark-notation tag and attribute names for one WordprocessingML namespace."""

    _LOCAL = (
        "body p r t tab ptab br cr noBreakHyphen tbl tr tc tblGrid gridCol trPr tcPr "
        "gridBefore gridAfter gridSpan vMerge hMerge sdt sdtContent sdtPr showingPlcHdr "
        "customXml smartTag hyperlink fldSimple ins moveFrom moveTo txbxContent pPr rPr "
        "pStyle numPr numId ilvl outlineLvl vanish style name basedOn abstractNum "
        "abstractNumId num lvl start numFmt lvlText lvlRestart isLgl suff lvlOverride "
        "startOverride instrText delText"
    ).split()

    def __init__(self, ns: str):
        self.ns = ns
        for local in self._LOCAL:
            setattr(self, local, f"{{{ns}}}{local}")
        self.del_ = f"{{{ns}}}del"  # "del" is a keyword
        self.val = f"{{{ns}}}val"
        self.type_ = f"{{{ns}}}type"
        self.styleId = f"{{{ns}}}styleId"
        self.ilvl_attr = f"{{{ns}}}ilvl"
        self.numId_attr = f"{{{ns}}}numId"
        self.abstractNumId_attr = f"{{{ns}}}abstractNumId"


def _root_ns(root) -> str:
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag.startswith("{"):
        ns = tag[1:].split("}", 1)[0]
        if ns in (W_TRANSITIONAL, W_STRICT):
            return ns
    return W_TRANSITIONAL


def _on(el, w: _W) -> bool:
    """An OOXML on/off property: present and not val="0"/"false"/"off"."""
    if el is None:
        return False
    return el.get(w.val, "true").lower() not in ("0", "false", "off")


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------
# entry point


def read(path: str) -> Document:
    """Read a .docx/.docm/.dotx file into a :class:`Document` (kind ``"docx"``)."""
    try:
        return _read(str(path))
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("E005", "zip_limit", status="partial", limit="memory") from None
    except RecursionError:
        raise ReadError("E001", "corrupt_xml", reason="nesting too deep") from None
    except Exception as exc:  # never crash on a hostile or odd file
        raise ReadError("E001", "corrupt_docx", reason=f"{type(exc).__name__}: {exc}"[:200]) from None


def _read(path: str) -> Document:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ReadError("E001", "corrupt_zip", reason=str(exc)) from None
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError("E001", "corrupt_zip", reason=str(exc) or type(exc).__name__) from None
    with zf:
        infos = check_zip(zf)
        data = _read_member(zf, infos[DOCUMENT_PART])
        root = _parse(data, required=True)
        styles = _Styles(_parse_aux(zf, infos, "word/styles.xml"))
        numbering = _Numbering(_parse_aux(zf, infos, "word/numbering.xml"))
        core = _parse_aux(zf, infos, "docProps/core.xml")
    doc = Document(path=path, kind="docx")
    walker = _Walker(doc, _W(_root_ns(root)), styles, numbering)
    walker.run(root)
    doc.title = _title(doc, core, walker.title_paragraphs)
    doc.published = published.in_docx_core(core)
    return doc


def check_zip(zf: zipfile.ZipFile, part: str = DOCUMENT_PART,
              missing: str = "not_docx") -> dict[str, zipfile.ZipInfo]:
    """The package's members by name, after the size limits (E005) and the main ``part`` (E001 ``missing``)."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ReadError("E005", "zip_limit", status="partial", limit="entries",
                        value=len(infos), max=MAX_ENTRIES)
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        by_name.setdefault(info.filename, info)
    if part not in by_name:
        raise ReadError("E001", missing)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ReadError("E005", "zip_limit", status="partial", limit="total_size",
                        value=total, max=MAX_TOTAL_UNCOMPRESSED)
    size = by_name[part].file_size
    if size > MAX_DOCUMENT_XML:
        raise ReadError("E005", "zip_limit", status="partial", limit="document_xml",
                        value=size, max=MAX_DOCUMENT_XML)
    for info in infos:
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError("E005", "zip_limit", status="partial", limit="compression_ratio",
                            member=info.filename, value=info.file_size // max(info.compress_size, 1),
                            max=MAX_RATIO)
    return by_name


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        with zf.open(info) as fh:
            return fh.read(info.file_size + 1)
    except Exception as exc:  # bad CRC, truncated member, zlib.error, encrypted member, …
        raise ReadError("E001", "corrupt_zip", member=info.filename,
                        reason=str(exc) or type(exc).__name__) from None


def _parse(data: bytes, required: bool):
    """Parse one part; a DTD (never written by Word) or malformed XML is corrupt."""
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        if not required:
            return None
        raise ReadError("E001", "corrupt_xml", reason=str(exc)[:200]) from None
    if root is None:
        if required:
            raise ReadError("E001", "corrupt_xml", reason="empty document")
        return None
    if root.getroottree().docinfo.internalDTD is not None:
        # entity declarations are how XXE and entity bombs work; no Office
        # application writes a DOCTYPE, so refuse rather than guess
        if required:
            raise ReadError("E001", "corrupt_xml", reason="DOCTYPE in document.xml")
        return None
    return root


def _parse_aux(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], name: str):
    info = infos.get(name)
    if info is None or info.file_size > MAX_AUX_PART:
        return None
    try:
        data = _read_member(zf, info)
    except ReadError:
        return None
    return _parse(data, required=False)


# --------------------------------------------------------------------------
# styles and numbering

_HEADING_RE = re.compile(r"^(heading|标题)\s*[1-9]$", re.I)
_TITLE_RE = re.compile(r"^(title|标题)$", re.I)


class _Styles:
    """Paragraph styles: heading/title detection and style-linked numbering."""

    def __init__(self, root):
        self.by_id: dict[str, dict] = {}
        self.default: str | None = None
        self._kind_cache: dict[str, str] = {}
        if root is None:
            return
        w = _W(_root_ns(root))
        for st in root.iter(w.style):
            if st.get(w.type_, "paragraph") != "paragraph":
                continue
            sid = st.get(w.styleId)
            if not sid:
                continue
            name_el = st.find(w.name)
            based = st.find(w.basedOn)
            ppr = st.find(w.pPr)
            num_id = ilvl = outline = None
            if ppr is not None:
                numpr = ppr.find(w.numPr)
                if numpr is not None:
                    e = numpr.find(w.numId)
                    num_id = e.get(w.val) if e is not None else None
                    e = numpr.find(w.ilvl)
                    ilvl = _int(e.get(w.val)) if e is not None else None
                e = ppr.find(w.outlineLvl)
                outline = _int(e.get(w.val)) if e is not None else None
            self.by_id[sid] = {
                "name": (name_el.get(w.val) if name_el is not None else "") or "",
                "based": based.get(w.val) if based is not None else None,
                "num_id": num_id, "ilvl": ilvl, "outline": outline,
            }
            if _on_attr(st.get(f"{{{w.ns}}}default")) and self.default is None:
                self.default = sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen and len(seen) < 20:
            seen.add(sid)
            yield sid, self.by_id[sid]
            sid = self.by_id[sid]["based"]

    def kind(self, sid: str | None) -> str:
        """"title", "heading" or "" for a paragraph style id."""
        if not sid:
            return ""
        cache = self._kind_cache
        if sid in cache:
            return cache[sid]
        result = ""
        info = self.by_id.get(sid)
        names = [sid] + ([info["name"]] if info else [])
        if any(_TITLE_RE.match(n.strip()) for n in names):
            result = "title"
        elif any(_HEADING_RE.match(n.strip()) for n in names):
            result = "heading"
        else:
            for _, st in self._chain(sid):
                if _HEADING_RE.match(st["name"].strip()) or _TITLE_RE.match(st["name"].strip()):
                    result = "heading"
                    break
                if st["outline"] is not None:
                    result = "heading" if 0 <= st["outline"] <= 8 else ""
                    break
        cache[sid] = result
        return result

    def numbering(self, sid: str | None) -> tuple[str | None, int | None]:
        num_id = ilvl = None
        for _, st in self._chain(sid or self.default):
            if num_id is None and st["num_id"] is not None:
                num_id = st["num_id"]
            if ilvl is None and st["ilvl"] is not None:
                ilvl = st["ilvl"]
        return num_id, ilvl


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    parts = []
    zero = False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                parts.append(digits[0])
                zero = False
            parts.append(digits[d] + unit)
        elif parts:
            zero = True
    text = "".join(parts)
    if digits is _CN_DIGITS and 10 <= n < 20:
        text = text[1:]  # 十一, not 一十一
    return text


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _format_number(n: int, fmt: str) -> str | None:
    """Render counter ``n`` in a w:numFmt; None when the format is not rendered."""
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("upperLetter", "lowerLetter"):
        if n <= 0:
            return str(n)
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt == "none":
        return ""
    return None  # bullet and anything exotic: no prefix


class _Numbering:
    """Best-effort rendering of automatic list numbers (numbering.xml)."""

    def __init__(self, root):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.levels: dict[str, dict[int, dict]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        w = _W(_root_ns(root))
        for absn in root.iter(w.abstractNum):
            aid = absn.get(w.abstractNumId_attr)
            if aid is None:
                continue
            self.levels[aid] = {lvl_i: info for lvl_i, info in
                                ((_int(lvl.get(w.ilvl_attr)), _level(lvl, w)) for lvl in absn.findall(w.lvl))
                                if lvl_i is not None}
        for num in root.iter(w.num):
            nid = num.get(w.numId_attr)
            ref = num.find(w.abstractNumId)
            if nid is None or ref is None:
                continue
            overrides: dict[int, int] = {}
            own_levels: dict[int, dict] = {}
            for ov in num.findall(w.lvlOverride):
                il = _int(ov.get(w.ilvl_attr))
                if il is None:
                    continue
                so = ov.find(w.startOverride)
                if so is not None:
                    overrides[il] = _int(so.get(w.val), 1)
                lvl = ov.find(w.lvl)
                if lvl is not None:
                    own_levels[il] = _level(lvl, w)
            aid = ref.get(w.val)
            self.nums[nid] = (aid, overrides)
            if own_levels:
                self.levels[f"{aid}/{nid}"] = {**self.levels.get(aid, {}), **own_levels}

    def render(self, num_id: str | None, ilvl: int | None) -> str:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides = self.nums[num_id]
        levels = self.levels.get(f"{aid}/{num_id}") or self.levels.get(aid)
        if not levels:
            return ""
        ilvl = ilvl if ilvl is not None and 0 <= ilvl <= 8 else 0
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(aid, [None] * 9)
        if lvl["fmt"] == "bullet" or _format_number(1, lvl["fmt"]) is None:
            return ""
        if num_id not in self.started:
            # a w:num with a startOverride restarts the shared list
            self.started.add(num_id)
            for il in overrides:
                if 0 <= il <= 8:
                    counters[il] = None
        if counters[ilvl] is None:
            counters[ilvl] = overrides.get(ilvl, lvl["start"])
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, {}).get("restart")  # 1-based; 0 = never
            if restart is None or (restart > 0 and ilvl + 1 <= restart):
                counters[deeper] = None
        text = lvl["text"]
        if not text:
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            klvl = levels.get(k, {"fmt": "decimal", "start": 1})
            value = counters[k] if counters[k] is not None else klvl.get("start", 1)
            fmt = "decimal" if lvl.get("legal") and klvl.get("fmt") != "none" else klvl.get("fmt", "decimal")
            rendered = _format_number(value, fmt)
            if rendered is None:
                raise _NoNumber
            return rendered

        try:
            prefix = re.sub(r"%([1-9])", sub, text)
        except _NoNumber:
            return ""
        suff = lvl["suff"]
        if suff == "space":
            return prefix + " "
        if suff == "nothing" or not prefix or prefix[-1] in "、.．,，)）:：]】" or not prefix[-1].isascii():
            return prefix
        return prefix + " "


class _NoNumber(Exception):
    pass


def _level(lvl, w: _W) -> dict:
    def val(tag, default=None):
        e = lvl.find(tag)
        return e.get(w.val, default) if e is not None else default

    return {
        "start": _int(val(w.start), 1),
        "fmt": val(w.numFmt, "decimal") or "decimal",
        "text": val(w.lvlText, "") or "",
        "restart": _int(val(w.lvlRestart)),
        "legal": lvl.find(w.isLgl) is not None and _on(lvl.find(w.isLgl), w),
        "suff": val(w.suff, "tab"),
    }


# --------------------------------------------------------------------------
# the walk


class _Walker:
    def __init__(self, doc: Document, w: _W, styles: _Styles, numbering: _Numbering):
        self.doc = doc
        self.w = w
        self.styles = styles
        self.numbering = numbering
        self.nblocks = 0
        #: indexes of paragraphs in a Title style
        self.title_paragraphs: set[int] = set()
        # inline elements whose content is never visible text
        self.skip_inline = {w.pPr, w.rPr, w.del_, w.moveFrom, w.sdtPr, w.instrText, w.delText,
                            w.tcPr, w.trPr}

    # -- blocks ------------------------------------------------------------

    def run(self, root) -> None:
        w = self.w
        body = root.find(w.body)
        if body is None:
            if root.tag == w.body:
                body = root
            else:
                return
        self.blocks(body)

    def blocks(self, container) -> None:
        w = self.w
        for ch in container:
            tag = ch.tag
            if tag == w.p:
                deferred: list = []
                text, kind = self.paragraph(ch, deferred)
                if text:
                    idx = len(self.doc.paragraphs)
                    if kind == "title":
                        self.title_paragraphs.add(idx)
                    self.doc.paragraphs.append(Paragraph(text, Locator(paragraph=idx), order=self.nblocks,
                                                         style="heading" if kind else ""))
                    self.nblocks += 1
                self.deferred(deferred)
            elif tag == w.tbl:
                self.table(ch)
            elif tag == w.sdt:
                content = ch.find(w.sdtContent)
                if content is not None:
                    self.blocks(content)
            elif tag == w.customXml or tag == w.ins or tag == w.moveTo:
                self.blocks(ch)
            elif tag == _ALTERNATE_CONTENT:
                branch = _choose(ch)
                if branch is not None:
                    self.blocks(branch)
            elif tag == w.txbxContent:
                self.blocks(ch)
            # sectPr, bookmarks, proofErr, w:del, w:altChunk …: nothing to read

    def deferred(self, items: list) -> None:
        for el in items:
            if el.tag == self.w.tbl:
                self.table(el)
            else:  # w:txbxContent
                self.blocks(el)

    # -- paragraphs --------------------------------------------------------

    def paragraph(self, p, deferred: list) -> tuple[str, str]:
        """Text of one w:p (numbering prefix included) and its kind ("title"/"heading"/"")."""
        w = self.w
        style_id = None
        num_id = ilvl = None
        has_numpr = False
        outline = None
        ppr = p.find(w.pPr)
        if ppr is not None:
            e = ppr.find(w.pStyle)
            if e is not None:
                style_id = e.get(w.val)
            numpr = ppr.find(w.numPr)
            if numpr is not None:
                has_numpr = True
                e = numpr.find(w.numId)
                num_id = e.get(w.val) if e is not None else None
                e = numpr.find(w.ilvl)
                ilvl = _int(e.get(w.val)) if e is not None else None
            e = ppr.find(w.outlineLvl)
            if e is not None:
                outline = _int(e.get(w.val))
        if self.numbering.nums:
            s_num, s_ilvl = self.styles.numbering(style_id)
            if not has_numpr or num_id is None:
                num_id = num_id if num_id is not None else s_num
            if ilvl is None:
                ilvl = s_ilvl
        buf: list[str] = []
        self.inline(p, buf, deferred)
        text = "".join(buf).strip()
        prefix = self.numbering.render(num_id, ilvl) if num_id and num_id != "0" else ""
        if prefix and text:
            text = prefix + text
        kind = self.styles.kind(style_id)
        if kind == "" and outline is not None and 0 <= outline <= 8:
            kind = "heading"
        return text, kind

    def inline(self, el, buf: list[str], deferred: list) -> None:
        w = self.w
        for ch in el:
            tag = ch.tag
            if tag == w.t:
                if ch.text:
                    buf.append(ch.text)
            elif tag == w.r:
                rpr = ch.find(w.rPr)
                if rpr is not None and _on(rpr.find(w.vanish), w):
                    continue
                self.inline(ch, buf, deferred)
            elif tag == w.tab or tag == w.ptab:
                buf.append("\t")
            elif tag == w.br or tag == w.cr:
                buf.append("\n")
            elif tag == w.noBreakHyphen:
                buf.append("-")
            elif tag == w.txbxContent or tag == w.tbl:
                deferred.append(ch)
            elif tag == _ALTERNATE_CONTENT:
                branch = _choose(ch)
                if branch is not None:
                    self.inline(branch, buf, deferred)
            elif tag == w.sdt:
                ppr = ch.find(w.sdtPr)
                if ppr is not None and _on(ppr.find(w.showingPlcHdr), w):
                    continue  # placeholder prompt ("单击此处输入文字"), not a value
                content = ch.find(w.sdtContent)
                if content is not None:
                    self.inline(content, buf, deferred)
            elif tag in self.skip_inline or not isinstance(tag, str):
                continue
            elif len(ch):
                # w:ins, w:hyperlink, w:smartTag, w:customXml, w:fldSimple, w:moveTo,
                # w:drawing/w:pict/…: read through
                self.inline(ch, buf, deferred)

    # -- tables ------------------------------------------------------------

    def table(self, tbl) -> None:
        w = self.w
        deferred: list = []
        rows = []  # (gridBefore, gridAfter, [(span, vmerge, hmerge, text)])
        for tr in _children(tbl, w.tr, w):
            trpr = tr.find(w.trPr)
            before = after = 0
            if trpr is not None:
                if trpr.find(w.del_) is not None:
                    continue  # tracked deletion of the whole row
                e = trpr.find(w.gridBefore)
                before = max(_int(e.get(w.val), 0), 0) if e is not None else 0
                e = trpr.find(w.gridAfter)
                after = max(_int(e.get(w.val), 0), 0) if e is not None else 0
            cells = []
            for tc in _children(tr, w.tc, w):
                span, vmerge, hmerge = 1, None, None
                tcpr = tc.find(w.tcPr)
                if tcpr is not None:
                    e = tcpr.find(w.gridSpan)
                    if e is not None:
                        span = min(max(_int(e.get(w.val), 1), 1), 1000)
                    e = tcpr.find(w.vMerge)
                    if e is not None:
                        vmerge = e.get(w.val, "continue")
                    e = tcpr.find(w.hMerge)
                    if e is not None:
                        hmerge = e.get(w.val, "continue")
                parts: list[str] = []
                self.cell_content(tc, parts, deferred)
                cells.append((span, vmerge, hmerge, "\n".join(parts).strip()))
            rows.append((min(before, 1000), min(after, 1000), cells))
        if rows:
            grid_el = tbl.find(w.tblGrid)
            ncols = len(grid_el.findall(w.gridCol)) if grid_el is not None else 0
            grid = _build_grid(rows, ncols)
            index = len(self.doc.tables)
            self.doc.tables.append(Table(index, grid, Locator(table=index), spans_known=True))
            self.doc.table_order.append(self.nblocks)
            self.nblocks += 1
        self.deferred(deferred)

    def cell_content(self, container, parts: list[str], deferred: list) -> None:
        w = self.w
        for ch in container:
            tag = ch.tag
            if tag == w.p:
                text, _ = self.paragraph(ch, deferred)
                parts.append(text)
            elif tag == w.tbl:
                deferred.append(ch)  # a nested table is its own Table
            elif tag == w.sdt:
                content = ch.find(w.sdtContent)
                if content is not None:
                    self.cell_content(content, parts, deferred)
            elif tag == w.customXml or tag == w.ins or tag == w.moveTo:
                self.cell_content(ch, parts, deferred)
            elif tag == _ALTERNATE_CONTENT:
                branch = _choose(ch)
                if branch is not None:
                    self.cell_content(branch, parts, deferred)


def _choose(alt):
    """mc:AlternateContent: the first mc:Choice, else mc:Fallback (never both)."""
    fallback = None
    for ch in alt:
        if ch.tag == _MC_CHOICE:
            return ch
        if ch.tag == _MC_FALLBACK and fallback is None:
            fallback = ch
    return fallback


def _children(el, tag: str, w: _W):
    """Direct children with ``tag``, looking through w:sdt/w:sdtContent and w:customXml."""
    for ch in el:
        t = ch.tag
        if t == tag:
            yield ch
        elif t == w.sdt:
            content = ch.find(w.sdtContent)
            if content is not None:
                yield from _children(content, tag, w)
        elif t == w.customXml:
            yield from _children(ch, tag, w)
        elif t == _ALTERNATE_CONTENT:
            branch = _choose(ch)
            if branch is not None:
                yield from _children(branch, tag, w)


def _build_grid(rows, ncols: int) -> list[list[Cell]]:
    """Resolve gridBefore/gridSpan/vMerge/hMerge into a rectangular grid of cells."""
    origins: list[list] = []  # [row, col, rowspan, colspan, text]
    owner: list[list[int | None]] = []
    width = ncols
    for r, (before, after, cells) in enumerate(rows):
        line: list[int | None] = [None] * before
        c = before
        for span, vmerge, hmerge, text in cells:
            target = None
            if vmerge is not None and vmerge != "restart" and r > 0:
                above = owner[r - 1][c] if c < len(owner[r - 1]) else None
                if above is not None:
                    o = origins[above]
                    if o[1] == c and o[3] == span and o[0] + o[2] == r:
                        target = above
                        o[2] += 1
            if target is None and hmerge is not None and hmerge != "restart" and line:
                left = line[-1]
                if left is not None:
                    o = origins[left]
                    if o[0] == r and o[2] == 1 and o[1] + o[3] == c:
                        target = left
                        o[3] += span
            if target is None:
                target = len(origins)
                origins.append([r, c, 1, span, text])
            elif text:
                o = origins[target]
                o[4] = f"{o[4]}\n{text}" if o[4] else text
            line.extend([target] * span)
            c += span
        width = max(width, c + after, c)
        owner.append(line)
    grid: list[list[Cell]] = []
    for r, line in enumerate(owner):
        row: list[Cell] = []
        for c in range(width):
            k = line[c] if c < len(line) else None
            if k is None:
                row.append(Cell("", r, c, (r, c)))
            else:
                o0, o1, rs, cs, text = origins[k]
                row.append(Cell(text, r, c, (o0, o1), rowspan=rs, colspan=cs))
        grid.append(row)
    return grid


# --------------------------------------------------------------------------
# title


def _title(doc: Document, core, marked: set[int]) -> str:
    for i, p in enumerate(doc.paragraphs):
        text = re.sub(r"\s*\n\s*", "", p.text).strip()
        if not text:
            continue
        if i in marked:
            return text
        if "政府信息公开" in text and "年度报告" in text and len(text) <= MAX_TITLE_CHARS:
            return text
    if core is not None:
        el = core.find(f"{{{DC}}}title")
        if el is not None and el.text and el.text.strip():
            return el.text.strip()
    return ""
