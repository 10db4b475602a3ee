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

No input string makes :func:`parse` raise anything but :class:`ExprError`: the text is at most
:data:`MAX_CHARS` long, parentheses, unary minus and function calls nest at most
:data:`MAX_DEPTH` deep (no RecursionError), a number has at most 15 integer and 10 decimal
digits (as in documents, see :mod:`.normalize`), ``abs`` takes one argument and ``sum min max``
at least one, and a wildcard reference stands only as a whole argument of ``sum min max``.
Long chains (``a + b + … `` of any length) are evaluated without recursion, in a decimal
context that never traps: an overflow or an undefined result is unknown (``None``).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Clamped, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow, Rounded, Subnormal
from decimal import Underflow, localcontext
from typing import Callable, Iterable

from .normalize import MAX_FRACTION_DIGITS, MAX_INT_DIGITS

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<op>==|!=|>=|<=|[-+*/(),<>])
  | (?P<ref>[A-Za-z_\u3400-\u9fff\uff00-\uffef/*][\w\u3400-\u9fff\uff00-\uffef/*]*(?:\.[\w\u3400-\u9fff\uff00-\uffef/*]+)*)
""", re.X)
FUNCTIONS = {"sum", "min", "max", "abs"}
WILDCARD_FUNCTIONS = {"sum", "min", "max"}
COMPARISONS = {"==", "!=", ">=", "<=", ">", "<"}
MAX_CHARS = 100_000
MAX_DEPTH = 50
_SIGNALS = (Clamped, DivisionByZero, Inexact, InvalidOperation, Overflow, Rounded, Subnormal, Underflow)


class ExprError(ValueError):
    """A malformed expression; ``pos`` is the character offset."""

    def __init__(self, msg: str, text: str, pos: int):
        shown = text if len(text) <= 80 else ("…" if pos > 30 else "") + text[max(0, pos - 30):pos + 50] + "…"
        msg = msg if len(msg) <= 200 else msg[:199] + "…"  # it may quote a token of any length
        super().__init__(f"{msg} at column {pos + 1} in {shown!r}")
        self.pos = pos


@dataclass(frozen=True)
class Num:
    """A number written in the expression."""

    value: Decimal


@dataclass(frozen=True)
class Ref:
    """A cell reference ``TABLE.ROW.COLUMN`` (``T3.K7.总计``)."""

    name: str  # may contain * in the row part


@dataclass(frozen=True)
class Call:
    """A call of ``sum``, ``min``, ``max`` or ``abs`` with its arguments."""

    func: str
    args: tuple


@dataclass(frozen=True)
class BinOp:
    """An arithmetic operation (``+ - * /``) or a comparison (``== != >= <= > <``) of two expressions."""

    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Neg:
    """A unary minus."""

    operand: object


def tokenize(text: str) -> list[tuple[str, str, int]]:
    if len(text) > MAX_CHARS:
        raise ExprError(f"expression longer than {MAX_CHARS} characters", text, MAX_CHARS)
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
        self.depth = 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "", len(self.text))

    def take(self, value: str | None = None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise ExprError(f"expected {value!r}, found {tok[1] or 'end'!r}", self.text, tok[2])
        self.i += 1
        return tok

    def nest(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"nested more than {MAX_DEPTH} levels deep", self.text, pos)

    def parse(self):
        node = self.sum()
        tok = self.peek()
        if tok[1] in COMPARISONS:
            self.take()
            node = BinOp(tok[1], node, self.sum())
        end = self.peek()
        if end[0] != "end":
            raise ExprError(f"unexpected {end[1]!r}", self.text, end[2])
        _check_wildcards(node, self.text)
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
            self.nest(self.take()[2])
            node = Neg(self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self):
        kind, val, pos = self.peek()
        if kind == "num":
            self.take()
            whole, _, fraction = val.partition(".")
            if len(whole.lstrip("0")) > MAX_INT_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
                raise ExprError(f"number with more than {MAX_INT_DIGITS} integer or {MAX_FRACTION_DIGITS} "
                                "decimal digits", self.text, pos)
            return Num(Decimal(val))
        if val == "(":
            self.nest(self.take()[2])
            node = self.sum()
            self.take(")")
            self.depth -= 1
            return node
        if kind == "ref":
            self.take()
            if self.peek()[1] == "(":
                return self.call(val, pos)
            parts = val.split(".")
            if len(parts) != 3:
                raise ExprError(f"cell reference {val!r} must be TABLE.ROW.COLUMN", self.text, pos)
            if "*" in parts[0] or "*" in parts[2]:
                raise ExprError(f"a wildcard may stand only in the row of {val!r}", self.text, pos)
            return Ref(val)
        raise ExprError(f"unexpected {val or 'end'!r}", self.text, pos)

    def call(self, func: str, pos: int):
        if func not in FUNCTIONS:
            raise ExprError(f"unknown function {func!r}", self.text, pos)
        self.nest(self.take("(")[2])
        args = []
        if self.peek()[1] != ")":
            args.append(self.sum())
            while self.peek()[1] == ",":
                self.take()
                args.append(self.sum())
        self.take(")")
        self.depth -= 1
        if func == "abs" and len(args) != 1:
            raise ExprError(f"abs() takes one argument, not {len(args)}", self.text, pos)
        if not args:
            raise ExprError(f"{func}() needs at least one argument", self.text, pos)
        return Call(func, tuple(args))


def _walk(node):
    """Every node of a tree, without recursion."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, Call):
            todo.extend(reversed(n.args))
        elif isinstance(n, BinOp):
            todo.extend((n.right, n.left))
        elif isinstance(n, Neg):
            todo.append(n.operand)


def _check_wildcards(node, text: str) -> None:
    """A wildcard names several cells: it may only be a whole argument of sum, min or max."""
    allowed = {id(a) for n in _walk(node) if isinstance(n, Call) and n.func in WILDCARD_FUNCTIONS for a in n.args}
    for n in _walk(node):
        if isinstance(n, Ref) and "*" in n.name and id(n) not in allowed:
            raise ExprError(f"{n.name!r} names several cells: write sum({n.name}), min(…) or max(…)",
                            text, text.find(n.name))


def parse(text: str):
    """Parse an expression into a tree; raises :class:`ExprError` and nothing else.  Trees are
    immutable, so the parses of short texts (all real equations) are cached."""
    return _parse_cached(text) if len(text) <= 2000 else _parse(text)


@lru_cache(maxsize=4096)
def _parse_cached(text: str):
    return _parse(text)


def _parse(text: str):
    try:
        return _Parser(text).parse()
    except ExprError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, ArithmeticError) as exc:  # pragma: no cover
        raise ExprError(f"cannot parse ({type(exc).__name__})", str(text), 0) from None


def references(node) -> list[str]:
    """The cell references of a tree as written (wildcards unexpanded), in reading order."""
    return [n.name for n in _walk(node) if isinstance(n, Ref)]


Lookup = Callable[[str, str, str], "Decimal | None"]


def refs(node, rows: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """The cell references of a tree, in reading order, wildcards expanded against ``rows``."""
    rows = list(rows)
    out: list[tuple[str, str, str]] = []
    for n in _walk(node):
        if isinstance(n, Ref):
            out.extend(expand(n.name, rows))
    return out


def expand(name: str, rows: Iterable[str]) -> list[tuple[str, str, str]]:
    table, row, col = name.split(".")
    if "*" in row:
        return [(table, r, col) for r in rows if fnmatch.fnmatchcase(r, row)]
    return [(table, row, col)]


def _apply(op: str, a, b):
    if a is None or b is None:
        return None
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return None if b == 0 else a / b
    return {"==": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]


def _finite(v):
    return None if isinstance(v, Decimal) and not v.is_finite() else v


def evaluate(node, lookup: Lookup, rows: Iterable[str] = ()):
    """Evaluate a tree; returns Decimal, bool, or None when any operand is unknown (or the arithmetic
    overflows).  A chain ``a + b + …`` is walked iteratively, so its length does not matter."""
    rows = list(rows)

    def ev(n):
        if isinstance(n, Num):
            return n.value
        if isinstance(n, Ref):
            cells = expand(n.name, rows)
            if len(cells) != 1:
                raise ExprError(f"{n.name!r} names {len(cells)} cells; use sum()", n.name, 0)
            return _finite(lookup(*cells[0]))
        if isinstance(n, Neg):
            v = ev(n.operand)
            return None if v is None else -v
        if isinstance(n, Call):
            vals = []
            for a in n.args:
                if isinstance(a, Ref) and "*" in a.name:
                    vals.extend(_finite(lookup(*c)) for c in expand(a.name, rows))
                else:
                    vals.append(ev(a))
            if any(v is None or isinstance(v, bool) for v in vals):
                return None
            if n.func == "sum":
                return _finite(sum(vals, Decimal(0)))
            if n.func == "abs":
                return abs(vals[0])
            return (min if n.func == "min" else max)(vals) if vals else None
        if isinstance(n, BinOp):
            chain = []  # the left spine, walked without recursion
            while isinstance(n, BinOp):
                chain.append((n.op, n.right))
                n = n.left
            v = ev(n)
            for op, right in reversed(chain):
                if v is None:
                    return None
                v = _finite(_apply(op, v, ev(right)))
            return v
        raise ExprError(f"bad node {n!r}", "", 0)  # pragma: no cover

    with localcontext() as ctx:
        ctx.prec = 28
        for signal in _SIGNALS:
            ctx.traps[signal] = False
        return ev(node)
