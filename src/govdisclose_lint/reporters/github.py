"""``--format github``: GitHub Actions workflow commands, plus a job summary.

``::error file=PATH,line=N,title=CODE NAME::message`` (warning → ``::warning``, info → ``::notice``).
GitHub shows at most 10 annotations of each level per step, so errors come first, then warnings,
then notices, each capped at :data:`MAX_PER_LEVEL`; one plain line then says how many were left out.
A document that could not be fully checked gets an error annotation of its own.  Waived findings
are not annotated (they are counted in the summary).

When ``GITHUB_STEP_SUMMARY`` is set, a Markdown summary is appended to that file: documents by
status, findings by severity, a table of the documents, and the most frequent rules.
"""

from __future__ import annotations

import os
from collections import Counter

from .. import registry
from ..paths import shown
from .base import Reporter

MAX_PER_LEVEL = 10
#: documents listed in the job summary (GitHub caps a step summary at 1 MiB); past this, only the
#: documents with errors or not fully checked are listed, the worst first
MAX_ROWS = 100
LEVELS = (("error", "error"), ("warning", "warning"), ("info", "notice"))
L = {
    "zh": {"unchecked": "文档未能完整检查（状态：{s}）", "title_unchecked": "govdisclose-lint 未完整检查",
           "page": "（第{n}页）", "hidden": "govdisclose-lint：另有 {n} 条标注未显示（GitHub 每级最多显示 {m} 条）："
           "{e} 条错误、{w} 条警告、{i} 条提示；完整结果见任务摘要或 --format sarif/json",
           "head": "govdisclose-lint 检查结果", "docs": "文档", "status": "状态", "findings": "问题",
           "severity": "级别", "count": "数量", "path": "文件", "error": "错误", "warning": "警告", "info": "提示",
           "rule": "规则", "name": "名称", "top": "最常见的规则", "waived": "已豁免", "none": "没有发现问题",
           "more": "另有 {n} 份文档未列出", "nothing": "没有检查任何文档", "skipped": "跳过：{n} 个不是年度报告的文件，{e} 个被排除的文件"},
    "en": {"unchecked": "The document could not be fully checked (status: {s})",
           "title_unchecked": "govdisclose-lint: not fully checked", "page": " (page {n})",
           "hidden": "govdisclose-lint: {n} more annotations not shown (GitHub shows at most {m} per level): "
           "{e} errors, {w} warnings, {i} notices; see the job summary or --format sarif/json",
           "head": "govdisclose-lint results", "docs": "Documents", "status": "Status", "findings": "Findings",
           "severity": "Severity", "count": "Count", "path": "File", "error": "Errors", "warning": "Warnings",
           "info": "Notices", "rule": "Rule", "name": "Name", "top": "Most frequent rules", "waived": "waived",
           "none": "No findings", "more": "{n} more documents not listed", "nothing": "No documents were checked",
           "skipped": "Skipped: {n} files that are not annual reports, {e} excluded files"},
}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    """One workflow command line; ``None`` properties are left out."""
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {parts}::{escape_data(message)}" if parts else f"::{level}::{escape_data(message)}"


class GithubReporter(Reporter):
    name = "github"

    def finish(self, summary: dict) -> None:
        t = L.get(self.lang, L["zh"])
        queues: dict[str, list[str]] = {sev: [] for sev, _ in LEVELS}
        for r in self.results:
            path = _rel(r.path)
            if r.status != "checked":
                queues["error"].append(command("error", t["unchecked"].format(s=r.status), file=path,
                                               title=t["title_unchecked"]))
            for f in r.findings:
                if getattr(f, "waived", None) or f.severity not in queues:
                    continue
                msg = f.message + (t["page"].format(n=f.location.page) if f.location.page else "")
                level = dict(LEVELS)[f.severity]
                queues[f.severity].append(command(level, msg, file=path, line=f.location.line or None,
                                                  title=f"{f.code} {_rule_name(f.code)}".strip()))
        hidden = {}
        for sev, _ in LEVELS:
            for line in queues[sev][:MAX_PER_LEVEL]:
                self.stream.write(line + "\n")
            hidden[sev] = max(0, len(queues[sev]) - MAX_PER_LEVEL)
        if any(hidden.values()):
            self.stream.write(t["hidden"].format(n=sum(hidden.values()), m=MAX_PER_LEVEL, e=hidden["error"],
                                                 w=hidden["warning"], i=hidden["info"]) + "\n")
        self.stream.flush()
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if target and not self.options.get("trial"):
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(step_summary(self.results, t, self.fails, summary.get("skipped")))


def step_summary(results, t, fails=None, skipped=None) -> str:
    active = [(r, f) for r in results for f in r.findings if not getattr(f, "waived", None)]
    statuses = Counter(r.status for r in results)
    sevs = Counter(f.severity for _, f in active)
    waived = sum(1 for r in results for f in r.findings if getattr(f, "waived", None))
    fails = fails or (lambda f: f.severity == "error" and not getattr(f, "waived", None))
    out = [f"## {t['head']}", ""]
    if not results:  # a run that checked nothing must not read as "no problems"
        out.append(f"**{t['nothing']}**")
    else:
        out.append(f"**{t['docs']}**: {len(results)} — " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    if skipped and (skipped.get("not_a_report") or skipped.get("excluded")):
        out += ["", t["skipped"].format(n=len(skipped.get("not_a_report") or ()), e=skipped.get("excluded", 0))]
    out.append("")
    if not results:
        return "\n".join(out) + "\n"
    counts = ", ".join(f"{t[s]}: {sevs[s]}" for s, _ in LEVELS if sevs[s]) or t["none"]
    out.append(f"**{t['findings']}**: {counts}" + (f" ({t['waived']}: {waived})" if waived else ""))
    out += ["", f"| {t['path']} | {t['status']} | {t['error']} | {t['warning']} | {t['info']} |",
            "|---|---|---:|---:|---:|"]
    rows = [(r, Counter(f.severity for f in r.findings if not getattr(f, "waived", None))) for r in results]
    if len(rows) > MAX_ROWS:
        bad = [(r, c) for r, c in rows if c["error"] or r.status != "checked"]
        rows = sorted(bad, key=lambda rc: (rc[0].status == "checked", -rc[1]["error"]))[:MAX_ROWS]
    for r, c in rows:
        mark = "✅" if r.status == "checked" and not any(fails(f) for f in r.findings) else "❌"
        out.append(f"| {_md(_rel(r.path))} | {mark} {r.status} | {c['error']} | {c['warning']} | {c['info']} |")
    if len(rows) < len(results):
        out += ["", t["more"].format(n=len(results) - len(rows))]
    top = Counter(f.code for _, f in active).most_common(MAX_PER_LEVEL)
    if top:
        out += ["", f"### {t['top']}", "", f"| {t['rule']} | {t['name']} | {t['count']} |", "|---|---|---:|"]
        out += [f"| {code} | {_md(_rule_name(code))} | {n} |" for code, n in top]
    return "\n".join(out) + "\n\n"


def _rule_name(code: str) -> str:
    try:
        return registry.get(code).name
    except KeyError:
        return ""


def _rel(path: str) -> str:
    """The path as GitHub wants it: relative to the workspace (or cwd) with forward slashes."""
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive (Windows)
        return shown(path).replace(os.sep, "/")
    outside = rel == os.pardir or rel.startswith(os.pardir + os.sep)
    return shown(path if outside else rel).replace(os.sep, "/")


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")
