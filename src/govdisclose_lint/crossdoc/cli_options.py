"""The ``check`` command's cross-document options, added with one decorator and gathered into one
``crossdoc`` argument (so ``cli.py`` changes by a few lines)."""

from __future__ import annotations

import functools

import click


def options(f):
    @click.option("--previous", multiple=True, type=click.Path(dir_okay=False),
                  help="Last year's report, compared with (X501–X505) but not reported; repeatable.")
    @click.option("--published", multiple=True, metavar="[GLOB=]DATE",
                  help="Publication date (YYYY-MM-DD) of the files, or of those matching GLOB (M701); repeatable.")
    @click.option("--roster", type=click.Path(dir_okay=False),
                  help="Roster (CSV unit,parent[,kind] or YAML): region sums (X506), who has not reported.")
    @click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
                  help="Write the auditor's summary per agency and year to FILE (.csv or .xlsx).")
    @functools.wraps(f)
    def wrapper(*args, previous, published, roster, summary_path, **kwargs):
        kwargs["crossdoc"] = {"previous": previous, "published": published, "roster": roster,
                              "summary": summary_path}
        return f(*args, **kwargs)

    return wrapper


def make_stage(cfg, settings, given: dict):
    """The run's :class:`~.stage.Stage` from the configuration and the options; bad values are
    usage errors (exit 2)."""
    from ..checkrun import Problem
    from .roster import RosterError, load
    from .stage import Options, Stage, parse_published

    try:
        published = tuple(parse_published(v) for v in given["published"])
    except ValueError:
        raise Problem("--published takes YYYY-MM-DD or GLOB=YYYY-MM-DD") from None
    roster = cfg.roster
    if given["roster"]:
        try:
            roster = load(given["roster"])
        except RosterError as exc:
            raise Problem(str(exc)) from None
    summary = given["summary"]
    if summary and not summary.lower().endswith((".csv", ".xlsx")):
        raise Problem("--summary writes .csv or .xlsx files")
    return Stage(settings, Options(tuple(given["previous"]), published, roster, dict(cfg.agencies),
                                   dict(cfg.deadlines), summary))
