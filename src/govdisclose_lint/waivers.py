"""Waivers: reviewed exceptions recorded in a YAML file (PDFs cannot carry ``# noqa``).

::

    waivers:
      - document: "reports/2020_*.html"      # a path glob, relative to the waiver file's folder
        code: A302
        location: {table: T3, row: （七）总计, column: 总计}   # optional; must match these keys
        reason: 经核实，原报告已在政府网站更正
        expires: 2027-01-31                  # required; an expired waiver no longer applies

A waiver matches by path and finding (code and location), so editing a draft keeps its waivers; one
waiver accepts every finding it matches.  ``sha256: <content hash>`` instead of ``document`` names one
exact file content (it survives renames, not edits).  A waived finding is kept in the output, marked
``waived`` with the reason, and does not count towards the exit code.  Expired waivers that still match
and waivers that matched nothing are reported in the run summary.

``--write-baseline FILE`` writes the waivers in use (their reviewed reasons kept) plus one for every
finding no waiver accepts (E-codes excepted: a file that could not be read is never waived), so
applying it straight back accepts every finding.  The file is loaded with :mod:`.safeload`'s limits,
and every entry is validated: a bad one is an error naming the file, the line and the entry (exit 2).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import hashlib
import os
import re
from dataclasses import dataclass, field

from . import safeload

LOCATION_KEYS = ("section", "table", "block", "group", "row", "column", "page")
KEYS = {"document", "sha256", "code", "location", "reason", "expires"}
BASELINE_DAYS = 365
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class WaiverError(ValueError):
    pass


@dataclass
class Waiver:
    """One entry of a waiver file (``index``: its number there): code, reason, expiry, the ``document`` glob
    or ``sha256``, location, and how many findings it accepted in the run (``used``)."""

    index: int
    code: str
    reason: str
    expires: dt.date
    document: str | None = None
    sha256: str | None = None
    location: dict = field(default_factory=dict)
    base: str = "."  # the waiver file's folder: document globs are relative to it
    raw: dict = field(default_factory=dict)  # the entry as written (kept by --write-baseline)
    used: int = 0

    def matches(self, path: str, digest: str | None, finding) -> bool:
        if finding.code != self.code:
            return False
        named = (self.document and any(fnmatch.fnmatch(p, self.document) for p in _names(path, self.base))) \
            or (self.sha256 and self.sha256 == digest)
        if not named:
            return False
        loc = finding.location.as_dict()
        return all(loc.get(k) == v for k, v in self.location.items())

    def describe(self) -> dict:
        return {"index": self.index, "code": self.code, "document": self.document or self.sha256,
                "location": self.location, "reason": self.reason, "expires": self.expires.isoformat()}


def _names(path: str, base: str) -> list[str]:
    """The forms a document glob is matched against: relative to the waiver file, as given, absolute."""
    full = os.path.abspath(path)
    out = [os.path.normpath(path), full]
    try:
        out.insert(0, os.path.relpath(full, os.path.abspath(base)))
    except ValueError:  # another drive (Windows)
        pass
    return [p.replace(os.sep, "/") for p in out]


def load(path: str) -> list[Waiver]:
    try:
        text = safeload.read_text(path, "waiver file")
        data = safeload.load_yaml(text, path) or {}
    except safeload.LoadError as exc:
        raise WaiverError(str(exc)) from None
    items = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise WaiverError(f"{path}: expected a mapping with a list 'waivers'")
    lines = safeload.yaml_item_lines(text, "waivers")
    base = os.path.dirname(os.path.abspath(path))
    return [_entry(w, n, f"{path}:{lines[n - 1] if n <= len(lines) else '?'}: waiver {n}", base)
            for n, w in enumerate(items, start=1)]


def _entry(w, n: int, where: str, base: str) -> Waiver:
    from . import registry

    if not isinstance(w, dict):
        raise WaiverError(f"{where}: must be a mapping")
    unknown = sorted(map(str, set(w) - KEYS))
    if unknown:
        raise WaiverError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("code", "reason", "expires"):
        if w.get(key) in (None, ""):
            raise WaiverError(f"{where}: '{key}' is required")
    for key in ("code", "reason", "document", "sha256", "expires"):
        if key in w and not isinstance(w[key], str):
            raise WaiverError(f"{where}: '{key}' must be a string, not {type(w[key]).__name__}")
    if not (w.get("document") or w.get("sha256")):
        raise WaiverError(f"{where}: name the document ('document' glob or 'sha256')")
    code = w["code"]
    if code not in registry.rules():
        raise WaiverError(f"{where}: unknown rule code {code!r}")
    if code.startswith("E"):
        raise WaiverError(f"{where}: {code} cannot be waived (the file was not checked)")
    expires = _date(w["expires"], where)
    location = w.get("location") or {}
    if not isinstance(location, dict) or set(location) - set(LOCATION_KEYS):
        raise WaiverError(f"{where}: 'location' keys must be among {', '.join(LOCATION_KEYS)}")
    for k, v in location.items():
        if not isinstance(v, (str, int)) or isinstance(v, bool):
            raise WaiverError(f"{where}: location '{k}' must be a label or a page number")
    return Waiver(n, code, w["reason"], expires, w.get("document"), w.get("sha256"), location, base, dict(w))


def _date(value: str, where: str) -> dt.date:
    if not _DATE.fullmatch(value.strip()):
        raise WaiverError(f"{where}: 'expires' must be a date YYYY-MM-DD (not {value!r})")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise WaiverError(f"{where}: 'expires' {value!r} is not a valid date ({exc})") from None


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
                if w.matches(r.path, digest, f) and w.expires >= today:
                    w.used += 1
                    f.waived = w.reason
                    break


def report(waivers: list[Waiver], today: dt.date | None = None) -> dict:
    """How the waivers were used in the run: applied count, expired ones, unused ones."""
    today = today or dt.date.today()
    return {"applied": sum(w.used for w in waivers),
            "expired": [w.describe() for w in waivers if w.expires < today],
            "unused": [w.describe() for w in waivers if w.expires >= today and not w.used]}


def baseline(results, base: str, existing: list[Waiver] = (), today: dt.date | None = None) -> dict:
    """A waiver file that accepts every current finding: the ``existing`` waivers as written, then one
    entry (for a year) per document, code and location that none of them accepts."""
    expires = (today or dt.date.today()) + dt.timedelta(days=BASELINE_DAYS)
    items = [w.raw for w in existing]
    seen = set()
    for r in results:
        document = glob.escape(_names(r.path, base)[0])
        for f in r.findings:
            if f.code.startswith("E") or f.waived:
                continue
            loc = {k: v for k, v in f.location.as_dict().items() if k in LOCATION_KEYS}
            key = (document, f.code, tuple(sorted(loc.items())))
            if key in seen:
                continue
            seen.add(key)
            item = {"document": document, "code": f.code}
            if loc:
                item["location"] = loc
            item.update(reason=f"baseline: {f.message}", expires=expires.isoformat())
            items.append(item)
    return {"waivers": items}
