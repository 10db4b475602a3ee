"""The checks: each a generator ``check(ctx)`` of :class:`~govdisclose_lint.findings.Finding`.

A check reads the recognised report (``ctx.rec``) and the document's text
(``ctx.doc``); it never reads files, prints, or sets severities.  Each module
registers the codes it emits in ``CODES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..recognize import Recognition


@dataclass
class Context:
    """What a check reads of one document: the document, its recognition, the rules' options and users'
    own equations."""

    doc: Document
    rec: Recognition
    options: dict = field(default_factory=dict)  # per-rule options: {"A307": {"threshold": 0.1}}
    equations: tuple = ()  # users' own equations (rules files named in the configuration)

    def option(self, code: str, name: str, default):
        return self.options.get(code, {}).get(name, default)


def all_checks():
    from . import arithmetic, cells, narrative, structure, typography

    return [structure.check, cells.check, arithmetic.check, narrative.check, typography.check]
