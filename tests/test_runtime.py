"""The worker pool on every OS (issue 9 §1–2, issue 10 F3/B2): spawn-safe, limits everywhere, a pool that
survives anything and loses nothing, every stage under one guard (E006), nothing left running."""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests import faults
from tests.badfiles import reference_loop_pdf
from tests.cli_helpers import codes, docs, lint, subprocess_lint, with_worker_fault

SRC = Path(__file__).resolve().parents[1] / "src" / "govdisclose_lint"
UNIX_ONLY = {"resource", "fcntl", "termios", "pty", "tty", "grp", "pwd", "posix", "crypt", "syslog"}


def test_no_unix_only_module_is_imported_at_module_level():
    """Windows has none of these: importing one at module level makes the package fail to import there."""
    bad = []
    for path in SRC.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            bad += [f"{path.name}: {n}" for n in names if n.split(".")[0] in UNIX_ONLY]
    assert bad == []


def test_every_source_file_compiles_without_warnings():
    """An invalid escape (``"\\s"`` outside a raw string) is a warning today and a syntax error in a later
    Python."""
    import warnings

    bad = []
    for path in sorted(SRC.rglob("*.py")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        bad += [f"{path.name}:{w.lineno}: {w.message}" for w in caught]
    assert bad == []


def test_folder_run_as_on_windows(corpus, tmp_path):
    """spawn and no resource module (the Windows stand-in), in a real process: the same results as here."""
    for name in ("2020_pingtan.html", "2024_huaianshi.pdf", "2020_xigong.txt"):
        shutil.copyfile(corpus(name), tmp_path / name)
    spawn_env = str(Path(__file__).resolve().parent / "spawn_env")
    code, out, err = subprocess_lint("check", tmp_path, "--format", "json", "--jobs", "2",
                                     env={"PYTHONPATH": spawn_env})
    here = lint("check", tmp_path, "--format", "json", "--jobs", "2")
    assert (code, docs(out)) == (here[0], docs(here[1])) and err == ""
    assert [codes(d) for d in docs(out)][0] == ["A302", "A302"]


def test_a_check_that_raises_is_e006_naming_the_rule(corpus, tmp_path, monkeypatch):
    with_worker_fault(monkeypatch, faults.check_raises)
    shutil.copyfile(corpus("2020_pingtan.html"), tmp_path / "p.html")
    code, out, err = lint("check", tmp_path / "p.html", "--format", "json", "--lang", "en")
    doc = docs(out)[0]
    e006 = [f for f in doc["findings"] if f["code"] == "E006"]
    assert code == 3 and doc["status"] == "partial" and err == ""
    assert len(e006) == 1 and "A301" in e006[0]["message"] and "IndexError" in e006[0]["message"]
    assert "memory" not in e006[0]["message"]
    assert "S105" not in codes(doc)  # the other checks ran


def test_abs_without_argument_in_a_rules_file(corpus, tmp_path):
    """The issue's own case (a local equation `abs()`): refused when loaded, or E006 when run — never a
    dead worker reported as out of memory, never a traceback."""
    (tmp_path / "local.yaml").write_text(
        'rules:\n  U101: {name: bad, severity: warning, message: {zh: "x", en: "x"}}\n'
        'equations:\n  - code: U101\n    check: "T3.K7.总计 >= abs()"\n', encoding="utf-8")
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["local.yaml"]\n', encoding="utf-8")
    shutil.copyfile(corpus("2020_pingtan.html"), tmp_path / "p.html")
    code, out, err = lint("check", "p.html", "--format", "json", cwd=tmp_path)
    if code == 2:
        assert "local.yaml" in err
    else:
        doc = docs(out)[0]
        assert code == 3 and "E006" in codes(doc) and "U101" in " ".join(f["message"] for f in doc["findings"])
        assert "E005" not in codes(doc)


@pytest.mark.parametrize("fault,stage_word", [(faults.recognition_raises, "recognising"),
                                              (faults.report_fails_for_huge, "writing the report")])
def test_every_stage_is_guarded(fault, stage_word, corpus, tmp_path, monkeypatch):
    with_worker_fault(monkeypatch, fault)
    shutil.copyfile(corpus("2020_pingtan.html"), tmp_path / "huge.html")
    shutil.copyfile(corpus("2020_xigong.txt"), tmp_path / "other.txt")
    code, out, _ = lint("check", tmp_path, "--format", "json", "--lang", "en", "--jobs", "1")
    found = {os.path.basename(d["path"]): d for d in docs(out)}
    assert code == 3 and set(found) == {"huge.html", "other.txt"}  # the batch is not lost
    assert codes(found["huge.html"]) == ["E006"] and stage_word in found["huge.html"]["findings"][0]["message"]


def test_a_crashing_worker_is_e006_saying_how_and_is_replaced(corpus, capfd):
    """A parser that kills its process costs one file, reported with how it died; no faulthandler dump."""
    from govdisclose_lint import batch
    from govdisclose_lint.settings import Settings

    results = batch.run([str(corpus("2023_hongzequ.pdf")), str(corpus("2020_pingtan.html"))], Settings(lang="en"),
                        jobs=1, initializer=faults.segfault_on_pdf)
    assert [f.code for f in results[0].findings] == ["E006"] and results[0].findings[0].key == "worker_died"
    if hasattr(signal, "SIGSEGV"):
        assert "SIGSEGV" in results[0].findings[0].message and "memory" not in results[0].findings[0].message
    assert [f.code for f in results[1].findings] == ["A302", "A302"]
    err = capfd.readouterr().err
    assert "Fatal Python error" not in err and "Segmentation fault" not in err


def test_memory_error_in_a_check_is_e005(corpus):
    from govdisclose_lint import batch
    from govdisclose_lint.settings import Settings

    result = batch.run([str(corpus("2020_pingtan.html"))], Settings(), initializer=faults.memory_error_in_check)[0]
    assert "E005" in [f.code for f in result.findings] and result.status == "partial"


def test_memory_cap_gives_e005_and_the_batch_goes_on(corpus, tmp_path):
    """A cap below what a worker needs: every file is E005 naming the cap (RLIMIT_AS on Linux, the watchdog
    on the resident memory elsewhere), none hangs; with the default cap both are checked."""
    shutil.copyfile(corpus("2024_huaianshi.pdf"), tmp_path / "a.pdf")
    shutil.copyfile(corpus("2020_xigong.txt"), tmp_path / "b.txt")
    code, out, _ = lint("check", tmp_path, "--format", "json", "--memory", "30", "--jobs", "1")
    found = {os.path.basename(d["path"]): d for d in docs(out)}
    assert found["a.pdf"]["status"] == "partial" and code == 3
    assert [(f["code"], "30 MB" in f["message"]) for f in found["a.pdf"]["findings"]] == [("E005", True)]
    code, out, _ = lint("check", tmp_path, "--format", "json", "--jobs", "1")
    assert [d["status"] for d in docs(out)] == ["checked", "checked"]


def test_hostile_file_times_out_and_the_batch_goes_on(corpus, tmp_path):
    (tmp_path / "loop.pdf").write_bytes(reference_loop_pdf())  # pdfminer spins on it forever
    shutil.copyfile(corpus("2020_pingtan.html"), tmp_path / "pingtan.html")
    t0 = time.monotonic()
    code, out, _ = lint("check", tmp_path, "--format", "json", "--timeout", "3", "--jobs", "2")
    assert time.monotonic() - t0 < 3 + 20  # the limit plus a margin for starting workers
    found = {os.path.basename(d["path"]): d for d in docs(out)}
    assert codes(found["loop.pdf"]) == ["E005"] and found["loop.pdf"]["status"] == "partial"
    assert codes(found["pingtan.html"]) == ["A302", "A302"] and code == 3


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_sigterm_ends_the_workers(tmp_path):
    (tmp_path / "loop.pdf").write_bytes(reference_loop_pdf())
    proc = subprocess.Popen([sys.executable, "-m", "govdisclose_lint", "check", str(tmp_path / "loop.pdf"),
                             "--timeout", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while not parent.children() and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = parent.children(recursive=True)
    assert workers
    time.sleep(1)  # the worker is inside the looping PDF now
    proc.terminate()
    proc.wait(20)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [] and proc.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in proc.stderr.read()


def test_results_keep_their_cells_under_every_start_method(corpus):
    from govdisclose_lint import batch
    from govdisclose_lint.settings import Settings

    result = batch.run([str(corpus("2024_huaianshi.pdf"))], Settings())[0]
    cells = {(c["table"], c["row_key"], c["column"]): c["value"] for c in result.table_cells()}
    assert result.recognition is None and cells[("T3", "R1", "总计")] == 3119


def test_library_chatter_never_reaches_stderr(corpus, tmp_path):
    """One flipped byte in a content stream makes pdfminer warn ("Data-loss while decompressing corrupted
    data"); with a machine format stderr stays empty."""
    import re

    data = bytearray(corpus("2023_hongzequ.pdf").read_bytes())
    start = re.search(rb"stream\r?\n", data).end()
    data[data.index(b"endstream", start) - 30] ^= 0xFF
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(data))
    code, out, err = subprocess_lint("check", path, "--format", "json")
    assert err == "" and docs(out)[0]["path"].endswith("damaged.pdf") and code in (0, 1, 3)


def test_lint_file_takes_a_path_object_as_well_as_a_string(corpus):
    from govdisclose_lint.engine import lint_file

    as_path = lint_file(corpus("2020_xigong.txt"))
    as_str = lint_file(str(corpus("2020_xigong.txt")))
    assert as_path.status == as_str.status == "checked" and as_path.format_version == "2019"
    assert [f.code for f in as_path.findings] == [f.code for f in as_str.findings]
