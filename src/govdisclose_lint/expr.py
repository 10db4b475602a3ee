"""A small, safe expression language for the reconciliation equations in ``rules/equations.yaml``.

Grammar (no ``eval``; text is tokenised and parsed into a tree)::

    comparison := sum (("==" | "!=" | ">=" | "<=" | ">" | "<") sum)?
    sum        := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | REF | FUNC "(" [sum ("," sum)*] ")" | "(" sum ")"

``REF`` is a cell reference ``TABLE.ROW.COLUMN`` (``T3.K7.总计``), written with the
template's keys (full-width brackets included: ``本年收费金额（单位：万元）``); a ``*`` in
the row part matches several rows (``sum(T3.K3_*.自然人)``).  Keys may contain ``/``
(``本年增/减``), so write division with spaces around it.  Functions:
``sum``, ``min``, ``max``, ``abs``.  Anything else is a syntax error.
Evaluation takes a lookup function; a reference whose value is unknown makes
the whole result unknown (``None``), so an unreadable cell never produces a
false arithmetic finding.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<op>==|!=|>=|<=|[-+*/(),<>])
  | (?P<ref>[A-Za-z_\u3400-\u9fff\uff00-\uffef/*][\w\u3400-\u9fff\uff00-\uffef/*]*(?:\.[\w\u3400-\u9fff\uff00-\uffef/*]+)*)
""", re.X)
FUNCTIONS = {"sum", "min", "max", "abs"}
COMPARISONS = {"==", "!=", ">=", "<=", ">", "<"}


class ExprError(ValueError):
    """A malformed expression; ``pos`` is the character offset."""

    def __init__(self, msg: str, text: str, pos: int):
        super().__init__(f"{msg} at column {pos + 1} in {text!r}")
        self.pos = pos


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    name: str  # may contain * in the row part


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple


@dataclass(frozen=True)
class BinOp:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Neg:
    operand: object


def tokenize(text: str) -> list[tuple[str, str, int]]:
    pos, out = 0, []
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise ExprError(f"unexpected character {text[pos]!r}", text, pos)
        kind = m.lastgroup
        if kind != "ws":
            out.append((kind, m.group(kind), pos))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = tokenize(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "", len(self.text))

    def take(self, value: str | None = None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise ExprError(f"expected {value!r}, found {tok[1] or 'end'!r}", self.text, tok[2])
        self.i += 1
        return tok

    def parse(self):
        node = self.sum()
        tok = self.peek()
        if tok[1] in COMPARISONS:
            self.take()
            node = BinOp(tok[1], node, self.sum())
        end = self.peek()
        if end[0] != "end":
            raise ExprError(f"unexpected {end[1]!r}", self.text, end[2])
        return node

    def sum(self):
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = BinOp(op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = BinOp(op, node, self.unary())
        return node

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self):
        kind, val, pos = self.peek()
        if kind == "num":
            self.take()
            return Num(Decimal(val))
        if val == "(":
            self.take()
            node = self.sum()
            self.take(")")
            return node
        if kind == "ref":
            self.take()
            if self.peek()[1] == "(":
                if val not in FUNCTIONS:
                    raise ExprError(f"unknown function {val!r}", self.text, pos)
                self.take("(")
                args = []
                if self.peek()[1] != ")":
                    args.append(self.sum())
                    while self.peek()[1] == ",":
                        self.take()
                        args.append(self.sum())
                self.take(")")
                return Call(val, tuple(args))
            if val.count(".") != 2:
                raise ExprError(f"cell reference {val!r} must be TABLE.ROW.COLUMN", self.text, pos)
            return Ref(val)
        raise ExprError(f"unexpected {val or 'end'!r}", self.text, pos)


def parse(text: str):
    """Parse an expression into a tree; raises :class:`ExprError`."""
    return _Parser(text).parse()


Lookup = Callable[[str, str, str], "Decimal | None"]


def refs(node, rows: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """The cell references of a tree, wildcards expanded against ``rows``."""
    out: list[tuple[str, str, str]] = []
    _walk_refs(node, list(rows), out)
    return out


def _walk_refs(node, rows, out):
    if isinstance(node, Ref):
        out.extend(expand(node.name, rows))
    elif isinstance(node, Call):
        for a in node.args:
            _walk_refs(a, rows, out)
    elif isinstance(node, BinOp):
        _walk_refs(node.left, rows, out)
        _walk_refs(node.right, rows, out)
    elif isinstance(node, Neg):
        _walk_refs(node.operand, rows, out)


def expand(name: str, rows: Iterable[str]) -> list[tuple[str, str, str]]:
    table, row, col = name.split(".")
    if "*" in row:
        return [(table, r, col) for r in rows if fnmatch.fnmatchcase(r, row)]
    return [(table, row, col)]


def evaluate(node, lookup: Lookup, rows: Iterable[str] = ()):
    """Evaluate a tree; returns Decimal, bool, or None when any operand is unknown."""
    rows = list(rows)

    def ev(n):
        if isinstance(n, Num):
            return n.value
        if isinstance(n, Ref):
            cells = expand(n.name, rows)
            if len(cells) != 1:
                raise ExprError(f"{n.name!r} names {len(cells)} cells; use sum()", n.name, 0)
            return lookup(*cells[0])
        if isinstance(n, Neg):
            v = ev(n.operand)
            return None if v is None else -v
        if isinstance(n, Call):
            vals = []
            for a in n.args:
                if isinstance(a, Ref) and "*" in a.name:
                    vals.extend(lookup(*c) for c in expand(a.name, rows))
                else:
                    vals.append(ev(a))
            if any(v is None for v in vals):
                return None
            if n.func == "sum":
                return sum(vals, Decimal(0))
            if n.func == "abs":
                return abs(vals[0])
            return (min if n.func == "min" else max)(vals) if vals else None
        if isinstance(n, BinOp):
            a, b = ev(n.left), ev(n.right)
            if a is None or b is None:
                return None
            op = n.op
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/":
                return None if b == 0 else a / b
            return {"==": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]
        raise ExprError(f"bad node {n!r}", "", 0)  # pragma: no cover

    return ev(node)
