"""Each cross-document rule's passing and failing cases (tests/crossdoc/cases/<CODE>.yml).

A case lists ``docs`` built from real corpus reports (see helpers.make: ``replace_all`` renames,
``cell`` changes one number of an HTML table, ``scale``/``bump`` scale a text copy's tables),
optionally ``previous`` (files given with --previous), ``roster`` (unit → parent), ``published``
(--published values) and rule ``options``.  ``expect`` lists findings of the case's rule (each a
subset of the finding's JSON, location keys at top level, ``doc`` the file it must be on);
``expect: []`` means the rule stays silent.  The stage runs in process, as ``check`` runs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govdisclose_lint.crossdoc.roster import from_mapping
from govdisclose_lint.crossdoc.stage import Options, Stage, parse_published
from govdisclose_lint.engine import lint_file
from govdisclose_lint.settings import Settings

from .helpers import make

CASES = sorted((Path(__file__).resolve().parent / "cases").glob("*.yml"))
DEADLINES = {"department": "01-31", "county": "02-20", "city": "03-10", "province": "03-31"}


def _load():
    for path in CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            yield pytest.param(data["rule"], name, case, id=f"{data['rule']}-{name}")


def run_case(case: dict, tmp_path: Path, corpus):
    files = [make(d, tmp_path, corpus) for d in case["docs"]]
    previous = [make(d, tmp_path / "previous", corpus) for d in case.get("previous", [])]
    settings = Settings(options=case.get("options", {}))
    results = [lint_file(str(p), settings) for p in files + previous]
    roster = from_mapping(case["roster"], "case") if "roster" in case else None
    options = Options(tuple(map(str, previous)), tuple(parse_published(v) for v in case.get("published", [])),
                      roster, case.get("agencies", {}), DEADLINES)
    Stage(settings, options).attach(results, len(files))
    return results[: len(files)]


def _flat(finding: dict) -> dict:
    return {**finding, **finding.get("location", {})}


@pytest.mark.parametrize("rule,name,case", list(_load()))
def test_crossdoc_case(rule, name, case, tmp_path, corpus):
    results = run_case(case, tmp_path, corpus)
    got = [{"doc": Path(r.path).name, **_flat(f.to_json())} for r in results for f in r.findings if f.code == rule]
    if not case["expect"]:
        assert got == [], f"{rule} should be silent on {name}, got {got}"
    for want in case["expect"]:
        assert any(all(g.get(k) == v for k, v in want.items()) for g in got), \
            f"{rule} {name}: no finding matches {want}; got {got}"
    if "count" in case:
        assert len(got) == case["count"], got
