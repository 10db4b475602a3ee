"""``govdisclose-lint aggregate``: the summed tables of a region, for the staff who compile the
consolidated report (逐级汇总).

Lints the units' reports (readers and recognition only), matches them to the roster and writes, per
region and year, every template cell with the sum over the region's direct units and each unit's
value, in template order; units without a usable report are listed.  CSV (UTF-8 with BOM) or XLSX.
"""

from __future__ import annotations

import csv
import os
import sys

import click

from .region import RegionSum, sums

HEAD = ("region", "year", "format_version", "table", "block", "group", "row", "column", "sum")


def _ordered(region: RegionSum) -> list[tuple]:
    from ..templates import templates

    tpl = templates().get(region.version or "")
    order = {k: i for i, k in enumerate(tpl.cells())} if tpl else {}
    return sorted(region.values, key=lambda k: (order.get(k, len(order)), k))


def table_rows(region: RegionSum) -> tuple[list[str], list[list]]:
    """The header and one row per template cell: labels, the sum, then each unit's value."""
    units = [u.agency for u in region.units]
    head = [*HEAD, *units]
    rows = []
    for key in _ordered(region):
        c = region.cells[key]
        rows.append([region.parent, region.year, region.version or "", key[0], c.get("block") or "",
                     c.get("group") or "", c.get("row") or key[1], key[2], _num(region.values[key]),
                     *(_num(region.parts[key].get(u)) for u in units)])
    return head, rows


def _num(v):
    if v is None:
        return ""
    return int(v) if v == v.to_integral_value() else float(v)


def _note(region: RegionSum) -> str:
    parts = [f"units summed: {len(region.units)}"]
    if region.missing:
        parts.append("no report: " + "、".join(region.missing))
    if region.unreadable:
        parts.append("unreadable: " + "、".join(region.unreadable))
    return "; ".join(parts)


def write_csv(regions: list[RegionSum], stream) -> None:
    stream.write("\ufeff")
    w = csv.writer(stream)
    for region in regions:
        head, rows = table_rows(region)
        w.writerow(["# " + f"{region.parent} {region.year}: " + _note(region)])
        w.writerow(head)
        w.writerows(rows)


def write_xlsx(regions: list[RegionSum], path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for region in regions:
        title = f"{region.parent[:24]} {region.year}".replace("/", "_")
        ws = wb.create_sheet(title=title[:31])
        head, rows = table_rows(region)
        ws.append([_note(region)])
        ws.append(head)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for r in rows:
            ws.append(r)
        ws.freeze_panes = "J3"
    if not regions:
        wb.create_sheet("empty").append(["no region with unit reports"])
    wb.save(path)


def collect(paths, roster, agencies: dict, region: str | None, year: int | None, jobs: int) -> list[RegionSum]:
    from .. import batch
    from ..readers import SUPPORTED_EXTENSIONS
    from ..settings import Settings
    from .entries import Entries

    from ..checkrun import Problem
    from ..discovery import find

    found = find(paths, SUPPORTED_EXTENSIONS)
    if found.missing:
        raise Problem(f"{found.missing[0]}: no such file or folder")
    results = batch.run(found.files, Settings(select=("E",)), jobs=jobs)
    entries = Entries(results, mapping=agencies, roster=roster)
    out = []
    for parent in roster.parents():
        if region and parent != region:
            continue
        years = sorted({e.year for u in roster.children(parent) for e in entries.items
                        if e.agency == u.name and e.year})
        for y in years:
            if year is None or y == year:
                out.append(sums(entries, roster, parent, y))
    return out


@click.command("aggregate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False),
              help="Roster (CSV unit,parent[,kind] or YAML); default: the configuration's.")
@click.option("--region", help="Only this region (its name in the roster).")
@click.option("--year", type=int, help="Only this report year.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), help="Default: from -o's extension, else csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (required for xlsx).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
def aggregate(paths, roster_path, region, year, fmt, output, config_path) -> None:
    """Sum the units' reports of each region in the roster, cell by cell (CSV or XLSX)."""
    from .. import config as cfgmod
    from ..checkrun import Problem
    from .roster import RosterError, load

    try:
        cfg = cfgmod.load(config_path)
        roster = load(roster_path) if roster_path else cfg.roster
    except (cfgmod.ConfigError, RosterError) as exc:
        raise Problem(str(exc)) from None
    if roster is None:
        raise Problem("aggregate needs a roster (--roster FILE or 'roster' in the configuration)")
    if region and region not in roster.parents():
        raise Problem(f"{region!r} is not a parent region in the roster")
    fmt = fmt or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
    if fmt == "xlsx" and not output:
        raise Problem("xlsx needs -o FILE")
    regions = collect(paths, roster, cfg.agencies, region, year, os.cpu_count() or 1)
    if fmt == "xlsx":
        write_xlsx(regions, output)
    elif output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            write_csv(regions, fh)
    else:
        write_csv(regions, sys.stdout)
