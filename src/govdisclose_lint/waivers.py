"""Waivers: reviewed exceptions recorded in a YAML file (PDFs cannot carry ``# noqa``).

::

    waivers:
      - document: "reports/2020_*.html"      # a path glob, or
        # sha256: 3f2a…                      # the file's content hash (survives renames)
        code: A302
        location: {table: T3, row: （七）总计, column: 总计}   # optional; must match these keys
        reason: 经核实，原报告已在政府网站更正
        expires: 2027-01-31                  # required; an expired waiver no longer applies

A waived finding is kept in the output, marked ``waived`` with the reason, and does not count
towards the exit code.  Expired waivers that still match and waivers that matched nothing are
reported in the run summary.  ``--write-baseline FILE`` writes a waiver for every current
finding (E-codes excepted: a file that could not be read is never waived).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import os
from dataclasses import dataclass, field

import yaml

LOCATION_KEYS = ("section", "table", "block", "group", "row", "column", "page")
BASELINE_DAYS = 365


class WaiverError(ValueError):
    pass


@dataclass
class Waiver:
    index: int
    code: str
    reason: str
    expires: dt.date
    document: str | None = None
    sha256: str | None = None
    location: dict = field(default_factory=dict)
    used: int = 0
    expired_hits: int = 0

    def matches(self, path: str, digest: str | None, finding) -> bool:
        if finding.code != self.code:
            return False
        if self.sha256 and self.sha256 != digest:
            return False
        if self.document and not (fnmatch.fnmatch(path, self.document)
                                  or fnmatch.fnmatch(os.path.normpath(path), os.path.normpath(self.document))):
            return False
        loc = finding.location.as_dict()
        return all(loc.get(k) == v for k, v in self.location.items())

    def describe(self) -> dict:
        return {"index": self.index, "code": self.code, "document": self.document or self.sha256,
                "location": self.location, "reason": self.reason, "expires": self.expires.isoformat()}


def load(path: str) -> list[Waiver]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise WaiverError(f"{path}: {exc}") from None
    items = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise WaiverError(f"{path}: expected a mapping with a list 'waivers'")
    from . import registry

    out = []
    for n, w in enumerate(items, start=1):
        where = f"{path}: waiver {n}"
        if not isinstance(w, dict):
            raise WaiverError(f"{where}: must be a mapping")
        unknown = set(w) - {"document", "sha256", "code", "location", "reason", "expires"}
        if unknown:
            raise WaiverError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        for key in ("code", "reason", "expires"):
            if not w.get(key):
                raise WaiverError(f"{where}: '{key}' is required")
        if not (w.get("document") or w.get("sha256")):
            raise WaiverError(f"{where}: name the document ('document' glob or 'sha256')")
        if w["code"] not in registry.rules():
            raise WaiverError(f"{where}: unknown rule code {w['code']!r}")
        if w["code"].startswith("E"):
            raise WaiverError(f"{where}: {w['code']} cannot be waived (the file was not checked)")
        expires = w["expires"]
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise WaiverError(f"{where}: 'expires' must be a date YYYY-MM-DD") from None
        if not isinstance(expires, dt.date):
            raise WaiverError(f"{where}: 'expires' must be a date YYYY-MM-DD")
        location = w.get("location") or {}
        if not isinstance(location, dict) or set(location) - set(LOCATION_KEYS):
            raise WaiverError(f"{where}: 'location' keys must be among {', '.join(LOCATION_KEYS)}")
        out.append(Waiver(n, w["code"], str(w["reason"]), expires, w.get("document"), w.get("sha256"), location))
    return out


def file_digest(path: str) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def apply(results, waivers: list[Waiver], today: dt.date | None = None) -> None:
    """Mark the findings that an unexpired waiver accepts (counts kept on the waivers)."""
    today = today or dt.date.today()
    for r in results:
        digest = file_digest(r.path) if any(w.sha256 for w in waivers) else None
        for f in r.findings:
            for w in waivers:
                if w.matches(r.path, digest, f):
                    if w.expires < today:
                        w.expired_hits += 1
                        continue
                    w.used += 1
                    f.waived = w.reason
                    break


def report(waivers: list[Waiver], today: dt.date | None = None) -> dict:
    """How the waivers were used in the run: applied count, expired ones, unused ones."""
    today = today or dt.date.today()
    return {"applied": sum(w.used for w in waivers),
            "expired": [w.describe() for w in waivers if w.expires < today],
            "unused": [w.describe() for w in waivers if w.expires >= today and not w.used]}


def baseline(results, today: dt.date | None = None) -> dict:
    """A waiver file that accepts every current finding (for a year), one entry per finding."""
    expires = (today or dt.date.today()) + dt.timedelta(days=BASELINE_DAYS)
    items = []
    for r in results:
        digest = file_digest(r.path)
        for f in r.findings:
            if f.code.startswith("E") or getattr(f, "waived", None):
                continue
            loc = {k: v for k, v in f.location.as_dict().items() if k in LOCATION_KEYS}
            item = {"document": r.path, "sha256": digest, "code": f.code}
            if loc:
                item["location"] = loc
            item.update(reason=f"baseline: {f.message}", expires=expires)
            items.append(item)
    return {"waivers": items}
