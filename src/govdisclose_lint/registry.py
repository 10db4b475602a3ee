"""The one registry of rules: code → metadata, docs and message templates (from ``rules/catalog.yaml``)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache

from .templates import load_yaml


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue (or a user's rules file): code, name, default severity, status, summary,
    messages by key, docs and options' defaults."""

    code: str
    name: str
    severity: str
    status: str
    summary: dict
    messages: dict = field(default_factory=dict)
    docs: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    doc_status: str | None = None  # E codes: the document status a finding of this rule implies
    versions: tuple[str, ...] = ("2019", "2021")
    opt_in: bool = False  # quiet unless selected by its own code (N405)

    @property
    def family(self) -> str:
        return self.code[0]

    def severity_of(self, key: str) -> str:
        return (self.messages.get(key) or {}).get("severity", self.severity)

    def status_of(self, key: str) -> str | None:
        return (self.messages.get(key) or {}).get("doc_status", self.doc_status)

    def render(self, key: str, params: dict, lang: str = "zh") -> str:
        tmpl = self.messages.get(key) or self.messages.get("default") or self.summary
        text = tmpl.get(lang) or tmpl.get("zh", "")
        return string.Formatter().vformat(text, (), _Params(params))


class _Params(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@lru_cache(maxsize=None)
def rules() -> dict[str, Rule]:
    data = load_yaml("catalog.yaml")["rules"]
    out = {}
    for code, r in data.items():
        out[code] = Rule(code, r["name"], r["severity"], r.get("status", "stable"), r["summary"],
                         r.get("messages", {}), r.get("docs", {}), r.get("options", {}), r.get("doc_status"),
                         tuple(r.get("versions", ("2019", "2021"))), bool(r.get("opt_in", False)))
    return out


def register_user_rule(code: str, name: str, severity: str, message: dict) -> Rule:
    """Add a rule defined in a user's rules file (codes U000–U999) for this process."""
    rule = Rule(code, name, severity, "stable", message, {"default": message},
                {"what": message, "why": {"zh": "本地规则（用户规则文件）", "en": "Local rule (user rules file)"},
                 "fail": "", "pass": ""})
    rules()[code] = rule
    return rule


def get(code: str) -> Rule:
    try:
        return rules()[code]
    except KeyError:
        raise KeyError(f"unknown rule code {code!r}") from None


def select(patterns) -> set[str]:
    """Codes matching codes or prefixes (``A3``, ``C``); unknown patterns raise ValueError.

    An opt-in rule (quiet by default) matches only its own code, never a prefix or ``ALL``."""
    out = set()
    for p in patterns:
        hit = {c for c in rules() if c.startswith(p.upper())} if p.upper() != "ALL" else set(rules())
        if not hit:
            raise ValueError(f"unknown rule code or prefix {p!r}")
        out |= {c for c in hit if c == p.upper() or not rules()[c].opt_in}
    return out
