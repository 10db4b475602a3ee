"""The same report as DOCX, PDF, HTML and .doc gives the same numbers and the same findings.

Three real reports' numbers are written into the official 2021 template (tests/crossformat.py,
with Word traps); LibreOffice makes the PDF, HTML and .doc.  淮安 2024 gets lead text that
splits 表三 over a page break; 洪泽 2023 keeps its real 表四 defects, so findings are compared
too, not only clean results.
"""

from __future__ import annotations

import pytest

from govdisclose_lint.engine import lint_file
from tests.crossformat import convert, fill_template, soffice, values_from

REPORTS = {"huaian-split": ("2024_huaianshi.pdf", True), "pingtan-2022": ("2022_pingtan.html", False),
           "hongze-2023": ("2023_hongzequ.pdf", False)}
FORMATS = ("pdf", "html", "doc")

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed; "
                                "apt-get install libreoffice-writer-nogui fonts-noto-cjk")


@pytest.fixture(scope="module")
def built(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("crossformat")
    docs = {}
    for name, (source, split) in REPORTS.items():
        real = lint_file(str(corpus_dir / source))
        docs[name] = fill_template(corpus_dir / "template-2021.docx", out / f"{name}.docx", values_from(real),
                                   agency=real.agency, year=real.year, split=split)
    files = {name: {"docx": path} for name, path in docs.items()}
    for fmt in FORMATS:
        for path in convert(list(docs.values()), fmt, out):
            files[path.stem][fmt] = path
    return files


def _findings(result):
    keys = ("section", "table", "block", "group", "row", "column")
    return sorted((f.code, f.key, tuple(getattr(f.location, k) for k in keys), str(f.expected), str(f.actual))
                  for f in result.findings)


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_same_numbers_and_findings(built, report, fmt):
    docx = lint_file(str(built[report]["docx"]))
    other = lint_file(str(built[report][fmt]))
    assert docx.status == other.status == "checked"
    assert (other.format_version, other.year, other.agency) == (docx.format_version, docx.year, docx.agency)
    assert len(values_from(docx)) == 200  # every cell of the 2021 template
    assert values_from(other) == values_from(docx)
    assert _findings(other) == _findings(docx)


def test_split_report_really_splits_t3(built):
    result = lint_file(str(built["huaian-split"]["pdf"]))
    pages = {c.locator.page for (t, _, _), c in result.recognition.cells.items() if t == "T3"}
    assert len(pages) == 2


def test_real_defects_survive_every_format(built):
    for fmt in ("docx", *FORMATS):
        result = lint_file(str(built["hongze-2023"][fmt]))
        a304 = {(f.location.row, f.expected, f.actual) for f in result.findings if f.code == "A304"}
        assert {("行政复议", 11, 0), ("复议后起诉", 5, 0)} <= {(r, int(e), int(a)) for r, e, a in a304}, fmt


def test_traps_are_read(built):
    """w:ins and inline w:sdt numbers, full-width digits and "—" come out as numbers in every format."""
    for fmt in ("docx", *FORMATS):
        cells = lint_file(str(built["huaian-split"][fmt])).recognition.cells
        assert cells[("T3", "K7", "自然人")].state == "number", fmt
        assert cells[("T3", "R1", "总计")].value == 3119, fmt
        assert cells[("T2", "规章", "本年废止件数")].state == "dash", fmt
