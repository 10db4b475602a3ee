"""What a narrative finding carries for the reporters: the sentence and the number as written
(the HTML report marks the one inside the other), the table's value and the number read, and a
location at the paragraph (with its page for PDF)."""

from __future__ import annotations

from govdisclose_lint.engine import lint_file
from govdisclose_lint.settings import Settings


def _narrative(path):
    result = lint_file(str(path), Settings(select=("N4",)))
    return result, [f for f in result.findings if f.code in ("N401", "N402", "N403", "N407")]


def test_sentence_number_expected_actual_and_paragraph(corpus):
    result, found = _narrative(corpus("2019_shanghai-bgt.html"))
    assert sorted((f.code, f.params["number"]) for f in found) == [("N401", "258"), ("N401", "265"),
                                                                   ("N402", "均获维持")]
    for f in found:
        assert f.params["number"] in f.params["sentence"] and f.params["sentence"].endswith("。")
        assert f.expected is not None and f.actual is not None and f.expected != f.actual
        assert f.location.section == "一、总体情况" and f.location.paragraph == 13
        assert f.location.table is None  # it points at the text, not at a table cell
    n401 = next(f for f in found if f.params["number"] == "258")
    assert (n401.expected, n401.actual) == (275, 258)


def test_pdf_location_has_the_page(corpus):
    _, found = _narrative(corpus("2024_hongzequ.pdf"))
    assert [(f.code, f.params["number"], f.location.page, f.location.paragraph) for f in found] == \
        [("N401", "17", 1, 6)]
    assert "区政府办代表区政府受理政府信息公开申请17件" in found[0].params["sentence"]


def test_words_of_a_claim_across_wrapped_lines(corpus):
    # a PDF-to-markdown copy: the sentence runs over several lines; the finding points at the line of the words
    _, found = _narrative(corpus("2024_shkewei.md"))
    assert [(f.code, f.params["number"], f.location.line) for f in found] == [("N407", "所有申请均已按要求办理完成", 43)]
    assert found[0].params["sentence"].startswith("全年收到政府信息公开申请 34 件")
