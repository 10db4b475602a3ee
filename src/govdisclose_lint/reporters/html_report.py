"""``--format html``: one self-contained HTML file — a summary, then a page per document.

Streams: each document's page is written as soon as the document arrives, its line of the document
list goes to a temporary file, and only counters stay in memory; :meth:`finish` writes the summary
(charts, the sortable and filterable list) after the pages and CSS shows it first.  A page is shown
when its fragment is the URL's (``report.html#d3``), so the file works without its script, which
only adds sorting, filtering and the click-to-explain popup.  CSS and script are inline; a
Content-Security-Policy forbids loading anything.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from .. import __version__, registry
from .base import Reporter
from .html_charts import bars
from .html_document import document_view
from .html_strings import SEV, strings

ASSETS = Path(__file__).with_name("html_assets")
ROWS_MARK = "<!--ROWS-->"
TOP = 15


@lru_cache(maxsize=None)
def _env():
    from jinja2 import Environment, FileSystemLoader

    return Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


@lru_cache(maxsize=None)
def _asset(name: str) -> Markup:
    return Markup((ASSETS / name).read_text(encoding="utf-8"))


class HtmlReporter(Reporter):
    name = "html"
    machine = True

    def __init__(self, stream, lang="zh", **options):
        super().__init__(stream, lang, **options)
        self.t = strings(lang)
        self.n = 0
        self.started = False
        self.rows = tempfile.TemporaryFile("w+", encoding="utf-8")  # the document list, written at the end
        self.by_agency: Counter = Counter()
        self.codes: set[str] = set()

    def _start(self) -> None:
        if not self.started:
            self.started = True
            self.stream.write(_env().get_template("head.html.j2").render(
                t=self.t, lang=self.lang, css=_asset("report.css"), version=__version__))

    def document(self, result) -> None:
        # nothing of the document is kept: memory stays flat however long the batch
        self._start()
        self.n += 1
        view = document_view(result, self.n, self.lang)
        self.stream.write(_env().get_template("document.html.j2").render(d=view, t=self.t))
        self.rows.write(_env().get_template("listrow.html.j2").render(d=view, t=self.t))
        active = sum(1 for f in result.findings if not f.waived)
        if active:
            self.by_agency[result.agency or self.t["other_agency"]] += active
        self.codes.update(f.code for f in result.findings)

    def finish(self, summary: dict) -> None:
        self._start()
        t = self.t
        sev = summary["by_severity"]
        charts = [
            (t["by_status"], bars([(t["st_" + k], v, f"st-{k}") for k, v in summary["by_status"].items()],
                                  t["by_status"])),
            (t["by_severity"], bars([(t["sev_" + SEV[k]], sev[k], SEV[k]) for k in SEV if k in sev],
                                    t["by_severity"])),
            (t["by_rule"], bars([(f"{c} {_name(c)}", n, "n") for c, n in
                                 sorted(summary["by_code"].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]],
                                t["by_rule"])),
            (t["by_agency"], bars([(a, n, "n") for a, n in self.by_agency.most_common(TOP)], t["by_agency"])),
        ]
        page = _env().get_template("summary.html.j2").render(
            t=t, s=summary, total=sum(sev.values()), charts=charts, js=_asset("report.js"),
            rules_json=Markup(_rules_json(self.codes, self.lang)))
        head, tail = page.split(ROWS_MARK, 1)
        self.stream.write(head)
        self.rows.seek(0)
        shutil.copyfileobj(self.rows, self.stream)
        self.rows.close()
        self.stream.write(tail)


def _name(code: str) -> str:
    try:
        return registry.get(code).name
    except KeyError:
        return ""


def _rules_json(codes, lang: str) -> str:
    """What each rule checks (the catalogue's docs), for the popup; safe inside a <script> element."""
    out = {}
    for code in sorted(codes):
        try:
            what = registry.get(code).docs.get("what") or registry.get(code).summary
        except KeyError:
            continue
        out[code] = what.get(lang) or what.get("zh", "") if isinstance(what, dict) else str(what)
    return json.dumps(out, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
