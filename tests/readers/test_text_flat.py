"""Flattened web text: a row is read only where its numbers split into the template's cells one way.

The corpus holds four crawler dumps (``*-flat.txt``) of the web pages beside them; the HTML reader
is exact, so every cell read from the flattened text must equal the page's cell.  The hand-made
cases below are one per shape the reader accepts or refuses.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclose_lint.engine import lint_document, lint_file
from govdisclose_lint.findings import STATUSES
from govdisclose_lint.readers.flat_split import read_run
from govdisclose_lint.readers.flat_tables import read_flat
from govdisclose_lint.readers.text import parse_text
from govdisclose_lint.templates import templates

FLAT = ["2019_pingtan-flat.txt", "2020_pingtan-flat.txt", "2021_pingtan-flat.txt", "2022_pingtan-flat.txt"]
# rows read / rows left per table, as the S105 notes state them (表四 is one row of 15 values)
ROWS = {
    "2019_pingtan-flat.txt": {"Table 2": (1, 7), "Table 3": (23, 0), "Table 4": (1, 0)},
    "2020_pingtan-flat.txt": {"Table 2": (2, 6), "Table 3": (23, 0), "Table 4": (1, 0)},
    "2021_pingtan-flat.txt": {"Table 2": (5, 1), "Table 3": (23, 2), "Table 4": (1, 0)},
    "2022_pingtan-flat.txt": {"Table 2": (5, 1), "Table 3": (25, 0), "Table 4": (1, 0)},
}


@pytest.fixture(scope="module")
def pair(corpus_dir):
    done = {}

    def get(name):
        if name not in done:
            html = name.replace("-flat.txt", ".html")
            done[name] = (lint_file(str(corpus_dir / name)), lint_file(str(corpus_dir / html)))
        return done[name]

    return get


@pytest.mark.parametrize("name", FLAT)
def test_cells_read_equal_the_web_page(pair, name):
    flat, html = pair(name)
    cells, truth = flat.recognition.cells, html.recognition.cells
    read = {k: c for k, c in cells.items() if c.state != "unattributable"}
    assert len(read) > len(cells) // 2
    wrong = {k: (c.value, truth[k].value) for k, c in read.items() if k not in truth or truth[k].value != c.value}
    assert wrong == {}
    # every template cell of the page is there: read, or said to be unreadable; none silently lost
    assert set(cells) == set(truth)


@pytest.mark.parametrize("name", FLAT)
def test_notes_say_which_rows_were_read(pair, name):
    flat, _ = pair(name)
    notes = {f.params["table_name_en"]: f for f in flat.findings if f.code == "S105"}
    assert {k: (f.params["n_read"], f.params["n_left"]) for k, f in notes.items()} == ROWS[name]
    assert all(f.severity == "info" for f in notes.values())
    left = sum(n for _, n in ROWS[name].values())
    # the rows left are named by the note, not blamed on the report's tables (no S107: the flattening lost
    # the cell borders, not the report), and the document is then only partly checked
    assert flat.status == ("partial" if left else "checked")
    assert [f for f in flat.findings if f.code == "S107"] == []


def test_flattened_2021_reads_table_4_by_its_block_totals(pair):
    flat, _ = pair("2021_pingtan-flat.txt")
    t4 = {(r, c): v.value for (t, r, c), v in flat.recognition.cells.items() if t == "T4"}
    assert [t4[("行政复议", c)] for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] == [1, 0, 2, 0, 3]
    assert t4[("未经复议直接起诉", "总计")] == 12 and t4[("复议后起诉", "总计")] == 0
    note = next(f for f in flat.findings if f.code == "S105" and f.params["table_name_en"] == "Table 4")
    assert note.key == "flat_read" and note.params["by_total"] == "行政复议/未经复议直接起诉/复议后起诉"


# ---------------------------------------------------------------------------------------------- shapes
T3_HEAD = ("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
           "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")


def flat_t3(values: dict[str, str], head: str = T3_HEAD, after: str = " 五、存在的主要问题及改进情况无。") -> str:
    """A flattened 2021-format report: title, then one line holding 表三 with these value texts."""
    parts, group = [head], ""
    for r in templates()["2021"].tables["T3"].rows:
        if r.group and r.group != group:
            group = r.group
            parts.append(group)
        parts.append(r.label + values.get(r.key, "0000000"))
    return "标题: 某区人民政府2021年政府信息公开工作年度报告\n一、总体情况 无。" + "".join(parts) + after + "\n"


def lint(text: str):
    return lint_document(parse_text(text, "report.txt"))


def t3(result, row: str) -> list:
    cells = result.recognition.cells
    return [cells[("T3", row, c)].value if cells[("T3", row, c)].usable else cells[("T3", row, c)].state
            for c in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")]


def note(result, table="Table 3"):
    return next(f for f in result.findings if f.code == "S105" and f.params.get("table_name_en") == table)


def test_label_followed_by_seven_spaced_numbers():
    r = lint(flat_t3({"R1": " 11 0 0 0 0 0 11", "K1": "11 0 0 0 0 0 11", "K7": "11 0 0 0 0 0 11"}))
    assert t3(r, "R1") == [11, 0, 0, 0, 0, 0, 11]
    assert note(r).key == "flat_read" and note(r).params["by_total"] == "—"
    assert not [f for f in r.findings if f.code[0] in "AC" or f.code == "S107"]


def test_run_of_seven_digits_between_two_labels():
    r = lint(flat_t3({"R1": "1000001", "K1": "1000001", "K7": "1000001"}))
    assert t3(r, "R1") == [1, 0, 0, 0, 0, 0, 1]
    assert t3(r, "K3_2") == [0] * 7  # "…00000002.其他法律…": the 2 is the next label's number


def test_spaces_and_no_leading_zeros_leave_one_split():
    r = lint(flat_t3({"R1": "23 0 00 0 023", "K1": "23 0 00 0 023", "K7": "23 0 00 0 023"}))
    assert t3(r, "K7") == [23, 0, 0, 0, 0, 0, 23]
    assert note(r).params["by_total"] == "—"


def test_the_row_total_fixes_the_one_split_that_balances():
    # 200 000121 splits four ways; only 20/0/0/0/0/1/21 has a 总计 equal to the sum of the others
    assert read_run("200 000121", _cols("R1"), templates()["2021"]).candidates == 4
    r = lint(flat_t3({"R1": "200 000121", "K1": "2000002", "K7": "20 0 00 0 121", "R4": "1900019"}))
    assert t3(r, "R1") == [20, 0, 0, 0, 0, 1, 21]
    assert note(r).params["by_total"] == "一、本年新收政府信息公开申请数量、（七）总计"
    # the real imbalance beside it is found: 新收 21 = 办结 2 + 结转 19, but 总计 21 ≠ 2
    a302 = {f.location.column: (f.expected, f.actual) for f in r.findings if f.code == "A302"}
    assert a302["总计"] == (Decimal(2), Decimal(21))


def test_two_balanced_splits_stay_unread():
    # 22/0/0/0/0/3/25 and 2/20/0/0/0/3/25 both balance: the row is not guessed
    r = lint(flat_t3({"R1": "22 0 0 0 0 3 25", "K4_1": "220000325", "K7": "22 0 0 0 0 3 25"}))
    assert t3(r, "K4_1") == ["unattributable"] * 7
    assert t3(r, "R1") == [22, 0, 0, 0, 0, 3, 25]
    assert note(r).key == "flat_partial" and note(r).params["left"] == "1.本机关不掌握相关政府信息"
    assert [f for f in r.findings if f.code == "S107"] == []  # the note names it; the table is not at fault
    assert not [f for f in r.findings if f.code == "A302"]  # its columns are unknown, not wrong
    assert r.status == "partial"


def test_header_with_another_column_is_not_read_by_the_template_count():
    head = T3_HEAD.replace("总计商业企业", "总计小计商业企业")
    r = lint(flat_t3({"R1": "10000001", "K1": "10000001", "K7": "10000001"}, head=head))
    assert "T3" not in r.recognition.tables_found
    assert [f.key for f in r.findings if f.code == "S105" and f.location.table == "T3"] == ["flattened"]
    assert r.status == "partial"


def test_digits_running_into_the_next_text_are_not_cut():
    r = lint(flat_t3({"R1": "1000001", "K1": "1000001", "K7": "1000001"}, after="0000000年内将改进。"))
    assert t3(r, "R4") == ["unattributable"] * 7  # "00000000000000" + "年": where does R4 end?
    # a visible end: whitespace before the text, or a numbered heading right after the digits
    r = lint(flat_t3({"R1": "1000001", "K1": "1000001", "K7": "1000001"}, after=" 下一年度将改进。"))
    assert t3(r, "R4") == [0] * 7
    r = lint(flat_t3({"R1": "1000001", "K1": "1000001", "K7": "1000001"}, after="五、存在的主要问题"))
    assert t3(r, "R4") == [0] * 7


def test_unknown_row_label_goes_to_recognition():
    text = flat_t3({"R1": "1000001", "K1": "1000001", "K7": "1000001"}).replace("2.其他法律行政法规禁止公开",
                                                                                  "2.其他法律行政止公开")
    r = lint(text)
    assert t3(r, "K3_2") == [0] * 7
    s103 = [f for f in r.findings if f.code == "S103"]
    assert [f.params["text"] for f in s103] == ["2.其他法律行政止公开"]


def test_row_without_numbers_is_blank():
    r = lint(flat_t3({"R1": "1000001", "K1": "", "K2": "1000001", "K7": "1000001"}))
    assert [c.state for (t, row, _), c in r.recognition.cells.items() if row == "K1"] == ["blank"] * 7


def test_table_4_as_fifteen_spaced_numbers():
    t4 = ("四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 "
          "复议后起诉 结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 ")
    r = lint(flat_t3({"R1": "1000001", "K1": "1000001", "K7": "1000001"}, after=" " + t4 + "五、存在的主要问题无。"))
    cells = r.recognition.cells
    assert [cells[("T4", "行政复议", c)].value for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] == \
        [0, 1, 1, 0, 2]
    assert note(r, "Table 4").key == "flat_read"


def test_row_labels_in_running_text_make_no_table():
    text = ("标题: 某区人民政府2021年政府信息公开工作年度报告\n" + "本年度行政许可2293件，行政处罚1282件，" * 20
            + "一、本年新收政府信息公开申请数量1000001件。\n")
    doc = parse_text(text)
    assert doc.tables == [] and doc.notes == []


def _cols(row):
    spec = templates()["2021"].tables["T3"].row(row)
    return [("T3", row, c) for c in spec.columns]


_WORDS = sorted({n for t in templates().values() for tab in t.tables.values()
                 for n in (*tab.blocks, *tab.markers, *tab.group_labels, *tab.column_groups,
                           *(x for r in tab.rows for x in (*r.names(), *(c.key for c in r.columns))))})
_PIECE = st.one_of(st.sampled_from(_WORDS), st.from_regex(r"[0-9]{1,12}", fullmatch=True),
                   st.sampled_from([" ", " ", "、", "元", ".", "-", "年", "（", "）"]), st.text(max_size=4))


@settings(max_examples=50, deadline=None)
@given(st.lists(_PIECE, min_size=20, max_size=150).map("".join))
def test_any_flattened_line_reads_only_the_digits_it_has(line):
    line = T3_HEAD + line
    for ft in read_flat(line).tables:
        for row in ft.rows:
            if row.cells is not None:  # no digit invented, dropped or moved across a label
                assert "".join(row.cells) == "".join(row.raw.split())
    result = lint_document(parse_text(line))
    assert result.status in STATUSES


_CELL = st.one_of(st.just(0), st.integers(0, 9), st.integers(10, 999))


@settings(max_examples=100, deadline=None)
@given(st.lists(_CELL, min_size=6, max_size=6), st.lists(st.booleans(), min_size=6, max_size=6),
       st.booleans())
def test_a_row_is_read_as_written_or_not_at_all(parts, spaces, balanced):
    """Any row a report can hold (whole numbers, no blanks), run together with or without spaces."""
    cells = [*parts, sum(parts) if balanced else sum(parts) + 1]
    text = "".join(str(v) + (" " if i < 6 and spaces[i] else "") for i, v in enumerate(cells))
    reading = read_run(text, _cols("K1"), templates()["2021"])
    if reading.how == "direct" or (reading.how == "total" and balanced):
        assert [int(c) for c in reading.cells] == cells
    assert reading.how != "total" or sum(map(int, reading.cells[:6])) == int(reading.cells[6])
