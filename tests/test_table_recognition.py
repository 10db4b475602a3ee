"""The row and column builder of recognition on small tables shaped like the real layouts.

Tables are written as rows of cells placed like HTML (``(text, rowspan, colspan)``), so the
merged cells of a real header can be stated exactly: 表四 with the 行政复议 result cells spanning
both header rows (WPS, the 洪泽 reports), a blank header cell over part of 行政诉讼, a header whose
blocks contradict the values' position, a row label wrapped into the next grid row, and a 表三
header cut in two by a page break.
"""

from __future__ import annotations

from govdisclose_lint.document import Cell, Document, Locator, Paragraph, Table
from govdisclose_lint.engine import lint_document
from govdisclose_lint.recognize import recognize
from govdisclose_lint.templates import templates

RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def table(index: int, rows: list[list], page: int = 1) -> Table:
    """A grid from rows of cells placed left to right into the free positions (HTML rules)."""
    taken: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            text, rs, cs = (spec, 1, 1) if isinstance(spec, str) else spec
            while (r, c) in taken:
                c += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken[(rr, cc)] = Cell(text, rr, cc, (r, c), rs, cs, page=page)
            c += cs
    nrows = max(r for r, _ in taken) + 1
    ncols = max(c for _, c in taken) + 1
    grid = [[taken.get((r, c), Cell("", r, c, (r, c), page=page)) for c in range(ncols)] for r in range(nrows)]
    return Table(index, grid, Locator(page=page, table=index))


def doc_of(*tables: Table) -> Document:
    doc = Document(path="synthetic.pdf", kind="pdf", tables=list(tables), table_order=list(range(len(tables))))
    doc.paragraphs = [Paragraph("某某县人民政府2024年政府信息公开工作年度报告", Locator(page=1, paragraph=0))]
    return doc


def t4_values(rec) -> dict[str, list]:
    spec = templates()["2021"].tables["T4"]
    return {b: [getattr(rec.cells.get(("T4", b, c)), "value", None) for c in RESULTS] for b in spec.blocks}


VALUES = ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]


def test_t4_review_cells_span_both_header_rows():
    """The WPS layout of 表四: 行政复议's five result cells span header rows 2–3, a blank cell
    sits over the first columns of 行政诉讼, whose two blocks name their own five columns."""
    t4 = table(0, [
        [("行政复议", 1, 5), ("", 1, 3), ("行政诉讼", 1, 7)],
        [(r, 2, 1) for r in RESULTS] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        RESULTS + RESULTS,
        VALUES,
    ])
    rec = recognize(doc_of(t4))
    assert t4_values(rec) == {"行政复议": [1, 1, 0, 0, 2], "未经复议直接起诉": [1, 0, 0, 0, 1],
                              "复议后起诉": [2, 0, 1, 0, 3]}
    assert not [i for i in rec.issues if i.table == "T4"]


def test_t4_header_against_position_is_reported_with_both_readings():
    """A header naming 行政复议 over all fifteen columns contradicts the template's order:
    neither reading is used, S107 shows both, and no arithmetic is built on a guess."""
    t4 = table(0, [
        [("行政复议", 1, 15)],
        RESULTS * 3,
        VALUES,
    ])
    result = lint_document(doc_of(t4))
    s107 = [f for f in result.findings if f.code == "S107" and f.location.table == "T4"]
    assert [f.key for f in s107] == ["ambiguous_columns"]
    assert "#6 行政复议·结果维持" in s107[0].message and "#6 未经复议直接起诉·结果维持" in s107[0].message
    assert not [f for f in result.findings if f.code == "A304"]
    assert {c.state for (t, _, _), c in result.recognition.cells.items() if t == "T4"} == {"unattributable"}


def test_t4_block_losing_columns_is_a_finding():
    """直接起诉 printed with three of its five columns: the other blocks are read, the loss is S107."""
    t4 = table(0, [
        [("行政复议", 1, 5), ("行政诉讼", 1, 8)],
        [(r, 2, 1) for r in RESULTS] + [("未经复议直接起诉", 1, 3), ("复议后起诉", 1, 5)],
        ["结果维持", "尚未审结", "总计"] + RESULTS,
        ["1", "1", "0", "0", "2", "1", "0", "1", "2", "0", "1", "0", "3"],
    ])
    result = lint_document(doc_of(t4))
    assert t4_values(result.recognition)["复议后起诉"] == [2, 0, 1, 0, 3]
    lost = [(f.key, f.location.row, f.location.column) for f in result.findings
            if f.code == "S107" and f.location.table == "T4"]
    assert lost == [("missing_block_column", "未经复议直接起诉", "结果纠正"),
                    ("missing_block_column", "未经复议直接起诉", "其他结果")]
    assert not [f for f in result.findings if f.code == "A304" and f.location.row == "未经复议直接起诉"]


T3_HEADER = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 1), ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    T3_COLS[1:6],
]


def test_label_wrapped_into_the_next_row_is_joined():
    """"一、本年新收政府信息公开申" with blank values, then "请数量" with the numbers (a row broken
    by a page, the values vertically centred on its second part)."""
    t3 = table(0, T3_HEADER + [
        ["一、本年新收政府信息公开申", "", "", "", "", "", "", ""],
        ["请数量", "11", "0", "0", "0", "0", "0", "11"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
    ])
    rec = recognize(doc_of(t3))
    assert [rec.cells[("T3", "R1", c)].value for c in T3_COLS] == [11, 0, 0, 0, 0, 0, 11]
    assert rec.cells[("T3", "R1", "总计")].doc_row_label == "一、本年新收政府信息公开申请数量"
    assert not [i for i in rec.issues if i.kind in ("extra_row", "unattributable_row")]


def test_header_cut_by_a_page_break_goes_on_in_the_next_table():
    """The first two header rows end one page, the applicant leaves start the next (same grid).
    The report added a 小计 column: only the whole header can say which value is which."""
    head = table(0, [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 1), ("申请人情况", 1, 8)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 6), ("总计", 2, 1)],
    ], page=3)
    rest = table(1, [["", "", *T3_COLS[1:6], "法人或其他组织小计", ""],
                     ["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "0", "2", "3", "8"]], page=4)
    assert head.ncols == rest.ncols == 9
    rec = recognize(doc_of(head, rest))
    assert [rec.cells[("T3", "R1", c)].value for c in T3_COLS] == [5, 1, 0, 0, 0, 2, 8]
    assert rec.cells[("T3", "R1", "自然人")].locator.page == 4
    assert [(i.kind, i.col) for i in rec.issues if i.table == "T3" and "column" in i.kind] == \
        [("extra_column", "法人或其他组织小计")]


def test_t4_one_block_per_table_named_by_its_caption():
    """OCR markdown prints 表四 as three five-column tables under the headings "行政复议",
    "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"."""
    doc = doc_of()
    captions = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    values = [["27", "10", "9", "15", "61"], ["3", "0", "0", "0", "3"], ["8", "0", "1", "1", "10"]]
    order = 1
    for k, (caption, row) in enumerate(zip(captions, values)):
        doc.paragraphs.append(Paragraph(caption, Locator(paragraph=k + 1), order=order))
        doc.tables.append(table(k, [RESULTS, row]))
        doc.table_order.append(order + 1)
        order += 2
    rec = recognize(doc)
    assert t4_values(rec) == {"行政复议": [27, 10, 9, 15, 61], "未经复议直接起诉": [3, 0, 0, 0, 3],
                              "复议后起诉": [8, 0, 1, 1, 10]}
    assert not [i for i in rec.issues if i.table == "T4"]
