"""Rules files: the reconciliation equations as data (``rules/equations.yaml`` and users' own files).

A rules file is data, never code: every ``check`` is parsed by :mod:`.expr`, which accepts only
arithmetic, comparisons, cell references (``T3.K7.总计``) and ``sum min max abs``.  A user file
defines its own rules with codes ``U`` + three digits and reports only under them::

    rules:
      U101:
        name: fee-implausible
        severity: warning
        message: {zh: "表二行政事业性收费 {actual} 万元，超过 {expected}", en: "Fee {actual} 万元 exceeds {expected}"}
    equations:
      - code: U101
        check: "T2.行政事业性收费.本年收费金额（单位：万元） <= 100000"

Everything is validated when the file is loaded, so that what loads cannot fail on a document
(:mod:`.rulecheck` does the per-template part): the YAML (:mod:`.rulesyaml`: size, depth, no
aliases); every key and its type; ``versions`` against the known formats; ``for_each`` sources
against the templates; ``params`` as finite numbers written plainly, within their declared
``min``/``max``; the ``check`` template (only its own variables, no attribute, index or format
spec); every instantiated check parsed and its references looked up in the templates; message
templates (only ``{row} {column} {actual} {expected}``, a bounded width, nothing else).
Anything wrong is a :class:`RulesFileError` naming the file and the line.
"""

from __future__ import annotations

import math
import os
import re
import stat
import string
from dataclasses import dataclass
from functools import lru_cache


EQUATION_KEYS = {"code", "versions", "for_each", "check", "params"}
USER_CODE_RE = re.compile(r"^U\d{3}$")
SEVERITIES = ("error", "warning", "info")
#: what every equation's finding gives its message (checks/arithmetic.py)
MESSAGE_FIELDS = ("row", "column", "actual", "expected")
MAX_EQUATIONS = 500
MAX_NAME_CHARS = 80
MAX_MESSAGE_CHARS = 500
MAX_WIDTH = 40
PARAM_LIMIT = 10 ** 12
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,30}$")
_SPEC_RE = re.compile(r"^(?:[^{}]?[<>^])?(\d{0,2})$")
_LITERAL_RE = re.compile(r"^-?\d{1,15}(\.\d{1,10})?$")


class RulesFileError(ValueError):
    """A malformed rules file: the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class Equation:
    """One equation of a rules file: the code it reports under, the formats it applies to (``()``: all),
    its ``for_each`` variable, the ``check`` text and its parameters."""

    code: str
    versions: tuple[str, ...]
    for_each: tuple[tuple[str, object], ...]
    check: str
    params: tuple[tuple[str, object], ...]  # (name, default)
    bounds: tuple[tuple[str, float, float], ...] = ()  # (name, min, max)


@dataclass(frozen=True)
class UserRule:
    """A rule defined in a user's rules file (``U101``): its name, severity and message ``{zh, en}``."""

    code: str
    name: str
    severity: str
    message: dict


def _lines(root) -> dict[tuple, int]:
    """1-based lines of the equation entries, user rules and their keys, from the YAML node tree."""
    import yaml

    out: dict[tuple, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out

    def keys(prefix: tuple, node) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                out[(*prefix, str(k.value))] = v.start_mark.line + 1

    for key, value in root.value:
        if key.value == "equations" and isinstance(value, yaml.SequenceNode):
            for n, item in enumerate(value.value, start=1):
                out[("equation", n)] = item.start_mark.line + 1
                keys(("equation", n), item)
        if key.value == "rules" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                out[("rule", str(k.value))] = k.start_mark.line + 1
                keys(("rule", str(k.value)), v)
    return out


class _Where:
    """Builds error messages that name the file and the line of an entry (or of one of its keys)."""

    def __init__(self, source: str, lines: dict, entry: tuple, label: str):
        self.source, self.lines, self.entry, self.label = source, lines, entry, label

    def __call__(self, msg: str, key: str | None = None) -> RulesFileError:
        line = self.lines.get((*self.entry, key)) if key else None
        line = line or self.lines.get(self.entry)
        at = f"line {line}" if line else self.label
        return RulesFileError(f"{self.source}: {at}: {msg}")


def load_text(text: str, source: str, known_codes=(), *, user: bool = False
              ) -> tuple[list[Equation], list[UserRule]]:
    """Load and validate a rules file's text.  A ``user`` file reports only under U-codes
    (its own, or ones already known)."""
    from .rulesyaml import YamlLimitError, load as load_yaml_limited  # PyYAML only when a file is given

    try:
        data, root = load_yaml_limited(text)
    except YamlLimitError as exc:
        raise RulesFileError(f"{source}: line {exc.line}: {exc}" if exc.line else f"{source}: {exc}") from None
    lines = _lines(root)
    rules = _user_rules(data, source, lines)
    codes = set(known_codes) | {r.code for r in rules}
    if user:
        codes = {c for c in codes if USER_CODE_RE.match(c)}
    return parse_equations(data, source, lines, codes), rules


def load_file(path: str, known_codes=()) -> tuple[list[Equation], list[UserRule]]:
    """A user's rules file (see :func:`load_text`)."""
    from .rulesyaml import MAX_CHARS

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device would block or never end
            raise RulesFileError(f"{path}: not a regular file")
        with open(path, encoding="utf-8") as fh:
            text = fh.read(MAX_CHARS + 1)  # more is refused by the loader
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesFileError(f"{path}: {exc}") from None
    return load_text(text, path, known_codes, user=True)


def template_fields(text: str) -> list[tuple[str, str | None, str]]:
    """``(field, conversion, format spec)`` of each replacement field of a ``str.format`` template;
    ValueError when the template is malformed (``"{actual"``)."""
    return [(f, c, s or "") for _lit, f, s, c in string.Formatter().parse(text) if f is not None]


def _check_message(text, where: _Where, key: str) -> str:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_MESSAGE_CHARS:
        raise where(f"message '{key}' must be a text of 1 to {MAX_MESSAGE_CHARS} characters", "message")
    try:
        fields = template_fields(text)
    except ValueError as exc:
        raise where(f"message '{key}' is not a valid template ({exc}); write {{{{ and }}}} for braces",
                    "message") from None
    for name, conv, spec in fields:
        m = _SPEC_RE.match(spec)
        if name not in MESSAGE_FIELDS or conv is not None or not m or int(m.group(1) or 0) > MAX_WIDTH:
            raise where(f"message '{key}': {{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}} is "
                        f"not allowed; use {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)} "
                        f"(optionally with an alignment and a width up to {MAX_WIDTH}, like {{actual:>8}})",
                        "message")
    return text


def _user_rules(data, source: str, lines) -> list[UserRule]:
    if not isinstance(data, dict):
        return []
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise RulesFileError(f"{source}: 'rules' must be a mapping of codes to rules")
    out = []
    for code, r in rules.items():
        where = _Where(source, lines, ("rule", str(code)), f"rule {_shown(code)}")
        if not isinstance(code, str) or not USER_CODE_RE.match(code):
            raise where(f"rule {_shown(code)}: user rule codes are U and three digits (U101)")
        if not isinstance(r, dict) or set(r) - {"name", "severity", "message"} or "message" not in r:
            raise where(f"rule {code}: needs 'name', 'severity' and 'message' {{zh, en}} only")
        name = r.get("name", code)
        if not isinstance(name, str) or not name or len(name) > MAX_NAME_CHARS:
            raise where(f"rule {code}: 'name' must be a text of 1 to {MAX_NAME_CHARS} characters", "name")
        if r.get("severity", "warning") not in SEVERITIES:
            raise where(f"rule {code}: severity must be one of {', '.join(SEVERITIES)}", "severity")
        msg = r["message"]
        if not isinstance(msg, dict) or set(msg) - {"zh", "en"} or not msg.get("zh"):
            raise where(f"rule {code}: 'message' needs zh (and may have en), nothing else", "message")
        zh = _check_message(msg["zh"], where, "zh")
        en = _check_message(msg["en"], where, "en") if msg.get("en") else zh
        out.append(UserRule(code, name, r.get("severity", "warning"), {"zh": zh, "en": en}))
    return out


def _shown(value) -> str:
    """A value from the file as an error message shows it: short, whatever it is."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def literal_ok(value) -> bool:
    """A parameter value that becomes a plain number in an equation (finite, bounded, no exponent)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            and abs(value) <= PARAM_LIMIT and bool(_LITERAL_RE.match(format(value))))


def _params(raw, where: _Where):
    if raw is None:
        return (), ()
    if not isinstance(raw, dict):
        raise where("'params' must be a mapping of names to numbers", "params")
    params, bounds = [], []
    for name, spec in raw.items():
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise where(f"parameter name {_shown(name)} must be a plain name (letters, digits, _)", "params")
        if isinstance(spec, dict):
            if set(spec) - {"default", "min", "max"} or "default" not in spec:
                raise where(f"parameter {name}: takes default, min and max", "params")
            default, lo, hi = spec["default"], spec.get("min", -PARAM_LIMIT), spec.get("max", PARAM_LIMIT)
        else:
            default, lo, hi = spec, -PARAM_LIMIT, PARAM_LIMIT
        if not all(literal_ok(v) for v in (default, lo, hi)) or not lo <= default <= hi:
            raise where(f"parameter {name}: default, min and max must be plain finite numbers "
                        f"(like 0.1, at most 15 digits), min <= default <= max", "params")
        params.append((name, default))
        bounds.append((name, lo, hi))
    return tuple(params), tuple(bounds)


def _for_each(raw, where: _Where):
    from .rulecheck import MAX_VALUES

    if not raw:
        return ()
    if not isinstance(raw, dict) or len(raw) != 1:
        raise where("'for_each' takes one variable: {name: T3.rows | T3.columns | [values]}", "for_each")
    (var, source), = raw.items()
    if not isinstance(var, str) or not _NAME_RE.match(var):
        raise where(f"'for_each' variable {_shown(var)} must be a plain name", "for_each")
    if isinstance(source, list):
        if not 1 <= len(source) <= MAX_VALUES or not all(isinstance(v, str) and v for v in source):
            raise where(f"'for_each' {var}: a list of 1 to {MAX_VALUES} row or column keys", "for_each")
    elif not isinstance(source, str) or not re.fullmatch(r"T\d\.(rows|columns)", source):
        raise where(f"'for_each' {var}: source must be TABLE.rows, TABLE.columns or a list", "for_each")
    return ((var, source),)


def parse_equations(data, source: str, lines=None, codes=None) -> list[Equation]:
    from .rulecheck import check_equation
    from .templates import templates

    lines = lines or {}
    if not isinstance(data, dict) or not isinstance(data.get("equations"), list):
        raise RulesFileError(f"{source}: expected a mapping with a list 'equations'")
    if len(data["equations"]) > MAX_EQUATIONS:
        raise RulesFileError(f"{source}: more than {MAX_EQUATIONS} equations")
    out = []
    for n, e in enumerate(data["equations"], start=1):
        where = _Where(source, lines, ("equation", n), f"equation {n}")
        if not isinstance(e, dict) or "code" not in e or "check" not in e:
            raise where("needs 'code' and 'check'")
        unknown = set(e) - EQUATION_KEYS
        if unknown:
            raise where(f"unknown keys {', '.join(sorted(_shown(k) for k in unknown)[:5])}")
        code = e["code"]
        if not isinstance(code, str) or (codes is not None and code not in codes):
            known = "a U-code defined in a rules file" if codes is not None and all(
                USER_CODE_RE.match(c) for c in codes) else "a known rule code"
            raise where(f"unknown rule code {_shown(code)} (must be {known})", "code")
        versions = e.get("versions", list(templates()))
        if not isinstance(versions, list) or not versions or \
                not all(isinstance(v, str) and v in templates() for v in versions):
            raise where(f"'versions' must be a list of {', '.join(templates())}", "versions")
        if not isinstance(e["check"], str):
            raise where("'check' must be a text", "check")
        params, bounds = _params(e.get("params"), where)
        eq = Equation(code, tuple(versions) if "versions" in e else (), _for_each(e.get("for_each"), where),
                      e["check"], params, bounds)
        problem = check_equation(eq)
        if problem:
            raise where(f"({code}) {problem[1]}", problem[0])
        out.append(eq)
    return out


def instances(eq: Equation, tpl, where: str = ""):
    """The substitutions of an equation's ``for_each`` variable in a template (one empty one without)."""
    if not eq.for_each:
        yield {}
        return
    (var, source), = eq.for_each[:1]
    if isinstance(source, list):
        values = source
    else:
        table, _, what = str(source).partition(".")
        if table not in tpl.tables or what not in ("rows", "columns"):
            raise RulesFileError(f"{where} ({eq.code}): 'for_each' names table {table}, which the {tpl.version} "
                                 "format does not have (it takes a list, TABLE.rows or TABLE.columns)")
        spec = tpl.tables[table]
        values = [r.key for r in spec.rows] if what == "rows" else [c.key for c in spec.rows[0].columns]
    for v in values:
        yield {var: v}


@lru_cache(maxsize=None)
def shipped(name: str = "equations.yaml") -> tuple[Equation, ...]:
    """The equations of a shipped rules file (``rules/equations.yaml``, ``rules/crossyear.yaml``):
    validated like a user's, read with the fast loader (they are ours; the test suite checks them
    with line numbers through :func:`load_text`)."""
    from . import registry
    from .templates import load_yaml, rules_dir

    return tuple(parse_equations(load_yaml(name), str(rules_dir() / name), None, registry.rules()))


def option_problem(code: str, name: str, value) -> str | None:
    """Why ``value`` cannot be the option ``rules.CODE.NAME`` of the configuration, or None.

    An option that is a parameter of an equation must be a plain finite number within the range
    the equation declares (A307 threshold: 0 to 1), and the equation must still hold together with it.
    """
    from .rulecheck import check_equation

    if not literal_ok(value):
        return "must be a finite number written plainly (like 0.15; no nan, inf or exponent)"
    for eq in shipped():
        bounds = {n: (lo, hi) for n, lo, hi in eq.bounds}
        if eq.code != code or name not in bounds:
            continue
        lo, hi = bounds[name]
        if not lo <= value <= hi:
            return f"must be between {lo} and {hi}"
        problem = check_equation(eq, {name: value})
        if problem:  # pragma: no cover - the range keeps the equation valid
            return problem[1]
    return None
