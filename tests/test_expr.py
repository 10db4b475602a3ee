"""The safe expression evaluator of rules/equations.yaml."""

from decimal import Decimal as D

import pytest

from govdisclose_lint import expr
from govdisclose_lint.checks.arithmetic import RulesFileError, equations, parse_equations

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
