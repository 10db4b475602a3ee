"""Old Word formats through LibreOffice: batched per run, same result as one by one."""

from __future__ import annotations

import pytest

from govdisclose_lint.engine import lint_file
from govdisclose_lint.readers import convert
from tests.crossformat import convert as lo_convert
from tests.crossformat import fill_template, soffice, values_from

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def doc_file(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("doc")
    real = lint_file(str(corpus_dir / "2022_pingtan.html"))
    docx = fill_template(corpus_dir / "template-2021.docx", out / "pingtan.docx", values_from(real),
                         agency=real.agency, year=real.year)
    return lo_convert([docx], "doc", out)[0], values_from(real)


def test_preconvert_batches_and_reads_the_same(doc_file, tmp_path, monkeypatch):
    src, truth = doc_file
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [tmp_path / "a" / "x.doc", tmp_path / "b" / "x.doc", tmp_path / "a" / "y.wps"]
    for f in files:
        f.write_bytes(src.read_bytes())
    calls = []
    real_run = convert._run
    monkeypatch.setattr(convert, "_run", lambda paths, out, t: (calls.append(len(paths)), real_run(paths, out, t)))
    monkeypatch.setattr(convert, "_converted", {})
    assert convert.preconvert([str(f) for f in files], str(tmp_path / "out")) == 3
    assert calls == [2, 1]  # the two x.doc cannot share an output folder
    for f in files:
        result = lint_file(str(f))
        assert result.path == str(f) and result.status == "checked"
        assert values_from(result) == truth
    assert calls == [2, 1]  # reading used the batch, no further LibreOffice start


def test_single_file_converted_alone(doc_file, monkeypatch):
    src, truth = doc_file
    monkeypatch.setattr(convert, "_converted", {})
    assert values_from(lint_file(str(src))) == truth
