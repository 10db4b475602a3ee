"""check report.docx --annotate OUT.docx on the official 2021 template filled with a real report's numbers
and one wrong total: the comment sits in the wrong total's cell, everything else is unchanged, LibreOffice
shows the comment there, and the original is never touched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from govdisclose_lint import cli
from govdisclose_lint.engine import lint_file
from govdisclose_lint.readers.docx import read

from ..crossformat import Q, W, fill_template, soffice, values_from

WRONG = 5  # added to T3 （七）总计 / 总计
TEXT_BOX = "文本框：本报告数据截至12月31日"
CONTROL = "内容控件：联系电话 0517-00000000"
HEADING, TYPO = "五、存在的主要问题及改进情况", "五、存在的主要问题及改近情况"


def _add_text_box_control_and_typo(path: Path) -> None:
    """A VML text box and a block-level content control after the title (both must survive), and a typo in
    heading 五 (its comment belongs on the heading)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    title = root.find(f"{Q}body/{Q}p")
    v = "urn:schemas-microsoft-com:vml"
    box = etree.fromstring(
        f'<w:p xmlns:w="{W}" xmlns:v="{v}"><w:r><w:pict><v:shape style="width:200pt;height:40pt"><v:textbox>'
        f'<w:txbxContent><w:p><w:r><w:t>{TEXT_BOX}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>'
        f'</w:pict></w:r></w:p>')
    sdt = etree.fromstring(f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:alias w:val="联系"/></w:sdtPr><w:sdtContent>'
                           f'<w:p><w:r><w:t>{CONTROL}</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    title.addnext(sdt)
    title.addnext(box)
    heading = next(p for p in root.iter(f"{Q}p") if "".join(p.itertext()) == HEADING)
    for t in heading.iter(f"{Q}t"):
        t.text = t.text.replace("改进", "改近")
    assert "".join(heading.itertext()) == TYPO
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@pytest.fixture(scope="module")
def made(corpus_dir, tmp_path_factory):
    """(original, annotated copy, CLI output): 淮安 2024's numbers in the template, （七）总计 off by 5."""
    work = tmp_path_factory.mktemp("annotate")
    real = lint_file(str(corpus_dir / "2024_huaianshi.pdf"))
    values = values_from(real)
    values["T3", "K7", "总计"] = str(int(values["T3", "K7", "总计"]) + WRONG)
    src = fill_template(corpus_dir / "template-2021.docx", work / "报告 2024.docx", values, agency=real.agency,
                        year=real.year)
    _add_text_box_control_and_typo(src)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = work / "out.docx"
    res = CliRunner().invoke(cli.main, ["check", str(src), "--annotate", str(out), "--isolated", "--no-progress",
                                        "--jobs", "1"])
    assert res.exit_code == 1, res.output
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # the original is never modified
    return src, out, res.output, int(values["T3", "K7", "总计"])


def test_comment_sits_in_the_wrong_total_cell(made):
    import docx
    from docx.oxml.ns import qn

    _, out, output, total = made
    assert f"wrote {out}" in output
    copy = docx.Document(str(out))
    comments = {c.comment_id: c.text for c in copy.comments}
    wrong = [i for i, text in comments.items() if text.startswith("A30") and f"实为 {total}" in text]
    assert len(wrong) == 1 and f"应为 {total - WRONG}" in comments[wrong[0]]
    start = next(e for e in copy.element.body.iter(qn("w:commentRangeStart")) if e.get(qn("w:id")) == str(wrong[0]))
    tc = next(a for a in start.iterancestors() if a.tag == qn("w:tc"))
    # python-docx's own view of 表三: the （七）总计 row, last column (总计)
    t3 = next(t for t in copy.tables if any("（七）总计" in c.text for c in t.columns[1].cells))
    row = next(r for r in t3.rows if any(c.text == "（七）总计" for c in r.cells))
    assert row.cells[-1]._tc is tc and row.cells[-1].text == str(total)
    assert all(c.author == "govdisclose-lint" for c in copy.comments)
    # the heading typo's comment spans the heading paragraph
    typo = next(i for i, text in comments.items() if text.startswith("S103"))
    start = next(e for e in copy.element.body.iter(qn("w:commentRangeStart")) if e.get(qn("w:id")) == str(typo))
    assert start.getparent().tag == qn("w:p") and "".join(t.text for t in start.getparent().iter(qn("w:t"))) == TYPO


def _strip_comments(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(root.iter(f"{Q}{tag}")):
            el.getparent().remove(el)
    for ref in list(root.iter(f"{Q}commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    return etree.tostring(root, method="c14n")


def _c14n(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_everything_but_the_comments_is_unchanged(made):
    src, out, _, _ = made
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        # (directory entries hold nothing; python-docx does not write them)
        old = {n: a.read(n) for n in a.namelist() if not n.endswith("/")}
        new = {n: b.read(n) for n in b.namelist() if not n.endswith("/")}
    assert set(new) - set(old) == {"word/comments.xml"}
    for name, data in old.items():
        if name == "word/document.xml":
            assert _strip_comments(new[name]) == _c14n(data)
        elif name in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
            olds = {etree.tostring(e, method="c14n") for e in etree.fromstring(data)}
            assert olds <= {etree.tostring(e, method="c14n") for e in etree.fromstring(new[name])}
        elif name.endswith((".xml", ".rels")):
            assert new[name] == data or _c14n(new[name]) == _c14n(data), name  # styles, settings, …
        else:
            assert new[name] == data, name
    # re-read: text, tables, text box and content control equal
    a, b = read(str(src)), read(str(out))
    assert [p.text for p in a.paragraphs] == [p.text for p in b.paragraphs]
    assert TEXT_BOX in [p.text for p in b.paragraphs] and CONTROL in [p.text for p in b.paragraphs]
    assert [t.texts() for t in a.tables] == [t.texts() for t in b.tables] and len(b.tables) == 3
    # and the copy's findings are the original's
    fa, fb = lint_file(str(src)).findings, lint_file(str(out)).findings
    assert [(f.code, f.message, f.location) for f in fa] == [(f.code, f.message, f.location) for f in fb]


def test_libreoffice_shows_the_comment_at_the_cell(made, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    _, out, _, total = made
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}',
                        "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=300, check=False,
                       env={"PATH": "/usr/bin:/bin", "HOME": profile})
    pdf = tmp_path / "out.pdf"
    assert pdf.exists()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            notes = [resolve1(a) for a in resolve1(page.page_obj.annots) or []]
            notes = [n for n in notes if n.get("Contents") and "A30" in n["Contents"].decode("utf-16")]
            if not notes:
                continue
            x0, y0, x1, y1 = notes[0]["Rect"]
            word = next(w for w in page.extract_words() if w["text"] == str(total))
            # the note is at the end of the cell's text: same line, right after the number
            assert word["x0"] <= x0 <= word["x1"] + 6
            assert y0 <= page.height - word["top"] and y1 >= page.height - word["bottom"]
            break
        else:
            pytest.fail("no comment of an A-rule in LibreOffice's PDF")


def test_pdf_and_html_inputs_point_to_the_html_report(corpus_dir, made, tmp_path):
    src, _, _, _ = made
    pdf = tmp_path / "2023_hongzequ.pdf"
    shutil.copyfile(corpus_dir / "2023_hongzequ.pdf", pdf)
    res = CliRunner().invoke(cli.main, ["check", str(pdf), "--annotate", str(tmp_path / "x.docx"), "--isolated",
                                        "--no-progress"])
    assert res.exit_code == 1 and "HTML report" in res.output and not (tmp_path / "x.docx").exists()
    dest = tmp_path / "annotated"
    res = CliRunner().invoke(cli.main, ["check", str(src), str(pdf), "--annotate-dir", str(dest), "--isolated",
                                        "--no-progress", "--jobs", "1"])
    assert res.exit_code == 1 and "2023_hongzequ.pdf: not a Word .docx file" in res.output
    assert [p.name for p in dest.rglob("*.docx")] == [src.name]


def test_refuses_two_inputs_and_the_original_as_output(made, tmp_path):
    src, out, _, _ = made
    res = CliRunner().invoke(cli.main, ["check", str(src), str(out), "--annotate", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and "--annotate-dir" in res.output
    before = src.read_bytes()
    res = CliRunner().invoke(cli.main, ["check", str(src), "--annotate", str(src), "--isolated", "--no-progress"])
    assert "must not overwrite the original" in res.output and src.read_bytes() == before
