"""Match a label as written in a report to the template's row, column and heading labels."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..normalize import bare_label, label_key, numbering
from ..templates import RowSpec, Template

FUZZY_CUTOFF = 0.8
_CAPTION_RE = re.compile(r"第二十条第?\(([一二三四五六七八九十]+)\)项")


@dataclass
class RowMatch:
    """The template row a label names; ``exact`` False when only a close (fuzzy) match found it, with the
    ``similarity`` of the two labels."""

    spec: RowSpec
    exact: bool
    similarity: float


#: row labels remembered per format (the same labels come back in every report of a folder)
MEMO_LIMIT = 50_000
_INDEXES: dict[str, "LabelIndex"] = {}


def label_index(template: Template) -> "LabelIndex":
    """The format's label index, shared by every document of the process (its memo too)."""
    index = _INDEXES.get(template.version)
    if index is None or index.template is not template:
        index = _INDEXES[template.version] = LabelIndex(template)
    return index


class LabelIndex:
    """Fast lookup of a template's row labels by their folded forms."""

    def __init__(self, template: Template):
        self.template = template
        self.full: dict[str, list[RowSpec]] = {}
        self.bare: dict[str, list[RowSpec]] = {}
        for t in template.tables.values():
            if t.single_row:  # its rows have no labels
                continue
            for r in t.rows:
                for name in r.names():
                    self.full.setdefault(label_key(name), []).append(r)
                    b = bare_label(name)
                    if len(b) >= 3:
                        self.bare.setdefault(b, []).append(r)
        self.groups = {label_key(g): g for t in template.tables.values() for g in t.group_labels}
        self.groups.update({bare_label(g): g for g in list(self.groups.values())})
        self._bare_keys = list(self.bare)
        self._memo: dict[tuple[str, str], RowMatch | None] = {}

    def match_row(self, text: str, group: str = "") -> RowMatch | None:
        key = (text, group)
        if key not in self._memo:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = self._match_row(text, group)
        return self._memo[key]

    def _match_row(self, text: str, group: str) -> RowMatch | None:
        k = label_key(text)
        if not k or len(k) < 2:
            return None
        cands = self.full.get(k)
        exact = True
        if not cands:
            b = bare_label(text)
            cands = self.bare.get(b) if len(b) >= 3 else None
            if not cands and len(b) >= 4:
                # the template label with its parenthetical note, or a label cut short
                cands = [r for key, rs in self.bare.items() for r in rs
                         if len(key) >= 4 and (b.startswith(key) or (key.startswith(b) and len(b) >= 6))]
                cands = cands or None
            if not cands and len(b) >= 4:
                close = difflib.get_close_matches(b, self._bare_keys, n=3, cutoff=FUZZY_CUTOFF)
                if close:
                    cands = [r for c in close for r in self.bare[c]]
                    exact = False
        if not cands:
            return None
        spec = _pick(cands, group, numbering(text))
        sim = 1.0 if exact else difflib.SequenceMatcher(None, bare_label(text), bare_label(spec.label)).ratio()
        return RowMatch(spec, exact or sim >= 0.999, sim)

    def match_group(self, text: str) -> str | None:
        k = label_key(text)
        return self.groups.get(k) or self.groups.get(bare_label(text))


def _pick(cands: list[RowSpec], group: str, num: str) -> RowSpec:
    uniq = list(dict.fromkeys(cands))
    if len(uniq) == 1:
        return uniq[0]
    for r in uniq:
        if group and r.group == group and numbering(r.label) == num:
            return r
    for r in uniq:
        if group and r.group == group:
            return r
    for r in uniq:
        if num and numbering(r.label) == num:
            return r
    return uniq[0]


def caption_block(text: str) -> str | None:
    """"第二十条 第（五）项" → "第二十条第（五）项" (the template's T2 block key)."""
    m = _CAPTION_RE.search(label_key(text))
    return f"第二十条第（{m.group(1)}）项" if m else None


def column_match(text: str, names) -> bool:
    """Does a header leaf name this column (exactly, or its label followed by a unit note)?"""
    k = label_key(text)
    for n in names:
        nk = label_key(n)
        # exact, or followed by a note such as a unit: 采购总金额(单位:万元,保留4位小数)
        if k == nk or (k.startswith(nk) and not k[len(nk):len(nk) + 1].isalnum()):
            return True
    return False


def fuzzy_column(text: str, names) -> float:
    k = bare_label(text)
    return max((difflib.SequenceMatcher(None, k, bare_label(n)).ratio() for n in names), default=0.0)
