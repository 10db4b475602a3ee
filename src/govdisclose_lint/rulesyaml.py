"""Load a rules file's YAML with limits: size, nesting depth, and no aliases.

A rules file is small, hand-written data; what YAML allows beyond that is only a way to attack the
loader: a 592-byte alias tree (``&a [*b, *b, …]``) expands to gigabytes, 10^5 nested brackets
overflow the recursive composer.  So aliases are refused outright, nesting stops at
:data:`MAX_DEPTH`, the text at :data:`MAX_CHARS`; every error names the line.

The configuration and waiver files are checked by :mod:`.safeload` instead (an event scan with a
node budget, dates kept as text); rules files need more: the composed node tree, which gives every
key and equation its line for the error messages, so they keep this loader.
"""

from __future__ import annotations

import yaml

MAX_CHARS = 1_000_000
MAX_DEPTH = 20


class YamlLimitError(ValueError):
    """Malformed or over a limit; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting while composing (before any expansion)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlLimitError("YAML aliases (*name) are not allowed in rules files", event.start_mark.line + 1)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlLimitError(f"nested deeper than {MAX_DEPTH} levels", mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load(text: str) -> tuple[object, yaml.Node | None]:
    """``(data, root node)`` of a YAML text; the node tree gives line numbers.  Raises
    :class:`YamlLimitError` for malformed YAML and anything over the limits."""
    if len(text) > MAX_CHARS:
        raise YamlLimitError(f"larger than {MAX_CHARS:,} characters")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlLimitError(f"not valid YAML ({exc.problem or exc})", mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise YamlLimitError(f"not valid YAML ({exc})") from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise YamlLimitError("nested too deeply") from None
    finally:
        loader.dispose()
    return data, node
