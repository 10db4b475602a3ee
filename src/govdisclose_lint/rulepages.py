"""Rule pages: ``govdisclose-lint rules`` (the code table) and ``govdisclose-lint rule CODE``.

One source: the catalogue (rules/catalog.yaml).  A page has fixed headings — what it checks,
why it matters, example (failing, then passing), options, applies to — in Chinese or English.
"""

from __future__ import annotations

from . import registry

HEADINGS = {
    "zh": {"what": "检查什么", "why": "为什么", "example": "示例", "fail": "不通过", "pass": "通过",
           "options": "选项", "applies": "适用格式", "severity": "默认级别", "status": "状态",
           "planned": "（尚未实现，代码已保留）", "none": "无"},
    "en": {"what": "What it checks", "why": "Why it matters", "example": "Example", "fail": "Failing",
           "pass": "Passing", "options": "Options", "applies": "Applies to", "severity": "Default severity",
           "status": "Status", "planned": "(planned: the code is reserved, not yet checked)", "none": "none"},
}


def page(code: str, lang: str = "zh") -> str:
    """The rule's page as Markdown."""
    rule = registry.get(code.upper())
    h = HEADINGS[lang]
    lines = [f"# {rule.code} {rule.name}", "", rule.summary.get(lang) or rule.summary["zh"], "",
             f"**{h['severity']}**: {rule.severity} · **{h['applies']}**: "
             + ", ".join(f"{v}" for v in rule.versions) + f" · **{h['status']}**: {rule.status}", ""]
    if rule.status != "stable":
        lines += [h["planned"], ""]
    docs = rule.docs
    for part in ("what", "why"):
        if part in docs:
            lines += [f"## {h[part]}", "", docs[part].get(lang) or docs[part]["zh"], ""]
    if "fail" in docs:
        lines += [f"## {h['example']}", "", f"{h['fail']}:", "", "```", str(docs["fail"]), "```", "",
                  f"{h['pass']}:", "", "```", str(docs["pass"]), "```", ""]
    lines += [f"## {h['options']}", ""]
    if rule.options:
        lines += [f"- `{k}` = {v}" for k, v in rule.options.items()]
        lines += ["", f"`[tool.govdisclose-lint.rules.{rule.code}]`"]
    else:
        lines.append(h["none"])
    return "\n".join(lines).rstrip() + "\n"


def as_json(code: str, lang: str = "zh") -> dict:
    rule = registry.get(code.upper())
    return {"code": rule.code, "name": rule.name, "severity": rule.severity, "status": rule.status,
            "versions": list(rule.versions), "summary": rule.summary.get(lang), "options": rule.options,
            "docs": {k: (v.get(lang) if isinstance(v, dict) else v) for k, v in rule.docs.items()},
            "page": page(code, lang)}


def table(lang: str = "zh") -> list[dict]:
    return [{"code": r.code, "name": r.name, "severity": r.severity, "status": r.status,
             "versions": list(r.versions), "summary": r.summary.get(lang)} for r in registry.rules().values()]
