"""``assetreg`` commands around the registry's records: submissions, quarantine, history, areas.

Thin faces over storage/; each adds its own section to the parser.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from ..core.citytime import city_time, in_city_time
from ..core.errors import EXIT_OK, InputError
from ..core.messages import msg, text
from . import area_defaults, common

# the outcomes of a submission (storage/submissions.py); each is shown as cli.submissions.outcome.<outcome>
_OUTCOMES = ("running", "accepted", "partially_accepted", "rejected", "failed", "dry_run")
_OPERATIONS = ("insert", "update", "delete")  # of the history, each shown as cli.history.operation.<operation>
_SUBMISSION_COLUMNS = ("id", "file", "family", "by", "submitted", "mode", "outcome", "counts")


# -- submissions and quarantine --------------------------------------------------------------


def cmd_submissions(args: argparse.Namespace) -> int:
    from ..core.texttable import format_table
    from ..storage.submissions import list_submissions

    lang = common.lang(args)
    rows = list_submissions(common.dsn(args), args.limit)
    if args.format == "json":
        common.show_json([row.__dict__ for row in rows])
        return EXIT_OK
    headers = [text(f"cli.submissions.column.{column}", lang) for column in _SUBMISSION_COLUMNS]
    table = [
        [
            str(row.id),
            row.file_name,
            row.family or "",
            row.submitted_by,
            row.submitted_at.strftime("%Y-%m-%d %H:%M"),
            row.mode,
            text(f"cli.submissions.outcome.{row.outcome}", lang) if row.outcome in _OUTCOMES else row.outcome,
            " ".join(f"{k}={v}" for k, v in (row.counts or {}).items() if v),
        ]
        for row in rows
    ]
    print(format_table(headers, table))
    return EXIT_OK


def cmd_quarantine_export(args: argparse.Namespace) -> int:
    from ..storage import quarantine

    count = quarantine.export(common.dsn(args), args.submission, args.out, args.overwrite, args.csv_raw)
    common.say(args, "cli.quarantine.exported", count=count, submission=args.submission, path=args.out)
    return EXIT_OK


# -- history ---------------------------------------------------------------------------------


def _parse_time(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError("cli.history.time_unreadable", time=value) from None
    return moment if moment.tzinfo else moment.astimezone()


def cmd_history(args: argparse.Namespace) -> int:
    from ..storage import history

    dsn = common.dsn(args)
    if args.at:
        values = history.as_of(dsn, args.asset, _parse_time(args.at))
        if values is None:
            common.say(args, "cli.history.did_not_exist", time=args.at)
        else:
            common.show_json(values)
        return EXIT_OK
    entries = history.history(dsn, args.asset)
    zone = _registry_timezone(dsn)
    if args.format == "json":
        common.show_json([in_city_time(entry.__dict__, zone) for entry in entries])
        return EXIT_OK
    lang = common.lang(args)
    for entry in entries:
        source = text("cli.history.submission", lang, id=entry.submission_id) if entry.submission_id else entry.edit_session
        operation = text(f"cli.history.operation.{entry.operation}", lang) if entry.operation in _OPERATIONS else entry.operation
        common.show(f"{city_time(entry.changed_at, zone, seconds=True)}  {operation:<6} {entry.changed_by}  ({source})")
        if entry.operation == "update":
            for name in entry.changed_fields():
                old = (entry.old_values or {}).get(name)
                new = (entry.new_values or {}).get(name)
                common.show(f"    {name}: {_short(old)} → {_short(new)}")
    return EXIT_OK


def _registry_timezone(dsn: str) -> str:
    from ..storage.connection import connection
    from ..storage.workorders import registry_timezone

    with connection(dsn) as conn:
        return registry_timezone(conn)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# -- areas and roles -------------------------------------------------------------------------


def cmd_areas_import(args: argparse.Namespace) -> int:
    from ..storage.areas import load_areas

    _, profile = common.load(args)
    loaded = load_areas(common.dsn(args), args.file, profile)
    counts = loaded.counts
    common.say(
        args,
        "cli.areas.loaded",
        districts=counts["district"],
        streets=counts["street"],
        communities=counts["community"],
        grids=counts["grid"],
        relocated=loaded.relocated,
    )
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    subs = common.subparser(subparsers, "submissions", lang, "cli.submissions")
    subs.add_argument("--limit", type=int, default=20, help=text("cli.submissions.option.limit", lang))
    subs.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.option.format", lang))
    common.dsn_option(subs, lang)
    subs.set_defaults(handler=cmd_submissions)

    quarantine = common.subparser(subparsers, "quarantine", lang, "cli.quarantine")
    quarantine_sub = quarantine.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    export = common.subparser(quarantine_sub, "export", lang, "cli.quarantine.export", csv_note=msg("cli.common.csv_guard_note"))
    export.add_argument("submission", type=int, help=text("cli.quarantine.export.option.submission", lang))
    export.add_argument("--out", required=True, metavar="FILE.gpkg|.geojson|.csv", help=text("cli.option.out_file", lang))
    export.add_argument("--overwrite", action="store_true", help=text("cli.option.overwrite", lang))
    common.csv_raw_option(export, lang)
    common.dsn_option(export, lang)
    export.set_defaults(handler=cmd_quarantine_export)

    hist = common.subparser(subparsers, "history", lang, "cli.history")
    hist.add_argument("asset", help=text("cli.history.option.asset", lang))
    hist.add_argument("--at", default=None, metavar="TIME", help=text("cli.history.option.at", lang))
    hist.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.option.format", lang))
    common.dsn_option(hist, lang)
    hist.set_defaults(handler=cmd_history)

    areas = common.subparser(subparsers, "areas", lang, "cli.areas")
    areas_sub = areas.add_subparsers(dest="areas_command", metavar="ACTION", required=True)
    load = common.subparser(areas_sub, "import", lang, "cli.areas.import")
    load.add_argument("file", help=text("cli.areas.import.option.file", lang))
    common.dsn_option(load, lang)
    common.standard_options(load, lang)
    load.set_defaults(handler=cmd_areas_import)

    from .case_steps import add_area_commands

    add_area_commands(areas_sub, lang)
    area_defaults.add_commands(areas_sub, lang)
