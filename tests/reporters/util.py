"""Helpers shared by the reporter tests."""

from __future__ import annotations

import io

from govdisclose_lint.reporters.summary import summarize


def render(cls, results, lang: str = "zh", **options) -> str:
    """Run a reporter the way the CLI does: document() per result, then finish(summary)."""
    out = io.StringIO()
    rep = cls(out, lang, **options)
    for r in results:
        rep.document(r)
    rep.finish(summarize(results))
    return out.getvalue()
