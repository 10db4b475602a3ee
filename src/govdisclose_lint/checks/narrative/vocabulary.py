"""The vocabulary of figures: which words in the text mean which table cells (``rules/narrative.yaml``).

A :class:`Claim` is one thing a figure can be about (``received``: 收到/受理 … 申请 N 件), with the
phrases that name it (:class:`Form`) and the cell sums it may equal (:class:`Alternative`); an
:class:`AssertionSpec` is words that state a count without a number (均获维持).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...templates import load_yaml

_DEFAULT_UNITS = {"N401": "件份", "N402": "件起宗", "N403": "件部"}


@dataclass(frozen=True)
class Form:
    """One phrasing of a claim: patterns for the clause before the number (``lead``) and after the unit
    (``tail``), one that drops the form (``unless``) and one the sentence must match."""

    lead: re.Pattern | None
    tail: re.Pattern | None
    unless: re.Pattern | None
    sentence: re.Pattern | None


@dataclass(frozen=True)
class Alternative:
    """Cells (``TABLE.ROW.COLUMN``) whose sum a figure may equal, and what they are for the message
    (``label``: ``{zh, en}``)."""

    cells: tuple[str, ...]
    label: dict


@dataclass(frozen=True)
class Claim:
    """One thing a figure can be about (``received``, ``carried_in`` …): its code, the phrases that name it,
    the cell sums it may equal, and how it ranks against other claims."""

    key: str
    code: str
    forms: tuple[Form, ...]
    values: tuple[Alternative, ...] = ()
    values_by_lead: tuple[tuple[re.Pattern | None, tuple[Alternative, ...]], ...] = ()
    adjacent: bool = False
    priority: int = 1
    context: str = ""
    exclude: re.Pattern | None = None
    units: str = ""
    parent: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def alternatives(self, lead: str) -> tuple[Alternative, ...]:
        for when, alts in self.values_by_lead:
            if when is None or when.search(lead):
                return alts
        return self.values


@dataclass(frozen=True)
class AssertionSpec:
    """Words that state a count without a number (``均获维持``): code, scope (``review``: 表四,
    ``request``: 表三), the pattern and what the table must show (``holds``)."""

    key: str
    code: str
    scope: str
    pattern: re.Pattern
    holds: dict


@dataclass(frozen=True)
class Vocabulary:
    """``rules/narrative.yaml`` loaded: the ``filler`` words allowed between an adjacent phrase and its
    number, the figures' claims and the assertions."""

    filler: re.Pattern
    claims: tuple[Claim, ...]
    assertions: tuple[AssertionSpec, ...]


def _re(text):
    return re.compile(text) if text else None


def _alts(items) -> tuple[Alternative, ...]:
    return tuple(Alternative(tuple(a["cells"]), a.get("label", {})) for a in items or ())


@lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    data = load_yaml("narrative.yaml")
    claims = []
    for c in data["figures"]:
        forms = tuple(Form(_re(f.get("lead")), _re(f.get("tail")), _re(f.get("unless")), _re(f.get("sentence")))
                      for f in c["forms"])
        by_lead = tuple((_re(v.get("when")), _alts(v["values"])) for v in c.get("values_by_lead", ()))
        adjacent = bool(c.get("adjacent"))
        claims.append(Claim(c["key"], c["code"], forms, _alts(c.get("values")), by_lead, adjacent,
                            int(c.get("priority", 2 if adjacent else 1)), c.get("context", ""),
                            _re(c.get("exclude")), "".join(c.get("units", ())) or _DEFAULT_UNITS[c["code"]],
                            tuple(c.get("parent", ())), tuple(c.get("columns", ()))))
    assertions = tuple(AssertionSpec(a["key"], a["code"], a["scope"], re.compile(a["pattern"]), a["holds"])
                       for a in data.get("assertions", ()))
    return Vocabulary(re.compile(data["filler"] + "$"), tuple(claims), assertions)
