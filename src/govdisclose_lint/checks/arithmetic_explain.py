"""What an arithmetic finding needs to explain itself: its terms, and hints at the likely mistake.

* :func:`terms` — each operand of the equation with its sign, template row label and column
  ("（二）部分公开 / 自然人 8 + 商业企业 1"), so a reporter draws the sum without knowing templates.
* :func:`split_digits` — a row sum that fails but would hold if two adjacent one-digit cells were
  one number ("1", "2" typed into two cells for 12).
* :func:`cancelling` — two column findings whose differences cancel (自然人 −1, 其他 +1 while the
  总计 column holds): one request counted under the wrong applicant.
"""

from __future__ import annotations

from decimal import Decimal

from .. import expr
from ..findings import Finding
from .locate import row_label


def signed_refs(node, rows, sign: str = "+") -> list[tuple[str, tuple[str, str, str]]] | None:
    """The references of a sum with their signs, left to right; None if the expression is not a plain
    sum. Walks with its own stack: a rules file may hold a sum of thousands of terms."""
    out: list[tuple[str, tuple[str, str, str]]] = []
    stack = [(node, sign)]
    while stack:
        n, sg = stack.pop()
        if isinstance(n, expr.Ref):
            out += [(sg, r) for r in expr.expand(n.name, rows)]
        elif isinstance(n, expr.Neg):
            stack.append((n.operand, "-" if sg == "+" else "+"))
        elif isinstance(n, expr.Call) and n.func == "sum":
            stack += [(a, sg) for a in reversed(n.args)]
        elif isinstance(n, expr.BinOp) and n.op in "+-":
            flip = sg if n.op == "+" else ("-" if sg == "+" else "+")
            stack += [(n.right, flip), (n.left, sg)]
        else:
            return None
    return out


def terms(rec, node, rows, lookup, target) -> list[dict] | None:
    """[{"sign", "row", "column", "value"}] for the right-hand side of an equation (the target left out)."""
    refs = signed_refs(node, rows)
    if refs is None:
        return None
    return [{"sign": sign, "row": row_label(rec, t, r)[0], "column": c, "value": lookup(t, r, c)}
            for sign, (t, r, c) in refs if (t, r, c) != target]


def split_digits(rec, f: Finding, refs: list[tuple[str, str, str]]) -> None:
    """Add the hint to a row-sum finding (A301, A304) when two adjacent one-digit cells read as
    one number would make the row hold."""
    cells = [rec.cells.get(r) for r in refs]
    if f.actual is None or f.expected is None or any(c is None or not c.usable for c in cells):
        return
    for left, right in zip(cells, cells[1:]):
        if left.state != "number" or right.state != "number" or len(left.raw) != 1 or len(right.raw) != 1:
            continue
        merged = left.value * 10 + right.value
        if f.expected - left.value - right.value + merged == f.actual:
            f.key = "split_digits"
            f.params.update(left=left.col, right=right.col, a=left.raw, b=right.raw, merged=str(int(merged)))
            return


def cancelling(findings: list[Finding]) -> None:
    """Mark two column findings of one rule whose differences cancel while 总计 holds."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code in ("A302", "A303") and f.key == "default":
            by_code.setdefault(f.code, []).append(f)
    for group in by_code.values():
        cols = [f for f in group if f.location.column != "总计"]
        if len(cols) != 2 or len(group) != 2:
            continue
        a, b = cols
        da, db = _diff(a), _diff(b)
        if da is None or db is None or da + db != 0 or da == 0:
            continue
        for f, other, d in ((a, b, db), (b, a, da)):
            f.key = "cancelling"
            f.params.update(other=other.location.column, other_diff=f"{int(d):+d}")


def _diff(f: Finding) -> Decimal | None:
    if isinstance(f.actual, Decimal) and isinstance(f.expected, Decimal):
        return f.actual - f.expected
    return None
