"""Run settings: which rules, at what severity, in which language."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import registry


@dataclass
class Settings:
    lang: str = "zh"
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code → severity override
    options: dict[str, dict] = field(default_factory=dict)  # code → {option: value}
    fail_on: str = "error"
    equations: tuple = ()  # users' own equations (see rulesfile.py)

    def enabled(self) -> set[str]:
        codes = registry.select(self.select) - registry.select(self.ignore) if self.ignore else \
            registry.select(self.select)
        # E-codes can never be switched off: a file that was not checked must not look clean
        return codes | {c for c in registry.rules() if c.startswith("E")}
