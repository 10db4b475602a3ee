"""Counts over a run's results, shared by the reporters (waived findings are counted apart)."""

from __future__ import annotations

from collections import Counter

from ..paths import shown

TOP = 10


def summarize(results, waivers: dict | None = None) -> dict:
    active = [(r, f) for r in results for f in r.findings if not f.waived]
    by_status = Counter(r.status for r in results)
    by_sev = Counter(f.severity for _, f in active)
    by_code = Counter(f.code for _, f in active)
    errors = Counter({shown(r.path): sum(1 for f in r.findings if f.severity == "error" and not f.waived) for r in results})
    out = {"documents": len(results), "by_status": dict(sorted(by_status.items())),
           "by_severity": {k: by_sev[k] for k in ("error", "warning", "info") if by_sev[k]},
           "by_code": dict(sorted(by_code.items())),
           "top_rules": [{"code": c, "count": n} for c, n in by_code.most_common(TOP)],
           "most_errors": [{"path": p, "errors": n} for p, n in errors.most_common(TOP) if n],
           "waived": sum(1 for r in results for f in r.findings if f.waived)}
    if waivers is not None:
        out["waivers"] = waivers
    return out
