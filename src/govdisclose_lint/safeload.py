"""Loading the small YAML and TOML files users write (configuration, waivers, rules) with limits.

Configuration is input too: a hostile or broken file must be a one-line error naming the file and the
line, never a traceback, a hang or gigabytes of memory.  So, before any parser builds objects:

* the file must be a regular file (a FIFO would block the run forever) of at most :data:`MAX_BYTES`;
* it must be UTF-8 (a byte-order mark is accepted, as Windows editors write one);
* YAML anchors and aliases are refused (a 592-byte alias tree expands to gigabytes), nesting is at
  most :data:`MAX_DEPTH` deep and a file has at most :data:`MAX_NODES` nodes, all checked on the
  parser's event stream, which does not recurse;
* TOML nesting (arrays and inline tables) is checked by a scan of the text before ``tomllib`` (which
  recurses) parses it;
* YAML dates stay strings (``2027-13-31`` is then an error of the caller's, with its line, not a
  ``ValueError`` from deep inside PyYAML).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from functools import lru_cache

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 200_000


class LoadError(ValueError):
    """A file that cannot be loaded; the message is ``FILE:LINE: what`` (or ``FILE: what``)."""


def read_text(path, what: str = "file") -> str:
    """The text of a regular UTF-8 file of bounded size."""
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise LoadError(f"{path}: {what} not found ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(f"{path}: {what} is not a regular file")
    if st.st_size > MAX_BYTES:
        raise LoadError(f"{path}: {what} is too large ({st.st_size} bytes, at most {MAX_BYTES})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(f"{path}: {what} cannot be read ({exc.strerror or exc})") from None
    return decode(data, path)


def decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(f"{source}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8 "
                        "(e.g. it is in GBK)") from None


@lru_cache(maxsize=None)
def _yaml():
    """PyYAML and a SafeLoader without the timestamp resolver (dates stay strings, validated by the
    caller); imported when a YAML file is first read, not with the CLI."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml, Loader


def load_yaml(text: str, source: str):
    """Parse YAML text within the limits; raises :class:`LoadError` naming ``source`` and the line."""
    check_yaml(text, source)
    yaml, loader = _yaml()
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise LoadError(_yaml_message(exc, source)) from None


def check_yaml(text: str, source: str) -> None:
    yaml, loader = _yaml()
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise LoadError(f"{source}:{line}: YAML anchors and aliases (& and *) are not allowed here")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(f"{source}:{line}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise LoadError(f"{source}:{line}: more than {MAX_NODES} values")
    except yaml.YAMLError as exc:
        raise LoadError(_yaml_message(exc, source)) from None


def _yaml_message(exc, source: str) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"{source}:{mark.line + 1}" if mark else source
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{where}: not valid YAML ({problem})"


def yaml_item_lines(text: str, key: str) -> list[int]:
    """1-based line of each item of the top-level list ``key`` (call after :func:`load_yaml`)."""
    yaml, loader = _yaml()
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return []
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == key and isinstance(v, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in v.value]
    return []


def load_toml(path) -> dict:
    """Parse a TOML file within the limits (UTF-8 with or without BOM)."""
    path = os.fspath(path)
    text = read_text(path, "configuration file")
    return loads_toml(text, path)


def loads_toml(text: str, source: str) -> dict:
    text = text.removeprefix("\ufeff")
    line = _toml_too_deep(text)
    if line:
        raise LoadError(f"{source}:{line}: nested more than {MAX_DEPTH} levels deep")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        where = f"{source}:{m.group(1)}" if m else source
        raise LoadError(f"{where}: not valid TOML ({exc})") from None


def _toml_too_deep(text: str) -> int | None:
    """The line where arrays/inline tables nest past :data:`MAX_DEPTH`, skipping strings and comments."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if c == '"' and text[j] == "\\":
                    j += 1
                if j < n and text[j] == "\n":
                    if len(quote) == 1:
                        break  # an unterminated string: tomllib reports it
                    line += 1
                j += 1
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None
