"""Hostile and absurd rules files and rule options (issue 10: S1, S2, S3, S5), through the CLI.

Each must be a clean configuration error (exit 2) naming the file and the line, never a traceback
and never a rule that loads and then fails on every document; a long but valid rule must work.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from govdisclose_lint import cli
from tests.userrules import forget_user_rules  # noqa: F401 - autouse fixture


RULE = "rules:\n  U101:\n    name: local\n    severity: warning\n    message: {zh: %s, en: 'actual {actual}'}\n"
GOOD_MESSAGE = "'{row} {column}: {actual} vs {expected}'"
FEE = "T2.行政事业性收费.本年收费金额（单位：万元）"


def rules_file(check: str = f"'{FEE} <= 5000'", message: str = GOOD_MESSAGE, extra: str = "") -> str:
    return RULE % message + f"equations:\n  - code: U101\n    check: {check}\n" + extra


def run(tmp_path, rules_text: str, config: str = 'equations = ["local.yaml"]\n', doc: str | None = None):
    (tmp_path / "local.yaml").write_text(rules_text, encoding="utf-8")
    (tmp_path / "govdisclose-lint.toml").write_text(config, encoding="utf-8")
    target = doc or str(tmp_path / "missing.txt")
    return CliRunner().invoke(cli.main, ["check", target, "--config", str(tmp_path / "govdisclose-lint.toml"),
                                         "--format", "json", "--jobs", "1", "--no-progress"])


def assert_config_error(res, name: str, line: int | None, *words: str):
    assert res.exit_code == 2, (res.exit_code, res.output)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output and name in res.output
    if line is not None:
        assert f"line {line}" in res.output, res.output
    for w in words:
        assert w in res.output, res.output
    assert len(res.output) < 2000  # the message is one bounded line, not the hostile input echoed


CHECK_LINE = 8  # the line of "check:" in rules_file()


@pytest.mark.parametrize("check,words", [
    ("'T3.K7.总计 == " + "(" * 2000 + "1" + ")" * 2000 + "'", ["nested more than"]),
    ("'T3.K7.总计 == " + "-" * 100_000 + "1'", ["longer than"]),
    ("'T3.K7.总计 == 1" + "0" * 600_000 + "'", ["longer than"]),
    ("'T3.K7.总计 == 1" + "0" * 20 + "'", ["number with more than 15"]),
    ("'1 > 2'", ["names no cell"]),
    ("'T3.K3_*.总计 == 1'", ["names several cells"]),
    ("'T3.K7.总计 == abs()'", ["abs() takes one argument"]),
    ("'T9.K7.总计 == 1'", ["names no cell", "no table T9"]),
    ("'T3.K7.总计 == T3.K99.总计'", ["no row K99"]),
    ("'T3.K7.总计 == sum(T4.*.总计)'", ["must be in the table of the target"]),
    ("'T3.K7.总计 == {x.__class__}'", ["placeholder {x.__class__} is not allowed"]),
    ("'T3.K7.总计 == {0}'", ["placeholder {0} is not allowed"]),
    ("'T3.K7.总计 >= {t:>900000000}'", ["placeholder {t:>900000000} is not allowed"]),
])
def test_hostile_checks_are_exit_2_with_file_and_line(tmp_path, check, words):
    assert_config_error(run(tmp_path, rules_file(check)), "local.yaml", CHECK_LINE, *words)


@pytest.mark.parametrize("message,words", [
    ("'{actual'", ["not a valid template"]),
    ("'{0}'", ["{0} is not allowed"]),
    ("'{actual:>900000000}'", ["{actual:>900000000} is not allowed"]),
    ("'{row.__class__.__mro__}'", ["{row.__class__.__mro__} is not allowed"]),
    ("'{actual!r}'", ["{actual!r} is not allowed"]),
    ("'{table_name}'", ["{table_name} is not allowed"]),
])
def test_hostile_message_templates_are_exit_2(tmp_path, message, words):
    assert_config_error(run(tmp_path, rules_file(message=message)), "local.yaml", 5, *words)


@pytest.mark.parametrize("extra,line,words", [
    ("    for_each: {row: rows}\n", 9, ["source must be"]),
    ("    for_each: {row: T9.rows}\n", 9, ["table T9"]),
    ("    for_each: {row: T5.rows}\n", 9, ["table T5"]),
    ("    params: {cap: abc}\n", 9, ["plain finite numbers"]),
    ("    params: {cap: .nan}\n", 9, ["plain finite numbers"]),
    ("    params: {cap: 1.0e+300}\n", 9, ["plain finite numbers"]),
    ("    params: {cap: {default: 5, min: 6}}\n", 9, ["min <= default"]),
    ("    versions: '2021'\n", 9, ["'versions' must be a list"]),
    ("    versions: ['2030']\n", 9, ["'versions' must be a list"]),
])
def test_hostile_equation_fields_are_exit_2(tmp_path, extra, line, words):
    check = "'T3.{row}.总计 >= 0'" if "for_each" in extra else f"'{FEE} <= 5000'"
    assert_config_error(run(tmp_path, rules_file(check, extra=extra)), "local.yaml", line, *words)


def test_yaml_alias_tree_is_refused_before_it_expands(tmp_path):
    """A 592-byte alias tree as a check expands to gigabytes; aliases are refused while composing."""
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    text = "\n".join(levels) + "\n" + rules_file("*a8")
    assert len(text.encode()) < 1200
    assert_config_error(run(tmp_path, text), "local.yaml", 2, "aliases")


def test_deep_yaml_nesting_is_refused(tmp_path):
    assert_config_error(run(tmp_path, "equations: " + "[" * 100_000), "local.yaml", 1, "nested deeper")


@pytest.mark.parametrize("value,words", [("nan", ["finite"]), ("inf", ["finite"]), ("-inf", ["finite"]),
                                         ("1e300", ["finite"]), ("2", ["between 0 and 1"]),
                                         ("'0.2'", ["must be a finite number"])])
def test_a307_threshold_must_be_a_finite_share(tmp_path, value, words):
    config = f"[rules.A307]\nthreshold = {value}\n"
    res = run(tmp_path, rules_file(), config=config)
    assert_config_error(res, "govdisclose-lint.toml", None, "rules.A307.threshold", *words)


def test_long_sum_loads_and_runs(tmp_path, corpus):
    """A 1,500-term sum is valid: it loads and is evaluated without recursion on a real report."""
    doc = tmp_path / "r.html"
    shutil.copyfile(corpus("2022_pingtan.html"), doc)  # fee 9116.36 万元
    check = "'" + FEE + " <= " + " + ".join(["1"] * 1500) + "'"
    res = run(tmp_path, rules_file(check), doc=str(doc))
    assert res.exit_code == 0, res.output  # U101 is a warning
    found = [f for f in json.loads(res.output)["documents"][0]["findings"] if f["code"] == "U101"]
    assert [(f["actual"], f["expected"]) for f in found] == [(9116.36, 1500)]
    assert found[0]["message"].startswith("行政事业性收费 本年收费金额（单位：万元）: 9116.36 vs 1500")


def test_threshold_within_range_still_works(tmp_path, corpus):
    doc = tmp_path / "r.html"
    shutil.copyfile(corpus("2020_pingtan.html"), doc)
    res = run(tmp_path, rules_file(), config="[rules.A307]\nthreshold = 0.05\n", doc=str(doc))
    assert res.exit_code in (0, 1), res.output
    assert json.loads(res.output)["documents"][0]["status"] == "checked"



def _check_with_rules_file(tmp_path):
    return CliRunner().invoke(cli.main, ["check", str(tmp_path / "none.txt"), "--config",
                                         str(tmp_path / "govdisclose-lint.toml")])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_rules_file_that_is_a_fifo(tmp_path):
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["local.yaml"]\n', encoding="utf-8")
    os.mkfifo(tmp_path / "local.yaml")  # opening it for reading would block the run forever
    assert_config_error(_check_with_rules_file(tmp_path), "local.yaml", None, "not a regular file")


def test_rules_file_not_utf8(tmp_path):
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["local.yaml"]\n', encoding="utf-8")
    (tmp_path / "local.yaml").write_bytes(rules_file().encode("gb18030"))
    assert_config_error(_check_with_rules_file(tmp_path), "local.yaml", None, "utf-8")
