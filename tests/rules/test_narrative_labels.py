"""The narrative checks against hand labels of every count the corpus reports state in their text.

The labels (benchmarks/narrative_labels.yaml) say what each figure is about and whether the text
agrees with the table; benchmarks/narrative_precision.py prints the full measurement.  Here the
linter must keep to them: no figure flagged that agrees with its table or is not about one, every
real contradiction flagged, every figure matched to the cells it is about, and every agreeing
figure flagged once it is changed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def measure():
    spec = importlib.util.spec_from_file_location("narrative_precision", ROOT / "benchmarks" / "narrative_precision.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rows(measure, corpus_dir):
    return measure.evaluate(corpus_dir)


def test_every_labelled_figure_is_in_its_report(rows):
    assert [(r.doc, r.text) for r in rows if not r.found] == []


def test_no_figure_is_judged_without_a_label(rows):
    assert [(r.doc, r.text, r.tool_claim) for r in rows if r.truth == "unlabelled"] == []


def test_no_false_warning_and_no_missed_contradiction(rows):
    wrong = [(r.doc, r.text, r.truth, r.verdict) for r in rows
             if r.flagged != (r.truth == "differs") and r.verdict in ("agrees", "differs")]
    assert wrong == []
    assert [(r.doc, r.text) for r in rows if r.truth == "differs" and not r.flagged] == []


def test_figures_are_matched_to_the_cells_they_are_about(rows):
    # the known misses: a bare "其他1件" in an excerpt cut off before its table, and a 办结率 about 群众诉求
    # in a flattened report that is one paragraph (its verdict agrees, so no finding)
    wrong = [(r.doc, r.text, r.claim, r.tool_claim) for r in rows if not r.right_cell]
    assert sorted(wrong) == [("2020_pingtan-flat.txt", "办结率100%", "-", "all_handled"),
                             ("excerpts/2022_hanyang-qzfb.txt", "其他1件", "other", "-")]


def test_an_agreeing_figure_changed_is_flagged(measure, corpus_dir):
    changed, flagged, misses = measure.mutations(corpus_dir)
    assert changed >= 40 and misses == []
