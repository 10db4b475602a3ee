"""Old Word formats through LibreOffice: batched per run, same result as one by one, under the worker's
limits with nothing left running (issue 10 B2), found where each OS installs it or as configured."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import psutil
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
    monkeypatch.setattr(convert, "_run", lambda paths, out, *limits: (calls.append(len(paths)),
                                                                       real_run(paths, out, *limits)))
    monkeypatch.setattr(convert, "_converted", {})
    done = convert.preconvert([str(f) for f in files], str(tmp_path / "out"))
    assert len(done) == 3 and all(isinstance(v, str) for v in done.values())
    assert calls == [2, 1]  # the two x.doc cannot share an output folder
    convert.configure(None, done, None)
    for f in files:
        result = lint_file(str(f))
        assert result.path == str(f) and result.status == "checked"
        assert values_from(result) == truth
    assert calls == [2, 1]  # reading used the batch, no further LibreOffice start


def test_single_file_converted_alone(doc_file, monkeypatch):
    src, truth = doc_file
    monkeypatch.setattr(convert, "_converted", {})
    assert values_from(lint_file(str(src))) == truth


def slow_rtf(corpus) -> bytes:
    """About 4 MB of RTF: the corpus text as a 8-column table of 60,000 rows (LibreOffice needs minutes)."""
    lines = [ln for ln in corpus("2020_xigong.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]

    def esc(s):
        return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\u{ord(c) - 65536 if ord(c) > 32767 else ord(c)}?"
                       for c in s)

    row = "\\trowd" + "".join(f"\\cellx{(i + 1) * 1000}" for i in range(8))
    out, n, size = ["{\\rtf1\\ansi\\deff0"], 0, 0
    while size < 4_000_000:
        cells = "".join(f"\\intbl {esc(lines[n % len(lines)][:20])}\\cell " for _ in range(8))
        out.append(row + cells + "\\row\n")
        size += len(out[-1])
        n += 1
    return ("".join(out) + "}").encode("ascii")


def test_conversion_runs_under_the_time_limit_and_leaves_nothing_behind(corpus, tmp_path):
    (tmp_path / "big.rtf").write_bytes(slow_rtf(corpus))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", str(tmp_path / "big.rtf"), "--timeout",
                           "5", "--format", "json"], capture_output=True, timeout=120,
                          env={**os.environ, "TMPDIR": str(tmp), "PYTHONIOENCODING": "utf-8"})
    elapsed = time.monotonic() - t0
    import json

    doc = json.loads(proc.stdout)["documents"][0]
    assert [(f["code"], "5" in f["message"]) for f in doc["findings"]] == [("E005", True)] and proc.returncode == 3
    assert elapsed < 5 + 25 and proc.stderr == b""
    time.sleep(0.5)
    left = [p.info for p in psutil.process_iter(["pid", "name", "cmdline"])
            if str(tmp) in " ".join(p.info["cmdline"] or ())]
    assert left == []  # no soffice.bin (or oosplash) left running


def test_soffice_from_the_configuration(corpus, tmp_path, monkeypatch):
    """soffice = "…" in the configuration is used; a wrong one is E001 with this OS's install hint."""
    from tests.cli_helpers import docs, lint

    src = tmp_path / "old.rtf"
    src.write_text("{\\rtf1\\ansi 2024\\par}", encoding="ascii")
    (tmp_path / "govdisclose-lint.toml").write_text('soffice = "no/such/soffice"\n', encoding="utf-8")
    code, out, _ = lint("check", "old.rtf", "--format", "json", cwd=tmp_path)
    finding = docs(out)[0]["findings"][0]
    assert finding["code"] == "E001" and "soffice" in finding["message"] and code == 3
    real = shutil.which("soffice")
    (tmp_path / "govdisclose-lint.toml").write_text(f'soffice = "{real}"\n', encoding="utf-8")
    code, out, _ = lint("check", "old.rtf", "--format", "json", cwd=tmp_path)
    assert docs(out)[0]["findings"][0]["code"] != "E001"  # converted, read (and not a report: E004)


def test_where_windows_and_macos_install_it(monkeypatch, tmp_path):
    exe = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(convert, "_configured", None)
    assert convert.soffice() == str(exe) and convert.missing_key() == "needs_libreoffice_windows"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert convert.missing_key() == "needs_libreoffice_macos"
