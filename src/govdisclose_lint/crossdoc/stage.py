"""The cross-document stage of a ``check`` run.

:meth:`Stage.run` lints the files (plus any ``--previous`` files, which are compared with but
never reported), keeps the results until all are in — in a temporary file, with a few KB of each in
memory (:class:`Held`) — runs the cross-document checks, attaches their findings to the documents
they concern (severity and message stamped like any other finding) and only then hands each result
to the reporter, so every output format shows them.  When no cross-document rule is enabled the
results stream as they come.
"""

from __future__ import annotations

import datetime
import fnmatch
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field

from ..document import Published
from . import CODES, duplicates, lateness, region, similarity, yoy
from .entries import Entries


@dataclass
class Options:
    """The run's cross-document inputs: ``--previous`` files, publication dates, the roster, agency names,
    deadlines and the ``--summary`` file."""

    previous: tuple[str, ...] = ()  # --previous FILE: last year's report(s), context only
    published: tuple[tuple[str | None, datetime.date], ...] = ()  # --published [GLOB=]DATE
    roster: object = None  # roster.Roster
    agencies: dict = field(default_factory=dict)
    deadlines: dict = field(default_factory=dict)
    summary: str | None = None  # --summary FILE (.csv or .xlsx)


def parse_published(value: str) -> tuple[str | None, datetime.date]:
    """``2022-02-08`` (every file) or ``GLOB=2022-02-08``; raises ValueError."""
    pattern, _, date = value.rpartition("=")
    return (pattern or None), datetime.date.fromisoformat(date.strip())


class Spill:
    """Results waiting for the cross-document checks, pickled to a temporary file as they arrive, so a
    run of thousands of reports holds a few KB of each (:class:`Held`) instead of the whole result."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="govdisclose-held-")
        self.where: list[tuple[int, int]] = []

    def add(self, result) -> int:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.seek(0, os.SEEK_END)
        self.where.append((self.file.tell(), len(data)))
        self.file.write(data)
        return len(self.where) - 1

    def load(self, index: int):
        offset, size = self.where[index]
        self.file.seek(offset)
        return pickle.loads(self.file.read(size))  # noqa: S301 - written by this process just now

    def close(self) -> None:
        self.file.close()


class Held:
    """What the cross-document checks read of a result while it waits in the :class:`Spill`: its
    identity, status and text signature (about 2 KB); its cells and its text are loaded again when a
    check needs them, its findings are set once it has been reported (the auditor's summary counts them)."""

    FIELDS = ("path", "status", "year", "agency", "title", "format_version", "kind", "seconds")

    def __init__(self, result, spill: Spill):
        for name in self.FIELDS:
            setattr(self, name, getattr(result, name))
        self._spill, self._index = spill, spill.add(result)
        self.profile = _HeldProfile(result.profile, self) if result.profile is not None else None
        self.findings: list = []

    def load(self):
        return self._spill.load(self._index)

    def table_cells(self) -> list[dict]:
        return self.load().table_cells()


class _HeldProfile:
    """A :class:`.profile.Profile` whose compressed text stays on disk until a copied-text check reads it."""

    __slots__ = ("signature", "shingles", "published", "_held")

    def __init__(self, profile, held: Held):
        self.signature, self.shingles, self.published = profile.signature, profile.shingles, profile.published
        self._held = held

    @property
    def text(self) -> bytes:
        return self._held.load().profile.text


class Stage:
    def __init__(self, settings, options: Options):
        self.settings = settings
        self.options = options
        self.enabled = set(CODES) & settings.enabled()
        self.rows: list[dict] | None = None
        self.spill: Spill | None = None
        self.seconds = 0.0  # time spent in the cross-document checks (parent side)

    @property
    def active(self) -> bool:
        return bool(self.enabled)

    def run(self, files: list[str], *, jobs: int, limits, on_result, on_done=lambda: None, **batch_options) -> list:
        """Lint ``files`` (and the --previous files); call ``on_result`` for each reported result in
        order, ``on_done`` as each of ``files`` finishes (progress); returns the reported results when the
        cross-document checks ran (they were held for them), else nothing is held and [] is returned.
        ``batch_options`` go to
        :func:`..batch.run` (e.g. ``preflight``)."""
        from .. import batch

        if not self.active:
            def both(r):
                on_result(r)
                on_done()
            batch.run(files, self.settings, jobs=jobs, limits=limits, on_result=both, keep=False, **batch_options)
            return []
        n = len(files)
        # open until finish(): the auditor's summary may still read cells (closed with it, or when dropped)
        spill = self.spill = Spill()
        held: list[Held] = []

        def wait(r):  # the result goes to disk; the checks see what they need of it
            held.append(Held(r, spill))
            if len(held) <= n:
                on_done()

        batch.run(list(files) + list(self.options.previous), self.settings, jobs=jobs, limits=limits,
                  on_result=wait, keep=False, **batch_options)
        found = self.findings_for(held, n)
        for i in range(n):
            r = spill.load(i)
            if i in found:
                self._add(r, found[i])
            on_result(r)
            held[i].findings = r.findings  # as reported (waivers applied): the auditor's summary counts them
        return held[:n]

    def attach(self, results: list, n: int) -> Entries:
        """Run the cross-document checks on ``results`` (the first ``n`` reported, the rest context)
        and add their findings to the results."""
        for i, new in self.findings_for(results, n).items():
            self._add(results[i], new)
        return self.entries

    def _add(self, r, new: list) -> None:
        from ..engine import finalize

        # finalize stamps severity and message and re-sorts; keep the lint time as it was
        finalize(r, r.findings + new, self.settings, time.perf_counter() - r.seconds)

    def findings_for(self, results: list, n: int) -> dict[int, list]:
        """The cross-document findings of each of the first ``n`` results (the rest are context)."""
        t0 = time.perf_counter()
        o = self.options
        pairs = self._pairs(results, n)
        entries = Entries(results, set(range(n, len(results))), o.agencies, o.roster, pairs)
        overrides = self._published(results[:n])
        found = []
        found += yoy.check(entries, self.settings.options)
        found += similarity.check(entries, self.settings.options)
        found += region.check(entries, o.roster)
        found += lateness.check(entries, o.deadlines, overrides, o.roster)
        found += duplicates.check(entries)
        by_doc: dict[int, list] = {}
        for e, f in found:
            if f.code in self.enabled and not e.context:
                by_doc.setdefault(e.index, []).append(f)
        self.entries, self.overrides = entries, overrides
        self.seconds = time.perf_counter() - t0
        return by_doc

    def _pairs(self, results, n) -> dict[int, int]:
        """One report checked with --previous: it is compared with that file whatever its name says."""
        extra = list(range(n, len(results)))
        if n != 1 or not extra:
            return {}
        year = results[0].year
        fit = [i for i in extra if year and results[i].year == year - 1]
        return {0: (fit or extra)[0]}

    def _published(self, reported) -> dict[int, Published]:
        out = {}
        for i, r in enumerate(reported):
            for pattern, date in self.options.published:
                if pattern is None or any(fnmatch.fnmatch(p, pattern) for p in (r.path, os.path.basename(r.path))):
                    out[i] = Published(date, "option")
        return out

    def summary_rows(self, lang: str = "zh") -> list[dict]:
        """The auditor's summary; call after the reporter has seen the results (waivers applied)."""
        from . import summary

        if self.rows is None:
            o = self.options
            self.rows = summary.build(self.entries, o.deadlines, self.overrides, o.roster, lang) if self.active else []
        return self.rows

    def finish(self, summary: dict, lang: str = "zh") -> None:
        """Add the auditor's summary to the run summary (shown for batches and rosters) and write
        ``--summary FILE``."""
        if not self.active:
            return
        rows = self.summary_rows(lang)
        if self.spill is not None:
            self.spill.close()
            self.spill = None
        if len(self.entries.reported()) > 1 or self.options.roster is not None:
            summary["auditor"] = rows
        if self.options.summary:
            from .summary_out import write

            write(rows, self.options.summary, lang)
