"""Hold each figure and assertion of the text against the tables: agrees, differs or unknown.

A figure agrees when its number equals any of its alternatives (受理 may mean 本年新收 or
本年新收 + 上年结转; the verdict says which matched).  It is *unknown* — never a finding — when a
cell it needs could not be read.  A share stated with an agreeing count ("不予公开35件，占4.34%")
must fit the count over 办理结果总计, 本年新收 or their sum, rounded or cut to the digits written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...findings import Finding
from .. import Context
from .figures import Assertion, Figure, find_assertions, find_figures
from .sentences import Sentence
from .vocabulary import Alternative
from .values import ABSENT, UNKNOWN, TableValues, in_column
from .where import paragraph_location, text_sentences

AGREES, DIFFERS = "agrees", "differs"
_SHARE_RE = re.compile(r"^[，,]?(约)?占(比)?[^，；。%\d]{0,12}?(?P<p>\d+(\.\d+)?)%")
_SHARE_OF = (("T3.K7.总计",), ("T3.R1.总计",), ("T3.R1.总计", "T3.R2.总计"))
_REVIEW = {"review": ("T4.行政复议.总计",), "litigation": ("T4.未经复议直接起诉.总计", "T4.复议后起诉.总计")}
_BY_PARTS = {"zh": "（按各列相加）", "en": " (adding its columns)"}
_BLOCK_NAMES = {"行政复议": "行政复议", "未经复议直接起诉": "行政诉讼（未经复议直接起诉）",
                "复议后起诉": "行政诉讼（复议后起诉）"}


@dataclass
class Verdict:
    """A figure or assertion of the text held against the tables: its code and status, where it stands in
    the sentence, what the text and the table say, and which alternative matched."""

    code: str
    status: str  # agrees | differs | unknown
    sentence: Sentence
    start: int
    end: int
    number: str  # as written: "258", "二十五", or the words of an assertion ("均获维持")
    actual: Decimal  # what the text says
    expected: Decimal | None = None  # what the table says (the first alternative)
    key: str = "default"
    claim: str = ""
    matched: Alternative | None = None
    readings: list[tuple[Alternative, tuple]] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) per 表四 block
    part: str = ""  # the single row of a group the number equals


def verdicts(ctx: Context) -> list[Verdict]:
    """Every figure and assertion of the document with its verdict (computed once per document:
    the checks of N401–N403 and N407 share them through the context)."""
    memo = vars(ctx)
    if "_narrative_verdicts" not in memo:
        memo["_narrative_verdicts"] = _all(ctx) if ctx.rec.template is not None else []
    return memo["_narrative_verdicts"]


def _all(ctx: Context) -> list[Verdict]:
    sents = text_sentences(ctx)
    figs = find_figures(sents)
    values = TableValues(ctx.rec)
    out = []
    for f in figs:
        if f.claim is None:
            continue
        v = judge_figure(f, values)
        if v is not None:
            out.append(v)
            if v.code == "N401" and v.status == AGREES:
                share = _share(f, values)
                if share is not None:
                    out.append(share)
    for a in find_assertions(sents, figs):
        v = judge_assertion(a, values)
        if v is not None:
            out.append(v)
    return out


def figure_alternatives(f: Figure) -> tuple[Alternative, ...]:
    if f.claim.columns:
        return tuple(Alternative(in_column(alt.cells, f.claim.columns), alt.label)
                     for alt in figure_alternatives(f.parent))
    return f.alternatives


def judge_figure(f: Figure, values: TableValues) -> Verdict | None:
    readings = [(alt, values.sum(alt.cells)) for alt in figure_alternatives(f)]
    readings = [(alt, r) for alt, r in readings if r != ABSENT]
    if not readings:
        return None
    v = Verdict(f.claim.code, UNKNOWN, f.sentence, f.start, f.end, f.number, Decimal(f.value),
                claim=f.claim.key, readings=readings)
    if any(r == UNKNOWN for _, r in readings):
        return v
    for alt, r in readings:
        if v.actual in r:
            v.status, v.matched, v.expected = AGREES, alt, v.actual
            return v
    v.status, v.expected = DIFFERS, readings[0][1][0]
    v.part = _part_matching(readings[0][0], v.actual, values)
    return v


def _part_matching(alt: Alternative, number: Decimal, values: TableValues) -> str:
    """The one row of a group the text's number equals (无法提供265件: only item 1), or ""."""
    for ref in alt.cells:
        if "*" not in ref:
            continue
        for table, row, col in values.expand(ref):
            r = values.cell(table, row, col)
            if r != UNKNOWN and number in r:
                return next(x.label for x in values.tpl.tables[table].rows if x.key == row)
    return ""


def _share(f: Figure, values: TableValues) -> Verdict | None:
    s = f.sentence
    m = _SHARE_RE.match(s.norm[f.end + len(f.unit):])
    if not m:
        return None
    stated = Decimal(m.group("p"))
    step = Decimal(1).scaleb(stated.as_tuple().exponent)
    shares = []
    for refs in _SHARE_OF:
        total = values.sum(refs)
        if total in (UNKNOWN, ABSENT) or not total[0]:
            return None
        shares.append(Decimal(f.value) * 100 / total[0])
    if any(abs(x - stated) <= step for x in shares):
        return None
    a = f.end + len(f.unit) + m.start("p")
    b = f.end + len(f.unit) + m.end()
    return Verdict("N401", DIFFERS, s, a, b, s.original(a, b), stated, shares[0].quantize(step), key="share",
                   claim=f.claim.key)


def judge_assertion(a: Assertion, values: TableValues) -> Verdict | None:
    holds = a.spec.holds
    if a.spec.scope == "request":
        r = values.sum(holds["cells"])
        if r in (UNKNOWN, ABSENT):
            return None
        status = AGREES if r[0] == holds["equals"] else DIFFERS
        return Verdict(a.spec.code, status, a.sentence, a.start, a.end, a.words, Decimal(holds["equals"]), r[0],
                       key=a.spec.key, claim=a.spec.key)
    groups = [s.claim.values[0].cells for s in a.subjects] or [_REVIEW[b] for b in a.blocks]
    column = holds["column"]
    claimed, found, details = Decimal(0), Decimal(0), []
    for refs in groups:
        total, part = values.sum(refs), values.sum(in_column(refs, [column]))
        if UNKNOWN in (total, part) or ABSENT in (total, part):
            return None
        want = total[0] if holds["equals"] == "总计" else Decimal(holds["equals"])
        if part[0] != want:
            claimed += want
            found += part[0]
            shown = [r for r in refs if values.sum((r,))[0]] or refs[:1]
            details.append((_block_detail(shown, values, "zh"), _block_detail(shown, values, "en")))
    status = DIFFERS if details else AGREES
    return Verdict(a.spec.code, status, a.sentence, a.start, a.end, a.words, claimed, found, key=a.spec.key,
                   claim=a.spec.key, details=details)


def _block_detail(refs, values: TableValues, lang: str) -> str:
    """"行政复议 7 件：结果维持 5、尚未审结 2" (the non-zero results of the blocks)."""
    parts = []
    for ref in refs:
        block = ref.split(".")[1]
        total = _fmt(values.sum((ref,))[0])
        res = []
        for col in ("结果维持", "结果纠正", "其他结果", "尚未审结"):
            n = values.sum(in_column((ref,), [col]))[0]
            if n:
                res.append(f"{col} {_fmt(n)}")
        name = _BLOCK_NAMES.get(block, block)
        parts.append(f"{name} {total} 件：" + ("、".join(res) or "0") if lang == "zh" else
                     f"{name} {total}: " + (", ".join(res) or "0"))
    return ("；" if lang == "zh" else "; ").join(parts)


def finding(ctx: Context, v: Verdict) -> Finding:
    """The finding of a verdict that differs: quoted sentence, number as written, table value."""
    s = v.sentence
    loc = paragraph_location(ctx, s, v.start)
    params = {"sentence": s.text, "number": v.number, "excerpt": s.excerpt(v.start, v.end, 20),
              "actual": _fmt(v.actual), "expected": _fmt(v.expected),
              "details": "；".join(d[0] for d in v.details), "details_en": "; ".join(d[1] for d in v.details),
              "part": f"（{v.number} 件只是其中“{v.part}”一项）" if v.part else "",
              "part_en": f" ({v.number} is item “{v.part}” alone)" if v.part else ""}
    if v.readings:
        params["cells"] = v.readings[0][0].label.get("zh", "")
        params["cells_en"] = v.readings[0][0].label.get("en", "")
        params["others"] = _others(v, "zh")
        params["others_en"] = _others(v, "en")
    return Finding(v.code, v.key, params, loc, expected=v.expected, actual=v.actual)


def _others(v: Verdict, lang: str) -> str:
    """The other readings the text may have meant ("；本年新收与上年结转之和为 749")."""
    seen = {v.readings[0][1][0]}
    bits = []
    for alt, r in v.readings:
        for n, x in enumerate(r):
            if x in seen:
                continue
            seen.add(x)
            label = alt.label.get(lang, "") + (_BY_PARTS[lang] if n else "")
            bits.append(f"{label}为 {_fmt(x)}" if lang == "zh" else f"{label}: {_fmt(x)}")
    if not bits:
        return ""
    return ("；" + "；".join(bits)) if lang == "zh" else ("; " + "; ".join(bits))


def _fmt(v) -> str:
    if v is None:
        return "?"
    v = Decimal(v).normalize()
    return f"{v:f}" if v != v.to_integral_value() else str(int(v))


def checker(code: str):
    """The check of one of N401–N403, N407: a finding for each verdict of that code that differs."""

    def check(ctx: Context):
        for v in verdicts(ctx):
            if v.code == code and v.status == DIFFERS:
                yield finding(ctx, v)

    check.__name__ = f"check_{code}"
    return check
