"""Run settings: which rules, at what severity, in which language, and the tools to use.

Settings travel to the worker processes (pickled), so everything a worker needs is here: users' own
equations and rules (a spawned worker starts with the shipped catalogue only) and the LibreOffice path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import registry


def codes_tuple(value) -> tuple[str, ...]:
    """``"A3,S1"``, ``["A3", "S1"]`` or ``("A3",)`` → ``("A3", "S1")`` (comma lists as in ruff)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(p.strip() for item in items for p in str(item).split(",") if p.strip())


@dataclass
class Settings:
    """One run's settings (pickled to every worker): rules selected and ignored, severities, rule options,
    ``fail-on``, language, users' own equations and rules, LibreOffice's path."""

    lang: str = "zh"
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code → severity override
    options: dict[str, dict] = field(default_factory=dict)  # code → {option: value}
    fail_on: str = "error"
    equations: tuple = ()  # users' own equations (see rulesfile.py)
    user_rules: tuple = ()  # users' own rules (U000–U999) the equations report under
    soffice: str | None = None  # LibreOffice's soffice, when not found by itself

    def __post_init__(self):
        self.select = codes_tuple(self.select) or ("ALL",)
        self.ignore = codes_tuple(self.ignore)

    def enabled(self) -> set[str]:
        codes = registry.select(self.select) - registry.select(self.ignore) if self.ignore else \
            registry.select(self.select)
        # E-codes can never be switched off: a file that was not checked must not look clean
        return codes | {c for c in registry.rules() if c.startswith("E")}
