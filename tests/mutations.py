"""The mutation campaign: damaged variants of corpus files, linted in one batch beside their originals.

Used by ``benchmarks/mutate_corpus.py`` (every corpus file, ≥ 1,000 variants, prints counts) and by
``tests/test_bad_input_mutations.py`` (a small sample that runs in CI).  Families:

* ``flip``: 1, 5 or 55 random bits flipped;
* ``truncate``: cut at a random byte, or at the end of a random line;
* ``insert``: 1 to 4,000 random bytes inserted at a random place;
* ``delete``: a random slice of up to 2,000 bytes removed;
* ``pdf-object`` (PDF): an edit of the object structure — ``/Count``, ``/Length``, ``startxref``, a
  ``/Filter`` or ``/Type`` name, an object's number, an object removed, a byte of a stream's data;
* ``zip-member`` (DOCX): the package rebuilt with a member removed, cut, replaced by junk, its XML's
  text edited, its bytes flipped, a junk member added, or a stored CRC that does not match.

How a variant is judged (:func:`judge`), against the original linted in the same run:

* ``traceback``: a traceback on stderr, or an internal-error finding — a failure;
* ``lost``: no result for the variant — a failure;
* ``skipped-not-a-report``: no longer recognisable as a report (E004), so skipped in the folder and listed
  under ``summary.skipped.not_a_report``;
* ``not-checked``: any status but ``checked`` — the damage was noticed;
* ``same``: ``checked`` with the original's findings (code, severity, message, and location without
  line, paragraph and source-table positions, which shift when bytes move) — the damage was harmless;
* ``content-changed``: ``checked`` with other findings, and the document read from the variant
  (title, paragraph texts, table cell texts) differs from the original's: the damage really changed
  the report's content (a digit flipped, a file cut at a line end), which no reader can tell from an edit;
* ``unexplained``: ``checked`` with other findings although the document read is the same — a failure.
"""

from __future__ import annotations

import io
import json
import logging
import random
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

GENERIC = ("flip", "truncate", "insert", "delete")
FAILURES = ("traceback", "lost", "unexplained")


@dataclass
class Variant:
    source: str  # corpus file, relative
    family: str
    name: str  # relative path in the campaign folder
    data: bytes


# --------------------------------------------------------------------------- generic byte damage

def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 5, 55))):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        ends = [m.end() for m in re.finditer(rb"\n", data)][:-1]
        if ends:
            return data[:rng.choice(ends)]
    return data[:rng.randrange(1, len(data))]


def _insert(data: bytes, rng: random.Random) -> bytes:
    pos = rng.randrange(len(data) + 1)
    return data[:pos] + rng.randbytes(rng.choice((1, 16, 300, 4000))) + data[pos:]


def _delete(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 2000):]


_GENERIC = {"flip": _flip, "truncate": _truncate, "insert": _insert, "delete": _delete}


# --------------------------------------------------------------------------- PDF object edits

def _sub_one(data: bytes, pattern: bytes, rng: random.Random, make) -> bytes | None:
    found = list(re.finditer(pattern, data))
    if not found:
        return None
    m = rng.choice(found)
    return data[:m.start(1)] + make(m.group(1)) + data[m.end(1):]


def _pdf_edit(data: bytes, rng: random.Random) -> bytes:
    edits = [
        lambda: _sub_one(data, rb"/Count\s+(\d+)", rng, lambda v: rng.choice((b"0", b"1", b"%d" % (int(v) + 5),
                                                                             b"999999"))),
        lambda: _sub_one(data, rb"/Length\s+(\d+)(?!\s+\d+\s+R)", rng,
                         lambda v: rng.choice((b"0", b"%d" % max(int(v) - 10, 0), b"%d" % (int(v) + 10),
                                               b"999999999999"))),
        lambda: _sub_one(data, rb"startxref\s+(\d+)", rng, lambda v: rng.choice((b"0", b"%d" % (int(v) + 7)))),
        lambda: _sub_one(data, rb"/Filter\s*/(FlateDecode)", rng, lambda v: rng.choice((b"LZWDecode", b"Junk"))),
        lambda: _sub_one(data, rb"/Type\s*/(Page|Pages|Font|Catalog)\b", rng, lambda v: v[:-1] + b"x"),
        lambda: _sub_one(data, rb"\n(\d+) 0 obj", rng, lambda v: b"%d" % (int(v) + 1)),
        lambda: _drop_object(data, rng),
        lambda: _stream_byte(data, rng),
    ]
    rng.shuffle(edits)
    for edit in edits:
        out = edit()
        if out is not None and out != data:
            return out
    return _flip(data, rng)


def _drop_object(data: bytes, rng: random.Random) -> bytes | None:
    starts = [m.start() for m in re.finditer(rb"\n\d+ 0 obj", data)]
    if not starts:
        return None
    start = rng.choice(starts)
    end = data.find(b"endobj", start)
    return None if end < 0 else data[:start] + data[end + 6:]


def _stream_byte(data: bytes, rng: random.Random) -> bytes | None:
    spans = [(m.end(), data.find(b"endstream", m.end())) for m in re.finditer(rb"stream\r?\n", data)]
    spans = [(a, b) for a, b in spans if b - a > 20]
    if not spans:
        return None
    a, b = rng.choice(spans)
    pos = rng.randrange(a, b)
    return data[:pos] + bytes([data[pos] ^ (1 << rng.randrange(8))]) + data[pos + 1:]


# --------------------------------------------------------------------------- zip member edits

def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            zf.writestr(info, data, compress_type=info.compress_type)
    return buf.getvalue()


def _zip_edit(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]
    xml = [k for k, (i, _) in enumerate(members) if i.filename.endswith(".xml")]
    main = next((k for k, (i, _) in enumerate(members) if i.filename == "word/document.xml"), rng.choice(xml))
    k = main if rng.random() < 0.6 else rng.choice(xml)
    info, body = members[k]
    edit = rng.choice(("remove", "cut", "junk", "text", "flip", "extra", "crc"))
    if edit == "remove":
        del members[k]
    elif edit == "cut":
        members[k] = (info, body[:rng.randrange(len(body))])
    elif edit == "junk":
        members[k] = (info, rng.randbytes(rng.choice((10, 1000, 50_000))))
    elif edit == "text":  # a number or a character of the text changed: real content edits
        texts = list(re.finditer(rb">([^<>]{1,40})<", body))
        if texts:
            m = rng.choice(texts)
            new = re.sub(rb"\d", lambda d: b"%d" % rng.randrange(10), m.group(1)) if re.search(rb"\d", m.group(1)) \
                else m.group(1)[::-1]
            members[k] = (info, body[:m.start(1)] + new + body[m.end(1):])
    elif edit == "flip":
        members[k] = (info, _flip(body, rng))
    elif edit == "extra":
        members.append((zipfile.ZipInfo(f"word/junk{rng.randrange(100)}.xml"), rng.randbytes(500)))
    out = _rezip(members)
    if edit == "crc":  # the stored CRC of one member no longer matches its data (both headers)
        with zipfile.ZipFile(io.BytesIO(out)) as zf:
            local = zf.infolist()[k].header_offset + 14
        central = [m.start() + 16 for m in re.finditer(rb"PK\x01\x02", out)][k]
        for pos in (local, central):
            out = out[:pos] + bytes(b ^ 0xFF for b in out[pos:pos + 4]) + out[pos + 4:]
    return out


# --------------------------------------------------------------------------- building and judging

def families_for(path: Path) -> tuple[str, ...]:
    ext = path.suffix.lower()
    if ext == ".pdf":
        return GENERIC + ("pdf-object", "pdf-object")
    if ext in (".docx", ".odt"):
        return GENERIC + ("zip-member", "zip-member")
    return GENERIC


def make_variants(corpus: Path, files: list[Path], per_file: int, seed: int) -> list[Variant]:
    out = []
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(corpus).as_posix()
        rng = random.Random(f"{seed}:{rel}")
        families = families_for(path)
        for i in range(per_file):
            family = families[i % len(families)]
            if family == "pdf-object":
                mutated = _pdf_edit(data, rng)
            elif family == "zip-member":
                mutated = _zip_edit(data, rng)
            else:
                mutated = _GENERIC[family](data, rng)
            name = f"{rel.replace('/', '__')}/{i:03d}-{family}{path.suffix}"
            out.append(Variant(rel, family, name, mutated))
    return out


def write(folder: Path, corpus: Path, files: list[Path], variants: list[Variant]) -> None:
    for path in files:
        target = folder / "original" / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    for v in variants:
        target = folder / "variants" / v.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(v.data)


def _semantic(doc: dict) -> list[tuple]:
    positional = {"line", "paragraph", "source_table", "source_row", "source_col"}
    return [(f["code"], f["severity"], f["message"],
             tuple(sorted((k, str(v)) for k, v in f["location"].items() if k not in positional)))
            for f in doc["findings"]]


def _content(path: str):
    from govdisclose_lint.readers import read_document

    logging.disable(logging.CRITICAL)  # pdfminer's complaints about the damage, read here outside a worker
    try:
        doc = read_document(path)
    except Exception as exc:  # noqa: BLE001 - a variant that no longer reads has other content
        return ("unreadable", type(exc).__name__)
    finally:
        logging.disable(logging.NOTSET)
    return (doc.title, [p.text for p in doc.paragraphs], [t.texts() for t in doc.tables])


@dataclass
class Outcome:
    counts: Counter = field(default_factory=Counter)  # outcome → n
    by_family: dict = field(default_factory=dict)  # family → Counter
    failures: list = field(default_factory=list)  # (variant name, outcome, detail)


def judge(folder: Path, variants: list[Variant], report: dict, stderr: str) -> Outcome:
    """Classify every variant (see the module docstring)."""
    docs = {Path(d["path"]).resolve().relative_to(folder.resolve()).as_posix(): d for d in report["documents"]}
    result = Outcome()
    tracebacks = stderr.count("Traceback")
    skipped = [str(p) for p in (report["summary"].get("skipped") or {}).get("not_a_report", [])]
    for v in variants:
        doc = docs.get(f"variants/{v.name}")
        original = docs.get(f"original/{v.source}")
        if doc is None and any(Path(p).name == Path(v.name).name and v.name.split("/")[0] in p
                               for p in skipped):
            # so damaged it no longer looks like a report (E004): in a folder it is skipped and listed as
            # such in the summary, like any stray file, never counted as checked
            outcome, detail = "skipped-not-a-report", ""
        elif doc is None:
            outcome, detail = "lost", ""
        elif any("internal error" in f["message"].lower() for f in doc["findings"]):
            outcome, detail = "traceback", doc["findings"][0]["message"][:200]
        elif doc["status"] != "checked":
            outcome, detail = "not-checked", doc["status"]
        elif original is not None and _semantic(doc) == _semantic(original):
            outcome, detail = "same", ""
        elif _content(str(folder / "variants" / v.name)) != _content(str(folder / "original" / v.source)):
            outcome, detail = "content-changed", ""
        else:
            outcome, detail = "unexplained", json.dumps(doc["findings"], ensure_ascii=False)[:300]
        result.counts[outcome] += 1
        result.by_family.setdefault(v.family, Counter())[outcome] += 1
        if outcome in FAILURES:
            result.failures.append((v.name, outcome, detail))
    if tracebacks:
        result.counts["traceback"] += tracebacks
        result.failures.append(("(stderr)", "traceback", stderr[:500]))
    return result
