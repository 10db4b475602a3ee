"""Structure and template checks: E004, S101–S108."""

from __future__ import annotations

import re
from collections import Counter

from ..findings import Finding, Location
from ..normalize import label_key
from ..templates import templates
from . import Context
from .locate import at_source, row_label, section_of, table_location, table_params

CODES = ("E004", "S101", "S102", "S103", "S104", "S105", "S106", "S107", "S108")
_NUMERALS = "一二三四五六"
_INSTRUCTION_RE = re.compile(
    r"(编写说明|填报说明|填写说明|（文字描述[^）]*）|\(文字描述[^)]*\)|XX|ＸＸ|××|某某|"
    r"注[:：]\s*(本表|此表|请|应|填写|填报|指))")


def check(ctx: Context):
    rec = ctx.rec
    if not rec.headings and not rec.tables_found and not rec.flattened_tables:
        # "not a report" only when the reader saw everything; skipped pages may hold the report
        if not any(n.code in ("E003", "E005") for n in ctx.doc.notes):
            yield Finding("E004")
        return
    yield from _sections(ctx)
    yield from _title(ctx)
    yield from _tables(ctx)
    yield from _version(ctx)
    yield from _shape(ctx)
    yield from _instructions(ctx)


def _sections(ctx: Context):
    rec = ctx.rec
    if rec.outline is not None:
        yield _outline(rec)
    found = {h.key for h in rec.headings}
    for n, spec in enumerate(rec.template.sections):
        if spec.key not in found:
            yield Finding("S101", params={"numeral": _NUMERALS[n], "heading": spec.heading},
                          location=Location(section=spec.heading))
    counts = Counter(h.key for h in rec.headings)
    order = [s.key for s in rec.template.sections]
    seen_max, prev = -1, None
    reported = set()
    for h in rec.headings:
        if counts[h.key] > 1 and h.key not in reported:
            reported.add(h.key)
            yield Finding("S102", "duplicate", {"heading": h.expected, "count": counts[h.key]},
                          at_source(Location(section=h.expected), h.locator))
        pos = order.index(h.key)
        if pos < seen_max and counts[h.key] == 1:
            yield Finding("S102", params={"heading": h.expected, "previous": prev},
                          location=at_source(Location(section=h.expected), h.locator))
        if pos > seen_max:
            seen_max, prev = pos, h.expected
        if h.match in ("typo", "variant"):
            yield Finding("S103", h.match, {"text": h.text, "expected": h.expected},
                          at_source(Location(section=h.expected), h.locator),
                          severity_hint="warning" if h.match == "typo" else "info")
    for i in rec.issues:
        if i.kind in ("row_label_typo", "column_label_typo"):
            key = "row_label" if i.kind == "row_label_typo" else "column_label"
            loc = table_location(rec, i.table, i.row or None, i.col or None, i.locator)
            yield Finding("S103", key, {"text": i.doc_label, "expected": i.expected_label}, loc,
                          severity_hint="warning")


def _outline(rec) -> Finding:
    """One S102 finding for an outline numbered in the report's own way (instead of one S101 per
    section): each heading found under another number, with the section it is."""
    o = rec.outline
    moved_zh = "；".join(f"“{h.text}”即“{h.expected}”" + ("（该部分没有自己的标题）" if h.match == "subheading" else "")
                        for h in o.moved)
    moved_en = "; ".join(f"“{h.text}” is “{h.expected}”" + (" (the section has no heading of its own)"
                                                            if h.match == "subheading" else "") for h in o.moved)
    sub = {"zh": "", "en": ""}
    if o.subtopics:
        names = "、".join(f"“{h.text}”" for h in o.subtopics)
        sub = {"zh": f"；{names}是“一、总体情况”的小标题，却使用了章节编号",
               "en": f"; {names} are sub-headings of 一、总体情况 numbered like sections"}
    first = o.moved[0]
    loc = at_source(Location(section=first.expected), first.locator)
    loc.paragraph = first.paragraph
    return Finding("S102", "outline", {"n": len(o.moved), "mapping": moved_zh, "mapping_en": moved_en,
                                       "subtopics": sub["zh"], "subtopics_en": sub["en"]}, loc)


def _title(ctx: Context):
    rec = ctx.rec
    if not rec.title:
        yield Finding("S104", params={"year_hint": rec.year or "YYYY"})
    elif not rec.agency and not rec.year:
        yield Finding("S104", params={"year_hint": ""})
    elif not rec.agency:
        yield Finding("S104", "no_agency", {"title": rec.title})
    elif not rec.year or rec.year_source != "title":
        yield Finding("S104", "no_year", {"title": rec.title})


def _tables(ctx: Context):
    rec = ctx.rec
    for key in rec.template.tables:
        if key in rec.tables_found:
            continue
        loc = Location(section=section_of(rec, key), table=key)
        if key in rec.flattened_tables:
            yield Finding("S105", "flattened", table_params(key), loc)
        else:
            yield Finding("S105", params=table_params(key), location=loc)


def _version(ctx: Context):
    rec = ctx.rec
    if rec.mixed_versions:
        yield Finding("S106", "mixed", {"v2019": rec.version_votes.get("2019", 0),
                                        "v2021": rec.version_votes.get("2021", 0)})
    if rec.year and not rec.mixed_versions and not rec.template.fits_year(rec.year):
        expected = next((v for v, t in templates().items() if t.fits_year(rec.year)), "?")
        yield Finding("S106", params={"year": rec.year, "version": rec.version, "document": rec.template.document,
                                      "expected": expected})


def _shape(ctx: Context):
    rec = ctx.rec
    issues = rec.issues
    # rows of flattened text whose digits cannot be split are the reader's S105 note already (the report's
    # table is not at fault, the flattening is): not S107 again
    flat_left = {n.params.get("table") for n in ctx.doc.notes if n.code == "S105" and n.key == "flat_partial"}
    # consecutive unattributable rows with the same count become one finding
    runs: list[list] = []
    for i in issues:
        if i.kind != "unattributable_row" or i.table in flat_left:
            continue
        if runs and runs[-1][0].table == i.table and runs[-1][0].count == i.count:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        first, last = run[0], run[-1]
        label = row_label(rec, first.table, first.row)[0] if first.row else first.doc_label
        params = {**table_params(first.table), "row": label, "count": first.count,
                  "expected_count": first.expected_count}
        loc = table_location(rec, first.table, first.row or None, None, first.locator)
        if len(run) == 1:
            yield Finding("S107", "unattributable", params, loc, expected=first.expected_count, actual=first.count)
        else:
            params.update(n=len(run), last=row_label(rec, last.table, last.row)[0])
            yield Finding("S107", "unattributable_rows", params, loc, expected=first.expected_count,
                          actual=first.count)
    missing: dict[str, list] = {}
    for i in issues:
        if i.kind == "missing_row":
            missing.setdefault(i.table, []).append(i)
    single_other = False
    for table, rows in missing.items():
        for f in _missing_rows(ctx, table, rows):
            single_other |= f.key == "single_other"
            yield f
    for i in issues:
        if single_other and i.kind == "extra_row" and label_key(i.doc_label).endswith("其他处理"):
            continue  # the single （六）其他处理 row, reported above
        tp = table_params(i.table)
        if i.kind == "missing_column":
            key = "missing_block_column" if i.row else "missing_column"  # i.row: a block of 表四
            yield Finding("S107", key, {**tp, "column": i.col, "block": i.row},
                          table_location(rec, i.table, i.row or None, i.col, i.locator))
        elif i.kind == "extra_column":
            yield Finding("S107", "extra_column", {**tp, "column": i.col},
                          table_location(rec, i.table, None, i.col, i.locator), severity_hint="warning")
        elif i.kind == "ambiguous_columns":  # header and position disagree (recognize/columns.py)
            yield _ambiguous(rec, i, tp)
        elif i.kind == "extra_row":
            loc = table_location(rec, i.table, None, None, i.locator)
            loc.row = i.doc_label
            yield Finding("S107", "extra_row", {**tp, "row": i.doc_label}, loc, severity_hint="warning")


def _ambiguous(rec, i, tp) -> Finding:
    params = {**tp, "header": "，".join(f"#{n} {h}" for n, h, _ in i.readings),
              "position": "，".join(f"#{n} {p}" for n, _, p in i.readings)}
    loc = table_location(rec, i.table, i.row or None, None, i.locator)
    if not i.row:
        return Finding("S107", "ambiguous_columns", params, loc)
    return Finding("S107", "ambiguous_columns_row", {**params, "row": row_label(rec, i.table, i.row)[0]}, loc)


def _missing_rows(ctx: Context, table: str, rows):
    rec = ctx.rec
    keys = [r.row for r in rows]
    tp = table_params(table)
    # 2021 format with （六）其他处理 as one row instead of three sub-items (a 2019-style row)
    if table == "T3" and {"K6_1", "K6_2", "K6_3"} <= set(keys) and rec.version == "2021":
        yield Finding("S107", "single_other", tp, table_location(rec, "T3", "K6_1"))
        keys = [k for k in keys if not k.startswith("K6_")]
    if len(keys) == 1:
        yield Finding("S107", "missing_row", {**tp, "row": row_label(rec, table, keys[0])[0]},
                      table_location(rec, table, keys[0]))
    elif keys:
        labels = [row_label(rec, table, k)[0] for k in keys]
        yield Finding("S107", "missing_rows", {**tp, "n": len(keys), "rows": "、".join(labels)},
                      table_location(rec, table, keys[0]))


def _instructions(ctx: Context):
    doc = ctx.doc
    seen = set()
    for p in doc.paragraphs:
        m = _INSTRUCTION_RE.search(p.text)
        if m and label_key(m.group(0)) not in seen:
            seen.add(label_key(m.group(0)))
            start = max(0, m.start() - 10)
            yield Finding("S108", params={"text": p.text[start:m.end() + 30].strip()},
                          location=at_source(Location(), p.locator))
    for t in doc.tables:
        for row in t.grid:
            for c in row:
                if c.is_origin and c.text:
                    m = _INSTRUCTION_RE.search(c.text)
                    if m and label_key(m.group(0)) not in seen:
                        seen.add(label_key(m.group(0)))
                        yield Finding("S108", params={"text": c.text.strip()[:60]},
                                      location=Location(page=c.page, source_table=t.index, source_row=c.row,
                                                        source_col=c.col))
