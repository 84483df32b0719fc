"""``assetreg wo``: cases (案卷) of the digital city-management flow. Thin faces over storage/workorders.py;
the database enforces the life cycle (db/app/65_cases.sql)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.case_panel import action_label
from ..core.citytime import city_time, in_city_time
from ..core.errors import EXIT_OK, InputError
from ..core.messages import msg, text
from . import common

# action of the command line → (action of the database, what it needs); its help is cli.wo.<action>.help
_STEPS = {
    "accept": ("accept", ""),
    "refuse": ("refuse", ""),
    "register": ("register", ""),
    "dispatch": ("dispatch", "dispatch"),
    "start": ("start", ""),
    "handle": ("handle", "handle"),
    "verify": ("verify", "verify"),
    "close": ("close", ""),
    "defer": ("defer", ""),
    "resume": ("resume", ""),
    "cancel": ("cancel", ""),
    "rate": ("rate", "rate"),
    "return": ("return", ""),
}
_SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied", "no_reply")


def _connect(args: argparse.Namespace) -> Any:
    from ..storage.connection import connection

    return connection(common.dsn(args))


def _parse_asset(value: str) -> dict[str, str]:
    family, _, component_id = value.partition(":")
    if not component_id:
        raise InputError("cli.wo.asset_malformed", value=value)
    return {"family": family, "component_id": component_id}


def _cases_to_report(args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.from_file:
        try:
            cases = json.loads(Path(args.from_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError("cli.wo.cases_file_unreadable", path=args.from_file, reason=exc) from None
        if not isinstance(cases, list) or not all(isinstance(case, dict) for case in cases):
            raise InputError("cli.wo.cases_file_not_a_list", path=args.from_file)
        return cases
    missing = [name for name in ("matter_code", "source", "description") if not getattr(args, name)]
    if missing:
        options = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise InputError("cli.wo.options_missing", options=options)
    case = {
        "matter_code": args.matter_code,
        "source": args.source,
        "description": args.description,
        "assets": [_parse_asset(value) for value in args.asset],
    }
    optional = {
        "urgency": args.urgency,
        "address": args.address,
        "reporter_name": args.reporter,
        "reporter_contact": args.contact,
        "case_no": args.case_no,
    }
    case.update({key: value for key, value in optional.items() if value})
    if (args.x is None) != (args.y is None):
        raise InputError("cli.wo.x_without_y")
    if args.x is not None:
        case.update(x=args.x, y=args.y)
    return [case]


def _report_asset_cases(conn: Any, args: argparse.Namespace) -> list[Any]:
    """--matter-class: the cases about the --asset list, built like the QGIS algorithm builds them."""
    from ..core.standard import Standard
    from ..storage.workorders import report_asset_cases

    conflicting = [
        option
        for option, given in (
            ("--matter-code", args.matter_code),
            ("--from-file", args.from_file),
            ("--case-no", args.case_no),
            ("--x/--y", args.x is not None or args.y is not None),
        )
        if given
    ]
    if conflicting:
        options = ", ".join(conflicting)
        raise InputError("cli.wo.matter_class_conflicts", options=options)
    missing = [name for name in ("source", "description") if not getattr(args, name)]
    if missing or not args.asset:
        options = ", ".join(["--" + name for name in missing] + ([] if args.asset else ["--asset"]))
        raise InputError("cli.wo.matter_class_needs", options=options)
    return report_asset_cases(
        conn,
        Standard(),
        [_parse_asset(value) for value in args.asset],
        args.matter_class,
        args.source,
        args.description,
        one_per_asset=args.per_asset,
        urgency=args.urgency,
        address=args.address,
        reporter_name=args.reporter,
        reporter_contact=args.contact,
    )


def cmd_create(args: argparse.Namespace) -> int:
    from ..storage.workorders import report_cases

    cases = None if args.matter_class else _cases_to_report(args)
    with _connect(args) as conn:
        reported = _report_asset_cases(conn, args) if cases is None else report_cases(conn, cases)
    for case in reported:
        common.say(args, "cli.wo.reported", id=case.id, case_no=case.case_no, version=case.version)
    return EXIT_OK


def cmd_from_inspections(args: argparse.Namespace) -> int:
    from ..storage.workorders import cases_from_findings

    standard, profile = common.load(args)
    with _connect(args) as conn:
        result = cases_from_findings(conn, standard, profile, args.submission, args.since, args.dry_run)
    reported = iter(result.reported)
    for finding in result.findings:
        case = None if args.dry_run else next(reported)
        where = msg(
            "cli.wo.findings.finding",
            family=finding["asset_family"],
            component_id=finding["component_id"],
            inspection_id=finding["inspection_id"],
        )
        if case is None:
            common.say(args, "cli.wo.findings.would_report", finding=where, matter_code=finding["matter_code"])
        else:
            common.say(args, "cli.wo.findings.reported", id=case.id, case_no=case.case_no, finding=where)
    if args.dry_run:
        common.say(args, "cli.wo.findings.summary_dry_run", findings=len(result.findings))
    else:
        common.say(args, "cli.wo.findings.summary", findings=len(result.findings), reported=len(result.reported))
    return EXIT_OK


def cmd_step(args: argparse.Namespace) -> int:
    from ..storage.workorders import transition

    action = _STEPS[args.wo_command][0]
    payload: dict[str, Any] = {}
    if action == "dispatch":
        # no --maintainer: the database takes the unit in charge (67_case_steps.sql)
        payload = {**({"maintainer": args.maintainer} if args.maintainer else {}), **({"crew": args.crew} if args.crew else {})}
    elif action == "handle":
        payload = {"notes": args.notes}
        if args.parts:
            payload["parts"] = args.parts
        if args.cost is not None:
            payload["cost"] = args.cost
    elif action == "verify" and args.failed:
        action = "rework"
        if args.crew:
            payload["crew"] = args.crew
    elif action == "rate":
        payload = {"satisfaction": args.satisfaction}
    with _connect(args) as conn:
        new_version = transition(conn, args.case, args.expected_version, action, args.reason, payload)
    common.say(args, "cli.wo.step_done", case=args.case, action=action, version=new_version)
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    from ..storage.workorders import link_assets, unlink_assets

    change = link_assets if args.wo_command == "link" else unlink_assets
    assets = [_parse_asset(value) for value in args.asset]
    with _connect(args) as conn:
        new_version = change(conn, args.case, args.expected_version, assets)
    done = "cli.wo.linked" if args.wo_command == "link" else "cli.wo.unlinked"
    common.say(args, done, case=args.case, count=len(assets), version=new_version)
    return EXIT_OK


def _text(value: Any, zone: str = "UTC") -> str:
    """A value as the table shows it; a moment in the city's time zone, with its offset."""
    if value is None:
        return ""
    if isinstance(value, list):  # a case's earlier step times (revision 0032)
        return "; ".join(_text(item, zone) for item in value)
    if isinstance(value, datetime) and value.tzinfo:
        return city_time(value, zone)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


_LIST_COLUMNS = ("id", "case_no", "matter", "status", "version", "handling_due", "closing_due", "overdue", "description")


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.texttable import format_table
    from ..storage.workorders import list_cases, registry_timezone

    lang = common.lang(args)
    with _connect(args) as conn:
        zone = registry_timezone(conn)
        cases = list_cases(
            conn,
            status=args.status or (),
            overdue=True if args.overdue else None,
            matter_class=args.matter_class,
            area=args.area,
            component_id=args.component,
            limit=args.limit,
        )
    if args.format == "json":
        common.show_json([in_city_time(case.values, zone) for case in cases])
        return EXIT_OK
    headers = [text(f"cli.wo.list.column.{column}", lang) for column in _LIST_COLUMNS]
    rows = [
        [
            str(case.id),
            case.case_no,
            case.matter_class,
            case.status,
            str(case.version),
            _text(case.handling_deadline, zone),
            _text(case.closing_deadline, zone),
            text("cli.common.yes", lang) if case.overdue else "",
            case.description if len(case.description) <= 30 else case.description[:29] + "…",
        ]
        for case in cases
    ]
    print(format_table(headers, rows))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ..storage.workorders import registry_timezone, show_case

    with _connect(args) as conn:
        case = show_case(conn, args.case)
        zone = registry_timezone(conn)
    if args.format == "json":
        events = [in_city_time(event.__dict__, zone) for event in case.events]
        document = {**in_city_time(case.values, zone), "assets": case.assets, "events": events}
        common.show_json(document)
        return EXIT_OK
    show = common.show
    for key, value in case.values.items():
        if value is not None and value != "":
            show(f"{key:<18} {_text(value, zone)}")
    for asset in case.assets:
        show(f"asset              {asset['family']} {asset['component_id']}")
    lang = common.lang(args)
    for event in case.events:
        change = f"{event.from_status or '—'} → {event.to_status}"
        reason = f"  ({event.reason})" if event.reason else ""
        action = f"{event.action:<9} {action_label(event.action, lang, default='')}".rstrip()
        show(f"{city_time(event.at, zone, seconds=True)}  v{event.version:<3} {event.actor:<12} {action} {change}{reason}")
    _show_supervision(case.events, lang)
    return EXIT_OK


def _show_supervision(events: list[Any], lang: str) -> None:
    """督办 and 催办 counted under the events, when there were any."""
    from ..storage.case_steps import supervision_counts

    counts = supervision_counts(events)
    if any(counts.values()):
        common.show(text("cli.case_steps.show.supervision", lang, supervised=counts["supervise"], urged=counts["urge"]))


def _case_and_version(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("case", type=int, help=text("cli.wo.option.case", lang))
    parser.add_argument(
        "--version",
        dest="expected_version",
        type=int,
        required=True,
        metavar="N",
        help=text("cli.wo.option.version", lang),
    )


def add_commands(subparsers: Any, lang: str) -> None:
    wo = common.subparser(subparsers, "wo", lang, "cli.wo")
    wo_sub = wo.add_subparsers(dest="wo_command", metavar="ACTION", required=True)

    create = common.subparser(wo_sub, "create", lang, "cli.wo.create")
    create.add_argument("--matter-code", dest="matter_code", help=text("cli.wo.create.option.matter_code", lang))
    create.add_argument(
        "--matter-class", dest="matter_class", metavar="CODE", help=text("cli.wo.create.option.matter_class", lang)
    )
    create.add_argument("--per-asset", dest="per_asset", action="store_true", help=text("cli.wo.create.option.per_asset", lang))
    create.add_argument("--source", help=text("cli.wo.create.option.source", lang))
    create.add_argument("--description", help=text("cli.wo.create.option.description", lang))
    create.add_argument(
        "--urgency", choices=("ordinary", "serious", "emergency"), help=text("cli.wo.create.option.urgency", lang)
    )
    create.add_argument("--address", help=text("cli.wo.create.option.address", lang))
    create.add_argument("--reporter", help=text("cli.wo.create.option.reporter", lang))
    create.add_argument("--contact", help=text("cli.wo.create.option.contact", lang))
    create.add_argument("--case-no", dest="case_no", help=text("cli.wo.create.option.case_no", lang))
    create.add_argument("--x", type=float, help=text("cli.wo.create.option.x", lang))
    create.add_argument("--y", type=float, help=text("cli.wo.create.option.y", lang))
    create.add_argument(
        "--asset", action="append", default=[], metavar="FAMILY:ID", help=text("cli.wo.create.option.asset", lang)
    )
    create.add_argument("--from-file", dest="from_file", metavar="CASES.json", help=text("cli.wo.create.option.from_file", lang))
    common.dsn_option(create, lang)
    create.set_defaults(handler=cmd_create)

    findings = common.subparser(wo_sub, "from-inspections", lang, "cli.wo.from_inspections")
    findings.add_argument("--submission", type=int, help=text("cli.wo.from_inspections.option.submission", lang))
    findings.add_argument(
        "--since", type=datetime.fromisoformat, metavar="DATE", help=text("cli.wo.from_inspections.option.since", lang)
    )
    findings.add_argument("--dry-run", action="store_true", help=text("cli.wo.from_inspections.option.dry_run", lang))
    common.dsn_option(findings, lang)
    common.standard_options(findings, lang)
    findings.set_defaults(handler=cmd_from_inspections)

    listing = common.subparser(wo_sub, "list", lang, "cli.wo.list")
    listing.add_argument("--status", action="append", metavar="STATUS", help=text("cli.wo.list.option.status", lang))
    listing.add_argument("--overdue", action="store_true", help=text("cli.wo.list.option.overdue", lang))
    listing.add_argument(
        "--matter-class", dest="matter_class", metavar="CODE", help=text("cli.wo.list.option.matter_class", lang)
    )
    listing.add_argument("--area", metavar="CODE", help=text("cli.wo.list.option.area", lang))
    listing.add_argument("--component", metavar="ID", help=text("cli.wo.list.option.component", lang))
    listing.add_argument("--limit", type=int, default=100, help=text("cli.wo.list.option.limit", lang))
    listing.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.option.format", lang))
    common.dsn_option(listing, lang)
    listing.set_defaults(handler=cmd_list)

    show = common.subparser(wo_sub, "show", lang, "cli.wo.show")
    show.add_argument("case", type=int, help=text("cli.wo.option.case", lang))
    show.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.option.format", lang))
    common.dsn_option(show, lang)
    show.set_defaults(handler=cmd_show)

    for name in ("link", "unlink"):
        links = common.subparser(wo_sub, name, lang, f"cli.wo.{name}")
        _case_and_version(links, lang)
        links.add_argument("--asset", action="append", required=True, metavar="FAMILY:ID", help=text("cli.wo.option.asset", lang))
        common.dsn_option(links, lang)
        links.set_defaults(handler=cmd_links)

    for name, (_, needs) in _STEPS.items():
        reason_required = name in ("refuse", "defer", "cancel", "return")
        step = common.subparser(wo_sub, name, lang, f"cli.wo.{name}")
        _case_and_version(step, lang)
        step.add_argument("--reason", required=reason_required, help=text("cli.wo.option.reason", lang))
        if needs == "dispatch":
            step.add_argument("--maintainer", help=text("cli.case_steps.dispatch.option.maintainer", lang))
            step.add_argument("--crew", help=text("cli.wo.dispatch.option.crew", lang))
        elif needs == "handle":
            step.add_argument("--notes", required=True, help=text("cli.wo.handle.option.notes", lang))
            step.add_argument("--parts", help=text("cli.wo.handle.option.parts", lang))
            step.add_argument("--cost", type=float, help=text("cli.wo.handle.option.cost", lang))
        elif needs == "verify":
            step.add_argument("--failed", action="store_true", help=text("cli.wo.verify.option.failed", lang))
            step.add_argument("--crew", help=text("cli.wo.verify.option.crew", lang))
        elif needs == "rate":
            step.add_argument(
                "--satisfaction", required=True, choices=_SATISFACTION, help=text("cli.wo.rate.option.satisfaction", lang)
            )
        common.dsn_option(step, lang)
        step.set_defaults(handler=cmd_step)

    from .case_steps import add_commands as add_case_steps

    add_case_steps(wo_sub, lang)
