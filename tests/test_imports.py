"""A run imports only what the file types at hand need (issue 14 §3): no PDF library to lint a web page
or a DOCX, python-docx for none of them, no Dask without ``--executor dask`` (PyYAML: see
tests/test_rulecache.py).  Each case runs in a fresh interpreter, so nothing another test imported
counts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pdfplumber", "pdfminer", "pypdfium2", "docx", "dask", "distributed", "openpyxl")
PDF = {"pdfplumber", "pdfminer", "pypdfium2"}

_LINT = """
import json, sys
from govdisclose_lint.engine import lint_file
result = lint_file(sys.argv[1])
print(json.dumps([result.status, [m for m in sys.argv[2:] if m in sys.modules]]))
"""

_CHECK = """
import contextlib, io, json, sys
from govdisclose_lint.cli import run
path, heavy = sys.argv[1], sys.argv[2:]
sys.argv = ["govdisclose-lint", "check", path, "--format", "json", "--isolated", "--no-cache", "--jobs", "1"]
out, code = io.StringIO(), 0  # click's standalone mode always exits; 0 if it ever returns instead
with contextlib.redirect_stdout(out):
    try:
        run()
    except SystemExit as exc:
        code = exc.code
print(json.dumps([code, json.loads(out.getvalue())["summary"]["documents"], [m for m in heavy if m in sys.modules]]))
"""


def _run(code: str, path) -> list:
    proc = subprocess.run([sys.executable, "-c", code, str(path), *HEAVY], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name,needed", [
    ("2020_pingtan.html", set()),
    ("2020_xigong.txt", set()),
    ("template-2021.docx", set()),  # read with lxml: python-docx is for tests and annotated copies
    ("2023_hongzequ.pdf", PDF),
])
def test_linting_a_file_imports_only_its_own_reader(corpus, name, needed):
    status, loaded = _run(_LINT, corpus(name))
    assert status in ("checked", "partial")
    assert set(loaded) == needed


def test_checking_a_web_page_imports_no_pdf_library_in_the_command_line_process(corpus):
    code, documents, loaded = _run(_CHECK, corpus("2020_pingtan.html"))
    assert code in (0, 1) and documents == 1
    assert loaded == []
