"""The cross-document stage end to end (click's CliRunner, in process) and its parts: identity,
publication dates, the auditor's summary, aggregate, and that copied-text detection is not
quadratic (counted comparisons, not timings)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from govdisclose_lint.cli import main
from govdisclose_lint.crossdoc import published, similarity, sketch
from govdisclose_lint.crossdoc.entries import Entries
from govdisclose_lint.crossdoc.identity import Matcher
from govdisclose_lint.engine import lint_file

from .helpers import DOCS, edit_html_cell, make

PINGTAN = [f"{y}_pingtan.html" for y in (2019, 2020, 2021, 2022)]


def check(*args, cwd=None):
    result = CliRunner().invoke(main, ["check", "--isolated", "--no-progress", *map(str, args)],
                                catch_exceptions=False)
    return result.exit_code, result.output


def check_json(*args):
    code, out = check("--format", "json", *args)
    return code, json.loads(out)


def codes(doc, prefix=("X", "M")):
    return [f["code"] for f in doc["findings"] if f["code"].startswith(prefix)]


def test_pingtan_years_pair_without_x501(corpus):
    code, data = check_json(*(corpus(n) for n in PINGTAN))
    docs = data["documents"]
    assert [codes(d, ("X501",)) for d in docs] == [[], [], [], []]
    rows = {r["year"]: r for r in data["summary"]["auditor"]}
    assert sorted(rows) == [2019, 2020, 2021, 2022]
    assert {r["agency"] for r in rows.values()} == {"平潭综合实验区"}
    # 2019→2020, 2020→2021, 2021→2022 were compared (the text similarity to last year is set)
    assert rows[2019]["similarity_prev"] is None
    assert all(rows[y]["similarity_prev"] is not None for y in (2020, 2021, 2022))
    assert rows[2021]["similarity_prev"] < 0.5


def test_carried_value_changed_names_both_documents(corpus, tmp_path):
    prev = tmp_path / "2021_pingtan.html"
    prev.write_bytes(corpus("2021_pingtan.html").read_bytes())
    cur = tmp_path / "2022_pingtan.html"
    html = corpus("2022_pingtan.html").read_text(encoding="utf-8")
    cur.write_text(edit_html_cell(html, "二、上年结转政府信息公开申请数量", 0, 0), encoding="utf-8")
    code, data = check_json(cur, "--previous", prev)
    assert [d["path"] for d in data["documents"]] == [str(cur)]  # --previous is context only
    x501 = [f for f in data["documents"][0]["findings"] if f["code"] == "X501"]
    assert len(x501) == 1 and code == 1
    f = x501[0]
    assert (f["location"]["row"], f["location"]["column"], f["expected"], f["actual"]) == \
        ("二、上年结转政府信息公开申请数量", "自然人", 1, 0)
    assert f["operands"] == {"T3_prev.R4.自然人": 1}
    assert "2021_pingtan.html" in f["message"] and "四、结转下年度继续办理" in f["message"]


def test_two_agency_names_one_text_is_x504_at_least_95(corpus, tmp_path):
    a = make({"doc": "2022_pingtan.html", "name": "jia.html", "replace_all": [["平潭综合实验区", "甲区"]]},
             tmp_path, corpus)
    b = make({"doc": "2022_pingtan.html", "name": "yi.html", "replace_all": [["平潭综合实验区", "乙区"]]},
             tmp_path, corpus)
    _, data = check_json(a, b, "--lang", "en")
    for doc in data["documents"]:
        x504 = [f for f in doc["findings"] if f["code"] == "X504"]
        assert len(x504) == 1 and x504[0]["actual"] >= 0.95
        assert "Longest shared passages" in x504[0]["message"]


def test_pingtan_2021_2022_below_threshold(corpus):
    r21, r22 = (lint_file(str(corpus(n))) for n in ("2021_pingtan.html", "2022_pingtan.html"))
    entries = Entries([r21, r22])
    texts = similarity._Texts()
    share = texts.containment(entries.items[1], entries.items[0])
    assert 0 < share < 0.5
    assert not [f for f in r22.findings if f.code == "X504"]


def test_copied_text_is_not_quadratic(corpus, monkeypatch):
    """300 reports, one text under 300 agency names: one exact comparison per report, not 300²."""
    base = lint_file(str(corpus("2021_pingtan.html")))
    results = []
    for i in range(300):
        r = lint_file(str(corpus("2021_pingtan.html")))
        r.agency, r.path = f"单位{i:03d}", f"r{i}.html"
        results.append(r)
    calls = []
    real = similarity.compare
    monkeypatch.setattr(similarity, "compare", lambda *a, **k: calls.append(1) or real(*a, **k))
    found = list(similarity.check(Entries(results), {}))
    assert len(found) == 300 and base.profile.shingles > 0
    assert len(calls) <= 300 * 2


def test_identity_normalisation_examples():
    names = ["平潭综合实验区", "平潭综合实验区管委会办公室", "沭阳县人民政府", "沐阳县人民政府", "洪泽区人民政府",
             "淮安市洪泽区人民政府", "上海市科委", "上海市城市管理局", "北京市城市管理局", "城市管理局"]
    m = Matcher(names, {"上海市科委": "上海市科学技术委员会"}, ["沭阳县人民政府"])
    got = {n: (m.resolve(n).name, m.resolve(n).how) for n in names}
    assert got["平潭综合实验区管委会办公室"] == ("平潭综合实验区", "normalised")
    assert got["沐阳县人民政府"] == ("沭阳县人民政府", "ocr")
    assert got["洪泽区人民政府"] == ("淮安市洪泽区人民政府", "region-prefix")
    assert got["上海市科委"] == ("上海市科学技术委员会", "mapping")
    # two cities' bureaus claim the bare name: it stays apart, and so do they
    assert len({got[n][0] for n in ("上海市城市管理局", "北京市城市管理局", "城市管理局")}) == 3


def test_ocr_misspelt_copy_is_the_same_agency(corpus, tmp_path):
    ocr = corpus("2025_shuyangxian.txt")  # OCR text: 沭阳 read as 沐阳 throughout
    fixed = tmp_path / "2025_shuyang_fixed.txt"
    fixed.write_text(ocr.read_text(encoding="utf-8").replace("沐阳", "沭阳"), encoding="utf-8")
    _, data = check_json(ocr, fixed)
    x507 = [f for d in data["documents"] for f in d["findings"] if f["code"] == "X507"]
    assert len(x507) == 2 and all("OCR" in f["message"] for f in x507)


def test_publication_dates(corpus):
    from govdisclose_lint.readers import read_document

    doc = read_document(str(corpus("2021_pingtan.html")))
    assert (doc.published.date.isoformat(), doc.published.source) == ("2022-02-08", "meta")
    sh = read_document(str(corpus("2019_shanghai-bgt.html")))
    assert published.of_document(sh).date.isoformat() == "2020-01-31"
    tpl = read_document(str(corpus("template-2021.docx")))
    assert tpl.published is None or tpl.published.source == "docx-core"
    assert published.parse_date("2022年2月8日") == published.parse_date("2022-02-08")
    assert published.parse_date("2022-02-30") is None


def test_docx_last_saved_date_is_a_weak_hint(corpus, tmp_path):
    import docx

    d = docx.Document()
    for p in DOCS.joinpath("2022_pingtan.txt").read_text(encoding="utf-8").split("\n")[:3]:
        d.add_paragraph(p)
    import datetime

    d.core_properties.modified = datetime.datetime(2023, 4, 1)
    path = tmp_path / "2022_report.docx"
    d.save(path)
    _, data = check_json(path)
    m701 = [f for f in data["documents"][0]["findings"] if f["code"] == "M701"]
    assert m701 and m701[0]["severity"] == "info" and m701[0]["actual"] == "2023-04-01"


def test_summary_csv_xlsx_and_roster_status(corpus, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("unit,parent,kind\n平潭综合实验区,福建省人民政府,city\n平潭综合实验区教育局,平潭综合实验区,\n",
                      encoding="utf-8")
    out_csv, out_xlsx = tmp_path / "s.csv", tmp_path / "s.xlsx"
    files = [corpus(n) for n in PINGTAN[2:]]
    code, text = check(*files, "--roster", roster, "--summary", out_csv)
    assert "审核汇总" in text and "missing" in text
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    status = {(r["agency"], r["year"]): r["status"] for r in rows}
    assert status[("平潭综合实验区", "2021")] == "checked"
    assert status[("平潭综合实验区教育局", "2022")] == "missing"
    assert rows[0]["new_requests"] == "70.0"
    check(*files, "--summary", out_xlsx)
    from openpyxl import load_workbook

    ws = load_workbook(out_xlsx).active
    assert ws.cell(1, 1).value == "机关" and ws.max_row == 3


def test_bad_crossdoc_options_exit_2(corpus, tmp_path):
    from govdisclose_lint.cli import run

    bad = tmp_path / "roster.csv"
    bad.write_text("name,parent\nx,y\n", encoding="utf-8")
    for args in (["--published", "2022-13-01"], ["--roster", str(bad)], ["--summary", str(tmp_path / "s.txt")]):
        with pytest.raises(SystemExit) as exc:
            run(["check", "--isolated", str(corpus("2021_pingtan.html")), *args])
        assert exc.value.code == 2


def test_config_keys(tmp_path):
    from govdisclose_lint import config

    (tmp_path / "units.yaml").write_text("- {unit: 甲县教育局, parent: 甲县人民政府, kind: department}\n",
                                         encoding="utf-8")
    cfg = config.from_mapping({"roster": "units.yaml", "agencies": {"甲县教委": "甲县教育局"}},
                              str(tmp_path / "govdisclose-lint.toml"))
    assert cfg.roster.units["甲县教育局"].parent == "甲县人民政府" and "甲县人民政府" in cfg.roster.units
    assert cfg.effective()["agencies"] == {"甲县教委": "甲县教育局"}
    with pytest.raises(config.ConfigError, match="roster"):
        config.from_mapping({"roster": 3}, "x.toml")
    with pytest.raises(config.ConfigError, match="roster.a: must be the name of its parent"):
        config.from_mapping({"roster": {"a": 1}}, "x.toml")


def test_aggregate_writes_region_sums(corpus, tmp_path):
    units = [("甲县教育局", 1), ("甲县卫生健康委员会", 2)]
    for name, k in units:
        make({"doc": "2022_pingtan.txt", "name": f"{name}.txt", "replace_all": [["平潭综合实验区", name]],
              "scale": k}, tmp_path / "in", corpus)
    roster = tmp_path / "roster.csv"
    roster.write_text("unit,parent\n甲县教育局,甲县人民政府\n甲县卫生健康委员会,甲县人民政府\n甲县城关镇人民政府,甲县人民政府\n",
                      encoding="utf-8")
    res = CliRunner().invoke(main, ["aggregate", str(tmp_path / "in"), "--roster", str(roster)],
                             catch_exceptions=False)
    assert res.exit_code == 0
    lines = res.output.lstrip("\ufeff").splitlines()
    assert "甲县城关镇人民政府" in lines[0]  # named as without a report
    rows = list(csv.reader(lines[1:]))
    head = rows[0]
    r1 = next(r for r in rows if r[head.index("row")] == "一、本年新收政府信息公开申请数量" and r[7] == "自然人")
    assert (r1[head.index("sum")], r1[head.index("甲县教育局")], r1[head.index("甲县卫生健康委员会")]) == ("213", "71", "142")
    out = tmp_path / "sums.xlsx"
    res = CliRunner().invoke(main, ["aggregate", str(tmp_path / "in"), "--roster", str(roster), "-o", str(out)])
    assert res.exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(out).sheetnames == ["甲县人民政府 2022"]


def test_no_crossdoc_rules_streams_as_before(corpus):
    code, data = check_json(corpus("2021_pingtan.html"), corpus("2022_pingtan.html"), "--ignore", "X", "--ignore", "M")
    assert "auditor" not in data["summary"] and not any(codes(d) for d in data["documents"])


def test_sketch_signature_estimates_jaccard():
    a = sketch.shingles(sketch.fold("政府信息公开工作年度报告正文甲乙丙丁" * 3 + "".join(chr(0x4E00 + i) for i in range(400))))
    b = set(list(a)[: len(a) // 2])
    est = sketch.jaccard_estimate(sketch.signature(a), sketch.signature(b))
    assert abs(est - len(b) / len(a)) < 0.15
    assert sketch.jaccard_estimate(sketch.signature(a), sketch.signature(a)) == 1.0
