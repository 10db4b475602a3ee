"""Build the same report as DOCX, then PDF, HTML and .doc through LibreOffice.

The DOCX is the official 2021 template (``template-2021.docx`` from the corpus, with its real
gridSpan/vMerge layout) filled with the numbers of a real corpus report, plus the traps that
break naive readers: numbers inside tracked insertions (``w:ins``) and inline content controls
(``w:sdt``), full-width digits, "—" for zero, and for the *split* variant enough lead text
that 表三 runs over a page break.  Used by tests/test_crossformat.py; run directly to write the
files somewhere:  ``python tests/crossformat.py OUTDIR`` (needs LibreOffice for the conversions).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Q = f"{{{W}}}"
NS = {"w": W}

# template rows in table order (the DOCX grid lists them in this order)
T2_ROWS = [(2, "规章"), (3, "行政规范性文件"), (6, "行政许可"), (9, "行政处罚"), (10, "行政强制"), (13, "行政事业性收费")]
T2_COLS = {"规章": ["本年制发件数", "本年废止件数", "现行有效件数"],
           "行政规范性文件": ["本年制发件数", "本年废止件数", "现行有效件数"],
           "行政许可": ["本年处理决定数量"], "行政处罚": ["本年处理决定数量"], "行政强制": ["本年处理决定数量"],
           "行政事业性收费": ["本年收费金额（单位：万元）"]}
T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_BLOCKS = ["行政复议", "未经复议直接起诉", "复议后起诉"]
T4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

FILLER = ("本机关坚持以公开为常态、不公开为例外，围绕中心工作，持续深化政务公开，"
          "不断提升政府信息公开质量和实效，切实保障人民群众的知情权、参与权、表达权和监督权。")


def values_from(result) -> dict:
    """Template cell key → number text, from a linted real report (DocumentResult)."""
    out = {}
    for (t, r, c), cell in result.recognition.cells.items():
        if cell.usable:
            v = cell.value.normalize()
            out[(t, r, c)] = f"{v:f}" if v != v.to_integral_value() else str(int(v))
    return out


def _text_cell(tc, text: str, trap: str = "") -> None:
    """Replace a table cell's content with one paragraph holding ``text`` (optionally trapped)."""
    p = tc.find(f"{Q}p")
    for old in list(p):
        if old.tag != f"{Q}pPr":
            p.remove(old)
    run = etree.SubElement(p, f"{Q}r")
    t = etree.SubElement(run, f"{Q}t")
    t.text = text
    if trap == "ins":
        ins = etree.Element(f"{Q}ins", {f"{Q}id": "9", f"{Q}author": "审核", f"{Q}date": "2025-01-20T00:00:00Z"})
        p.remove(run)
        ins.append(run)
        p.append(ins)
    elif trap == "sdt":
        sdt = etree.Element(f"{Q}sdt")
        etree.SubElement(sdt, f"{Q}sdtPr")
        content = etree.SubElement(sdt, f"{Q}sdtContent")
        p.remove(run)
        content.append(run)
        p.append(sdt)


def _grid_cell(tbl, row: int, col: int):
    tr = tbl.findall(f"{Q}tr")[row]
    pos = 0
    for tc in tr.findall(f"{Q}tc"):
        span = tc.find(f"{Q}tcPr/{Q}gridSpan")
        width = int(span.get(f"{Q}val")) if span is not None else 1
        if pos <= col < pos + width:
            return tc
        pos += width
    raise IndexError((row, col))


def _paragraph(text: str):
    p = etree.Element(f"{Q}p")
    r = etree.SubElement(p, f"{Q}r")
    etree.SubElement(r, f"{Q}t").text = text
    return p


def fill_template(template: Path, dest: Path, values: dict, *, agency: str, year: int, split: bool = False,
                  traps: bool = True) -> Path:
    with zipfile.ZipFile(template) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{Q}body")
    t2, t3, t4 = root.iter(f"{Q}tbl")
    row_keys = ["R1", "R2", "K1", "K2"] + [f"K3_{i}" for i in range(1, 9)] + [f"K4_{i}" for i in range(1, 4)] \
        + [f"K5_{i}" for i in range(1, 6)] + [f"K6_{i}" for i in range(1, 4)] + ["K7", "R4"]
    trap_at = {("T3", "K1", "自然人"): "ins", ("T3", "R1", "总计"): "sdt"} if traps else {}

    def put(tbl, r, c, key):
        text = values.get(key, "0")
        if traps and key == ("T2", "规章", "本年废止件数") and text == "0":
            text = "—"
        if traps and key == ("T3", "K7", "自然人"):
            text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        _text_cell(_grid_cell(tbl, r, c), text, trap_at.get(key, ""))

    for r, label in T2_ROWS:
        for i, col in enumerate(T2_COLS[label]):
            put(t2, r, 1 + i, ("T2", label, col))
    for i, key in enumerate(row_keys):
        for j, col in enumerate(T3_COLS):
            put(t3, 3 + i, 3 + j, ("T3", key, col))
    for b, block in enumerate(T4_BLOCKS):
        for j, col in enumerate(T4_COLS):
            put(t4, 3, b * 5 + j, ("T4", block, col))

    paras = [p for p in body.findall(f"{Q}p")]
    texts = ["".join(t.text or "" for t in p.iter(f"{Q}t")) for p in paras]
    title = paras[texts.index("政府信息公开工作年度报告格式模板")]
    for t in title.iter(f"{Q}t"):
        t.text = ""
    title.find(f".//{Q}t").text = f"{agency}{year}年政府信息公开工作年度报告"
    for p, text in zip(paras, texts):
        if text.startswith("（文字描述"):
            for t in p.iter(f"{Q}t"):
                t.text = ""
            p.find(f".//{Q}t").text = (f"{year}年，{FILLER}" if "收取信息处理费" not in text
                                       else f"{year}年，本机关未收取信息处理费。")
    if split:  # push 表三 over a page break
        anchor = paras[texts.index("三、收到和处理政府信息公开申请情况")]
        for _ in range(9):
            anchor.addprevious(_paragraph(FILLER * 3))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return dest


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Convert several files in one LibreOffice call (own profile directory); returns the outputs."""
    filt = {"pdf": "pdf", "html": "html:XHTML Writer File:UTF8", "doc": "doc", "docx": "docx:MS Word 2007 XML"}[fmt]
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", filt, "--outdir", str(outdir), *map(str, sources)],
                       capture_output=True, timeout=300, check=False, env={**os.environ, "HOME": profile})
    outs = [outdir / (src.stem + "." + fmt) for src in sources]
    missing = [o.name for o in outs if not o.exists()]  # LibreOffice can fail without a word
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return outs


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from govdisclose_lint.engine import lint_file

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    res = lint_file(str(corpus / "2024_huaianshi.pdf"))
    docx = fill_template(corpus / "template-2021.docx", out / "huaian-split.docx", values_from(res),
                         agency=res.agency, year=res.year, split=True)
    for fmt in ("pdf", "html", "doc"):
        print(*convert([docx], fmt, out))
