"""Inline SVG bar charts for the HTML report's summary (no chart library, nothing loaded)."""

from __future__ import annotations

from markupsafe import Markup, escape

ROW, BAR, LABEL, WIDTH = 22, 16, 230, 540
MAX_LABEL = 24  # characters of a label shown; the full label is the bar's tooltip


def bars(items: list[tuple[str, int, str]], caption: str) -> Markup:
    """Horizontal bars for ``(label, value, css class)``, largest first as given."""
    if not items:
        return Markup("")
    top = max(v for _, v, _ in items) or 1
    room = WIDTH - LABEL - 48
    height = ROW * len(items) + 4
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
           f'aria-label="{escape(caption)}">']
    for i, (label, value, cls) in enumerate(items):
        y = 2 + i * ROW
        w = max(1, round(room * value / top)) if value else 0
        short = label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"
        out.append(f'<g><title>{escape(label)}: {value}</title>'
                   f'<text x="{LABEL - 6}" y="{y + BAR - 3}" text-anchor="end">{escape(short)}</text>'
                   f'<rect class="{cls}" x="{LABEL}" y="{y}" width="{w}" height="{BAR}" rx="2"/>'
                   f'<text x="{LABEL + w + 5}" y="{y + BAR - 3}">{value}</text></g>')
    out.append("</svg>")
    return Markup("".join(out))
