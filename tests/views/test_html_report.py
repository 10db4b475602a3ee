"""--format html on real reports: the wrong totals marked where they are, nothing external, and the
same file loaded in headless Chromium (DOM after the script ran, screenshots, print)."""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from govdisclose_lint import cli
from govdisclose_lint.engine import DocumentResult
from govdisclose_lint.findings import Finding, Location
from govdisclose_lint.reporters.html_report import HtmlReporter
from govdisclose_lint.reporters.summary import summarize
from govdisclose_lint.tablelayout import layouts

from . import browser

FILES = ["2020_pingtan.html", "2023_hongzequ.pdf", "2024_huaianshi.pdf", "2021_pingtan-flat.txt"]


@pytest.fixture(scope="session")
def report(corpus_dir, tmp_path_factory):
    """The HTML report of four corpus files and an empty .docx, made through the CLI."""
    work = tmp_path_factory.mktemp("html")
    for name in FILES:
        shutil.copyfile(corpus_dir / name, work / name)
    (work / "empty.docx").write_bytes(b"")
    out = work / "report.html"
    res = CliRunner().invoke(cli.main, ["check", *[str(work / n) for n in FILES + ["empty.docx"]], "--format",
                                        "html", "-o", str(out), "--jobs", "1", "--isolated", "--no-progress"])
    assert res.exit_code == 3, res.output  # the empty file could not be read
    return out


@pytest.fixture(scope="session")
def tree(report):
    return lxml_html.fromstring(report.read_bytes())


def section(tree, name: str):
    for sec in tree.iter("section"):
        if any(dd.text_content().endswith(name) for dd in sec.iter("dd")):
            return sec
    raise AssertionError(f"no page for {name}")


def box_at(version: str, cell_id: str):
    """The layout box a cell id (d<n>-<table>-<row>-<col>) names."""
    _, table, r, c = cell_id.split("-")
    lay = layouts(version)[table]
    return next(b for b in lay.boxes() if (b.r, b.c) == (int(r), int(c)))


def marked(sec, cls: str):
    return [td for td in sec.iter("td") if cls in td.get("class", "").split()]


def finding(sec, fid: str):
    return next(li for li in sec.iter("li") if li.get("id") == fid)


def test_pingtan_wrong_totals_are_marked_with_expected_and_operands(tree):
    sec = section(tree, "2020_pingtan.html")
    totals = marked(sec, "t")
    where = {(box_at("2019", td.get("id")).row, box_at("2019", td.get("id")).col): td for td in totals}
    assert sorted(where) == [("K7", "总计"), ("K7", "自然人")]
    assert where["K7", "总计"].text == "21" and where["K7", "自然人"].text == "20"
    assert where["K7", "总计"].getparent()[0].text == "（七）总计"  # the row's label cell
    li = finding(sec, where["K7", "总计"].get("data-f"))
    assert li.get("data-code") == "A302" and "应为 27 · 实为 21" in li.text_content()
    assert "应为 26 · 实为 20" in finding(sec, where["K7", "自然人"].get("data-f")).text_content()
    assert "应为 27" in where["K7", "总计"].get("title")
    # the operands of the 总计 finding are outlined and add up to the expected 27
    fid = where["K7", "总计"].get("data-f")
    ops = [td for td in marked(sec, "o") if fid in td.get("data-f").split()]
    assert {box_at("2019", td.get("id")).col for td in ops} == {"总计"}
    assert sum(int(td.text) for td in ops) == 27 and len(ops) == 19
    # the finding links to its cell
    assert finding(sec, fid).xpath(".//a[@class='jump']/@href") == ["#" + where["K7", "总计"].get("id")]


def test_hongzequ_both_t4_totals_are_marked(tree):
    sec = section(tree, "2023_hongzequ.pdf")
    totals = {box_at("2021", td.get("id")).row: td for td in marked(sec, "t") if "-T4-" in td.get("id")}
    assert sorted(totals) == ["复议后起诉", "行政复议"]
    assert {box_at("2021", td.get("id")).col for td in totals.values()} == {"总计"}
    assert totals["行政复议"].text == "0" and "应为 11 · 实为 0" in finding(sec, totals["行政复议"].get("data-f")).text_content()
    assert "应为 5 · 实为 0" in finding(sec, totals["复议后起诉"].get("data-f")).text_content()
    assert "第 4 页" in sec.text_content()  # the source page of a PDF


def test_every_recognised_value_is_drawn_in_template_order(tree, linted):
    result = linted("2024_huaianshi.pdf")
    cells = {(c["table"], c["row_key"], c["column"]): c for c in result.table_cells()}
    sec = section(tree, "2024_huaianshi.pdf")
    for key, lay in layouts("2021").items():
        table = sec.xpath(f".//table[contains(@class, '{key}')]")[0]
        drawn = [(td.text or "") for td in table.iter("td")]
        want = [(cells[key, b.row, b.col]["raw"] or "").strip() if (key, b.row, b.col) in cells else ""
                for b in lay.boxes() if b.kind == "data"]
        assert drawn == want and any(drawn)
    assert not marked(sec, "t") and "未发现问题" in sec.text_content()


def test_unread_and_flattened_documents_say_so(tree):
    flat = section(tree, "2021_pingtan-flat.txt")
    # the flattened text's tables are read where the values are unambiguous (29 of 32 rows): all three are
    # drawn, and the document is still only partly checked
    assert flat.text_content().count("未识别到此表") == 0 and len(flat.xpath(".//table[contains(@class, 'T3')]")) == 1
    assert "部分检查" in flat.text_content()
    empty = section(tree, "empty.docx")
    assert "无法读取" in empty.text_content() and not empty.xpath(".//table")


def test_summary_lists_every_document_and_charts_inline(tree):
    rows = tree.xpath("//table[@id='list']/tbody/tr")
    assert [r.xpath("./td[2]/a/text()")[0].rsplit("/", 1)[-1] for r in rows] == FILES + ["empty.docx"]
    assert [r.get("data-status") for r in rows] == ["checked", "checked", "checked", "partial", "unreadable"]
    assert rows[0].xpath("./td[7]/text()") == ["2"]  # two errors in 2020_pingtan.html
    svgs = tree.xpath("//section[@id='summary']//svg")
    assert len(svgs) == 4 and any("A302" in s.text_content() for s in svgs)


def test_nothing_external_is_referenced(report, tree):
    text = report.read_text(encoding="utf-8")
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    for el in tree.iter():
        for attr in ("src", "srcset", "action", "data", "poster", "xlink:href"):
            assert el.get(attr) is None, (el.tag, attr)
        href = el.get("href")
        assert href is None or href.startswith("#"), href
    assert not re.search(r"@import|url\(|https?://", "".join(tree.xpath("//style/text() | //script/text()")))
    assert "<link" not in text and "<iframe" not in text


def test_narrative_finding_marks_the_number_in_its_sentence():
    f = Finding("N401", severity="warning", message="正文与表三不一致", params={
        "sentence": "办结175件中，全年共收到政府信息公开申请75件。", "number": 75})
    g = Finding("N402", severity="warning", message="正文与表四不一致", params={"sentence": "无数字", "number": 3})
    out = io.StringIO()
    rep = HtmlReporter(out, "zh")
    result = DocumentResult("a.txt", "checked", [f, g], "2021", 2021, "某局")
    rep.document(result)
    rep.finish(summarize([result]))
    page = lxml_html.fromstring(out.getvalue())
    q = page.xpath("//li[@data-code='N401']/q")[0]
    assert q.text == "办结175件中，全年共收到政府信息公开申请" and q[0].tag == "mark" and q[0].text == "75"
    assert page.xpath("//li[@data-code='N402']/q")[0].text_content() == "无数字"


def test_pages_stream_and_nothing_is_kept(linted):
    out = io.StringIO()
    rep = HtmlReporter(out, "en")
    rep.document(linted("2020_pingtan.html", "en"))
    written = out.getvalue()
    assert 'id="d1"' in written and "should be 27" in written and rep.results == []
    rep.finish(summarize([linted("2020_pingtan.html", "en")]))
    page = lxml_html.fromstring(out.getvalue())
    assert page.get("lang") == "en" and "Findings per rule" in page.text_content()
    assert "expected 27 · actual 21" in page.xpath("//li[@data-code='A302']/span[@class='ea']/text()")


def _probe(report, tmp_path, fragment: str, other: str):
    """A copy of the report with a script that records what the browser computed for the page shown
    (``fragment``) and another one, after a click on the shown page's first wrong total."""
    probe = """<script>window.addEventListener("load", function () {
  var sec = document.getElementById(location.hash.slice(1)), out = {};
  function totals(s) { return [].map.call(s.querySelectorAll("td.t"), function (td) {
    return [td.id, td.textContent, getComputedStyle(td).backgroundColor]; }); }
  out.doc = getComputedStyle(sec).display;
  out.other = getComputedStyle(document.getElementById("%s")).display;
  out.summary = getComputedStyle(document.getElementById("summary")).display;
  out.shown = document.getElementById("shown").textContent;
  out.totals = totals(sec);
  out.other_totals = totals(document.getElementById("%s"));
  var op = sec.querySelector("td.o");
  out.operand = [getComputedStyle(op).outlineStyle, getComputedStyle(op).outlineColor];
  sec.querySelector("td.t").click();
  var pop = document.getElementById("pop");
  out.pop = [pop.hidden, pop.textContent];
  var th = document.querySelectorAll("#list thead th")[6], body = document.querySelector("#list tbody");
  th.click();
  out.sorted = [body.rows[0].cells[6].textContent];
  th.click();
  out.sorted.push(body.rows[0].cells[6].textContent, th.getAttribute("aria-sort"));
  var fs = document.getElementById("fs");
  fs.value = "partial";
  fs.dispatchEvent(new Event("input"));
  out.filtered = document.getElementById("shown").textContent;
  document.body.setAttribute("data-probe", JSON.stringify(out));
});</script></body>""" % (other, other)
    copy = tmp_path / "probe.html"
    copy.write_text(report.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    dom = browser.dump_dom(copy.as_uri() + "#" + fragment)
    return json.loads(lxml_html.fromstring(dom).xpath("//body/@data-probe")[0])


def test_in_chromium(report, tree, tmp_path, capsys):
    browser.need_chromium()
    pingtan = section(tree, "2020_pingtan.html").get("id")
    hongzequ = section(tree, "2023_hongzequ.pdf").get("id")
    seen = _probe(report, tmp_path, pingtan, hongzequ)
    assert seen["doc"] == "block" and seen["summary"] == "none" and seen["other"] == "none"  # one page shown
    assert seen["shown"] == "5 / 5"  # the list script ran
    assert sorted(t[1] for t in seen["totals"]) == ["20", "21"]
    assert {t[2] for t in seen["totals"]} == {"rgb(230, 159, 0)"}  # the wrong totals' colour
    assert [t[0].split("-", 1)[1] for t in seen["other_totals"]] == ["T4-3-4", "T4-3-14"]  # both 表四 totals
    assert {t[2] for t in seen["other_totals"]} == {"rgb(230, 159, 0)"}
    assert seen["operand"] == ["dashed", "rgb(0, 114, 178)"]  # operands outlined
    assert seen["sorted"] == ["0", "3", "descending"] and seen["filtered"] == "1 / 5"  # the list sorts, filters
    hidden, text = seen["pop"]
    assert not hidden and "应为 2" in text and "（七）总计" in text and "规则说明 A302" in text

    from PIL import Image

    where = browser.artifacts_dir(tmp_path)
    shots = {"summary": browser.screenshot(report.as_uri(), where / "html-report-summary.png"),
             "document": browser.screenshot(f"{report.as_uri()}#{pingtan}", where / "html-report-document.png",
                                            "1280,2200")}
    colours = {k: {c for _, c in Image.open(p).convert("RGB").getcolors(1 << 24)} for k, p in shots.items()}
    assert (0, 114, 178) in colours["summary"]  # the bars of the charts
    assert (230, 159, 0) in colours["document"]  # a wrong total is on the document page
    with capsys.disabled():
        print(f"\nscreenshots of the HTML report: {shots['summary']} {shots['document']}")


def test_prints_every_page(report, tmp_path):
    browser.need_chromium()
    import pdfplumber

    pdf = browser.print_pdf(report.as_uri(), tmp_path / "report.pdf")
    tops = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = sorted(page.extract_words(), key=lambda w: w["top"])
            tops.append([w["text"] for w in words if w["top"] < words[0]["top"] + 20] if words else [])
    assert "检查结果" in "".join(tops[0])  # the summary first, then every document from a new page
    starts = [next(i for i, top in enumerate(tops) if f"{n}." in top) for n in range(1, 6)]
    assert starts == sorted(starts) and starts[0] > 0, tops


def test_odd_results_render_and_waived_findings_mark_nothing(odd_results):
    out = io.StringIO()
    rep = HtmlReporter(out, "zh")
    for r in odd_results:
        rep.document(r)
    rep.finish(summarize(odd_results))
    page = lxml_html.fromstring(out.getvalue())
    assert [r.get("data-status") for r in page.xpath("//table[@id='list']/tbody/tr")] == \
        ["encrypted", "partial", "unsupported", "checked"]
    waived = page.xpath("//li[contains(@class, 'waived')]")
    assert len(waived) == 1 and "经核实" in waived[0].text_content()
    assert not page.xpath("//td[@data-f]")  # the waived A302 is listed, not marked
    assert "bare, odd:name.html" in page.text_content()
