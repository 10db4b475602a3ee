"""``--format csv``: one row per finding, for spreadsheets.

UTF-8 with a byte-order mark (so Excel opens the Chinese text correctly), RFC 4180 quoting and
CRLF line ends from the :mod:`csv` module.  A document without findings still gets one row with an
empty ``code``, so every document appears.  Rows are written as each document arrives.  The last
column, ``waived``, holds the reason of the waiver that accepted the finding (empty otherwise).
Named ``csv_report`` so as not to shadow the standard library's :mod:`csv`.
"""

from __future__ import annotations

import csv

from ..paths import shown
from .base import Reporter

COLUMNS = ("path", "status", "format_version", "year", "agency", "code", "severity", "message",
           "section", "table", "block", "group", "row", "column", "page", "line", "expected", "actual", "waived")
LOCATION = ("section", "table", "block", "group", "row", "column", "page", "line")


class CsvReporter(Reporter):
    name = "csv"

    def __init__(self, stream, lang="zh", **options):
        super().__init__(stream, lang, **options)
        self.writer = csv.writer(stream)
        self.started = False

    def document(self, result) -> None:
        self._start()
        doc = [shown(result.path), result.status, result.format_version or "", _cell(result.year), result.agency or ""]
        if not result.findings:
            self.writer.writerow(doc + [""] * (len(COLUMNS) - len(doc)))
        for f in result.findings:
            data = f.to_json()
            loc = [_cell(getattr(f.location, k, None)) for k in LOCATION]
            self.writer.writerow(doc + [f.code, f.severity, f.message] + loc
                                 + [_cell(data.get("expected")), _cell(data.get("actual")),
                                    getattr(f, "waived", None) or ""])
        self.stream.flush()

    def finish(self, summary: dict) -> None:
        self._start()  # an empty run is still a file with its header
        self.stream.flush()

    def _start(self) -> None:
        if not self.started:
            self.started = True
            self.stream.write("\ufeff")
            self.writer.writerow(COLUMNS)


def _cell(v) -> str:
    return "" if v is None else str(v)
