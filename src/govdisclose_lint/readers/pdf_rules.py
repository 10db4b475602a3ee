"""Ruling lines for the PDF reader: the edges pdfplumber finds tables from.

* :func:`visible` drops drawing objects nobody can see (white "whiteout"
  rectangles an editor put behind lines of text still make table edges).
* :func:`underline_keys` finds text decorations: a horizontal stroke right
  under a line of characters that touches no vertical rule (LibreOffice draws
  a hyperlink's underline per wrapped line, which would cut a cell into rows).
* :func:`closing_edges` closes table sides left open at a page break.
  Browsers draw one border rectangle per cell, so collinear segments are
  joined first: the point where two cells' borders meet is not the end of a
  side.
* :func:`open_side_columns` finds label columns of a continued table that
  carry no horizontal rule on this page at all (a merged 三、本年度办理结果
  cell running down the whole page), which pdfplumber leaves out.
* :func:`coverage` tells whether a fragment's top or bottom border is drawn:
  a row broken across a page has neither.
"""

from __future__ import annotations

#: above this many ruling edges on a page, open table sides are not closed
MAX_CLOSING_EDGES = 2_000


def _is_white(color) -> bool:
    if color is None or isinstance(color, str):
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) == 1 or len(vals) == 3:
        return all(v >= 0.99 for v in vals)
    if len(vals) == 4:  # CMYK
        return all(v <= 0.01 for v in vals)
    return False


def visible(obj: dict) -> bool:
    """Drop drawing objects nobody can see (they still make table edges)."""
    kind = obj.get("object_type")
    if kind == "rect":
        if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
            return True
        if obj.get("fill") and not _is_white(obj.get("non_stroking_color")):
            return True
        return False
    if kind in ("line", "curve"):
        if obj.get("fill") and not _is_white(obj.get("non_stroking_color")):
            return True
        return not _is_white(obj.get("stroking_color"))
    return True


def closing_edges(edges: list[dict], tol: float = 2.0) -> tuple[list[dict], list[dict]]:
    """Edges that close a table side left open at a page break.

    When two or more vertical rules end at the same height with no horizontal
    rule joining them there (the table continues on the next page, or the
    border was drawn by an invisible box), pdfplumber loses the row.  Add the
    missing horizontal between neighbouring rules, unless a vertical rule
    crosses that height between them (a merged cell goes on).  The same for
    horizontal rules ending at the same x.
    """
    if len(edges) > MAX_CLOSING_EDGES:
        return [], []
    vs = _joined([e for e in edges if e.get("orientation") == "v" and e["bottom"] - e["top"] >= 3],
                 "x0", "top", "bottom", tol)
    hs = _joined([e for e in edges if e.get("orientation") == "h" and e["x1"] - e["x0"] >= 3],
                 "top", "x0", "x1", tol)
    new_h = _close(vs, hs, "x0", "top", "bottom", tol)
    new_v = _close(hs, vs, "top", "x0", "x1", tol)
    h_objs = [{"object_type": "line", "x0": a, "x1": b, "top": y, "bottom": y,
               "width": b - a, "height": 0} for a, b, y in new_h]
    v_objs = [{"object_type": "line", "x0": x, "x1": x, "top": a, "bottom": b,
               "width": 0, "height": b - a} for a, b, x in new_v]
    return h_objs, v_objs


def _joined(rules: list[dict], pos: str, lo: str, hi: str, tol: float) -> list[dict]:
    """Collinear segments that touch become one rule.

    Browsers draw a cell border per cell, so one table side arrives as many
    short segments; their meeting points are not ends of a side.
    """
    out: list[dict] = []
    for e in sorted(rules, key=lambda e: (round(e[pos]), e[lo])):
        last = out[-1] if out else None
        if last is not None and abs(last[pos] - e[pos]) <= tol / 2 and e[lo] <= last[hi] + tol:
            if e[hi] > last[hi]:
                out[-1] = {**last, hi: e[hi]}
            continue
        out.append(e)
    return out


def _close(rules: list[dict], cross: list[dict], pos: str, lo: str, hi: str, tol: float):
    """For ``rules`` (say vertical: position x0, extent top..bottom) find
    shared end points and return closing segments ``(a, b, at)`` across them."""
    cross_pos = "top" if pos == "x0" else "x0"
    cross_lo, cross_hi = ("x0", "x1") if pos == "x0" else ("top", "bottom")
    out = []
    for end in (lo, hi):
        ordered = sorted(rules, key=lambda e: e[end])
        groups: list[list[dict]] = []
        for e in ordered:
            if groups and e[end] - groups[-1][-1][end] <= tol:
                groups[-1].append(e)
            else:
                groups.append([e])
        for group in groups:
            positions = sorted({round(e[pos], 1) for e in group})
            if len(positions) < 2:
                continue
            at = min(e[end] for e in group) if end == lo else max(e[end] for e in group)
            extent: dict[float, tuple[float, float]] = {}
            for e in group:
                p = round(e[pos], 1)
                a0, b0 = extent.get(p, (e[lo], e[hi]))
                extent[p] = (min(a0, e[lo]), max(b0, e[hi]))
            for a, b in zip(positions, positions[1:]):
                covered = any(abs(c[cross_pos] - at) <= tol and c[cross_lo] <= a + tol and c[cross_hi] >= b - tol
                              for c in cross)
                if covered:
                    continue
                # the two rules belong to one table: a cross rule joins them
                (a_lo, a_hi), (b_lo, b_hi) = extent[a], extent[b]
                joined = any(c[cross_lo] <= a + tol and c[cross_hi] >= b - tol
                             and a_lo - tol <= c[cross_pos] <= a_hi + tol
                             and b_lo - tol <= c[cross_pos] <= b_hi + tol
                             for c in cross)
                if not joined:
                    continue
                crossing = any(a + tol < r[pos] < b - tol and r[lo] < at - tol and r[hi] > at + tol
                               for r in rules)
                if crossing:
                    continue
                out.append((a, b, at))
    return out



# --------------------------------------------------------------------------
# text decorations, open sides, drawn borders

#: a stroke this thin (points) can be an underline
UNDERLINE_MAX_WIDTH = 1.5


def object_key(obj: dict) -> tuple:
    """Identity of a drawing object across filtered views of a page."""
    return (obj.get("object_type"), round(obj["x0"], 2), round(obj["top"], 2), round(obj["x1"], 2),
            round(obj["bottom"], 2))


def underline_keys(objects: list[dict], chars: list[dict]) -> set[tuple]:
    """Keys (see :func:`object_key`) of the horizontal strokes that underline text.

    An underline sits at most 3 pt below the bottom of characters it runs
    under, and neither of its ends reaches a vertical rule (a cell border runs
    from rule to rule).
    """
    flat = [o for o in objects if o["bottom"] - o["top"] <= UNDERLINE_MAX_WIDTH and o["x1"] - o["x0"] >= 3]
    if not flat or not chars:
        return set()
    upright = [o for o in objects if o["x1"] - o["x0"] <= UNDERLINE_MAX_WIDTH and o["bottom"] - o["top"] >= 3]
    out = set()
    for h in flat:
        y = (h["top"] + h["bottom"]) / 2
        if any(_touches(v, x, y) for v in upright for x in (h["x0"], h["x1"])):
            continue
        above = [c for c in chars if c["x1"] > h["x0"] and c["x0"] < h["x1"] and -1.0 <= y - c["bottom"] <= 3.0]
        covered = sum(min(c["x1"], h["x1"]) - max(c["x0"], h["x0"]) for c in above)
        if covered >= 0.5 * (h["x1"] - h["x0"]):
            out.add(object_key(h))
    return out


def _touches(v: dict, x: float, y: float) -> bool:
    return v["x0"] - 0.5 <= x <= v["x1"] + 0.5 and v["top"] - 0.5 <= y <= v["bottom"] + 0.5


def open_side_columns(edges: list[dict], bbox: tuple[float, float, float, float],
                      tol: float = 2.0) -> tuple[list[float], list[float]]:
    """x positions of vertical rules left and right of a table that run exactly its height.

    On a continuation page the merged label column of a table has vertical
    rules but no horizontal one, so it is not part of the table pdfplumber
    finds; rules that start and end with the table (not a page frame) mark it.
    Returned outermost first on each side, without the table's own edges.
    """
    x0, top, x1, bottom = bbox
    left, right = [], []
    for e in edges:
        if e.get("orientation") != "v":
            continue
        if abs(e["top"] - top) > tol or abs(e["bottom"] - bottom) > tol:
            continue
        x = e["x0"]
        if x < x0 - tol:
            left.append(x)
        elif x > x1 + tol:
            right.append(x)
    return _distinct(sorted(left), tol), _distinct(sorted(right, reverse=True), tol)


def _distinct(xs: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for x in xs:
        if not out or abs(x - out[-1]) > tol:
            out.append(x)
    return out


def coverage(edges: list[dict], y: float, x0: float, x1: float, tol: float = 2.0) -> float:
    """Share of ``x0``–``x1`` covered by horizontal rules drawn at height ``y``."""
    spans = sorted((max(e["x0"], x0), min(e["x1"], x1)) for e in edges
                   if e.get("orientation") == "h" and abs(e["top"] - y) <= tol and e["x1"] > x0 and e["x0"] < x1)
    total, end = 0.0, x0
    for a, b in spans:
        a = max(a, end)
        if b > a:
            total += b - a
            end = b
    width = x1 - x0
    return total / width if width > 0 else 0.0
