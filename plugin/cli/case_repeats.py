"""``assetreg kpi repeats``: repeated complaints (重复投诉) of a period, listed, or counted per group with
``--by``. A thin face over storage/case_repeats.py (db/app/71_case_repeats.sql defines them)."""

from __future__ import annotations

import argparse
import csv
import io
from typing import Any

from ..core.citytime import city_time, in_city_time
from ..core.csvcells import guard_cell
from ..core.errors import EXIT_OK
from ..core.messages import text
from ..core.standard import Standard
from . import common

_COUNT_COLUMNS = ("reported", "repeated", "repeat_rate")


def cmd_repeats(args: argparse.Namespace, period: str | None) -> int:
    from ..storage.connection import connection

    with connection(common.dsn(args)) as conn:
        if args.by:
            return _show_counts(args, conn, period)
        return _show_list(args, conn, period)


def _show_list(args: argparse.Namespace, conn: Any, period: str | None) -> int:
    from ..core.texttable import format_table
    from ..storage.case_repeats import LIST_COLUMNS, repeated_cases

    lang = common.lang(args)
    found = repeated_cases(conn, period)
    if args.format == "json":
        common.show_json(found.to_dict())
        return EXIT_OK
    if args.format == "csv":
        columns = ["id", *LIST_COLUMNS, "earlier_id", "earlier_reported_at", "earlier_cases"]
        print(_csv(columns, [in_city_time(row, found.zone) for row in found.rows], args.csv_raw))
        return EXIT_OK
    rule = {"metres": f"{found.distance_m:g}", "days": f"{found.days:g}"}
    title = text("steps.repeats.title", lang, period=found.period, count=len(found.rows), **rule)
    if not found.rows:
        common.show(title)
        return EXIT_OK
    headers = [text(f"steps.repeats.column.{key}", lang) for key in LIST_COLUMNS]
    body = [[_cell(key, row[key], lang, found.zone) for key in LIST_COLUMNS] for row in found.rows]
    common.show(title + "\n" + format_table(headers, body))
    return EXIT_OK


def _cell(key: str, value: Any, lang: str, zone: str) -> str:
    if value is None:
        return "-"
    if key == "same_asset":
        return text("steps.repeats.why.asset" if value else "steps.repeats.why.place", lang)
    if key == "reported_at":
        return city_time(value, zone)
    if key == "status":  # the code list's label, as the reader names the stage
        return Standard().codelists["work_order_status"].label(value, lang)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _csv(columns: list[str], rows: list[dict[str, Any]], raw: bool) -> str:
    """CSV for a spreadsheet, a text that would run as a formula guarded (core/csvcells.py) unless raw."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows if raw else ({key: guard_cell(row.get(key)) for key in columns} for row in rows))
    return out.getvalue().rstrip("\n")


def _show_counts(args: argparse.Namespace, conn: Any, period: str | None) -> int:
    from ..core import kpi_layout
    from ..core.texttable import format_table
    from ..storage.case_repeats import repeat_counts
    from ..storage.kpi import check_grouping

    lang = common.lang(args)
    group_by = check_grouping("cases", args.by)
    period, rows = repeat_counts(conn, period, group_by)
    if args.format == "json":
        common.show_json(rows)
        return EXIT_OK
    if args.format == "csv":
        print(_csv(list(rows[0]) if rows else ["group_code"], rows, args.csv_raw))
        return EXIT_OK
    headers = [kpi_layout.header("group", lang), *(text(f"steps.repeats.column.{key}", lang) for key in _COUNT_COLUMNS)]
    body = [
        [kpi_layout.group_label(row, lang), *(kpi_layout.cell(key, row[key], lang) for key in _COUNT_COLUMNS)] for row in rows
    ]
    title = text("steps.repeats.counts_title", lang, period=period, grouping=text(f"cli.kpi.grouping.{group_by}", lang))
    common.show(title + "\n" + format_table(headers, body, right_align=[False, True, True, True]))
    return EXIT_OK
