"""Every corpus web report printed to PDF reads as the web page does.

Each HTML report of the corpus is printed by headless Chromium and converted by LibreOffice
(HTML → DOCX → PDF) once per session (tests/printing.py).  For every printed PDF: the same
recognised cells (value and state), the same error findings and no S107 the page does not have
(wrapped labels and page breaks are not table defects), and the same agency and year.  A copy
of one report with one 表三 and one 表四 cell changed is printed too: the change is read at its
row and column, and the findings it causes are the page's.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from govdisclose_lint.engine import lint_file
from tests.crossformat import soffice
from tests.printing import chromium, mutate, print_chromium, print_libreoffice

RENDERERS = ("chromium", "libreoffice")
REPORTS = ("2019_pingtan", "2019_shanghai-bgt", "2020_pingtan", "2021_pingtan", "2022_pingtan")
MUTANT = "2021_pingtan-changed"
# (anchor text, cell as printed, new value): 表三 一、本年新收 自然人 64 → 65; 表四 未经复议直接起诉 结果维持 12 → 13
CHANGES = [("本年新收政府信息公开申请数量", "64", "65"), ("复议后起诉", "12", "13")]
MISSING = {"chromium": "headless Chromium is not installed (Debian: apt-get install chromium)",
           "libreoffice": "LibreOffice is not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"}


def _available(renderer: str) -> bool:
    return (chromium() if renderer == "chromium" else soffice()) is not None


@pytest.fixture(scope="session")
def printed(corpus_dir, tmp_path_factory):
    """{report: {"html": path, "chromium": pdf, "libreoffice": pdf}} (renderers that are installed)."""
    out = tmp_path_factory.mktemp("printed")
    pages = {name: corpus_dir / f"{name}.html" for name in REPORTS}
    missing = [n for n, p in pages.items() if not p.exists()]
    if missing:
        pytest.skip(f"corpus reports missing: {missing}")
    pages[MUTANT] = mutate(pages["2021_pingtan"], out / f"{MUTANT}.html", CHANGES)
    files = {name: {"html": path} for name, path in pages.items()}
    with ThreadPoolExecutor(2) as pool:  # LibreOffice converts while Chromium prints
        office = pool.submit(print_libreoffice, list(pages.values()), out / "libreoffice") \
            if _available("libreoffice") else None
        if _available("chromium"):
            (out / "chromium").mkdir()
            for name, path in pages.items():
                files[name]["chromium"] = print_chromium(path, out / "chromium" / f"{name}.pdf")
        for pdf in office.result() if office is not None else []:
            files[pdf.stem]["libreoffice"] = pdf
    return files


@pytest.fixture(scope="session")
def linted(printed):
    cache: dict = {}

    def get(name: str, kind: str):
        if (name, kind) not in cache:
            cache[name, kind] = lint_file(str(printed[name][kind]))
        return cache[name, kind]

    return get


def _cells(result) -> dict:
    return {key: (c.state, c.value) for key, c in result.recognition.cells.items()}


def _findings(result, errors_only: bool = True) -> list:
    keys = ("table", "block", "group", "row", "column")
    return sorted((f.code, f.key, tuple(getattr(f.location, k) for k in keys), str(f.expected), str(f.actual))
                  for f in result.findings if f.severity == "error" or not errors_only)


def _need(renderer: str) -> None:
    if not _available(renderer):
        pytest.skip(MISSING[renderer])


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("report", REPORTS)
def test_printed_report_reads_as_the_page(linted, report, renderer):
    _need(renderer)
    page, pdf = linted(report, "html"), linted(report, renderer)
    assert pdf.status == page.status == "checked"
    assert (pdf.agency, pdf.year) == (page.agency, page.year) and pdf.agency and pdf.year
    assert _cells(pdf) == _cells(page)
    assert _findings(pdf) == _findings(page)
    shape = [f for f in _findings(pdf, errors_only=False) if f[0] == "S107"]
    assert shape == [f for f in _findings(page, errors_only=False) if f[0] == "S107"]
    # every recognised cell of the PDF knows its page
    assert all(c.locator.page for c in pdf.recognition.cells.values())


@pytest.mark.parametrize("renderer", RENDERERS)
def test_changed_cells_are_found_at_their_row_and_column(linted, renderer):
    _need(renderer)
    page, pdf = linted(MUTANT, "html"), linted(MUTANT, renderer)
    for result in (page, pdf):
        cells = result.recognition.cells
        assert cells[("T3", "R1", "自然人")].value == 65
        assert cells[("T4", "未经复议直接起诉", "结果维持")].value == 13
    a301 = [f for f in pdf.findings if f.code == "A301"]
    assert [(f.location.row, f.location.column, f.expected, f.actual) for f in a301] == \
        [("一、本年新收政府信息公开申请数量", "总计", 71, 70)]
    a304 = [f for f in pdf.findings if f.code == "A304"]
    assert [(f.location.row, f.location.column, f.expected, f.actual) for f in a304] == \
        [("未经复议直接起诉", "总计", 13, 12)]
    assert a301[0].location.page and a304[0].location.page
    assert _findings(pdf) == _findings(page)
    assert _cells(pdf) == _cells(page)


def test_no_library_chatter_on_stderr(printed, capfd):
    """pdfminer logs "Could not get FontBBox from font descriptor…" about a hundred times for a
    Chromium PDF; none of it may reach the user's terminal."""
    _need("chromium")
    result = lint_file(str(printed["2021_pingtan"]["chromium"]))
    assert result.status == "checked"
    out, err = capfd.readouterr()
    assert err == "" and out == ""


@pytest.mark.parametrize("renderer", RENDERERS)
def test_running_text_pages_read_from_pdfium_as_from_pdfminer(printed, renderer):
    """Pages of running text are read from PDFium's characters (readers/pdf_text_pages.py): on every
    printed report, the paragraphs and tables are those pdfminer reads, and such pages exist."""
    from tests.readers.test_pdf_text_pages import read_both_ways, text_pages

    _need(renderer)
    fast_pages = 0
    for name in REPORTS:
        path = printed[name][renderer]
        fast, full = read_both_ways(path)
        assert fast == full, name
        fast_pages += len(text_pages(path))
    assert fast_pages >= 3
