"""Configuration: ``[tool.govdisclose-lint]`` in pyproject.toml, or a govdisclose-lint.toml.

Discovered upward from the current directory (the first file that has a configuration wins),
or named with ``--config`` (any file name: a file with a ``[tool.govdisclose-lint]`` table is read
like a pyproject.toml).  Command-line options override the file.  Everything is validated: an
unknown key, rule code, option or value, a number out of its range, a file that is not UTF-8 or nests
too deep (:mod:`.safeload`) is a :class:`ConfigError` (exit code 2) that names the file and the key or
line.  ``exclude`` patterns are relative to the configuration file's folder.

Example (pyproject.toml)::

    [tool.govdisclose-lint]
    select = ["ALL"]
    ignore = ["C201", "L6"]
    fail-on = "warning"
    lang = "zh"
    exclude = ["drafts/**", "*.bak.docx"]
    timeout = 60            # seconds per file
    memory = 1024           # MB address space per worker
    jobs = 2

    [tool.govdisclose-lint.severity]
    S103 = "warning"

    [tool.govdisclose-lint.rules.A307]
    threshold = 0.15        # share of 其他处理 that is "high"

    equations = ["local-rules.yaml"]   # users' own equations and U-rules (see rulesfile.py)
    soffice = "C:/Program Files/LibreOffice/program/soffice.exe"   # when not found by itself
    respect-gitignore = true             # skip what .gitignore files exclude
    cache-dir = ".lint-cache"            # results of earlier runs (default: the user's cache folder)
    executor = "dask"                    # lint on a Dask cluster (default "local": worker processes here)
    scheduler = "tcp://10.0.0.5:8786"    # the cluster's scheduler (without it: a local cluster)
    dask-shared-paths = true             # workers read the files from a share (default: bytes sent)

    roster = "roster.csv"               # unit,parent[,kind]: a region's units (X506, who has not reported)

    [tool.govdisclose-lint.agencies]    # names that mean the same agency (X501–X507)
    "上海市科委" = "上海市科学技术委员会"

    [tool.govdisclose-lint.deadlines]   # for M701 (publication date), MM-DD of the next year
    department = "01-31"
    county = "02-20"
    city = "03-10"
    province = "03-31"
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import registry, rulesfile, safeload
from .findings import SEVERITIES
from .settings import Settings

FILE_NAME = "govdisclose-lint.toml"
KEYS = {"select", "ignore", "severity", "fail-on", "lang", "exclude", "timeout", "memory", "jobs", "rules",
        "deadlines", "equations", "soffice", "respect-gitignore", "cache-dir", "executor", "scheduler",
        "dask-shared-paths", "agencies", "roster"}
#: the range of every numeric option, on the command line and in the file alike
RANGES = {"timeout": (0.1, 86400.0), "memory": (0, 1 << 20), "jobs": (1, 256)}
OPTION_LIMIT = 1e9  # rule options (thresholds, counts): finite and at most this
FAIL_ON = ("error", "warning", "info", "never")
EXECUTORS = ("local", "dask")
DEADLINE_KINDS = ("department", "county", "city", "province")
DEFAULT_DEADLINES = {"department": "01-31", "county": "02-20", "city": "03-10", "province": "03-31"}


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    """The configuration as read (defaults where the file says nothing): the :class:`Settings` the workers
    get, and the run's excludes, limits, executor, cache and cross-document data."""

    settings: Settings = field(default_factory=Settings)
    exclude: tuple[str, ...] = ()
    timeout: float = 60.0
    memory: int = 1024
    jobs: int | None = None
    respect_gitignore: bool = True
    cache_dir: str | None = None  # where results are cached (None: the platform's user cache folder)
    executor: str | None = None  # "local" or "dask" (daskrun.py)
    scheduler: str | None = None  # a Dask scheduler's address
    dask_shared_paths: bool = False  # Dask workers read files from their paths (a share), not sent bytes
    deadlines: dict = field(default_factory=lambda: dict(DEFAULT_DEADLINES))
    source: str | None = None  # the file it came from
    agencies: dict = field(default_factory=dict)  # agency name as written → the name to use (crossdoc)
    roster: object = None  # crossdoc.roster.Roster: unit → parent region, kind

    @property
    def base(self) -> str:
        """The folder ``exclude`` patterns and rules files are relative to."""
        return os.path.dirname(os.path.abspath(self.source)) if self.source else os.getcwd()

    def effective(self) -> dict:
        s = self.settings
        return {"source": self.source, "select": list(s.select), "ignore": list(s.ignore),
                "severity": dict(s.severity), "fail-on": s.fail_on, "lang": s.lang, "exclude": list(self.exclude),
                "timeout": self.timeout, "memory": self.memory, "jobs": self.jobs or os.cpu_count() or 1,
                "soffice": s.soffice, "respect-gitignore": self.respect_gitignore, "cache-dir": self.cache_dir,
                "executor": self.executor or ("dask" if self.scheduler else "local"), "scheduler": self.scheduler,
                "dask-shared-paths": self.dask_shared_paths,
                "rules": {c: dict(o) for c, o in sorted(self.option_values().items())},
                "deadlines": dict(self.deadlines), "equations": [e.code + ": " + e.check for e in s.equations],
                "agencies": dict(self.agencies), "roster": self.roster.source if self.roster else None,
                "enabled": sorted(s.enabled())}

    def option_values(self) -> dict:
        """Every rule option with its effective value (defaults from the catalogue)."""
        out = {}
        for code, rule in registry.rules().items():
            if rule.options:
                out[code] = {**rule.options, **self.settings.options.get(code, {})}
        return out


def discover(start: Path | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (default: the current directory)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / FILE_NAME
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file() and _section(py) is not None:
            return py
    return None


def _section(path: Path, named: bool = False):
    try:
        data = safeload.load_toml(path)
    except safeload.LoadError as exc:
        raise ConfigError(str(exc)) from None
    if path.name == "pyproject.toml" or (named and set(data) == {"tool"}):
        return data.get("tool", {}).get("govdisclose-lint")
    return data


def load(path: Path | None = None, *, search: bool = True) -> Config:
    """Load and validate a configuration (``path``, else the discovered file, else defaults)."""
    if path is None and search:
        path = discover()
    if path is None:
        return Config()
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: configuration file not found")
    data = _section(path, named=True)
    if data is None:
        raise ConfigError(f"{path}: no [tool.govdisclose-lint] table")
    return from_mapping(data, str(path))


def check_number(key: str, val, integer: bool):
    """``val`` if it is a finite number of the right kind within :data:`RANGES`, else ValueError."""
    low, high = RANGES[key]
    kind = int if integer else (int, float)
    if not isinstance(val, kind) or isinstance(val, bool) or not math.isfinite(val) or not low <= val <= high:
        raise ValueError(f"must be {'an integer' if integer else 'a number'} from {low:g} to {high:g}")
    return val


def from_mapping(data: dict, source: str = "<config>") -> Config:
    def err(key, msg):
        return ConfigError(f"{source}: {key}: {msg}")

    unknown = set(data) - KEYS
    if unknown:
        raise err(sorted(unknown)[0], f"unknown key (known: {', '.join(sorted(KEYS))})")
    cfg = Config(source=source)
    s = cfg.settings

    def codes(key):
        val = data.get(key, [])
        if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
            raise err(key, "must be a list of rule codes or prefixes")
        try:
            registry.select(val)
        except ValueError as exc:
            raise err(key, str(exc)) from None
        return tuple(val)

    if "select" in data:
        s.select = codes("select") or ("ALL",)
    s.ignore = codes("ignore")
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise err("severity", "must be a table of CODE = \"error|warning|info\"")
    for code, level in sev.items():
        if code not in registry.rules():
            raise err(f"severity.{code}", "unknown rule code")
        if level not in SEVERITIES:
            raise err(f"severity.{code}", f"must be one of {', '.join(SEVERITIES)}")
    s.severity = dict(sev)
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise err("fail-on", f"must be one of {', '.join(FAIL_ON)}")
        s.fail_on = data["fail-on"]
    if "lang" in data:
        if data["lang"] not in ("zh", "en"):
            raise err("lang", "must be zh or en")
        s.lang = data["lang"]
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(v, str) for v in exclude):
        raise err("exclude", "must be a list of glob patterns")
    cfg.exclude = tuple(exclude)
    for key, integer in (("timeout", False), ("memory", True), ("jobs", True)):
        if key in data:
            try:
                setattr(cfg, key, check_number(key, data[key], integer))
            except ValueError as exc:
                raise err(key, str(exc)) from None
    if "respect-gitignore" in data:
        if not isinstance(data["respect-gitignore"], bool):
            raise err("respect-gitignore", "must be true or false")
        cfg.respect_gitignore = data["respect-gitignore"]
    base = Path(cfg.base)
    if "soffice" in data:
        if not isinstance(data["soffice"], str) or not data["soffice"]:
            raise err("soffice", "must be the path of LibreOffice's soffice program")
        s.soffice = str(base / os.path.expanduser(data["soffice"]))
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"]:
            raise err("cache-dir", "must be the path of a folder")
        cfg.cache_dir = str(base / os.path.expanduser(data["cache-dir"]))
    if "executor" in data:
        if data["executor"] not in EXECUTORS:
            raise err("executor", f"must be one of {', '.join(EXECUTORS)}")
        cfg.executor = data["executor"]
    if "scheduler" in data:
        if not isinstance(data["scheduler"], str) or not data["scheduler"]:
            raise err("scheduler", "must be a Dask scheduler's address, e.g. tcp://10.0.0.5:8786")
        cfg.scheduler = data["scheduler"]
    if "dask-shared-paths" in data:
        if not isinstance(data["dask-shared-paths"], bool):
            raise err("dask-shared-paths", "must be true or false")
        cfg.dask_shared_paths = data["dask-shared-paths"]
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise err("rules", "must be a table of rule options")
    for code, opts in rules.items():
        rule = registry.rules().get(code)
        if rule is None:
            raise err(f"rules.{code}", "unknown rule code")
        if not isinstance(opts, dict):
            raise err(f"rules.{code}", "must be a table of options")
        for name, val in opts.items():
            if name not in rule.options:
                known = ", ".join(rule.options) or "none"
                raise err(f"rules.{code}.{name}", f"unknown option (known: {known})")
            default = rule.options[name]
            if not isinstance(val, (int, float)) or isinstance(val, bool) or not isinstance(default, (int, float)) \
                    or not math.isfinite(val) or abs(val) > OPTION_LIMIT or (val < 0 <= default):
                raise err(f"rules.{code}.{name}", f"must be a finite number like {default}")
            problem = rulesfile.option_problem(code, name, val)  # plain, within the equation's range
            if problem:
                raise err(f"rules.{code}.{name}", problem)
    s.options = {c: dict(o) for c, o in rules.items()}
    files = data.get("equations", [])
    if not isinstance(files, list) or not all(isinstance(v, str) for v in files):
        raise err("equations", "must be a list of rules files")
    extra, user = [], []
    for f in files:
        try:
            eqs, user_rules = rulesfile.load_file(str(base / f), registry.rules())
        except rulesfile.RulesFileError as exc:
            raise ConfigError(str(exc)) from None
        for r in user_rules:
            registry.register_user_rule(r.code, r.name, r.severity, r.message)
        extra.extend(eqs)
        user.extend(user_rules)
    s.equations, s.user_rules = tuple(extra), tuple(user)
    deadlines = data.get("deadlines", {})
    if not isinstance(deadlines, dict):
        raise err("deadlines", "must be a table")
    for kind, mmdd in deadlines.items():
        if kind not in DEADLINE_KINDS:
            raise err(f"deadlines.{kind}", f"unknown kind (known: {', '.join(DEADLINE_KINDS)})")
        if not isinstance(mmdd, str) or not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", mmdd):
            raise err(f"deadlines.{kind}", "must be a date \"MM-DD\" of the following year")
        cfg.deadlines[kind] = mmdd
    _crossdoc_keys(cfg, data, base, err)
    return cfg


def _crossdoc_keys(cfg: Config, data: dict, base: Path, err) -> None:
    """``agencies`` (name → name) and ``roster`` (a CSV/YAML file, or an inline table unit = parent)."""
    from .crossdoc import roster

    agencies = data.get("agencies", {})
    if not isinstance(agencies, dict) or not all(isinstance(v, str) for v in agencies.values()):
        raise err("agencies", "must be a table of \"name as written\" = \"name to use\"")
    cfg.agencies = dict(agencies)
    value = data.get("roster")
    try:
        if isinstance(value, str):
            cfg.roster = roster.load(base / value)
        elif isinstance(value, dict):
            cfg.roster = roster.from_mapping(value, cfg.source or "<config>")
        elif value is not None:
            raise err("roster", "must be a file (CSV or YAML) or a table of unit = \"parent\"")
    except roster.RosterError as exc:
        raise ConfigError(str(exc)) from None
