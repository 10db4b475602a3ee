"""Findings: what a check reports, with where and (for arithmetic) expected vs actual."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
STATUSES = ("checked", "partial", "unreadable", "encrypted", "unsupported")


@dataclass
class Location:
    """Where a finding points: template labels first, then the place in the file."""

    section: str | None = None
    table: str | None = None
    block: str | None = None
    group: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    paragraph: int | None = None
    line: int | None = None
    # position in the source document's raw tables (0-based)
    source_table: int | None = None
    source_row: int | None = None
    source_col: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Finding:
    """One problem found in one document.

    ``key`` picks the message template of the rule (see ``rules/catalog.yaml``),
    ``params`` fill it.  ``severity`` is stamped by the engine from the rule's
    default (or the configuration); checks never set it.
    """

    code: str
    key: str = "default"
    params: dict = field(default_factory=dict)
    location: Location = field(default_factory=Location)
    expected: Decimal | int | str | None = None
    actual: Decimal | int | str | None = None
    operands: dict | None = None
    severity: str = ""
    message: str = ""
    # severity chosen by the check among the rule's allowed levels (e.g. S103 typo → warning)
    severity_hint: str | None = None
    # the reason of the waiver that accepted this finding (see waivers.py)
    waived: str | None = None

    def to_json(self) -> dict:
        out = {"code": self.code, "severity": self.severity, "message": self.message,
               "location": self.location.as_dict()}
        if self.expected is not None:
            out["expected"] = _num(self.expected)
        if self.actual is not None:
            out["actual"] = _num(self.actual)
        if self.expected is not None and self.actual is not None and isinstance(self.expected, (int, Decimal)) \
                and isinstance(self.actual, (int, Decimal)):
            out["difference"] = _num(Decimal(self.actual) - Decimal(self.expected))
        if self.operands:
            out["operands"] = {k: _num(v) for k, v in self.operands.items()}
        if self.waived:
            out["waived"] = True
            out["waiver"] = self.waived
        return out


def _num(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v
