"""``--format sarif``: SARIF 2.1.0 (one run) for code-scanning tools.

Mapping (see tests/reporters/test_sarif.py, validated against the OASIS schema):

* ``tool.driver.rules``: the rules that have results in this run, in catalogue order;
  ``defaultConfiguration.level`` from the rule's default severity (info → ``note``).
* one ``artifact`` per document with its status, format version, year, agency and title in
  ``properties``; documents not fully checked also get a tool execution notification.
* one ``result`` per finding (E-findings included).  ``region.startLine`` only where a line is known
  (text files); SARIF has no pages, so a PDF page goes to ``physicalLocation.properties.page``.
  Template places are ``logicalLocations``: the section (kind ``module``) and the table path
  (kind ``member``, e.g. ``T3/三、本年度办理结果/（七）总计/总计``).  Expected, actual, difference,
  operands and the full location are in ``result.properties``.  Waived findings carry a
  ``suppressions`` entry with the waiver's reason.
* URIs: relative to the working directory (``uriBaseId`` SRCROOT) when the file is below it,
  else an absolute ``file:`` URI; percent-encoded from the name's bytes (a GBK name too), forward
  slashes.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__, registry
from ..paths import needs_escape, raw_bytes
from .base import Reporter

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
LANGUAGE = {"zh": "zh-CN", "en": "en-US"}
MIME = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain", ".md": "text/markdown",
        ".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".doc": "application/msword", ".rtf": "application/rtf", ".odt": "application/vnd.oasis.opendocument.text"}
HEAD = {"zh": ("检查内容", "为何重要", "错误示例", "正确示例", "文档未能完整检查（状态：{status}）"),
        "en": ("What it checks", "Why it matters", "Failing example", "Corrected example",
               "The document could not be fully checked (status: {status})")}
TABLE_PARTS = ("table", "block", "group", "row", "column")


class SarifReporter(Reporter):
    name = "sarif"

    def finish(self, summary: dict) -> None:
        json.dump(self.log(summary), self.stream, ensure_ascii=False, indent=2, default=str)
        self.stream.write("\n")

    def log(self, summary: dict) -> dict:
        lang = self.lang if self.lang in HEAD else "zh"
        base = os.getcwd()
        used = {f.code for r in self.results for f in r.findings}
        codes = [c for c in registry.rules() if c in used] + sorted(used - set(registry.rules()))
        index = {c: i for i, c in enumerate(codes)}
        artifacts, results, notes, seen = [], [], [], {}
        for r in self.results:
            loc = artifact_location(r.path, base)
            if loc["uri"] not in seen:  # the same file named twice is one artifact
                seen[loc["uri"]] = len(artifacts)
                artifacts.append(_artifact(r, loc))
            loc["index"] = seen[loc["uri"]]
            if r.status != "checked":
                notes.append({"level": "error", "message": {"text": HEAD[lang][4].format(status=r.status)},
                              "locations": [{"physicalLocation": {"artifactLocation": loc}}],
                              "properties": {"status": r.status}})
            results += [_result(f, loc, index) for f in r.findings]
        run = {
            "tool": {"driver": {"name": "govdisclose-lint", "version": __version__, "semanticVersion": __version__,
                                "language": LANGUAGE[lang], "rules": [_rule(c, lang) for c in codes]}},
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
            "language": LANGUAGE[lang],
            "originalUriBaseIds": {"SRCROOT": {"uri": Path(base).as_uri().rstrip("/") + "/"}},
            "artifacts": artifacts,
            "results": results,
            "properties": {"summary": summary},
        }
        return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def artifact_location(path: str, base: str) -> dict:
    """A SARIF artifactLocation: relative to ``base`` (SRCROOT) when below it, else a file: URI."""
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, base)
    except ValueError:  # another drive (Windows)
        rel = None
    if rel and rel != "." and rel != os.pardir and not rel.startswith(os.pardir + os.sep):
        return {"uri": quote(raw_bytes(rel.replace(os.sep, "/"))), "uriBaseId": "SRCROOT"}
    if needs_escape(full):  # percent-encode the name's own bytes (lossless)
        return {"uri": "file://" + quote(raw_bytes(Path(full).as_posix()))}
    return {"uri": Path(full).as_uri()}


def _artifact(r, loc: dict) -> dict:
    props = {"status": r.status, "format_version": r.format_version, "year": r.year,
             "agency": r.agency or None, "title": r.title or None}
    out = {"location": {k: v for k, v in loc.items() if k != "index"}, "roles": ["analysisTarget"],
           "properties": {k: v for k, v in props.items() if v is not None}}
    mime = MIME.get(os.path.splitext(r.path)[1].lower())
    if mime:
        out["mimeType"] = mime
    return out


def _result(f, loc: dict, index: dict) -> dict:
    where = f.location
    physical: dict = {"artifactLocation": loc}
    if where.line and where.line > 0:
        physical["region"] = {"startLine": where.line}
    if where.page:
        physical["properties"] = {"page": where.page}
    location: dict = {"physicalLocation": physical}
    logical = _logical(where)
    if logical:
        location["logicalLocations"] = logical
    data = f.to_json()
    props = {k: data[k] for k in ("expected", "actual", "difference", "operands") if k in data}
    if data["location"]:
        props["location"] = data["location"]
    out = {"ruleId": f.code, "ruleIndex": index[f.code], "level": LEVEL.get(f.severity, "warning"),
           "message": {"text": f.message or f.code}, "locations": [location],
           "partialFingerprints": {"govdiscloseLint/v1": _fingerprint(f, loc["uri"])}}
    if props:
        out["properties"] = props
    waived = getattr(f, "waived", None)
    if waived:
        out["suppressions"] = [{"kind": "external", "status": "accepted", "justification": str(waived)}]
    return out


def _logical(where) -> list[dict]:
    out = []
    parts = [getattr(where, k) for k in TABLE_PARTS if getattr(where, k)]
    if parts:
        out.append({"name": parts[-1], "fullyQualifiedName": "/".join(parts), "kind": "member"})
    if where.section:
        out.append({"name": where.section, "fullyQualifiedName": where.section, "kind": "module"})
    return out


def _fingerprint(f, uri: str) -> str:
    """Stable across runs and languages: code, file and template place (not page or source row)."""
    loc = f.location
    key = [f.code, f.key, uri, loc.section, *(getattr(loc, k) for k in TABLE_PARTS), loc.paragraph]
    return hashlib.sha256("\x1f".join("" if v is None else str(v) for v in key).encode()).hexdigest()[:32]


def _rule(code: str, lang: str) -> dict:
    try:
        rule = registry.get(code)
    except KeyError:  # a code the catalogue does not know: still a valid descriptor
        return {"id": code}
    summary = _pick(rule.summary, lang)
    docs = rule.docs or {}
    what, why = _pick(docs.get("what"), lang) or summary, _pick(docs.get("why"), lang)
    h = HEAD[lang]
    text = [f"{h[0]}: {what}"] + ([f"{h[1]}: {why}"] if why else [])
    md = [f"**{h[0]}**\n\n{what}"] + ([f"**{h[1]}**\n\n{why}"] if why else [])
    for title, ex in ((h[2], docs.get("fail")), (h[3], docs.get("pass"))):
        if ex:
            text.append(f"{title}:\n{ex}")
            md.append(f"**{title}**\n\n```text\n{ex}\n```")
    return {"id": code, "name": rule.name,
            "shortDescription": {"text": summary or rule.name}, "fullDescription": {"text": what or rule.name},
            "help": {"text": "\n\n".join(text), "markdown": "\n\n".join(md)},
            "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
            "properties": {"tags": [rule.family], "status": rule.status}}


def _pick(texts, lang: str) -> str:
    texts = texts or {}
    return texts.get(lang) or texts.get("zh") or ""
