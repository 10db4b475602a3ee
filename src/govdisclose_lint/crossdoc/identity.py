"""Which agency a document belongs to, and how two names were found to be the same agency.

Names come from the report titles (recognition).  They are folded (NFKC, no spaces, full-width
brackets) and trailing parts that name the same reporter are dropped (平潭综合实验区管委会办公室 →
平潭综合实验区; the list is in ``rules/crossdoc.yaml``).  Then names are joined when

- the configuration maps one to the other (``[tool.govdisclose-lint.agencies]``): ``mapping``;
- one is the other with a region in front (淮安市洪泽区人民政府 ↔ 洪泽区人民政府), and no other
  name could claim the shorter one: ``region-prefix``;
- they are equal once characters that OCR confuses are folded (沭阳 ↔ 沐阳): ``ocr``.

Each group is shown under the roster's name when it has one, else the mapping's target, else the
spelling most documents use (the longest on a tie).  ``how`` says how a document's own name was
matched to that: ``exact``, ``normalised`` (only spaces, brackets or a same-reporter suffix
differ), or one of the three above.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..normalize import nfkc, squash


@dataclass(frozen=True)
class Identity:
    """A document's agency as shown and how its own name was matched to it."""

    name: str | None  # the agency as shown; None when the document names none
    how: str  # exact | normalised | mapping | region-prefix | ocr | unknown
    raw: str | None = None  # the document's own spelling


@lru_cache(maxsize=1)
def _data() -> dict:
    from ..templates import load_yaml

    return load_yaml("crossdoc.yaml")["agencies"]


@lru_cache(maxsize=8192)
def canonical(name: str) -> str:
    """Spaces, width and same-reporter suffixes folded: the form names are compared in."""
    t = squash(nfkc(name or "")).replace("(", "（").replace(")", "）")
    for suffix in _data()["same_reporter_suffixes"]:
        suffix = nfkc(suffix).replace("(", "（").replace(")", "）")
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            t = t[: -len(suffix)]
            break
    return t


@lru_cache(maxsize=1)
def _lookalike_table() -> dict[str, str]:
    return {ch: group[0] for group in _data()["ocr_lookalikes"] for ch in group[1:]}


def lookalike_key(name: str) -> str:
    table = _lookalike_table()
    return "".join(table.get(ch, ch) for ch in name)


@lru_cache(maxsize=1)
def _prefix_re():
    d = _data()
    ends = "|".join(map(re.escape, d["region_prefix_ends"]))
    places = "|".join(map(re.escape, d["place_ends"]))
    return re.compile(rf"^(.{{2,8}}?(?:{ends}))(?=.{{1,6}}?(?:{places}))")


def region_stripped(name: str) -> list[str]:
    """The name with one, two … leading regions removed (江苏省淮安市洪泽区… → 淮安市洪泽区…, 洪泽区…)."""
    out, rest = [], name
    while True:
        m = _prefix_re().match(rest)
        if not m or len(rest) - m.end() < 4:
            return out
        rest = rest[m.end():]
        out.append(rest)


class Matcher:
    """Resolves document names to agencies, given every name in the batch and the roster."""

    def __init__(self, names, mapping: dict[str, str] | None = None, roster_names=()):
        self.mapping = {canonical(a): b for a, b in (mapping or {}).items()}
        counts = Counter(self._mapped(canonical(n)) for n in names if n)
        self.roster = {canonical(n): n for n in roster_names}
        self.targets = set((mapping or {}).values())
        pool = set(counts) | set(self.roster)
        self.parent = {n: n for n in pool}
        # region prefixes: join A with B when B is A without its leading region(s), unambiguously
        claims: dict[str, set[str]] = {}
        for n in pool:
            for short in region_stripped(n):
                if short in pool:
                    claims.setdefault(short, set()).add(n[: len(n) - len(short)])
        for n in pool:
            for short in region_stripped(n):
                if short in pool and len(claims[short]) == 1:
                    self._union(n, short)
        by_look: dict[str, str] = {}
        for n in sorted(pool):
            key = lookalike_key(n)
            if key in by_look:
                self._union(by_look[key], n)
            else:
                by_look[key] = n
        groups: dict[str, list[str]] = {}
        for n in pool:
            groups.setdefault(self._find(n), []).append(n)
        self.display: dict[str, str] = {}
        for members in groups.values():
            shown = self._choose(members, counts)
            for m in members:
                self.display[m] = shown

    def _mapped(self, c: str) -> str:
        return canonical(self.mapping[c]) if c in self.mapping else c

    def _find(self, n: str) -> str:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def _choose(self, members: list[str], counts: Counter) -> str:
        for m in sorted(members):
            if m in self.roster:
                return self.roster[m]
        for m in sorted(members):
            if any(canonical(t) == m for t in self.targets):
                return next(t for t in sorted(self.targets) if canonical(t) == m)
        return max(sorted(members), key=lambda m: (counts.get(m, 0), len(m)))

    def resolve(self, raw: str | None) -> Identity:
        if not raw or not raw.strip():
            return Identity(None, "unknown", raw)
        c = canonical(raw)
        mapped = self._mapped(c)
        shown = self.display.get(mapped, mapped)
        shown_c = canonical(shown)
        if c != mapped:
            how = "mapping"
        elif raw == shown:
            how = "exact"
        elif c == shown_c:
            how = "normalised"
        elif lookalike_key(c) == lookalike_key(shown_c):
            how = "ocr"
        else:
            how = "region-prefix"
        return Identity(shown, how, raw)
