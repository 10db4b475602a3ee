"""Golden cells: every real corpus report's recognised T2/T3/T4 cells equal the reviewed snapshot.

The snapshots (``tests/golden/cells/<file>.tsv``) were checked by hand against the documents;
a change in any cell (value, state, row, column or page) fails here with the diff.  After an
intended change run ``python tests/golden/update.py`` and review the diff of the snapshots.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden.update import CORPUS, reports, snapshot, snapshot_path

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(),
                                reason=f"corpus not found at {CORPUS} (set GOVDISCLOSE_CORPUS)")

REPORTS = reports() if (CORPUS / "MANIFEST.tsv").exists() else []


def test_every_report_has_a_snapshot():
    missing = [r.name for r in REPORTS if not snapshot_path(r).exists()]
    assert not missing, f"no golden snapshot for {missing}: run python tests/golden/update.py and review"
    assert len(REPORTS) >= 19


@pytest.mark.parametrize("report", REPORTS, ids=[r.name for r in REPORTS])
def test_cells_equal_the_snapshot(report, corpus_dir):
    path = snapshot_path(report)
    if not path.exists():
        pytest.fail(f"no golden snapshot {path.name}: run python tests/golden/update.py and review")
    expected = path.read_text(encoding="utf-8")
    actual = snapshot(corpus_dir / report.relative_to(CORPUS))
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{path.name}", "now", n=0))
        pytest.fail(f"recognised cells of {report.name} changed:\n{diff}", pytrace=False)
