"""``assetreg kpi``: the indicators, their drill-downs, snapshots and trends. A thin face over
storage/kpi.py; the definitions live in db/app/70_indicators.sql."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ..core import kpi_layout
from ..core.csvcells import guard_cell
from ..core.errors import EXIT_OK, InputError
from ..core.messages import msg, text
from ..core.texttable import printable_json
from . import common

_COLUMNS = kpi_layout.COLUMNS
_header = kpi_layout.header
_title = kpi_layout.title
_cell = kpi_layout.cell
_verdict = kpi_layout.verdict
_LISTS = kpi_layout.LISTS


def _columns_of(rows: list[dict[str, Any]]) -> list[str]:
    return list(rows[0]) if rows else []


def _csv(columns: list[str], rows: list[dict[str, Any]], raw: bool) -> str:
    """CSV for a spreadsheet: a text that would run as a formula gets a leading ' (core/csvcells.py);
    the figures are numbers and stay numbers. raw: every value as the registry holds it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows if raw else ({key: guard_cell(value) for key, value in row.items()} for row in rows))
    return out.getvalue().rstrip("\n")


def render(table: Any, fmt: str, lang: str, raw_csv: bool = False) -> str:
    """A table of indicators (or of a drill-down) as text, CSV or JSON; CSV cells guarded unless raw_csv."""
    if fmt == "json":
        return printable_json(json.dumps(table.to_dict(), ensure_ascii=False, indent=2, default=str))
    if fmt == "csv":
        return _csv(_columns_of(table.rows), table.rows, raw_csv)
    from ..core.texttable import format_table

    title = _title(table.indicator, lang)
    by = text(f"cli.kpi.grouping.{table.group_by}", lang)
    at = table.at.strftime("%Y-%m-%d %H:%M")
    if table.drill is not None:
        group = table.drill or text("cli.kpi.drill_all", lang)
        title = text("cli.kpi.drill_title", lang, title=title, grouping=by, group=group, period=table.period, at=at)
        columns = _columns_of(table.rows)
        headers = columns
    else:
        # a live table is measured at its moment; a snapshot says when it was taken
        title_id = "cli.kpi.table_title.snapshot" if table.source == "snapshot" else "cli.kpi.table_title.live"
        title = text(title_id, lang, title=title, grouping=by, period=table.period, at=at)
        columns = _COLUMNS[table.indicator]
        headers = [_header("group", lang), *(_header(key, lang) for key in columns)]
    if not table.rows:
        return title + "\n" + text("cli.kpi.nothing_to_show", lang)
    body = []
    for row in table.rows:
        cells = [kpi_layout.row_cell(key, row, lang) for key in columns]
        if table.drill is None:
            cells = [kpi_layout.group_label(row, lang), *cells]
        body.append(cells)
    return title + "\n" + format_table(headers, body, right_align=[False] + [True] * (len(headers) - 1))


def render_trend(rows: list[dict[str, Any]], indicator: str, fmt: str, lang: str, raw_csv: bool = False) -> str:
    if fmt == "json":
        return printable_json(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    if fmt == "csv":
        return _csv(list(rows[0]) if rows else ["period"], rows, raw_csv)
    from ..core.texttable import format_table

    columns = [key for key in _COLUMNS[indicator] if key != "rank"]
    headers = [_header("month", lang), *(_header(key, lang) for key in columns)]
    body = [[row["period"], *[_cell(key, row.get(key), lang) for key in columns]] for row in rows]
    title = text("cli.kpi.trend_title", lang, title=_title(indicator, lang))
    if not rows:
        return title + "\n" + text("cli.kpi.no_snapshots", lang)
    return title + "\n" + format_table(headers, body, right_align=[False] + [True] * (len(headers) - 1))


def cmd_kpi(args: argparse.Namespace) -> int:
    from ..storage.connection import connection
    from ..storage.kpi import check_grouping, drill_down, indicator_board, indicator_table, snapshot_trend, take_snapshot

    lang = common.lang(args)
    # text passes the terminal's guard like every text view; CSV and JSON are data, guarded as such
    emit = common.show if args.format == "text" else print
    fmt, raw = args.format, args.csv_raw
    period, as_of = _period(args), args.as_of.replace("-", "_")
    if args.indicator == "snapshot":
        with connection(common.dsn(args)) as conn:
            written = take_snapshot(conn, period or _previous_month(conn), args.replace, as_of)
        common.say(args, "cli.kpi.snapshot_kept", rows=written)
        return EXIT_OK
    if args.indicator == "repeats":  # repeated complaints: a list, or counts --by (cli/case_repeats.py)
        from .case_repeats import cmd_repeats

        return cmd_repeats(args, period)
    if args.indicator == "all":
        with connection(common.dsn(args)) as conn:
            board = indicator_board(conn, args.by, period, live=args.live, as_of=as_of)
        emit(render_board(board, fmt, lang, raw))
        return EXIT_OK
    group_by = check_grouping(args.indicator, args.by)
    with connection(common.dsn(args)) as conn:
        if args.trend:
            emit(render_trend(snapshot_trend(conn, args.indicator, group_by, args.group), args.indicator, fmt, lang, raw))
            return EXIT_OK
        if args.drill is not None:
            table = drill_down(conn, args.indicator, group_by, args.drill or None, period, as_of)
        else:
            table = indicator_table(conn, args.indicator, group_by, period, live=args.live, as_of=as_of)
    emit(render(table, fmt, lang, raw))
    return EXIT_OK


def _period(args: argparse.Namespace) -> str | None:
    """--period YYYY-MM, or --from and --to (days, both included): one or the other, never both."""
    from ..storage.kpi import any_period

    days = (args.first_day, args.last_day)
    if days == (None, None):
        return args.period
    if None in days or args.period is not None:
        raise InputError("cli.kpi.from_to_together")
    return any_period(*days)


def render_board(board: dict[str, Any], fmt: str, lang: str, raw_csv: bool = False) -> str:
    """Every indicator of a grouping: one JSON object, or the tables one after another."""
    if fmt == "json":
        data = {name: table.to_dict() for name, table in board.items()}
        return printable_json(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    if fmt == "csv":
        return "\n".join(f"# {name}\n{render(table, fmt, lang, raw_csv)}" for name, table in board.items())
    return "\n\n".join(render(table, fmt, lang) for table in board.values())


def _previous_month(conn: Any) -> str:
    """The month a snapshot is usually taken of: the one that just ended, in the city's time zone."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT to_char((now() AT TIME ZONE (p.body ->> 'timezone')) - interval '1 month', 'YYYY-MM')"
            " FROM assetreg.city_profile p"
        )
        return cur.fetchone()[0]


def add_commands(subparsers: Any, lang: str) -> None:
    kpi = common.subparser(subparsers, "kpi", lang, "cli.kpi", csv_note=msg("cli.common.csv_guard_note"))
    kpi.add_argument(
        "indicator",
        nargs="?",
        default="lighting",
        choices=("lighting", "intactness", "cases", "ranking", "steps", "persons", "all", "snapshot", "repeats"),
        help=text("cli.kpi.option.indicator", lang),
    )
    kpi.add_argument(
        "--by",
        choices=("city", "district", "street", "community", "grid", "maintainer", "road_class", "person"),
        help=text("cli.kpi.option.by", lang),
    )
    kpi.add_argument("--period", metavar="YYYY-MM", help=text("cli.kpi.option.period", lang))
    kpi.add_argument("--from", dest="first_day", metavar="YYYY-MM-DD", help=text("cli.kpi.option.from", lang))
    kpi.add_argument("--to", dest="last_day", metavar="YYYY-MM-DD", help=text("cli.kpi.option.to", lang))
    kpi.add_argument("--as-of", choices=("period-end", "now"), default="period-end", help=text("cli.kpi.option.as_of", lang))
    kpi.add_argument("--drill", metavar="CODE", help=text("cli.kpi.option.drill", lang))
    kpi.add_argument("--live", action="store_true", help=text("cli.kpi.option.live", lang))
    kpi.add_argument("--trend", action="store_true", help=text("cli.kpi.option.trend", lang))
    kpi.add_argument("--group", metavar="CODE", help=text("cli.kpi.option.group", lang))
    kpi.add_argument("--replace", action="store_true", help=text("cli.kpi.option.replace", lang))
    kpi.add_argument("--format", choices=("text", "csv", "json"), default="text", help=text("cli.option.format", lang))
    common.csv_raw_option(kpi, lang)
    common.dsn_option(kpi, lang)
    kpi.set_defaults(handler=cmd_kpi)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def render_lighting(rows: Sequence, fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["road_class", "label_zh", "label_en", "lights_should_be_on", "lights_on", "lighting_rate", "target", "meets_target"]
        )
        for row in rows:  # labels come from the city profile: guarded like any text of a CSV for people
            writer.writerow(
                guard_cell(value)
                for value in [
                    row.road_class or "",
                    row.label_zh,
                    row.label_en,
                    row.lights_should_be_on,
                    row.lights_on,
                    row.lighting_rate,
                    row.target,
                    row.meets_target,
                ]
            )
        return out.getvalue().rstrip("\n")
    from ..core.texttable import format_table

    keys = ("road_class", "lights_should_be_on", "lights_on", "lighting_rate", "target", "meets_target")
    headers = [_header(key, lang) for key in keys]
    table = [
        [
            getattr(row, f"label_{lang}"),
            str(row.lights_should_be_on),
            str(row.lights_on),
            _percent(row.lighting_rate),
            _percent(row.target),
            _verdict(row.meets_target, lang),
        ]
        for row in rows
    ]
    title = text("cli.kpi.lighting_by_road_class", lang)
    return title + "\n" + format_table(headers, table, right_align=[False, True, True, True, True, False])
