"""The benchmark script still runs and prints what it promises (its numbers are measured there, not
asserted here: a timed test would fail on a busy machine, not on slow code)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_runs_on_the_corpus_and_prints_every_part(corpus_dir, tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--corpus", str(corpus_dir),
                           "--n", "2", "--repeat", "1", "--per-kind", "1", "--skip-folder", "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    kinds = {"text", "html", "pdf", "docx"}
    assert set(report["in_process"]) == kinds
    for kind, row in report["in_process"].items():
        assert row["files"] == 1 and row["lint_median_ms"] > 0 and row["bare_median_ms"] > 0, kind
    (pdf_row,) = report["in_process"]["pdf"]["per_file"]  # one PDF: its own lint/bare ratio
    assert pdf_row["ratio"] > 0
    # where the time goes: every stage of the pipeline, each check module by name
    assert set(report["stages"]) == kinds
    for kind, row in report["stages"].items():
        assert {"read", "recognise", "text profile", "arithmetic", "narrative", "finalize"} <= set(row), kind
        assert row["read"] > 0, kind
    start = report["startup"]
    assert start["median_s"] > start["import_cli_s"] > start["python_s"] > 0
    for heading in ("in process", "PDF file", "stages (ms)", "start-up:"):
        assert heading in proc.stdout
