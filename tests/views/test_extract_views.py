"""extract --format xlsx|grid, and the layout both draw: the official template's own grid."""

from __future__ import annotations

import io
import shutil

import pytest
from click.testing import CliRunner

from govdisclose_lint import cli
from govdisclose_lint.extract_xlsx import FILL
from govdisclose_lint.normalize import label_key
from govdisclose_lint.readers.docx import read
from govdisclose_lint.tablelayout import layouts

NAMES = {"T2": "表二", "T3": "表三", "T4": "表四"}


def test_layout_is_the_official_template_cell_for_cell(corpus):
    """Every box of the 2021 layout is a cell of template-2021.docx: same text, same place, same spans."""
    doc = read(str(corpus("template-2021.docx")))
    for table, lay in zip(doc.tables, layouts("2021").values()):
        assert (table.nrows, table.ncols) == (lay.height, lay.width)
        origins = {(c.row, c.col): c for row in table.grid for c in row if c.is_origin}
        assert {(b.r, b.c) for b in lay.boxes()} == set(origins)
        for b in lay.boxes():
            cell = origins[b.r, b.c]
            assert (cell.rowspan, cell.colspan) == (b.rowspan, b.colspan), b
            assert label_key(cell.text) == label_key(b.text), b
    # the 2019 format: 5 blocks in 表二, 23 data rows in 表三, the same 表四
    lay = layouts("2019")
    assert (lay["T2"].height, lay["T2"].width) == (18, 4) and (lay["T3"].height, lay["T3"].width) == (26, 10)
    data = {k: sum(b.kind == "data" for b in lay[k].boxes()) for k in lay}
    assert data == {"T2": 22, "T3": 161, "T4": 15}


@pytest.fixture(scope="module")
def workbook(corpus_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("xlsx")
    names = ["2020_pingtan.html", "2024_huaianshi.pdf"]
    for name in names:
        shutil.copyfile(corpus_dir / name, work / name)
    out = work / "tables.xlsx"
    res = CliRunner().invoke(cli.main, ["extract", *[str(work / n) for n in names], "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    return load_workbook(out), names


def test_xlsx_has_every_recognised_cell_at_its_template_position(workbook, linted):
    wb, names = workbook
    for n, name in enumerate(names, 1):
        result = linted(name)
        lay = layouts(result.format_version)
        cells = result.table_cells()
        assert len(cells) > 150
        for c in cells:
            ws = wb[f"{n} {NAMES[c['table']]}"]
            box = next(b for b in lay[c["table"]].boxes()
                       if (b.kind, b.row, b.col) == ("data", c["row_key"], c["column"]))
            got = ws.cell(row=box.r + 1, column=box.c + 1).value
            want = c["value"] if c["state"] == "number" else ((c["raw"] or "").strip() or None)
            assert got == want, (name, c)
        for key, sheet_lay in lay.items():  # headers and labels where the template has them, merged likewise
            ws = wb[f"{n} {NAMES[key]}"]
            merged = {(m.min_row - 1, m.min_col - 1, m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
                      for m in ws.merged_cells.ranges}
            spans = {(b.r, b.c, b.rowspan, b.colspan) for b in sheet_lay.boxes() if b.rowspan > 1 or b.colspan > 1}
            assert merged == spans
            for b in sheet_lay.boxes():
                if b.kind != "data":
                    assert ws.cell(row=b.r + 1, column=b.c + 1).value == b.text


def test_xlsx_marks_the_wrong_total_and_lists_the_findings(workbook):
    wb, _ = workbook
    ws = wb["1 表三"]
    lay = layouts("2019")["T3"]
    total = next(b for b in lay.boxes() if (b.row, b.col) == ("K7", "总计") and b.kind == "data")
    cell = ws.cell(row=total.r + 1, column=total.c + 1)
    assert cell.value == 21 and cell.fill.fgColor.rgb.endswith(FILL["total"])
    assert "A302" in cell.comment.text and "应为 27，实为 21" in cell.comment.text
    rows = list(wb["问题"].iter_rows(min_row=2, values_only=True))
    a302 = [r for r in rows if r[2] == "A302" and r[9] == "总计"]
    assert a302 and a302[0][12:15] == (27, 21, f"'1 表三'!{cell.coordinate}")
    assert [r[1].rsplit("/", 1)[-1] for r in wb["文档"].iter_rows(min_row=2, values_only=True)] == \
        ["2020_pingtan.html", "2024_huaianshi.pdf"]


def test_xlsx_to_a_pipe(corpus):
    res = CliRunner().invoke(cli.main, ["extract", str(corpus("2021_pingtan.html")), "--format", "xlsx"])
    assert res.exit_code == 0 and res.stdout_bytes.startswith(b"PK")
    from openpyxl import load_workbook

    assert "表三" in load_workbook(io.BytesIO(res.stdout_bytes)).sheetnames


def test_grid_in_the_terminal(corpus):
    res = CliRunner().invoke(cli.main, ["extract", str(corpus("2023_hongzequ.pdf")), "--format", "grid"])
    assert res.exit_code == 0, res.output
    out = res.output
    # the template's rows in order, groups on lines of their own, the values beside their labels
    order = ["一、本年新收政府信息公开申请数量", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "（七）总计",
             "四、结转下年度继续办理"]
    assert [out.index(label) for label in order] == sorted(out.index(label) for label in order)
    line = next(x for x in out.splitlines() if "（七）总计" in x)
    assert [v.strip() for v in line.split("│")[2:9]] == ["21", "0", "0", "0", "0", "0", "21"]
    lines = out.splitlines()
    t4 = next(x for x in lines[next(i for i, x in enumerate(lines) if x.startswith("表四")):] if x.startswith("│"))
    assert [v.strip() for v in t4.split("│")[1:16]] == ["10", "1", "0", "0", "0"] + ["0"] * 5 + ["5", "0", "0", "0", "0"]
    assert "A304（错误）表四“行政复议”：总计应为 11" in out and "应为 5，实为 0" in out
