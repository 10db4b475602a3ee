"""PDF reader: the two real corpus PDFs, plus small PDFs written by hand.

The hand-written PDFs use an Identity-H font with a ToUnicode CMap, so any
CJK text can be drawn without a font file; ``to_unicode=False`` leaves the
CMap out (the "(cid:NN)" case).  Encryption is the standard RC4 handler,
revision 2, written here too (no qpdf needed).
"""

from __future__ import annotations


import pytest

from govdisclose_lint.document import ReadError
from govdisclose_lint.readers import read_document
from govdisclose_lint.readers.pdf import is_page_number, normalize_text, read
from govdisclose_lint.readers.pdf_stitch import column_map
from govdisclose_lint.recognize import recognize
from govdisclose_lint.recognize.meta import find_title
from tests.pdfmaker import PAGE_H, PAGE_W, PdfBuilder  # noqa: F401

def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def _cell(table, label_prefix: str, col: int, label_col: int | None = None) -> str:
    """Text at ``col`` of the first row whose label (any label column, whitespace
    removed) starts with ``label_prefix``."""
    for row in table.grid:
        cols = [label_col] if label_col is not None else range(len(row))
        for c in cols:
            if "".join(row[c].text.split()).startswith(label_prefix):
                return row[col].text
    raise AssertionError(f"no row {label_prefix!r} in {table.texts()}")


def _row_index(table, label: str, label_col: int) -> int:
    for r, row in enumerate(table.grid):
        if "".join(row[label_col].text.split()) == label:
            return r
    raise AssertionError(f"no row {label!r}")


def _squash(text: str) -> str:
    return "".join(text.split())


# ----------------------------------------------------------------------------
# real documents


@pytest.fixture(scope="module")
def huaian_doc(corpus_dir):
    path = corpus_dir / "2024_huaianshi.pdf"
    if not path.exists():
        pytest.skip("2024_huaianshi.pdf missing")
    return read(str(path))


@pytest.fixture(scope="module")
def hongze_doc(corpus_dir):
    path = corpus_dir / "2023_hongzequ.pdf"
    if not path.exists():
        pytest.skip("2023_hongzequ.pdf missing")
    return read(str(path))


def test_huaian_basic(huaian_doc):
    doc = huaian_doc
    assert doc.kind == "pdf" and doc.pages == 6
    assert find_title(doc) == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert doc.notes == []
    assert [(t.nrows, t.ncols) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]


def test_huaian_t2_head_and_tail_stitched(huaian_doc):
    t2 = huaian_doc.tables[0]
    assert t2.locator.page == 3
    assert [t2.page_of_row(r) for r in (0, 7, 8, 13)] == [3, 3, 4, 4]
    # the tail (2 columns on page 4) laid on the head's 4: value merged over 1–3
    assert _squash(t2.grid[8][0].text) == "信息内容"
    assert t2.grid[9][0].text == "行政处罚" and t2.grid[9][1].text == "3985758"
    assert t2.grid[9][3].origin == (9, 1) and t2.grid[9][3].text == "3985758"
    assert t2.grid[9][1].colspan == 3
    assert _cell(t2, "行政事业性收费", 1) == "96171.6"
    assert _cell(t2, "行政规范性文件", 2) == "26"
    assert _squash(t2.grid[0][0].text) == "第二十条第（一）项"
    assert t2.grid[0][3].origin == (0, 0)


def test_huaian_t3_grid_and_numbers(huaian_doc):
    t3 = huaian_doc.tables[1]
    assert (t3.nrows, t3.ncols) == (28, 10)
    assert t3.locator.page == 4
    assert _cell(t3, "一、本年新收", 9) == "3119"
    assert _cell(t3, "二、上年结转", 9) == "34"
    assert _cell(t3, "四、结转下年度", 9) == "103"
    total = _row_index(t3, "（七）总计", 1)
    assert [t3.grid[total][c].text for c in range(3, 10)] == ["2932", "53", "0", "0", "61", "4", "3050"]
    # 三、本年度办理结果 is one merged cell over 22 rows, across the page break
    top = t3.grid[5][0]
    assert _squash(top.text) == "三、本年度办理结果" and top.origin == (5, 0) and top.rowspan == 22
    assert all(t3.grid[r][0].origin == (5, 0) for r in range(5, 27))
    assert t3.grid[27][0].origin == (27, 0)
    # （四）无法提供: its text wrapped across the page ("（四）无" | "法提供")
    r4 = _row_index(t3, "1.本机关不掌握相关政府信息", 2)
    head = t3.grid[r4][1]
    assert _squash(head.text) == "（四）无法提供" and head.rowspan == 3
    assert [t3.grid[r][1].origin for r in range(r4, r4 + 3)] == [(r4, 1)] * 3
    assert [t3.page_of_row(r) for r in range(r4, r4 + 3)] == [4, 5, 5]
    assert _squash(t3.grid[r4 + 2][2].text) == "3.补正后申请内容仍不明确"
    # header spans as in the template
    assert t3.grid[1][3].text == "自然人" and t3.grid[1][3].rowspan == 2
    assert t3.grid[1][4].text == "法人或其他组织" and t3.grid[1][4].colspan == 5
    assert _squash(t3.grid[2][7].text) == "法律服务机构"
    # every row of T3 has a page, and cells carry their own page
    assert t3.grid[27][9].page == 5 and t3.grid[3][9].page == 4


def test_huaian_t4(huaian_doc):
    t4 = huaian_doc.tables[2]
    assert (t4.nrows, t4.ncols) == (4, 15)
    values = [c.text for c in t4.grid[3]]
    assert values == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    assert (values[4], values[9], values[14]) == ("351", "26", "20")
    assert t4.grid[0][0].text == "行政复议" and t4.grid[0][0].colspan == 5
    assert t4.grid[0][5].text == "行政诉讼" and t4.grid[0][5].colspan == 10


def test_huaian_paragraphs(huaian_doc):
    doc = huaian_doc
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "淮安市人民政府"
    assert texts[1] == "2024年政府信息公开工作年度报告"
    assert "一、总体情况" in texts
    assert "六、其他需要报告的事项" in texts
    # page footers are gone
    assert not any(is_page_number(t) for t in texts)
    # the narrative with the numbers, one paragraph, spaces between CJK and digits gone
    para = next(p for p in doc.paragraphs if "全市共受理政府信息公开申请" in p.text)
    assert para.locator.page == 2
    assert "全市共受理政府信息公开申请3119件，答复3050件" in para.text
    assert "政府信息公开行政复议351件" in para.text
    # a paragraph running over the page break is one paragraph (page of its start)
    para = next(p for p in doc.paragraphs if p.text.startswith("（一）主动公开情况"))
    assert para.locator.page == 1 and para.text.endswith("回应舆论关切。")
    # headings inside table pages, in order around the tables
    for i, p in enumerate(doc.paragraphs):
        assert p.locator.paragraph == i and p.locator.page is not None
    heading = next(p for p in doc.paragraphs if p.text == "三、收到和处理政府信息公开申请情况")
    assert heading.locator.page == 4
    assert heading.order == doc.table_order[1] - 1
    assert doc.tables[1].caption == "三、收到和处理政府信息公开申请情况"
    orders = sorted([p.order for p in doc.paragraphs] + doc.table_order)
    assert orders == list(range(len(orders)))
    # no paragraph is a table row (the whiteout frames are not tables)
    assert not any("3985758" in t for t in texts)


def test_hongze_tables(hongze_doc):
    doc = hongze_doc
    assert find_title(doc) == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert len(doc.tables) == 3
    t2, t3, t4 = doc.tables
    # T2: the lines above it (framed by invisible white boxes) are not table rows
    assert (t2.nrows, t2.ncols) == (14, 4)
    assert _squash(t2.grid[0][0].text) == "第二十条第（一）项"
    # the tail's top-left cell has no top border in the file
    assert t2.grid[8][0].text == "信息内容" and t2.page_of_row(8) == 3
    assert _cell(t2, "行政处罚", 1) == "4119"
    # T4: totals are wrong in the source, read as printed
    assert (t4.nrows, t4.ncols) == (4, 15)
    assert t4.grid[3][0].text == "10" and t4.grid[3][1].text == "1" and t4.grid[3][4].text == "0"
    assert t4.grid[0][5].text == "行政诉讼" and t4.grid[0][5].colspan == 10
    # T3: （六）其他处理 is a single row; 26 rows
    assert (t3.nrows, t3.ncols) == (26, 10)
    r6 = _row_index(t3, "（六）其他处理", 1)
    assert t3.grid[r6][1].rowspan == 1
    assert _squash(t3.grid[r6 + 1][1].text) == "（七）总计"
    assert [t3.grid[r6 + 1][c].text for c in (3, 9)] == ["21", "21"]
    # the row typo is kept
    assert any(_squash(row[2].text) == "2.其他法律行政止公开" for row in t3.grid)


def test_hongze_t3_page_break(hongze_doc):
    t3 = hongze_doc.tables[1]
    # last row on page 3 has no bottom border: still a row
    r = _row_index(t3, "2.没有现成信息需要另行制作", 2)
    assert t3.grid[r][3].text == "3" and t3.page_of_row(r) == 3
    # page 4 starts with blank label cells: they continue （四） and 三、
    assert _squash(t3.grid[r + 1][2].text) == "3.补正后申请内容仍不明确"
    assert t3.page_of_row(r + 1) == 4
    four = t3.grid[r + 1][1]
    assert _squash(four.text) == "（四）无法提供" and four.rowspan == 3
    assert four.origin == (r - 1, 1)
    three = t3.grid[r + 1][0]
    assert _squash(three.text) == "三、本年度办理结果"
    assert three.origin == (5, 0) and three.rowspan == 20


def test_hongze_paragraph_across_pages(hongze_doc):
    para = next(p for p in hongze_doc.paragraphs if p.text.startswith("加强区政府门户网站"))
    assert para.locator.page == 1
    assert "从严从实把好政治关" in para.text  # "把" ends page 1, "好" starts page 2
    assert "号，邮编：223100，电话：0517-87222589" in " ".join(p.text for p in hongze_doc.paragraphs)


def test_read_document_dispatches(corpus):
    doc = read_document(str(corpus("2023_hongzequ.pdf")))
    assert doc.kind == "pdf" and len(doc.tables) == 3


# ----------------------------------------------------------------------------
# errors and limits


def test_truncated_pdf_is_corrupt(corpus, tmp_path):
    data = corpus("2024_huaianshi.pdf").read_bytes()
    path = _write(tmp_path, "cut.pdf", data[: len(data) * 2 // 5])
    with pytest.raises(ReadError) as ei:
        read(path)
    assert (ei.value.code, ei.value.key) == ("E001", "corrupt_pdf")


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n" + bytes(range(256)) * 40, b"%PDF-1.4\n%%EOF\n"])
def test_garbage_is_corrupt(tmp_path, data):
    with pytest.raises(ReadError) as ei:
        read(_write(tmp_path, "junk.pdf", data))
    assert (ei.value.code, ei.value.key, ei.value.status) == ("E001", "corrupt_pdf", "unreadable")


def test_zero_pages_is_corrupt(tmp_path):
    data = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    xref = len(data)
    data += (b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (9, data.index(b"2 0 obj"))
             + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    with pytest.raises(ReadError) as ei:
        read(_write(tmp_path, "empty.pdf", data))
    assert ei.value.code == "E001"


def test_blank_pages_have_no_text_layer(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    path = str(tmp_path / "blank.pdf")
    pdf.save(path)
    pdf.close()
    with pytest.raises(ReadError) as ei:
        read(path)
    assert (ei.value.code, ei.value.key, ei.value.status) == ("E003", "no_text_layer", "unreadable")


def test_scanned_pdf_has_no_text_layer(tmp_path):
    b = PdfBuilder()
    b.image_page()
    b.end_page()
    b.image_page()
    b.text(280, 800, "1", 9)  # a page number printed over the scan
    path = _write(tmp_path, "scan.pdf", b.build())
    with pytest.raises(ReadError) as ei:
        read(path)
    assert (ei.value.code, ei.value.key) == ("E003", "no_text_layer")


def test_some_scanned_pages_are_noted(tmp_path):
    b = PdfBuilder()
    b.text(100, 100, "淮安市人民政府2024年政府信息公开工作年度报告", 16)
    b.end_page()
    b.image_page()
    path = _write(tmp_path, "mixed.pdf", b.build())
    doc = read(path)
    assert [(n.code, n.key, n.params) for n in doc.notes] == [("E003", "scanned_pages", {"pages": [2]})]
    assert find_title(doc) == "淮安市人民政府2024年政府信息公开工作年度报告"


def test_no_tounicode_is_unreadable(tmp_path):
    b = PdfBuilder(to_unicode=False)
    for k in range(20):
        b.text(60, 80 + 20 * k, "本年新收政府信息公开申请数量予以公开部分公开", 12)
    path = _write(tmp_path, "cid.pdf", b.build())
    with pytest.raises(ReadError) as ei:
        read(path)
    assert (ei.value.code, ei.value.key, ei.value.status) == ("E003", "no_unicode", "unreadable")


def test_user_password_is_encrypted(tmp_path):
    b = PdfBuilder()
    b.text(100, 100, "政府信息公开工作年度报告", 16)
    path = _write(tmp_path, "locked.pdf", b.build(user_pw="secret"))
    with pytest.raises(ReadError) as ei:
        read(path)
    assert (ei.value.code, ei.value.key, ei.value.status) == ("E002", "encrypted", "encrypted")


def test_owner_password_only_reads(tmp_path):
    b = PdfBuilder()
    b.text(100, 100, "淮安市人民政府2024年政府信息公开工作年度报告", 16)
    _t2_like(b, top=200)
    path = _write(tmp_path, "nocopy.pdf", b.build(owner_pw="owner"))
    doc = read(path)
    assert find_title(doc) == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert len(doc.tables) == 1 and doc.tables[0].grid[2][1].text == "10"


def test_too_many_pages(tmp_path):
    b = PdfBuilder()
    b.text(100, 100, "政府信息公开", 12)
    path = _write(tmp_path, "long.pdf", b.build(page_count=501))
    with pytest.raises(ReadError) as ei:
        read(path)
    e = ei.value
    assert (e.code, e.key, e.status, e.params["limit"]) == ("E005", "too_many_pages", "partial", 500)


def test_page_with_too_many_objects_is_skipped(tmp_path):
    b = PdfBuilder()
    b.text(100, 100, "淮安市人民政府2024年政府信息公开工作年度报告", 16)
    b.end_page()
    b.text(100, 100, "二、主动公开政府信息情况", 12)
    _t2_like(b, top=150)
    b.raw("\n".join("%d %d 1 1 re f" % (k % 500, 500 + k // 500) for k in range(20_001)))
    path = _write(tmp_path, "bomb.pdf", b.build())
    doc = read(path)
    notes = [(n.code, n.key, n.params) for n in doc.notes]
    assert notes == [("E005", "page_too_complex", {"page": 2, "objects": notes[0][2]["objects"], "limit": 20000})]
    assert notes[0][2]["objects"] > 20000
    assert doc.tables == []  # page 2 was not parsed by pdfplumber
    # its text still reaches the paragraphs (from the first pass)
    assert any(p.text == "二、主动公开政府信息情况" and p.locator.page == 2 for p in doc.paragraphs)


# ----------------------------------------------------------------------------
# synthetic layouts


def _t2_like(b, top, xs=(60, 200, 300, 400, 500)):
    """A 3-row ruled table: spanned heading, header, one data row."""
    ys = [top, top + 20, top + 40, top + 60]
    b.grid(list(xs), ys, [
        (0, 0, 1, 4, "第二十条第（一）项"),
        (1, 0, 2, 1, "信息内容"), (1, 1, 2, 2, "本年制发件数"), (1, 2, 2, 3, "本年废止件数"), (1, 3, 2, 4, "现行有效件数"),
        (2, 0, 3, 1, "规章"), (2, 1, 3, 2, "10"), (2, 2, 3, 3, "2"), (2, 3, 3, 4, "30"),
    ])


XS = [60, 100, 140, 340, 380, 420, 460]


def _t3_split(b, *, text_above_tail=False, shift=2.0):
    """T3 rows broken across pages 1/2 the LibreOffice way: （六）'s first item
    starts on page 1 ("1.申请人无正当理由逾期不" + numbers) and ends on page 2
    (blank numbers); the label （六）其他处理 is cut the same way."""
    b.text(60, 60, "三、收到和处理政府信息公开申请情况", 12)
    ys = [700 + 20 * k for k in range(5)]  # rows 0..3 at the bottom of page 1
    b.grid(XS, ys, [
        (0, 0, 1, 3, "项目"), (0, 3, 1, 4, "自然人"), (0, 4, 1, 5, "法人"), (0, 5, 1, 6, "总计"),
        (1, 0, 2, 3, "一、本年新收政府信息公开申请数量"), (1, 3, 2, 4, "5"), (1, 4, 2, 5, "3"), (1, 5, 2, 6, "8"),
        (2, 0, 4, 1, "三、\n本年"), (2, 1, 3, 3, "（一）予以公开"), (2, 3, 3, 4, "1"), (2, 4, 3, 5, "1"), (2, 5, 3, 6, "2"),
        (3, 1, 4, 2, "（六）其"), (3, 2, 4, 3, "1.申请人无正当理由逾期不"), (3, 3, 4, 4, "4"), (3, 4, 4, 5, "0"),
        (3, 5, 4, 6, "4"),
    ], size=8)
    b.text(280, 810, "- 1 -", 9)
    b.end_page()
    top = 60
    if text_above_tail:
        b.text(60, 60, "（续表）说明文字，不是表头，而是正文内容。", 12)
        top = 100
    xs = [XS[0] - shift] + XS[1:-1] + [XS[-1] + shift]
    ys = [top + 20 * k for k in range(6)]
    b.grid(xs, ys, [
        (0, 0, 4, 1, "度办\n理结果"), (0, 1, 3, 2, "他处理"), (0, 2, 1, 3, "补正、行政机关不再处理其政府信息公开申请"),
        (0, 3, 1, 4, ""), (0, 4, 1, 5, ""), (0, 5, 1, 6, ""),
        (1, 2, 2, 3, "2.申请人逾期未按收费通知要求缴纳费用"), (1, 3, 2, 4, "2"), (1, 4, 2, 5, "0"), (1, 5, 2, 6, "2"),
        (2, 2, 3, 3, "3.其他"), (2, 3, 3, 4, "3"), (2, 4, 3, 5, "0"), (2, 5, 3, 6, "3"),
        (3, 1, 4, 3, "（七）总计"), (3, 3, 4, 4, "10"), (3, 4, 4, 5, "1"), (3, 5, 4, 6, "11"),
        (4, 0, 5, 3, "四、结转下年度继续办理"), (4, 3, 5, 4, "0"), (4, 4, 5, 5, "2"), (4, 5, 5, 6, "2"),
    ], size=8)
    b.text(280, 810, "- 2 -", 9)


def test_row_broken_across_pages_is_joined(tmp_path):
    b = PdfBuilder()
    _t3_split(b)
    doc = read(_write(tmp_path, "split.pdf", b.build()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.nrows, t.ncols) == (8, 6)
    # the broken row is one row, label joined, numbers from page 1
    assert _squash(t.grid[3][2].text) == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert [c.text for c in t.grid[3][3:]] == ["4", "0", "4"]
    # （六）其他处理 spans its three items; 三、本年度办理结果 down to （七）总计
    six = t.grid[3][1]
    assert _squash(six.text) == "（六）其他处理" and six.rowspan == 3
    assert [t.grid[r][1].origin for r in (3, 4, 5)] == [(3, 1)] * 3
    three = t.grid[6][0]
    assert _squash(three.text) == "三、本年度办理结果" and three.origin == (2, 0) and three.rowspan == 5
    assert _squash(t.grid[6][1].text) == "（七）总计" and t.grid[6][2].origin == (6, 1)
    assert [c.text for c in t.grid[6][3:]] == ["10", "1", "11"]
    assert t.grid[7][0].text == "四、结转下年度继续办理" and t.grid[7][0].colspan == 3
    assert [t.page_of_row(r) for r in range(8)] == [1, 1, 1, 1, 2, 2, 2, 2]
    assert t.grid[4][1].page == 2 and t.locator.page == 1
    # the footers are not paragraphs; the heading is
    assert [p.text for p in doc.paragraphs] == ["三、收到和处理政府信息公开申请情况"]
    assert doc.table_order == [1]


def test_fragment_after_text_is_a_new_table(tmp_path):
    b = PdfBuilder()
    _t3_split(b, text_above_tail=True)
    doc = read(_write(tmp_path, "split2.pdf", b.build()))
    assert [(t.nrows, t.locator.page) for t in doc.tables] == [(4, 1), (5, 2)]
    assert doc.table_order == [1, 3]


def test_fragment_with_other_columns_is_not_stitched(tmp_path):
    b = PdfBuilder()
    _t3_split(b, shift=12.0)  # outer edges 12 pt off: a different table
    doc = read(_write(tmp_path, "split3.pdf", b.build()))
    assert len(doc.tables) == 2


def test_tail_with_fewer_columns(tmp_path):
    b = PdfBuilder()
    b.text(60, 600, "二、主动公开政府信息情况", 12)
    _t2_like(b, top=760)
    b.end_page()
    b.grid([61, 200, 499], [60, 80, 100], [
        (0, 0, 1, 1, "信息内容"), (0, 1, 1, 2, "本年处理决定数量"),
        (1, 0, 2, 1, "行政许可"), (1, 1, 2, 2, "447"),
    ])
    doc = read(_write(tmp_path, "t2.pdf", b.build()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.nrows, t.ncols) == (5, 4)
    assert t.grid[4][0].text == "行政许可"
    assert [c.text for c in t.grid[4][1:]] == ["447"] * 3
    assert t.grid[4][3].origin == (4, 1) and t.grid[4][1].colspan == 3
    assert t.page_of_row(4) == 2


def test_borderless_table_uses_text_strategy(tmp_path):
    b = PdfBuilder()
    b.text(60, 80, "三、收到和处理政府信息公开申请情况", 12)
    rows = [("项目", "自然人", "法人", "总计"),
            ("一、本年新收政府信息公开申请数量", "5", "3", "8"),
            ("二、上年结转政府信息公开申请数量", "1", "0", "1"),
            ("（七）总计", "6", "3", "9")]
    for k, r in enumerate(rows):
        b.text(60, 120 + 24 * k, r[0], 10)
        for j, v in enumerate(r[1:]):
            b.text(300 + 60 * j, 120 + 24 * k, v, 10)
    b.text(60, 240, "四、政府信息公开行政复议、行政诉讼情况", 12)
    doc = read(_write(tmp_path, "borderless.pdf", b.build()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.spans_known is False
    assert ["一、本年新收政府信息公开申请数量", "5", "3", "8"] in t.texts()
    assert ["（七）总计", "6", "3", "9"] in t.texts()
    assert [p.text for p in doc.paragraphs] == ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def test_narrative_with_keywords_is_not_a_table(tmp_path):
    b = PdfBuilder()
    for k in range(6):
        b.text(60, 80 + 20 * k, "行政复议%d件，其中结果维持%d件，本年新收申请%d件。" % (k, k + 1, k + 2), 12)
    doc = read(_write(tmp_path, "prose.pdf", b.build()))
    assert doc.tables == []
    text = "".join(p.text for p in doc.paragraphs)
    assert all("行政复议%d件，其中结果维持%d件" % (k, k + 1) in text for k in range(6))


def test_double_drawn_bold_is_deduplicated(tmp_path):
    b = PdfBuilder()
    b.text(100, 60, "政府信息公开", 12)
    for dx in (0, 0.3):
        b.text(100 + dx, 100, "行政处罚", 12)
        b.grid([60 + dx, 200 + dx, 300 + dx], [130, 150], [(0, 0, 1, 1, "行政许可"), (0, 1, 1, 2, "10")])
    doc = read(_write(tmp_path, "bold.pdf", b.build()))
    assert doc.tables[0].texts() == [["行政许可", "10"]]
    assert "".join(p.text for p in doc.paragraphs) == "政府信息公开行政处罚"


def test_kangxi_and_spaced_cjk(tmp_path):
    b = PdfBuilder()
    b.text(60, 80, "\u2f00、总体情况", 12)  # KANGXI RADICAL ONE
    b.text(60, 110, "第二十条第一项", 12, gaps=600)  # 分散对齐
    b.text(60, 140, "全年 收取 费用 0 元 ， abc def", 12)
    doc = read(_write(tmp_path, "kangxi.pdf", b.build()))
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "第二十条第一项", "全年收取费用0元，abc def"]


def test_whiteout_boxes_do_not_make_tables(tmp_path):
    b = PdfBuilder()
    for k in range(5):  # an editor's white boxes behind each line of text
        b.whiteout(60, 80 + 28 * k, 520, 108 + 28 * k)
        b.text(64, 86 + 28 * k, "政府信息公开工作年度报告正文第%d行" % (k + 1), 12)
    _t2_like(b, top=300)
    doc = read(_write(tmp_path, "whiteout.pdf", b.build()))
    assert len(doc.tables) == 1 and doc.tables[0].nrows == 3
    assert doc.tables[0].locator.page == 1 and doc.table_order == [1]
    text = "".join(p.text for p in doc.paragraphs)
    assert all("正文第%d行" % (k + 1) in text for k in range(5))


def test_title_from_metadata_when_text_has_none(tmp_path):
    b = PdfBuilder()
    b.text(60, 80, "一、总体情况", 12)
    data = b.build(title="政府信息公开工作年度报告")
    doc = read(_write(tmp_path, "meta.pdf", data))
    assert doc.title == "政府信息公开工作年度报告"


# ----------------------------------------------------------------------------
# helpers


def test_normalize_text():
    assert normalize_text("四 、 结 转 下 年 度") == "四、结转下年度"
    assert normalize_text("商业企\n业") == "商业企\n业"
    assert normalize_text("\u2f00\u2f06") == "一二"
    assert normalize_text("2024 年 1 月") == "2024年1月"
    assert normalize_text("PDF file") == "PDF file"


@pytest.mark.parametrize("text,expected", [
    ("- 5 -", True), ("— 12 —", True), ("5", True), ("第 3 页", True), ("第3页 共5页", True),
    ("3/6", True), ("一、总体情况", False), ("2024 年", False), ("12 场", False),
])
def test_is_page_number(text, expected):
    assert is_page_number(text) is expected


def test_column_map():
    head = [72.8, 95.6, 137.7, 250.9, 284.6, 520.0]
    assert column_map(head, [70.2, 95.6, 137.7, 251.2, 284.6, 522.7]) == [0, 1, 2, 3, 4, 5]
    assert column_map(head, [73.0, 137.9, 519.0]) == [0, 2, 5]
    assert column_map(head, [73.0, 200.0, 519.0]) is None
    assert column_map(head, [90.0, 137.9, 519.0]) is None


def test_repeated_header_rows_are_dropped(tmp_path):
    b = PdfBuilder()
    header = [(0, 0, 1, 1, "信息内容"), (0, 1, 1, 2, "本年制发件数"), (0, 2, 1, 3, "本年废止件数")]
    xs = [60, 200, 300, 400]
    b.text(60, 600, "二、主动公开政府信息情况", 12)
    b.grid(xs, [760, 780, 800], header + [(1, 0, 2, 1, "规章"), (1, 1, 2, 2, "1"), (1, 2, 2, 3, "2")])
    b.end_page()
    b.grid(xs, [60, 80, 100], header + [(1, 0, 2, 1, "行政规范性文件"), (1, 1, 2, 2, "3"), (1, 2, 2, 3, "4")])
    doc = read(_write(tmp_path, "rephead.pdf", b.build()))
    assert len(doc.tables) == 1
    assert doc.tables[0].texts() == [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "1", "2"],
                                     ["行政规范性文件", "3", "4"]]
    assert doc.tables[0].page_of_row(2) == 2


def test_long_file_parses_only_table_pages(tmp_path, monkeypatch):
    from govdisclose_lint.readers import pdf as pdf_mod

    seen = []
    original = pdf_mod._parse_page

    def spy(page, info):
        seen.append(info.number)
        return original(page, info)

    monkeypatch.setattr(pdf_mod, "_parse_page", spy)
    b = PdfBuilder()
    for n in range(1, 36):
        if n == 1:
            b.text(100, 100, "某某县人民政府2024年政府信息公开工作年度报告", 16)
        if n == 33:
            b.text(60, 600, "二、主动公开政府信息情况", 12)
            _t2_like(b, top=760)
        elif n == 34:
            b.grid([61, 200, 499], [60, 80, 100], [
                (0, 0, 1, 1, "信息内容"), (0, 1, 1, 2, "本年处理决定数量"),
                (1, 0, 2, 1, "行政许可"), (1, 1, 2, 2, "447"),
            ])
        else:
            b.text(60, 300, "正文第%d页的内容。" % n, 12)
        b.text(290, 800, "- %d -" % n, 9)
        b.end_page()
    doc = read(_write(tmp_path, "long35.pdf", b.build()))
    assert seen == [33, 34, 35]
    assert doc.pages == 35 and len(doc.tables) == 1 and doc.tables[0].nrows == 5
    assert find_title(doc) == "某某县人民政府2024年政府信息公开工作年度报告"
    para = next(p for p in doc.paragraphs if p.text == "正文第10页的内容。")
    assert para.locator.page == 10
    assert not any(is_page_number(p.text) for p in doc.paragraphs)
    orders = sorted([p.order for p in doc.paragraphs] + doc.table_order)
    assert orders == list(range(len(orders)))


def test_ideographic_space_between_cjk():
    assert normalize_text("第二十条\u3000第（一）项") == "第二十条第（一）项"


# ----------------------------------------------------------------------------
# layouts of browser- and office-printed PDFs (Chromium, LibreOffice)


T3X = [60, 220, 260, 300, 340, 380, 420, 460, 500]  # label, 自然人, 5 organisations, 总计
LEAVES = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _t3_leaves_row(r):
    return [(r, 0, r + 1, 1, ""), (r, 1, r + 1, 2, "")] + \
        [(r, 2 + k, r + 1, 3 + k, name) for k, name in enumerate(LEAVES)] + [(r, 7, r + 1, 8, "")]


def _t3_numbers(r, label, values):
    return [(r, 0, r + 1, 1, label)] + [(r, 1 + k, r + 1, 2 + k, v) for k, v in enumerate(values)]


def _lint(tmp_path, name, data):
    from govdisclose_lint.engine import lint_file

    return lint_file(_write(tmp_path, name, data))


def test_digits_in_a_second_font_stay_on_their_line(tmp_path):
    """Browsers draw "1." in a Latin font whose top sits 3.3 pt below the CJK text beside it."""
    b = PdfBuilder()
    b.grid([60, 260, 320], [100, 130], [(0, 0, 1, 1, ""), (0, 1, 1, 2, "0")], size=10)
    b.text(62, 102 + 3.3, "1.", 10)
    b.text(82, 102, "属于国家秘密", 10)
    b.text(62, 200, "共", 12)
    b.text(74, 200 + 3.3, "23", 12)
    b.text(98, 200, "件", 12)
    doc = read(_write(tmp_path, "fonts.pdf", b.build()))
    assert doc.tables[0].texts() == [["1.属于国家秘密", "0"]]
    assert [p.text for p in doc.paragraphs] == ["共23件"]


def test_underlined_label_is_one_row(tmp_path):
    """LibreOffice draws a link's underline under each wrapped line, 1.5 pt short of the cell's
    borders where the text fills the cell; it is not a row border."""
    b = PdfBuilder()
    lines = ["5.要求行政", "机关确认或", "重新出具"]
    b.grid([60, 123.5, 180], [100, 150, 170], [(0, 0, 1, 1, "\n".join(lines)), (0, 1, 1, 2, "7"),
                                              (1, 0, 2, 1, "2.重复申请"), (1, 1, 2, 2, "0")], size=10)
    for k, text in enumerate(lines):
        b.line(62, 102 + k * 12 + 10.8, 62 + 10 * len(text), 102 + k * 12 + 10.8)
    doc = read(_write(tmp_path, "underline.pdf", b.build()))
    assert doc.tables[0].texts() == [["\n".join(lines), "7"], ["2.重复申请", "0"]]


def test_header_alone_at_a_page_foot_takes_the_columns_below(tmp_path):
    """表三's first two header rows end page 1 (four columns); the applicant leaves and the data
    start page 2 on eight columns: one table, read as the template's seven columns."""
    b = PdfBuilder()
    b.text(60, 660, "三、收到和处理政府信息公开申请情况", 12)
    head_x = [T3X[0], T3X[1], T3X[2], T3X[7], T3X[8]]
    b.grid(head_x, [700, 740, 780], [
        (0, 0, 2, 1, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"[:12]),
        (0, 1, 1, 4, "申请人情况"), (1, 1, 2, 2, "自然人"), (1, 2, 2, 3, "法人或其他组织"), (1, 3, 2, 4, "总计")],
        size=8)
    b.end_page()
    rows = _t3_leaves_row(0) + _t3_numbers(1, "一、本年新收政府信息公开申请数量", ["5", "1", "0", "0", "0", "2", "8"]) \
        + _t3_numbers(2, "二、上年结转政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"])
    b.grid(T3X, [60, 90, 110, 130], rows, size=6)
    doc = read(_write(tmp_path, "header-split.pdf", b.build()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.ncols == 8 and [t.page_of_row(r) for r in range(t.nrows)] == [1, 1, 2, 2, 2]
    assert t.grid[1][2].text == "法人或其他组织" and t.grid[1][2].colspan == 5
    assert t.grid[2][1].origin == (1, 1)  # 自然人 runs on over the leaves row
    rec = recognize(doc)
    assert [rec.cells[("T3", "R1", c)].value for c in ["自然人", *LEAVES, "总计"]] == [5, 1, 0, 0, 0, 2, 8]
    assert not [i for i in rec.issues if i.kind != "missing_row"]


def test_row_cut_by_a_page_with_no_border_at_the_cut(tmp_path):
    """Chromium breaks a tall row across pages and draws no border at the cut: label
    "一、本年新收政府信息公" on page 1, "开申请数量" and the numbers on page 2 — one row."""
    b = PdfBuilder()
    b.text(60, 560, "三、收到和处理政府信息公开申请情况", 12)
    ys = [600, 640, 670, 700, 800]
    head = [(0, 0, 2, 1, "（本列数据的勾稽关系"), (0, 1, 1, 8, "申请人情况"), (1, 1, 2, 2, "自然人"),
            (1, 2, 2, 7, "法人或其他组织"), (1, 7, 3, 8, "总计")]
    head += [(2, 0, 3, 1, ""), (2, 1, 3, 2, "")] + [(2, 2 + k, 3, 3 + k, name) for k, name in enumerate(LEAVES)]
    b.grid(T3X, ys, head + _t3_numbers(3, "一、本年新收政府信息公", [""] * 7), size=6, open_bottom=True)
    b.end_page()
    rows = _t3_numbers(0, "开申请数量", ["11", "0", "0", "0", "0", "0", "11"]) \
        + _t3_numbers(1, "二、上年结转政府信息公开申请数量", ["0"] * 7)
    b.grid(T3X, [30, 60, 90], rows, size=6, open_top=True)
    doc = read(_write(tmp_path, "row-cut.pdf", b.build()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert _squash(t.grid[3][0].text) == "一、本年新收政府信息公开申请数量"
    assert [c.text for c in t.grid[3][1:]] == ["11", "0", "0", "0", "0", "0", "11"]
    assert t.nrows == 5 and t.page_of_row(4) == 2
    rec = recognize(doc)
    assert rec.cells[("T3", "R1", "总计")].value == 11
    assert not [i for i in rec.issues if i.kind in ("extra_row", "unattributable_row")]


def test_merged_label_column_without_rules_on_the_next_page(tmp_path):
    """On the continuation page the merged 三、本年度办理结果 column has its two vertical rules
    and nothing else, so the table found there starts one column to the right."""
    xs = [60, 120, 300, 360]
    b = PdfBuilder()
    b.grid(xs, [700, 730, 760, 800], [
        (0, 0, 1, 2, "一、本年新收政府信息公开申请数量"), (0, 2, 1, 3, "9"),
        (1, 0, 3, 1, "三、本年度\n办理结果"), (1, 1, 2, 2, "（一）予以公开"), (1, 2, 2, 3, "4"),
        (2, 1, 3, 2, "（二）部分公开"), (2, 2, 3, 3, "2")], size=8, open_bottom=True)
    b.end_page()
    b.line(xs[0], 40, xs[0], 100)  # the merged column: rules, no text, no horizontal
    b.line(xs[1], 40, xs[1], 100)
    b.grid(xs[1:], [40, 70, 100], [(0, 0, 1, 1, "（六）其他处理"), (0, 1, 1, 2, "0"),
                                      (1, 0, 2, 1, "（七）总计"), (1, 1, 2, 2, "6")], size=8, open_top=True)
    doc = read(_write(tmp_path, "side.pdf", b.build()))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.nrows == 5 and t.ncols == 3
    assert t.grid[4][0].origin == (1, 0) and _squash(t.grid[4][0].text) == "三、本年度办理结果"
    assert [t.grid[r][1].text for r in (3, 4)] == ["（六）其他处理", "（七）总计"]


def test_title_beside_a_floating_note(tmp_path):
    """A text box "注：本报告数据统计期限…" beside a two-line title: the note's small lines sit
    between the title's lines in reading order; the title is the largest text."""
    b = PdfBuilder()
    b.text(120, 80, "某某县人民政府", 22)
    b.text(420, 84, "注：本报告数据统计", 9)
    b.text(420, 96, "期限为2024年度", 9)
    b.text(60, 110, "2024年政府信息公开工作报告", 22)
    b.text(60, 170, "一、总体情况", 16)
    rec = recognize(read(_write(tmp_path, "title.pdf", b.build())))
    assert (rec.title, rec.agency, rec.year) == ("某某县人民政府2024年政府信息公开工作报告", "某某县人民政府", 2024)


# ----------------------------------------------------------------------------
# damaged files (issue 10, F6 and F7): built from a corpus PDF at test time


def _cli(path):
    from click.testing import CliRunner

    from govdisclose_lint import cli

    res = CliRunner().invoke(cli.main, ["check", str(path), "--format", "json", "--jobs", "1", "--isolated",
                                        "--no-progress"])
    import json

    return res, json.loads(res.stdout)["documents"][0]


def test_page_tree_that_lies_is_read_whole(corpus, tmp_path):
    """``/Count 6`` → ``/Count 1``: PDFium sees one page, pdfminer six; all six are read, the
    document says so and is partial, and no section or table is reported missing."""
    data = corpus("2024_huaianshi.pdf").read_bytes()
    assert data.count(b"/Count 6") == 1
    res, doc = _cli(_write(tmp_path, "count1.pdf", data.replace(b"/Count 6", b"/Count 1")))
    assert res.stderr == "" and res.exit_code == 3
    assert doc["status"] == "partial"
    codes = [(f["code"], f["severity"]) for f in doc["findings"]]
    assert codes == [("E001", "warning")]
    assert "1" in doc["findings"][0]["message"] and "6" in doc["findings"][0]["message"]
    whole = read(str(corpus("2024_huaianshi.pdf")))
    damaged = read(_write(tmp_path, "count1b.pdf", data.replace(b"/Count 6", b"/Count 1")))
    assert [t.texts() for t in damaged.tables] == [t.texts() for t in whole.tables]


def test_corrupt_content_stream_is_a_finding_on_its_page(corpus, tmp_path):
    """One flipped byte inside page 4's content stream: the page reads (nearly) empty; the
    document is partial with an E001 on page 4, pdfminer's complaint never reaches stderr, and
    the rows the page held are not blamed on the report."""
    import re

    data = bytearray(corpus("2024_huaianshi.pdf").read_bytes())
    page4 = int(re.findall(rb"/Contents (\d+) 0 R", bytes(data))[3])
    start = re.search(rb"\n%d 0 obj\s*<<.*?>>\s*stream\r?\n" % page4, bytes(data), re.S).end()
    data[start + 400] ^= 0xFF
    res, doc = _cli(_write(tmp_path, "flip.pdf", bytes(data)))
    assert res.stderr == "" and res.exit_code == 3
    assert doc["status"] == "partial"
    e001 = [f for f in doc["findings"] if f["code"] == "E001"]
    assert [(f["severity"], f["location"].get("page")) for f in e001] == [("error", 4)]
    assert not [f for f in doc["findings"] if f["code"] == "S107" and "缺少" in f["message"]]
