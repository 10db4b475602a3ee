"""Counts over a run's results, shared by the reporters."""

from __future__ import annotations

from collections import Counter


def summarize(results) -> dict:
    by_status = Counter(r.status for r in results)
    by_sev = Counter(f.severity for r in results for f in r.findings)
    by_code = Counter(f.code for r in results for f in r.findings)
    return {"documents": len(results), "by_status": dict(sorted(by_status.items())),
            "by_severity": {k: by_sev[k] for k in ("error", "warning", "info") if by_sev[k]},
            "by_code": dict(sorted(by_code.items()))}
