"""The safe expression evaluator of rules/equations.yaml."""

from decimal import Decimal as D

import pytest

from govdisclose_lint import expr
from govdisclose_lint.checks.arithmetic import equations
from govdisclose_lint.rulesfile import RulesFileError, parse_equations

ROWS = ["K1", "K3_1", "K3_2", "K7"]


def test_arithmetic_and_wildcards():
    node = expr.parse("T3.K7.总计 == sum(T3.K3_*.总计) + T3.K1.总计 - 2 * (1 + 1)")
    vals = {"K1": D(3), "K3_1": D(3), "K3_2": D(3), "K7": D(5)}
    assert expr.evaluate(node, lambda t, r, c: vals[r], ROWS) is True
    assert expr.refs(node, ROWS)[0] == ("T3", "K7", "总计")


def test_unknown_operand_makes_result_unknown():
    node = expr.parse("T3.K7.总计 == T3.K1.总计 + 1")
    assert expr.evaluate(node, lambda t, r, c: None if r == "K1" else D(1), ROWS) is None


@pytest.mark.parametrize("text", ['__import__("os")', "open(1)", "T3.K1 + 1", "1; 2", "a.b.c +",
                                  "(1 + 2", "lambda: 1", "T3.K1.总计.x"])
def test_anything_but_arithmetic_is_rejected(text):
    with pytest.raises(expr.ExprError):
        expr.parse(text)


def test_shipped_equations_parse():
    assert {e.code for e in equations()} == {"A301", "A302", "A303", "A304", "A305", "A306", "A307"}


@pytest.mark.parametrize("data", [{"equations": [{"code": "A301"}]},
                                  {"equations": [{"code": "A301", "check": "T3.K1.总计 +"}]},
                                  {"equations": [{"code": "A301", "check": "T3.K1.总计 + 1"}]},
                                  {"equations": [{"code": "A301", "check": "1 == 1", "evil": 1}]},
                                  {"nope": []}])
def test_malformed_rules_file_names_the_entry(data):
    with pytest.raises(RulesFileError) as ei:
        parse_equations(data, "my-rules.yaml")
    assert "my-rules.yaml" in str(ei.value)


def test_user_rules_file_from_config(corpus, tmp_path):
    """A local U-rule from a rules file named in the configuration runs like a shipped equation."""
    import os
    import shutil
    import subprocess
    import sys
    import json

    (tmp_path / "local.yaml").write_text(
        "rules:\n  U101:\n    name: fee-above-local-cap\n    severity: warning\n"
        "    message: {zh: '行政事业性收费 {actual} 万元，超过本地上限 {expected}', en: 'Fee {actual} above {expected}'}\n"
        "equations:\n  - code: U101\n    check: 'T2.行政事业性收费.本年收费金额（单位：万元） <= 5000'\n",
        encoding="utf-8")
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["local.yaml"]\n', encoding="utf-8")
    shutil.copyfile(corpus("2022_pingtan.html"), tmp_path / "r.html")  # fee 9116.36 万元
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", "r.html", "--format", "json"],
                          capture_output=True, cwd=tmp_path, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    found = [f for f in json.loads(proc.stdout)["documents"][0]["findings"] if f["code"] == "U101"]
    assert found and found[0]["actual"] == 9116.36 and found[0]["severity"] == "warning"
    assert "超过本地上限 5000" in found[0]["message"]


U101 = "rules:\n  U101: {name: x, severity: info, message: {zh: '{actual}'}}\n"


@pytest.mark.parametrize("body,line", [
    (U101 + "equations:\n  - code: U101\n    check: 'T3.R1.总计 == 1'\n"
     "  - code: U101\n    check: \"__import__('os')\"\n", 7),
    (U101 + "equations:\n  - code: U101\n    check: 'open(1) == 1'\n", 5),
    ("equations:\n  - code: Z999\n    check: '1 == 1'\n", 2),
    ("equations:\n  - code: A301\n    check: 'T3.R1.总计 == 1'\n", 2),  # a user file reports under its U-codes
    (U101 + "equations:\n  - code: U101\n    check: 'T3.R1.总计 == 1'\n    evil: 1\n", 4),
    ("equations: [\n", 2),
])
def test_malformed_user_rules_file_is_exit_2_naming_file_and_line(tmp_path, body, line):
    import os
    import subprocess
    import sys

    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    (tmp_path / "govdisclose-lint.toml").write_text('equations = ["bad.yaml"]\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text("x\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "govdisclose_lint", "check", "r.txt"], capture_output=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "bad.yaml" in err and f"line {line}" in err, err
