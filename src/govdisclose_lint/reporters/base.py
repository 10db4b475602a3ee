"""The reporter interface: documents arrive one by one (in output order), then the run ends.

A reporter writes to ``stream`` only; it never runs checks or chooses exit codes.  Streaming
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

    def document(self, result) -> None:
        """Called once per document, in output order, as soon as it (and all before it) finished."""
        self.results.append(result)

    def finish(self, summary: dict) -> None:
        """Called once at the end with the run summary (see :func:`.summary.summarize`)."""
