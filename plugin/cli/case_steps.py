"""``assetreg wo`` commands for the steps the cities describe (issue 15): supervise, urge, reply,
on-the-spot, steps (their counts). Thin faces over storage/case_steps.py; the database enforces
each step (db/app/67_case_steps.sql)."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from typing import Any

from ..core.errors import EXIT_OK, InputError
from ..core.messages import text
from . import common


def _connect(args: argparse.Namespace) -> Any:
    from ..storage.connection import connection

    return connection(common.dsn(args))


def _moment(value: str) -> datetime:
    """An ISO time with its offset (a time without one would be read in the server's zone, not the city's)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError("cli.case_steps.bad_time", value=value) from None
    if moment.tzinfo is None:
        raise InputError("cli.case_steps.bad_time", value=value)
    return moment


def cmd_supervise(args: argparse.Namespace) -> int:
    from ..storage.case_steps import supervise

    kind = "supervise" if args.wo_command == "supervise" else "urge"
    with _connect(args) as conn:
        new_version = supervise(conn, args.case, args.expected_version, kind, args.note)
    common.say(args, "cli.wo.step_done", case=args.case, action=kind, version=new_version)
    return EXIT_OK


def cmd_reply(args: argparse.Namespace) -> int:
    from ..storage.case_steps import reply

    at = _moment(args.at) if args.at else None
    with _connect(args) as conn:
        new_version = reply(conn, args.case, args.expected_version, args.channel, args.text, at)
    common.say(args, "cli.wo.step_done", case=args.case, action="reply", version=new_version)
    return EXIT_OK


def cmd_on_the_spot(args: argparse.Namespace) -> int:
    from ..storage.case_steps import on_the_spot

    with _connect(args) as conn:
        new_version = on_the_spot(conn, args.case, args.expected_version, args.notes, args.attachment)
    common.say(args, "cli.wo.step_done", case=args.case, action="on_the_spot", version=new_version)
    return EXIT_OK


def cmd_steps(args: argparse.Namespace) -> int:
    from ..core.texttable import format_table
    from ..storage.case_steps import step_counts

    lang = common.lang(args)
    period_to = _moment(args.to) if args.to else datetime.now().astimezone()
    period_from = _moment(args.from_) if args.from_ else period_to - timedelta(days=30)
    if args.by:
        return _show_step_indicator(args, period_from, period_to)
    with _connect(args) as conn:
        counts = step_counts(conn, period_from, period_to)
    if args.format == "json":
        common.show_json([count.__dict__ for count in counts])
        return EXIT_OK
    headers = [text(f"cli.case_steps.steps.column.{column}", lang) for column in ("step", "who", "cases", "events")]
    rows = [[text(f"cli.case_steps.step.{count.step}", lang), count.who, str(count.cases), str(count.events)] for count in counts]
    print(format_table(headers, rows))
    return EXIT_OK


_INDICATOR_COLUMNS = ("returned", "supervised", "urged", "on_the_spot")


def _show_step_indicator(args: argparse.Namespace, period_from: datetime, period_to: datetime) -> int:
    """--by: the steps per group, like the case indicators (kpi --by), the total last."""
    from ..core.texttable import format_table
    from ..storage.case_steps import step_indicator

    lang = common.lang(args)
    with _connect(args) as conn:
        rows = step_indicator(conn, period_from, period_to, args.by)
    if args.format == "json":
        common.show_json(rows)
        return EXIT_OK
    headers = [text("cli.case_steps.steps.column.group", lang)] + [
        text(f"cli.case_steps.steps.column.{column}", lang) for column in _INDICATOR_COLUMNS
    ]
    table = [[row[f"label_{lang}"]] + [str(row[column]) for column in _INDICATOR_COLUMNS] for row in rows]
    print(format_table(headers, table))
    return EXIT_OK


def _case_and_version(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("case", type=int, help=text("cli.wo.option.case", lang))
    parser.add_argument(
        "--version", dest="expected_version", type=int, required=True, metavar="N", help=text("cli.wo.option.version", lang)
    )


def add_commands(wo_sub: Any, lang: str) -> None:
    """The steps' commands, under ``assetreg wo``."""
    for name in ("supervise", "urge"):
        step = common.subparser(wo_sub, name, lang, f"cli.case_steps.{name}")
        _case_and_version(step, lang)
        step.add_argument("--note", help=text("cli.case_steps.option.note", lang))
        common.dsn_option(step, lang)
        step.set_defaults(handler=cmd_supervise)

    answer = common.subparser(wo_sub, "reply", lang, "cli.case_steps.reply")
    _case_and_version(answer, lang)
    answer.add_argument(
        "--channel",
        required=True,
        metavar="CHANNEL",  # a reply_channel code; the database refuses others, naming those it takes
        help=text("cli.case_steps.reply.option.channel", lang),
    )
    answer.add_argument("--text", required=True, help=text("cli.case_steps.reply.option.text", lang))
    answer.add_argument("--at", metavar="TIME", help=text("cli.case_steps.reply.option.at", lang))
    common.dsn_option(answer, lang)
    answer.set_defaults(handler=cmd_reply)

    spot = common.subparser(wo_sub, "on-the-spot", lang, "cli.case_steps.on_the_spot")
    _case_and_version(spot, lang)
    spot.add_argument("--notes", help=text("cli.case_steps.on_the_spot.option.notes", lang))
    spot.add_argument("--attachment", type=int, metavar="ID", help=text("cli.case_steps.on_the_spot.option.attachment", lang))
    common.dsn_option(spot, lang)
    spot.set_defaults(handler=cmd_on_the_spot)

    steps = common.subparser(wo_sub, "steps", lang, "cli.case_steps.steps")
    steps.add_argument("--from", dest="from_", metavar="TIME", help=text("cli.case_steps.steps.option.from", lang))
    steps.add_argument("--to", metavar="TIME", help=text("cli.case_steps.steps.option.to", lang))
    steps.add_argument(
        "--by",
        choices=("city", "district", "street", "community", "grid", "maintainer"),
        help=text("cli.case_steps.steps.option.by", lang),
    )
    steps.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.option.format", lang))
    common.dsn_option(steps, lang)
    steps.set_defaults(handler=cmd_steps)


def cmd_responsibility_areas(args: argparse.Namespace) -> int:
    from ..storage.responsibility_areas import load_responsibility_areas

    _, profile = common.load(args)
    loaded = load_responsibility_areas(common.dsn(args), args.file, profile)
    common.say(args, "cli.case_steps.responsibility.loaded", count=loaded)
    return EXIT_OK


def add_area_commands(areas_sub: Any, lang: str) -> None:
    """``assetreg areas responsibility FILE``: the responsibility areas (责任区) a dispatch takes its unit from."""
    load = common.subparser(areas_sub, "responsibility", lang, "cli.case_steps.responsibility")
    load.add_argument("file", help=text("cli.case_steps.responsibility.option.file", lang))
    common.dsn_option(load, lang)
    common.standard_options(load, lang)
    load.set_defaults(handler=cmd_responsibility_areas)
