"""The reporter interface: documents arrive one by one (in output order), then the run ends.

A reporter writes to ``stream`` only; it never runs checks or chooses exit codes.  Options the CLI
passes: ``fail_on`` (the severity that fails: JUnit failures and the GitHub summary follow it),
``quiet`` (only findings), ``trial`` (a trial rendering in a worker: no side effects such as the
GitHub step summary).  Streaming
formats (jsonl, text) write in :meth:`document`; whole-run formats (json, sarif, junit, csv,
github) collect and write in :meth:`finish`.
"""

from __future__ import annotations

from typing import TextIO


class Reporter:
    name = ""
    #: machine formats get no progress bar and no chatter on stderr
    machine = True

    def __init__(self, stream: TextIO, lang: str = "zh", **options):
        self.stream = stream
        self.lang = lang
        self.options = options
        self.results: list = []
        self.fail_on = options.get("fail_on", "error")

    def fails(self, finding) -> bool:
        """Whether an (unwaived) finding is at or above ``--fail-on``."""
        from ..findings import SEVERITY_RANK

        if self.fail_on == "never" or getattr(finding, "waived", None):
            return False
        return SEVERITY_RANK.get(finding.severity, 0) >= SEVERITY_RANK[self.fail_on]

    def document(self, result) -> None:
        """Called once per document, in output order, as soon as it (and all before it) finished."""
        self.results.append(result)

    def finish(self, summary: dict) -> None:
        """Called once at the end with the run summary (see :func:`.summary.summarize`)."""
