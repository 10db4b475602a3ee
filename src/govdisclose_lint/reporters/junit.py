"""``--format junit``: JUnit XML for CI test-report viewers.

One ``<testsuite>`` per document (``name`` = path).  Test cases:

* ``document readable`` — always present; an ``<error>`` when the status is not ``checked`` (with the
  E-findings as its text), so a clean document is exactly one passing test case.
* one per rule with findings, ``name`` = ``CODE rule-name``, ``classname`` = path: a ``<failure>``
  (type = worst severity) when any active finding is at or above ``--fail-on`` (default error; never:
  no failures); findings below it or waived leave it passing, listed in ``<system-out>``.

Counts (``tests``/``failures``/``errors``/``skipped``) are on every suite and summed on
``<testsuites>``.  UTF-8 with an XML declaration; characters XML 1.0 cannot carry are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .. import registry
from ..paths import shown
from .base import Reporter

READABLE = "document readable"
SEVERITIES = ("error", "warning", "info")
_BAD_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
L = {"zh": {"status": "文档未能完整检查，状态：{s}", "findings": "{n} 条问题：", "waived": "已豁免：",
            "page": "第{n}页", "line": "第{n}行"},
     "en": {"status": "the document could not be fully checked, status: {s}", "findings": "{n} findings: ",
            "waived": "waived: ", "page": "page {n}", "line": "line {n}"}}


class JunitReporter(Reporter):
    name = "junit"

    def finish(self, summary: dict) -> None:
        t = L.get(self.lang, L["zh"])
        root = ET.Element("testsuites", name="govdisclose-lint")
        totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
        for r in self.results:
            suite = _suite(r, t, self.fails)
            for k in totals:
                totals[k] += int(suite.get(k))
            root.append(suite)
        for k, v in totals.items():
            root.set(k, str(v))
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")


def _suite(r, t, fails) -> ET.Element:
    suite = ET.Element("testsuite", name=_x(shown(r.path)))
    props = ET.SubElement(suite, "properties")
    for key in ("status", "format_version", "year", "agency", "title"):
        value = getattr(r, key, None)
        if value not in (None, ""):
            ET.SubElement(props, "property", name=key, value=_x(str(value)))
    cases = [_readable(r, t)]
    by_code: dict[str, list] = {}
    for f in r.findings:
        if not f.code.startswith("E"):
            by_code.setdefault(f.code, []).append(f)
    cases += [_case(shown(r.path), code, items, t, fails) for code, items in by_code.items()]
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", f"{getattr(r, 'seconds', 0.0) or 0.0:.3f}")
    suite.extend(cases)
    return suite


def _readable(r, t) -> ET.Element:
    case = ET.Element("testcase", classname=_x(shown(r.path)), name=READABLE)
    e_findings = [f for f in r.findings if f.code.startswith("E")]
    if r.status != "checked":
        err = ET.SubElement(case, "error", type=r.status, message=_x(t["status"].format(s=r.status)))
        err.text = _x("\n".join(_line(f, t) for f in e_findings)) or None
    elif e_findings:  # an E-finding that did not stop the check: a note, not a failure
        ET.SubElement(case, "system-out").text = _x("\n".join(_line(f, t) for f in e_findings))
    return case


def _case(path: str, code: str, items: list, t, fails) -> ET.Element:
    try:
        name = f"{code} {registry.get(code).name}"
    except KeyError:
        name = code
    case = ET.Element("testcase", classname=_x(path), name=_x(name))
    text = _x("\n".join(_line(f, t) for f in items))
    active = [f for f in items if fails(f)]
    worst = next((s for s in SEVERITIES if any(f.severity == s for f in active)), None)
    if worst:
        first = next(f for f in active if f.severity == worst)
        msg = first.message if len(active) == 1 else t["findings"].format(n=len(active)) + first.message
        ET.SubElement(case, "failure", type=worst, message=_x(msg)).text = text
    else:
        ET.SubElement(case, "system-out").text = text
    return case


def _line(f, t) -> str:
    loc = f.location
    where = [p for p in (loc.section, loc.table, loc.block, loc.group, loc.row, loc.column) if p]
    if loc.page:
        where.append(t["page"].format(n=loc.page))
    if loc.line:
        where.append(t["line"].format(n=loc.line))
    out = f"[{f.severity}] {f.message}"
    if where:
        out += f" ({' / '.join(where)})"
    if f.expected is not None and f.actual is not None:
        data = f.to_json()
        out += f" expected={data['expected']} actual={data['actual']}"
    waived = getattr(f, "waived", None)
    if waived:
        out += f" [{t['waived']}{waived}]"
    return out


def _x(text: str) -> str:
    """Drop the characters XML 1.0 cannot represent (control characters from broken PDFs)."""
    return _BAD_XML.sub("", text)
