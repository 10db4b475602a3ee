"""The auditor's summary: one row per agency and year — status, findings by rule, key figures and
outliers across the batch — plus, with a roster, the units that have not reported.

Key figures and outlier limits are data (``rules/crossdoc.yaml``).  Written as CSV or XLSX by
:mod:`.summary_out`, added to the JSON summary (``auditor``) and printed in the text report.
"""

from __future__ import annotations

import statistics
from collections import Counter
from functools import lru_cache

from .. import expr
from .entries import Entries, Entry
from .lateness import published_of
from .published import deadline
from .roster import kind_of
from .words import percent, short

COLUMNS = ("agency", "year", "status", "path", "also", "matched_by", "kind", "format_version", "published",
           "deadline", "days_late", "errors", "warnings", "infos", "rules")


@lru_cache(maxsize=1)
def _config() -> dict:
    from ..templates import load_yaml

    return load_yaml("crossdoc.yaml")


def figures() -> list[dict]:
    return _config()["figures"]


@lru_cache(maxsize=64)
def _parsed(text: str):
    return expr.parse(text)


def figure_values(e: Entry) -> dict:
    out = {}
    values = e.transient_values()  # one row per report: not kept for all of them
    for fig in figures():
        v = expr.evaluate(_parsed(fig["expr"]), lambda t, r, c: values.get((t, r, c)))
        out[fig["key"]] = float(v) if v is not None else None
    return out


def columns() -> tuple[str, ...]:
    return COLUMNS + tuple(f["key"] for f in figures()) + ("similarity_prev", "outliers")


def build(entries: Entries, deadlines: dict, overrides: dict, roster=None, lang: str = "zh") -> list[dict]:
    rows, by_key = [], {}
    for e in entries.reported():
        key = (e.agency, e.year) if e.agency and e.year else ("", e.index)
        if key in by_key:
            by_key[key]["also"].append(short(e.path))
            continue
        primary = entries.primary(e.agency, e.year) if e.agency and e.year else e
        row = _row(entries, primary if primary is not None and not primary.context else e, deadlines, overrides,
                   roster)
        by_key[key] = row
        rows.append(row)
    for row in rows:
        row["also"] = "、".join(p for p in row["also"] if p != row["path"])
    _outliers(rows, lang)
    if roster is not None:
        rows += _not_reported(entries, roster)
    rows.sort(key=lambda r: (r["agency"] or "~", r["year"] or 0, r["path"]))
    for r in rows:
        r.pop("_entry", None)
        r.pop("_prev", None)
    return rows


def _row(entries: Entries, e: Entry, deadlines, overrides, roster) -> dict:
    r = e.result
    counts = Counter(f.code for f in r.findings if not f.waived)
    sev = Counter(f.severity for f in r.findings if not f.waived)
    pub = published_of(e, overrides)
    kind = kind_of(e.agency, roster) if e.agency else None
    due = deadline(e.year, kind, deadlines) if e.year and kind else None
    row = {"agency": e.agency or "", "year": e.year, "status": r.status, "path": short(e.path), "also": [],
           "matched_by": e.identity.how, "kind": kind or "", "format_version": e.version or "",
           "published": pub.date.isoformat() if pub else "", "deadline": due.isoformat() if due else "",
           "days_late": max(0, (pub.date - due).days) if pub and due else "",
           "errors": sev["error"], "warnings": sev["warning"], "infos": sev["info"],
           "rules": " ".join(f"{c}×{n}" for c, n in sorted(counts.items())),
           "similarity_prev": round(e.similarity_prev.text, 4) if e.similarity_prev is not None else None,
           "outliers": "", "_entry": e, "_prev": entries.previous(e)}
    row.update(figure_values(e))
    return row


def _outliers(rows: list[dict], lang: str) -> None:
    limits = _config()["outliers"]
    by_year: dict[int, list[dict]] = {}
    for r in rows:
        by_year.setdefault(r["year"], []).append(r)
    for fig in figures():
        k = fig["key"]
        label = fig["label"].get(lang) or fig["label"]["zh"]
        median_word = "中位数" if lang == "zh" else "median"
        for r in rows:
            prev = r["_prev"]
            if fig["kind"] != "count" or prev is None:
                continue
            before, now = figure_values(prev).get(k), r[k]
            if before is None or now is None or abs(now - before) < limits["jump_min"]:
                continue
            if min(before, now) == 0 or max(before, now) / min(before, now) >= limits["jump_factor"]:
                _note(r, f"{label} {before:g}→{now:g}")
        for year_rows in by_year.values():
            vals = [r[k] for r in year_rows if r[k] is not None]
            if fig["kind"] != "rate" or len(vals) < limits["min_batch"]:
                continue
            median = statistics.median(vals)
            for r in year_rows:
                if r[k] is not None and abs(r[k] - median) >= limits["rate_distance"]:
                    _note(r, f"{label} {percent(r[k])} ({median_word} {percent(median)})")


def _note(row: dict, text: str) -> None:
    row["outliers"] = f"{row['outliers']}；{text}" if row["outliers"] else text


def _not_reported(entries: Entries, roster) -> list[dict]:
    """Roster units without a report in a year the batch covers."""
    years = sorted({e.year for e in entries.reported() if e.year and e.agency in roster.units}) or \
        sorted({e.year for e in entries.reported() if e.year})
    out = []
    for unit in sorted(roster.units):
        for y in years:
            if entries.primary(unit, y) is None:
                row = {c: "" for c in columns()}
                row.update({"agency": unit, "year": y, "status": "missing", "kind": kind_of(unit, roster),
                            "errors": 0, "warnings": 0, "infos": 0, "path": ""})
                for fig in figures():
                    row[fig["key"]] = None
                row["similarity_prev"] = None
                out.append(row)
    return out
