"""Files that cannot be (fully) read: each gets its own status and E-code, never `checked`, never a traceback."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.crossformat import soffice
from tests.pdfmaker import make_pdf


def lint(path):
    from tests.cli_helpers import lint as cli  # the real entry point, in this process

    code, out, err = cli("check", path, "--format", "json")
    assert "Traceback" not in err, err
    doc = json.loads(out)["documents"][0]
    return code, doc["status"], [(f["code"], f["severity"]) for f in doc["findings"]]


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".html", ".txt", ".md", ".doc"])
def test_zero_bytes(tmp_path, ext):
    path = tmp_path / f"empty{ext}"
    path.write_bytes(b"")
    assert lint(path) == (3, "unreadable", [("E001", "error")])


def test_scanned_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf("blank_pdf"))
    assert lint(path) == (3, "unreadable", [("E003", "error")])


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf("encrypted_pdf"))
    assert lint(path) == (3, "encrypted", [("E002", "error")])


def test_truncated_pdf(corpus, tmp_path):
    data = corpus("2024_huaianshi.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert lint(path) == (3, "unreadable", [("E001", "error")])


@pytest.mark.parametrize("source,name", [("2024_huaianshi.pdf", "report.docx"), ("2021_pingtan.html", "report.doc"),
                                         ("2021_pingtan.html", "report.docx")])
def test_renamed_is_read_as_what_it_is(corpus, tmp_path, source, name):
    path = tmp_path / name
    shutil.copyfile(corpus(source), path)
    code, status, findings = lint(path)
    assert (code, status) == (0, "checked")  # read completely: checked, with a warning about the name
    assert findings == [("S109", "warning")]  # and the real report is clean


def test_doc_renamed_docx(corpus, tmp_path):
    """An OLE .doc renamed .docx: converted by LibreOffice, or E001 naming the package without it."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from tests.crossformat import convert

    doc = convert([corpus("template-2021.docx")], "doc", tmp_path)[0]
    renamed = tmp_path / "template.docx.renamed.docx"
    doc.rename(renamed)
    code, status, findings = lint(renamed)
    assert status == "checked" and ("S109", "warning") in findings
    assert ("S108", "error") in findings  # the template's own （文字描述） notes were read through LibreOffice


def test_doc_without_libreoffice_names_the_package(corpus, tmp_path, monkeypatch):
    from govdisclose_lint.engine import lint_file
    from govdisclose_lint.readers import convert

    monkeypatch.setattr(convert, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    result = lint_file(str(path))
    assert result.status == "unreadable"
    assert [f.code for f in result.findings] == ["E001"]
    assert "libreoffice-writer-nogui" in result.findings[0].message
