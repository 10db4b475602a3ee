"""Third-party libraries never write to stderr: their logging and warnings are caught while reading.

pdfminer logs a warning for every font it cannot measure ("Could not get FontBBox
from font descriptor…", about 100 times for a PDF printed by Chromium) and for
damaged streams ("Data-loss while decompressing corrupted data"); Python's
last-resort handler would print each line.  Inside :func:`quiet_libraries` the
library loggers hand their records to a collector instead, and warnings are
recorded.  What matters about the file is found by the reader itself and becomes a
finding (a content stream that does not inflate: :func:`.pdf._damaged_content`); the
collected messages are kept for debugging (``Heard``), never printed.

pdfminer also calls ``log.debug`` in its innermost loops (about 26,000 calls a page); inside
:func:`quiet_libraries` those calls go to a no-op instead of the logging machinery (≈5% of a PDF's
reading time), and are restored afterwards.
"""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL", "docx", "charset_normalizer", "fontTools")
#: messages kept (a damaged file can log one per object)
MAX_KEPT = 200


@dataclass
class Heard:
    """What the libraries said: every message counted, the first ``MAX_KEPT`` kept."""

    messages: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.messages) < MAX_KEPT:
            self.messages.append(message)


def _noop(*_args, **_kwargs) -> None:
    return None


def _debug_loggers() -> list[logging.Logger]:
    """The loggers of the libraries' modules already imported (``pdfminer.psparser`` …)."""
    prefixes = tuple(f"{name}." for name in LIBRARY_LOGGERS)
    return [logger for name, logger in list(logging.Logger.manager.loggerDict.items())
            if isinstance(logger, logging.Logger) and (name in LIBRARY_LOGGERS or name.startswith(prefixes))]


class _Collector(logging.Handler):
    def __init__(self, heard: Heard):
        super().__init__(logging.WARNING)
        self.heard = heard

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.heard.add(record.getMessage())
        except Exception:  # noqa: BLE001 - a malformed log call must not break reading
            self.heard.add(str(record.msg))


@contextmanager
def quiet_libraries() -> Iterator[Heard]:
    """Collect the library loggers' records and Python warnings instead of printing them."""
    heard = Heard()
    handler = _Collector(heard)
    saved = []
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(handler)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
    muted = [logger for logger in _debug_loggers() if "debug" not in vars(logger)]
    for logger in muted:
        logger.debug = _noop  # an instance attribute shadows Logger.debug; removed below
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            yield heard
        finally:
            for logger in muted:
                vars(logger).pop("debug", None)
            for logger, propagate, level in saved:
                logger.removeHandler(handler)
                logger.propagate = propagate
                logger.setLevel(level)
            for w in caught:
                heard.add(f"{w.category.__name__}: {w.message}")
