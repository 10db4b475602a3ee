"""DOCX reader: the 2021 template and trap variants built from it (spec §4, §11)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from govdisclose_lint.document import ReadError
from govdisclose_lint.readers.docx import read

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W = f"{{{W_NS}}}"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


# --------------------------------------------------------------------------
# helpers


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_zip(dest: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return dest


def variant(template: Path, dest: Path, edit=None, replace: dict[str, bytes] | None = None) -> Path:
    """Copy the template zip to ``dest``, editing word/document.xml with ``edit(root)``
    and replacing or adding the members in ``replace``."""
    parts = members(template)
    if edit is not None:
        root = etree.fromstring(parts["word/document.xml"])
        edit(root)
        parts["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)
    parts.update(replace or {})
    return write_zip(dest, parts)


def frag(xml: str):
    """Parse a WordprocessingML fragment (one element) with the usual prefixes."""
    wrapped = etree.fromstring(f"<root {NSDECL}>{xml}</root>")
    return wrapped[0]


def run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def tables_xml(root):
    body = root.find(W + "body")
    return [t for t in body.iter(W + "tbl")]


def data_cells(tbl):
    """T3's number cells: the last 7 w:tc of each data row (rows 3..27)."""
    rows = tbl.findall(W + "tr")
    return [(r, row.findall(W + "tc")[-7:]) for r, row in enumerate(rows) if r >= 3]


def cell_paragraph(tc):
    return tc.find(W + "p")


@pytest.fixture
def template(corpus) -> Path:
    return corpus("template-2021.docx")


@pytest.fixture
def doc(template):
    return read(str(template))


# --------------------------------------------------------------------------
# the template (issue 3 acceptance)


def test_template_reads_three_grids(doc):
    assert doc.kind == "docx"
    assert [(t.nrows, t.ncols) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    for i, t in enumerate(doc.tables):
        assert t.index == i and t.locator.table == i and t.spans_known
        assert all(len(row) == t.ncols for row in t.grid)
        for r, row in enumerate(t.grid):
            for c, cell in enumerate(row):
                assert (cell.row, cell.col) == (r, c)


def test_template_t3_merges(doc):
    t3 = doc.tables[1]
    g = t3.grid
    # 三、本年度办理结果: vertical merge over 22 rows in column 0
    origin = g[5][0]
    assert origin.text == "三、本年度办理结果"
    assert origin.is_origin and origin.rowspan == 22 and origin.colspan == 1
    for r in range(5, 27):
        assert g[r][0].origin == (5, 0)
        assert g[r][0].text == "三、本年度办理结果"
    assert g[27][0].text.startswith("四、结转下年度继续办理")
    # （三）不予公开 over 8 rows in column 1
    bu = g[7][1]
    assert bu.text == "（三）不予公开" and bu.rowspan == 8 and bu.is_origin
    assert [g[r][1].origin for r in range(7, 15)] == [(7, 1)] * 8
    assert g[7][2].text == "1.属于国家秘密"
    assert g[14][2].text == "8.属于行政查询事项"
    # header: 申请人情况 over 7 columns, 法人或其他组织 over 5
    assert g[0][3].text == "申请人情况" and g[0][3].colspan == 7
    assert {g[0][c].origin for c in range(3, 10)} == {(0, 3)}
    assert g[1][4].text == "法人或其他组织" and g[1][4].colspan == 5
    assert g[1][3].text == "自然人" and g[1][3].rowspan == 2
    assert g[2][3].origin == (1, 3) and not g[2][3].is_origin
    assert g[2][4].text == "商业\n企业"
    assert g[1][9].text == "总计" and g[1][9].rowspan == 2
    # the corner note spans 3 rows × 3 columns
    assert g[0][0].rowspan == 3 and g[0][0].colspan == 3
    assert g[2][2].origin == (0, 0)
    # data positions are blank origins
    assert all(g[r][c].text == "" and g[r][c].is_origin for r in range(3, 28) for c in range(3, 10))
    # every label row of 表三 is present once
    items = [g[r][2].text for r in range(3, 28) if g[r][2].is_origin]
    assert len(items) == 8 + 3 + 5 + 3 and items[0] == "1.属于国家秘密" and items[-1] == "3.其他"
    assert g[3][0].text == "一、本年新收政府信息公开申请数量" and g[3][0].colspan == 3
    assert g[3][1].origin == (3, 0) and g[3][2].origin == (3, 0)
    assert g[26][1].text == "（七）总计" and g[26][1].colspan == 2


def test_template_t2_section_rows_span_all_columns(doc):
    g = doc.tables[0].grid
    sections = [r for r in range(14) if g[r][0].text.startswith("第二十条")]
    assert [g[r][0].text for r in sections] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    for r in sections:
        assert g[r][0].colspan == 4 and g[r][0].is_origin
        assert all(g[r][c].origin == (r, 0) and g[r][c].text == g[r][0].text for c in range(4))
    assert [c.text for c in g[1]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert g[5][1].text == "本年处理决定数量" and g[5][1].colspan == 3


def test_template_t4_header(doc):
    g = doc.tables[2].grid
    assert g[0][0].text == "行政复议" and g[0][0].colspan == 5
    assert g[0][5].text == "行政诉讼" and g[0][5].colspan == 10
    assert g[1][5].text == "未经复议直接起诉" and g[1][5].colspan == 5
    assert g[1][10].text == "复议后起诉" and g[1][10].colspan == 5
    assert g[1][0].text == "结果维持" and g[1][0].rowspan == 2
    assert g[2][4].text == "总计" and g[2][4].origin == (1, 4)
    assert g[2][9].text == "总计" and g[2][9].is_origin
    assert all(c.text == "" for c in g[3])


def test_template_paragraphs_order_and_title(doc):
    assert doc.title == "政府信息公开工作年度报告格式模板"
    texts = [p.text for p in doc.paragraphs]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                    "六、其他需要报告的事项"):
        assert heading in texts
    for i, p in enumerate(doc.paragraphs):
        assert p.locator.paragraph == i and p.text == p.text.strip() and p.text
    orders = sorted([p.order for p in doc.paragraphs] + doc.table_order)
    assert orders == list(range(len(orders)))
    by_order = {p.order: p.text for p in doc.paragraphs}
    # each table follows its section heading
    for t_order, heading in zip(doc.table_order, ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                                  "四、政府信息公开行政复议、行政诉讼情况")):
        assert by_order[t_order - 1] == heading


def _fill_t3(root):
    """Write 100*r + c into every 表三 number cell, wrapped in a different way each time."""
    t3 = tables_xml(root)[1]
    expected = {}
    for r, tcs in data_cells(t3):
        for k, tc in enumerate(tcs):
            c = 3 + k
            value = str(100 * r + c)
            p = cell_paragraph(tc)
            kind = (r + c) % 7
            if kind == 0:
                xml = f'<w:ins w:id="{r}{c}" w:author="a" w:date="2022-01-01T00:00:00Z">{run(value)}</w:ins>'
            elif kind == 1:
                xml = f"<w:sdt><w:sdtPr><w:id w:val=\"{r}{c}\"/></w:sdtPr><w:sdtContent>{run(value)}</w:sdtContent></w:sdt>"
            elif kind == 2:
                xml = f'<w:smartTag w:uri="u" w:element="e">{run(value)}</w:smartTag>'
            elif kind == 3:
                xml = f'<w:fldSimple w:instr=" QUOTE {value} ">{run(value)}</w:fldSimple>'
            elif kind == 4:
                xml = f'<w:hyperlink w:anchor="x">{run(value)}</w:hyperlink>'
            elif kind == 5:
                xml = f'<w:customXml w:element="n">{run(value)}</w:customXml>'
            else:
                # plain run, plus a tracked deletion that must drop out
                xml = f'<w:r><w:t>{value}</w:t></w:r>'
                p.append(frag('<w:del w:id="9" w:author="a"><w:r><w:delText>999</w:delText></w:r></w:del>'))
            p.append(frag(xml))
            expected[(r, c)] = value
    return expected


def test_numbers_in_ins_sdt_smarttag_fldsimple_hyperlink(template, tmp_path):
    expected = {}

    def edit(root):
        expected.update(_fill_t3(root))

    d = read(str(variant(template, tmp_path / "trap.docx", edit)))
    assert len(expected) == 175
    g = d.tables[1].grid
    got = {(r, c): g[r][c].text for (r, c) in expected}
    assert got == expected  # 175/175
    assert "999" not in "".join(c.text for row in g for c in row)


def test_block_sdt_around_t4(template, tmp_path):
    def edit(root):
        t4 = tables_xml(root)[2]
        parent = t4.getparent()
        sdt = frag('<w:sdt><w:sdtPr><w:alias w:val="表四"/></w:sdtPr><w:sdtContent/></w:sdt>')
        parent.replace(t4, sdt)
        sdt.find(W + "sdtContent").append(t4)
        # and one 表四 row wrapped in a row-level sdt, one cell in a cell-level customXml
        rows = t4.findall(W + "tr")
        last = rows[-1]
        row_sdt = frag("<w:sdt><w:sdtContent/></w:sdt>")
        t4.replace(last, row_sdt)
        row_sdt.find(W + "sdtContent").append(last)
        tc = last.findall(W + "tc")[0]
        cx = frag('<w:customXml w:element="c"/>')
        last.replace(tc, cx)
        cx.append(tc)
        tc.find(W + "p").append(frag(run("42")))

    d = read(str(variant(template, tmp_path / "sdt.docx", edit)))
    assert [(t.nrows, t.ncols) for t in d.tables] == [(14, 4), (28, 10), (4, 15)]
    assert d.tables[2].grid[3][0].text == "42"
    assert d.tables[2].grid[0][5].text == "行政诉讼"


def test_nested_table(template, tmp_path):
    def edit(root):
        t2 = tables_xml(root)[0]
        tc = t2.findall(W + "tr")[2].findall(W + "tc")[1]  # 规章 / 本年制发件数
        tc.find(W + "p").append(frag(run("12")))
        tc.append(frag(
            '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>'
            f'<w:tr><w:tc><w:p>{run("N1")}</w:p></w:tc><w:tc><w:p>{run("N2")}</w:p></w:tc></w:tr>'
            f'<w:tr><w:tc><w:p>{run("N3")}</w:p></w:tc><w:tc><w:p>{run("N4")}</w:p></w:tc></w:tr>'
            '</w:tbl>'))
        tc.append(frag("<w:p/>"))

    d = read(str(variant(template, tmp_path / "nested.docx", edit)))
    assert [(t.nrows, t.ncols) for t in d.tables] == [(14, 4), (2, 2), (28, 10), (4, 15)]
    assert d.tables[0].grid[2][1].text == "12"  # no N1..N4 in the outer cell
    assert d.tables[1].texts() == [["N1", "N2"], ["N3", "N4"]]
    assert [t.index for t in d.tables] == [0, 1, 2, 3]
    assert d.table_order[1] == d.table_order[0] + 1
    assert not any("N1" in p.text for p in d.paragraphs)


def test_text_boxes_vml_and_drawingml(template, tmp_path):
    box = (
        '<w:txbxContent><w:p>{text}</w:p>'
        '<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p>{cell}</w:p></w:tc></w:tr></w:tbl>'
        '</w:txbxContent>'
    )

    def edit(root):
        body = root.find(W + "body")
        first_heading = next(p for p in body.iter(W + "p") if "".join(p.itertext()) == "一、总体情况")
        # Word writes a DrawingML text box with a VML fallback holding the same content
        first_heading.append(frag(
            '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            '<a:graphicData><wps:wsp><wps:txbx>' + box.format(text=run("框内说明"), cell=run("框表"))
            + '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape><v:textbox>' + box.format(text=run("框内说明"), cell=run("框表"))
            + '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
        # a plain VML text box (older WPS/Word)
        first_heading.append(frag(
            '<w:r><w:pict><v:shape><v:textbox>' + box.format(text=run("VML说明"), cell=run("VML表"))
            + '</v:textbox></v:shape></w:pict></w:r>'))

    d = read(str(variant(template, tmp_path / "txbx.docx", edit)))
    texts = [p.text for p in d.paragraphs]
    i = texts.index("一、总体情况")  # the anchor keeps its own text only
    assert texts[i + 1] == "框内说明" and texts[i + 2] == "VML说明"
    assert texts.count("框内说明") == 1  # the fallback copy is not read twice
    assert [t.texts() for t in d.tables[:2]] == [[["框表"]], [["VML表"]]]
    assert [(t.nrows, t.ncols) for t in d.tables[2:]] == [(14, 4), (28, 10), (4, 15)]
    orders = sorted([p.order for p in d.paragraphs] + d.table_order)
    assert orders == list(range(len(orders)))
    assert d.paragraphs[i].order < d.paragraphs[i + 1].order < d.table_order[0]


def test_docm_and_dotx(template, tmp_path):
    ct = members(template)["[Content_Types].xml"]
    docm = ct.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    assert docm != ct
    dotx = ct.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
    for name, data in (("t.docm", docm), ("t.dotx", dotx)):
        parts = members(template)
        parts["[Content_Types].xml"] = data
        d = read(str(write_zip(tmp_path / name, parts)))
        assert [(t.nrows, t.ncols) for t in d.tables] == [(14, 4), (28, 10), (4, 15)]
        assert d.title == "政府信息公开工作年度报告格式模板"


def test_strict_ooxml_namespace(template, tmp_path):
    parts = members(template)
    for name in ("word/document.xml", "word/styles.xml"):
        parts[name] = parts[name].replace(W_NS.encode(), W_STRICT.encode())
    assert W_NS.encode() not in parts["word/document.xml"]
    d = read(str(write_zip(tmp_path / "strict.docx", parts)))
    assert [(t.nrows, t.ncols) for t in d.tables] == [(14, 4), (28, 10), (4, 15)]
    assert d.tables[1].grid[5][0].rowspan == 22
    assert d.tables[1].grid[0][3].colspan == 7
    assert d.title == "政府信息公开工作年度报告格式模板"


def test_grid_before_after_overflow_and_bad_vmerge(template, tmp_path):
    def edit(root):
        body = root.find(W + "body")
        body.insert(0, frag(
            '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>'
            # row 0: starts at column 1, one cell spanning 2
            '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
            f'<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p>{run("A")}</w:p></w:tc></w:tr>'
            # row 1: continues A (same span), then a gridAfter
            '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'
            '<w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>'
            # row 2: four cells overflow the 3-column grid; a vMerge continue with nothing above
            f'<w:tr><w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p>{run("B")}</w:p></w:tc>'
            f'<w:tc><w:p>{run("C")}</w:p></w:tc><w:tc><w:p>{run("D")}</w:p></w:tc>'
            f'<w:tc><w:p>{run("E")}<w:r><w:tab/></w:r>{run("F")}<w:r><w:br/></w:r>{run("G")}</w:p>'
            f'<w:p>{run("H")}</w:p></w:tc></w:tr>'
            '</w:tbl>'))

    d = read(str(variant(template, tmp_path / "grid.docx", edit)))
    t = d.tables[0]
    assert (t.nrows, t.ncols) == (3, 4)
    g = t.grid
    assert g[0][0].text == "" and g[0][0].is_origin
    assert g[0][1].text == "A" and g[0][1].rowspan == 2 and g[0][1].colspan == 2
    assert [g[1][c].origin for c in (1, 2)] == [(0, 1), (0, 1)]
    assert g[1][3].text == "" and g[1][3].is_origin
    assert [c.text for c in g[2]] == ["B", "C", "D", "E\tF\nG\nH"]
    assert g[2][0].is_origin


def test_title_from_core_properties_and_heading_styles(template, tmp_path):
    def edit(root):
        for t in root.iter(W + "t"):
            if t.text == "政府信息公开工作年度报告格式模板":
                t.text = "某某局"
            if t.text and "一、总体情况" in t.text:
                p = next(a for a in t.iterancestors(W + "p"))
                p.find(W + "pPr").find(W + "pStyle").set(W + "val", "H1")

    parts = members(template)
    core = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>", "<dc:title>某某局2021年政府信息公开工作年度报告</dc:title></cp:coreProperties>".encode())
    styles = parts["word/styles.xml"].replace(
        b"</w:styles>",
        '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/></w:style></w:styles>'.encode())
    d = read(str(variant(template, tmp_path / "core.docx", edit,
                         replace={"docProps/core.xml": core, "word/styles.xml": styles})))
    assert d.title == "某某局2021年政府信息公开工作年度报告"
    heading = next(p for p in d.paragraphs if p.text == "一、总体情况")
    assert heading.style == "heading"
    assert next(p for p in d.paragraphs if p.text == "（文字描述）").style == ""


def test_automatic_numbering(template, tmp_path):
    numbering = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
 <w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
 </w:abstractNum>
 <w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 </w:abstractNum>
 <w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
 </w:abstractNum>
 <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
 <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
 <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>""".encode()

    def numbered(text, num, ilvl=0):
        return frag(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
                    f'{run(text)}</w:p>')

    def edit(root):
        body = root.find(W + "body")
        at = len(body) - 1  # before sectPr
        items = [("测试总体", 1, 0), ("主动公开", 1, 1), ("依申请公开", 1, 1), ("条目", 2, 0), ("条目", 2, 0),
                 ("项目", 3, 0)] + [("x", 1, 0)] * 9 + [("第十一节", 1, 0)]
        for k, (text, num, ilvl) in enumerate(items):
            body.insert(at + k, numbered(text, num, ilvl))

    d = read(str(variant(template, tmp_path / "num.docx", edit, replace={"word/numbering.xml": numbering})))
    texts = [p.text for p in d.paragraphs]
    start = texts.index("一、测试总体")
    assert texts[start:start + 6] == ["一、测试总体", "（一）主动公开", "（二）依申请公开", "1.条目", "2.条目", "项目"]
    assert texts[start + 14] == "十、x" and texts[start + 15] == "十一、第十一节"


# --------------------------------------------------------------------------
# limits and hostile files (spec §11)


def test_zip_bomb_document_xml(template, tmp_path):
    parts = members(template)
    doc_xml = parts["word/document.xml"]
    pad = b" " * (30 * 1024 * 1024)
    parts["word/document.xml"] = doc_xml.replace(b"<w:body>", b"<w:body>" + pad, 1)
    path = write_zip(tmp_path / "bomb.docx", parts)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ReadError) as ei:
        read(str(path))
    assert ei.value.code == "E005" and ei.value.key == "zip_limit"
    assert ei.value.status == "partial"
    assert ei.value.params["limit"] in ("document_xml", "compression_ratio")


def test_compression_ratio_on_other_member(template, tmp_path):
    parts = members(template)
    parts["word/media/padding.bin"] = b"\0" * (5 * 1024 * 1024)
    with pytest.raises(ReadError) as ei:
        read(str(write_zip(tmp_path / "ratio.docx", parts)))
    assert (ei.value.code, ei.value.params["limit"]) == ("E005", "compression_ratio")


def test_too_many_entries(template, tmp_path):
    parts = members(template)
    for k in range(2001):
        parts[f"customXml/item{k}.xml"] = b"<a/>"
    with pytest.raises(ReadError) as ei:
        read(str(write_zip(tmp_path / "many.docx", parts)))
    assert (ei.value.code, ei.value.params["limit"]) == ("E005", "entries")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_billion_laughs(template, tmp_path):
    path = write_zip(tmp_path / "laughs.docx", {**members(template), "word/document.xml": BILLION_LAUGHS})
    with pytest.raises(ReadError) as ei:
        read(str(path))
    assert (ei.value.code, ei.value.key) == ("E001", "corrupt_xml")


def test_external_entity_does_not_leak(template, tmp_path):
    secret = Path("/etc/passwd")
    xxe = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           b'<w:p><w:r><w:t>\xe6\x94\xbf\xe5\xba\x9c&xxe;</w:t></w:r></w:p>'
           b'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
           b'</w:body></w:document>')
    path = write_zip(tmp_path / "xxe.docx", {**members(template), "word/document.xml": xxe})
    try:
        d = read(str(path))
    except ReadError as exc:
        assert exc.code == "E001"
        assert "root:" not in str(exc)
    else:
        everything = " ".join([p.text for p in d.paragraphs]
                              + [c.text for t in d.tables for row in t.grid for c in row])
        assert "root:" not in everything
        if secret.exists():
            assert secret.read_text(errors="ignore")[:20] not in everything


def test_malformed_xml(template, tmp_path):
    parts = members(template)
    parts["word/document.xml"] = parts["word/document.xml"][:-200]
    with pytest.raises(ReadError) as ei:
        read(str(write_zip(tmp_path / "bad.docx", parts)))
    assert (ei.value.code, ei.value.key) == ("E001", "corrupt_xml")


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.97])
def test_truncated_zip(template, tmp_path, fraction):
    data = Path(template).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(ReadError) as ei:
        read(str(path))
    assert ei.value.code == "E001"
    assert ei.value.key == "corrupt_zip"


def test_corrupt_member_crc(template, tmp_path):
    """A member whose stored bytes were damaged (bad CRC / bad deflate) is E001."""
    path = tmp_path / "crc.docx"
    data = bytearray(Path(template).read_bytes())
    with zipfile.ZipFile(template) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 100, start + 400):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError) as ei:
        read(str(path))
    assert ei.value.code == "E001"


def test_not_a_zip_and_not_docx(tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    with pytest.raises(ReadError) as ei:
        read(str(junk))
    assert (ei.value.code, ei.value.key) == ("E001", "corrupt_zip")

    other = write_zip(tmp_path / "other.docx", {"content.xml": b"<a/>"})
    with pytest.raises(ReadError) as ei:
        read(str(other))
    assert (ei.value.code, ei.value.key) == ("E001", "not_docx")


def test_minimal_document_without_styles_or_body(tmp_path):
    bare = (f'<w:document xmlns:w="{W_NS}"><w:body><w:p>{run("2021年度政府信息公开工作年度报告")}</w:p>'
            "</w:body></w:document>").encode()
    d = read(str(write_zip(tmp_path / "bare.docx", {"word/document.xml": bare})))
    assert d.title == "2021年度政府信息公开工作年度报告" and d.tables == []
    empty = f'<w:document xmlns:w="{W_NS}"/>'.encode()
    d = read(str(write_zip(tmp_path / "empty.docx", {"word/document.xml": empty})))
    assert d.paragraphs == [] and d.tables == [] and d.title == ""
