"""Precision and recall of N401–N403 (with the N402/N407 assertions) on the real corpus.

    python benchmarks/narrative_precision.py [CORPUS_DIR]

Every count the corpus reports state in their text is hand-labelled in
``benchmarks/narrative_labels.yaml``: what it is about and whether the text agrees with the table.
This script runs the linter's figure finder and comparison on each report and prints one row per
figure (labelled or not: a figure the linter judges but nobody labelled shows up as "unlabelled"),
then precision (flagged figures that really contradict the table), recall (contradictions that
were flagged) and how many table facts were matched to the right cells — for N401–N403 and, apart,
for N407.

The corpus holds few real contradictions, so recall is also measured on injected ones: each figure
that agrees with a readable table is changed in the document (to the nearest number no reading
of the table accepts) and the report checked again; the share of changes flagged is printed.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govdisclose_lint.checks import Context  # noqa: E402
from govdisclose_lint.checks.narrative.compare import verdicts  # noqa: E402
from govdisclose_lint.checks.narrative.figures import find_figures  # noqa: E402
from govdisclose_lint.checks.narrative.vocabulary import vocabulary  # noqa: E402
from govdisclose_lint.checks.narrative.where import text_sentences  # noqa: E402
from govdisclose_lint.readers import read_document  # noqa: E402
from govdisclose_lint.recognize import recognize  # noqa: E402

LABELS = Path(__file__).resolve().parent / "narrative_labels.yaml"
TABLE_FACT = ("agrees", "differs", "no_table")


@dataclass
class Row:
    doc: str
    text: str
    claim: str  # labelled
    truth: str  # labelled (or "unlabelled")
    cell: str
    found: bool  # the labelled text was found in the report
    tool_claim: str  # "-" when the linter matched no claim
    verdict: str  # agrees | differs | unknown | unmatched

    @property
    def flagged(self) -> bool:
        return self.verdict == "differs"

    @property
    def right_cell(self) -> bool:
        return self.tool_claim == self.claim


def code_of(claim: str) -> str:
    """The rule a claim or assertion key reports under ("-" for none)."""
    for c in (*vocabulary().claims, *vocabulary().assertions):
        if c.key == claim:
            return c.code
    return "-"


@lru_cache(maxsize=None)
def _read(path: Path):
    if path.parent.name == "excerpts":
        # excerpts are cut out of reports on purpose: the linter refuses them as cut off (E001), the
        # figures in what is there are still labelled and judged
        from govdisclose_lint.readers.text import parse_text

        return parse_text(path.read_text(encoding="utf-8"), str(path))
    return read_document(str(path))


def _judged(path: Path):
    """(sentence norm, end offset, claim key, verdict) for every figure and assertion of a report."""
    doc = _read(path)
    ctx = Context(doc, recognize(doc))
    by_span = {(v.sentence.index, v.start): v for v in verdicts(ctx)}
    out = []
    for f in find_figures(text_sentences(ctx)):
        if f.unit not in "件份起宗部":
            continue
        v = by_span.get((f.sentence.index, f.start))
        out.append((f.sentence.norm, f.end + len(f.unit), f.claim.key if f.claim else "-",
                    v.status if v else ("unknown" if f.claim else "unmatched"), False))
    for v in verdicts(ctx):
        if v.key != "share" and not v.number[:1].isdigit():
            out.append((v.sentence.norm, v.end, v.claim, v.status, True))
    return out


def evaluate(corpus: Path) -> list[Row]:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["documents"]
    rows: list[Row] = []
    for name, items in labels.items():
        judged = _judged(corpus / name)
        used = set()
        for item in items:
            text = item["text"]
            hit = next((i for i, (norm, end, *_rest) in enumerate(judged)
                        if i not in used and norm[:end].endswith(text)), None)
            if hit is None:
                rows.append(Row(name, text, item["claim"], item["truth"], item.get("cell", ""), False, "-",
                                "unmatched"))
                continue
            used.add(hit)
            _, _, claim, verdict, _ = judged[hit]
            rows.append(Row(name, text, item["claim"], item["truth"], item.get("cell", ""), True, claim, verdict))
        for i, (norm, end, claim, verdict, _) in enumerate(judged):
            if i not in used and claim != "-":
                rows.append(Row(name, norm[max(0, end - 14):end], "?", "unlabelled", "", True, claim, verdict))
    return rows


def measures(rows: list[Row], codes=("N401", "N402", "N403")) -> dict:
    mine = [r for r in rows if code_of(r.tool_claim) in codes or code_of(r.claim) in codes]
    tp = sum(r.flagged and r.truth == "differs" for r in mine)
    fp = sum(r.flagged and r.truth != "differs" for r in mine)
    fn = sum(not r.flagged and r.truth == "differs" for r in mine)
    facts = [r for r in rows if r.truth in TABLE_FACT]
    judged = [r for r in facts if r.verdict in ("agrees", "differs")]
    return {"figures": len(rows), "table_facts": len(facts),
            "right_cell": sum(r.right_cell for r in facts),
            "not_table_facts_left_alone": sum(r.tool_claim == "-" for r in rows if r.truth == "none"),
            "not_table_facts": sum(r.truth == "none" for r in rows),
            "judged": len(judged), "judged_right": sum((r.verdict == "differs") == (r.truth == "differs")
                                                       for r in judged),
            "unknown": sum(r.verdict == "unknown" for r in facts),
            "tp": tp, "fp": fp, "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None}


def mutations(corpus: Path, codes=("N401", "N402", "N403")) -> tuple[int, int, list[str]]:
    """(changed, flagged, the misses) over the figures that agree with a readable table."""
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["documents"]
    changed = flagged = 0
    misses = []
    for name in labels:
        doc = _read(corpus / name)
        ctx = Context(doc, recognize(doc))
        for v in verdicts(ctx):
            if v.code not in codes or v.status != "agrees" or not v.number[:1].isdigit():
                continue
            readings = {x for _, r in v.readings for x in r}
            new = next(int(v.actual) + k for k in range(1, 100) if Decimal(int(v.actual) + k) not in readings)
            mutated = _with_number(doc, v, str(new))
            if mutated is None:
                continue
            changed += 1
            mctx = Context(mutated, recognize(mutated))
            if any(m.status == "differs" and m.actual == new for m in verdicts(mctx)):
                flagged += 1
            else:
                misses.append(f"{name}: {v.number} → {new}")
    return changed, flagged, misses


def _with_number(doc, v, new: str):
    """A copy of the document with the verdict's number replaced in its paragraph."""
    para, a = v.sentence.in_paragraph(v.start)
    text = doc.paragraphs[para].text
    a += len(text) - len(text.lstrip())
    b = a + len(v.number)
    if text[a:b] != v.number:
        return None
    out = copy.copy(doc)
    out.paragraphs = list(doc.paragraphs)
    out.paragraphs[para] = copy.copy(doc.paragraphs[para])
    out.paragraphs[para].text = text[:a] + new + text[b:]
    return out


def main(corpus: Path) -> None:
    rows = evaluate(corpus)
    print("| report | figure | labelled: about (cell) | truth | linter: claim | verdict | right |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        ok = "yes" if r.right_cell and (r.verdict not in ("agrees", "differs") or
                                        (r.verdict == "differs") == (r.truth == "differs")) else "NO"
        about = f"{r.claim} ({r.cell})" if r.cell else r.claim
        print(f"| {r.doc} | {r.text} | {about} | {r.truth} | {r.tool_claim} | {r.verdict} | {ok} |")
    m = measures(rows)
    print()
    print("N401–N403 (with the N402 assertions):")
    print(f"figures: {m['figures']}; table facts: {m['table_facts']}, matched to the right cells: "
          f"{m['right_cell']}; not table facts: {m['not_table_facts']}, left alone: "
          f"{m['not_table_facts_left_alone']}")
    print(f"table facts judged (cells readable): {m['judged']}, verdict right: {m['judged_right']}; "
          f"not judged (cells unreadable or no table): {m['unknown']}")
    fmt = lambda x: "n/a" if x is None else f"{x:.0%}"  # noqa: E731
    print(f"flagged: {m['tp'] + m['fp']} (true {m['tp']}, false {m['fp']}); contradictions missed: {m['fn']}")
    print(f"precision {fmt(m['precision'])}, recall {fmt(m['recall'])}")
    n7 = measures(rows, ("N407",))
    print(f"N407: flagged {n7['tp'] + n7['fp']} (true {n7['tp']}, false {n7['fp']}); missed {n7['fn']}")
    changed, caught, misses = mutations(corpus)
    print(f"injected contradictions (each agreeing figure changed): {changed}, flagged {caught} "
          f"({fmt(caught / changed if changed else None)})" + (f"; missed: {', '.join(misses)}" if misses else ""))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus")
