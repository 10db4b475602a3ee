"""Reporters: render finished results. They never run checks or choose exit codes."""

from __future__ import annotations

from typing import Callable

REPORTERS: dict[str, str] = {
    "text": "govdisclose_lint.reporters.text",
    "json": "govdisclose_lint.reporters.json_report",
}


def get(name: str) -> Callable:
    import importlib

    return importlib.import_module(REPORTERS[name]).render
