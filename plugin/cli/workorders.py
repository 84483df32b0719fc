"""``assetreg wo``: cases (案卷) of the digital city-management flow. Thin faces over storage/workorders.py;
the database enforces the life cycle (db/app/65_cases.sql)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK, InputError
from . import common

# action of the command line → (action of the database, zh, en, what it needs)
_STEPS = {
    "accept": ("accept", "受理", "accept a reported case", ""),
    "refuse": ("refuse", "不予立案", "refuse to register it (needs --reason)", ""),
    "register": ("register", "立案（计算结案时限）", "register it (sets the closing deadline)", ""),
    "dispatch": ("dispatch", "派遣（计算处置时限）", "dispatch it to a maintainer (sets the handling deadline)", "dispatch"),
    "start": ("start", "开始处置（养护班组）", "start handling (crew)", ""),
    "handle": ("handle", "处置反馈（养护班组）", "report it handled (crew)", "handle"),
    "verify": ("verify", "核查（--failed 则返工）", "verify the handling (--failed sends it back as rework)", "verify"),
    "close": ("close", "结案", "close it", ""),
    "defer": ("defer", "缓办（需 --reason）", "defer it (needs --reason)", ""),
    "resume": ("resume", "恢复缓办的案卷", "resume a deferred case", ""),
    "cancel": ("cancel", "作废（需 --reason）", "cancel it (needs --reason)", ""),
    "rate": ("rate", "满意度评价（结案后）", "record the reporter's satisfaction (after closure)", "rate"),
}
_SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied", "no_reply")


def _connect(args: argparse.Namespace) -> Any:
    from ..storage.connection import connection

    return connection(common.dsn(args))


def _parse_asset(text: str) -> dict[str, str]:
    family, _, component_id = text.partition(":")
    if not component_id:
        raise InputError(
            f"--asset “{text}” 应写作 类别:标识码，例如 streetlight:44040201037000001。",
            f"--asset '{text}' must be FAMILY:IDENTIFIER, e.g. streetlight:44040201037000001.",
        )
    return {"family": family, "component_id": component_id}


def _cases_to_report(args: argparse.Namespace) -> list[dict[str, Any]]:
    if args.from_file:
        try:
            cases = json.loads(Path(args.from_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"无法读取 {args.from_file}：{exc}", f"Cannot read {args.from_file}: {exc}") from None
        if not isinstance(cases, list) or not all(isinstance(case, dict) for case in cases):
            raise InputError(f"{args.from_file} 应为案卷对象的 JSON 数组。", f"{args.from_file} must be a JSON array of cases.")
        return cases
    missing = [name for name in ("matter_code", "source", "description") if not getattr(args, name)]
    if missing:
        options = ", ".join("--" + name.replace("_", "-") for name in missing)
        raise InputError(f"缺少 {options}（或用 --from-file）。", f"Missing {options} (or use --from-file).")
    case = {
        "matter_code": args.matter_code,
        "source": args.source,
        "description": args.description,
        "assets": [_parse_asset(text) for text in args.asset],
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
        raise InputError("--x 与 --y 须同时给出。", "Give both --x and --y.")
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
        raise InputError(
            f"--matter-class 不能与 {options} 同用（事项代码与位置取自部件）。",
            f"--matter-class cannot be combined with {options} (the matter code and location come from the assets).",
        )
    missing = [name for name in ("source", "description") if not getattr(args, name)]
    if missing or not args.asset:
        options = ", ".join(["--" + name for name in missing] + ([] if args.asset else ["--asset"]))
        raise InputError(f"--matter-class 还需要 {options}。", f"--matter-class also needs {options}.")
    return report_asset_cases(
        conn,
        Standard(),
        [_parse_asset(text) for text in args.asset],
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
        common.say(
            args,
            f"已登记案卷 {case.id}（编号 {case.case_no}，版本 {case.version}）。",
            f"Reported case {case.id} (number {case.case_no}, version {case.version}).",
        )
    return EXIT_OK


def cmd_from_inspections(args: argparse.Namespace) -> int:
    from ..storage.workorders import cases_from_findings

    standard, profile = common.load(args)
    with _connect(args) as conn:
        result = cases_from_findings(conn, standard, profile, args.submission, args.since, args.dry_run)
    reported = iter(result.reported)
    for finding in result.findings:
        case = None if args.dry_run else next(reported)
        where = f"{finding['asset_family']}:{finding['component_id']}（{finding['inspection_id']}）"
        if case is None:
            common.say(
                args,
                f"将登记：{where} → 事项 {finding['matter_code']}",
                f"Would report: {where} → matter {finding['matter_code']}",
            )
        else:
            common.say(
                args, f"已登记案卷 {case.id}（{case.case_no}）：{where}", f"Reported case {case.id} ({case.case_no}): {where}"
            )
    outcome_zh = "试运行，未登记" if args.dry_run else f"已登记 {len(result.reported)} 件"
    outcome_en = "dry run, nothing reported" if args.dry_run else f"{len(result.reported)} cases reported"
    common.say(
        args,
        f"巡查发现待登记 {len(result.findings)} 项，{outcome_zh}。",
        f"{len(result.findings)} standing findings; {outcome_en}.",
    )
    return EXIT_OK


def cmd_step(args: argparse.Namespace) -> int:
    from ..storage.workorders import transition

    action = _STEPS[args.wo_command][0]
    payload: dict[str, Any] = {}
    if action == "dispatch":
        payload = {"maintainer": args.maintainer, **({"crew": args.crew} if args.crew else {})}
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
    common.say(
        args,
        f"案卷 {args.case}：{action} 完成，现为版本 {new_version}。",
        f"Case {args.case}: {action} done, now version {new_version}.",
    )
    return EXIT_OK


def cmd_links(args: argparse.Namespace) -> int:
    from ..storage.workorders import link_assets, unlink_assets

    change = link_assets if args.wo_command == "link" else unlink_assets
    assets = [_parse_asset(text) for text in args.asset]
    with _connect(args) as conn:
        new_version = change(conn, args.case, args.expected_version, assets)
    done_zh = "关联" if args.wo_command == "link" else "解除关联"
    common.say(
        args,
        f"案卷 {args.case}：已{done_zh} {len(assets)} 个部件，现为版本 {new_version}。",
        f"Case {args.case}: {len(assets)} asset(s) {args.wo_command}ed, now version {new_version}.",
    )
    return EXIT_OK


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def cmd_list(args: argparse.Namespace) -> int:
    from ..core.texttable import format_table
    from ..storage.workorders import list_cases

    zh = common.lang(args) == "zh"
    with _connect(args) as conn:
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
        common.show_json([case.values for case in cases])
        return EXIT_OK
    headers = (
        ["编号", "案件编号", "事项", "环节", "版本", "处置时限", "结案时限", "超期", "描述"]
        if zh
        else ["id", "case no", "matter", "status", "version", "handling due", "closing due", "overdue", "description"]
    )
    rows = [
        [
            str(case.id),
            case.case_no,
            case.matter_class,
            case.status,
            str(case.version),
            _text(case.handling_deadline),
            _text(case.closing_deadline),
            ("是" if zh else "yes") if case.overdue else "",
            case.description if len(case.description) <= 30 else case.description[:29] + "…",
        ]
        for case in cases
    ]
    print(format_table(headers, rows))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ..storage.workorders import show_case

    with _connect(args) as conn:
        case = show_case(conn, args.case)
    if args.format == "json":
        document = {**case.values, "assets": case.assets, "events": [event.__dict__ for event in case.events]}
        common.show_json(document)
        return EXIT_OK
    show = common.show
    for key, value in case.values.items():
        if value is not None and value != "":
            show(f"{key:<18} {_text(value)}")
    for asset in case.assets:
        show(f"asset              {asset['family']} {asset['component_id']}")
    for event in case.events:
        change = f"{event.from_status or '—'} → {event.to_status}"
        reason = f"  ({event.reason})" if event.reason else ""
        show(f"{event.at:%Y-%m-%d %H:%M:%S}  v{event.version:<3} {event.actor:<12} {event.action:<9} {change}{reason}")
    return EXIT_OK


def _case_and_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", type=int, help="case id (see `assetreg wo list`) / 案卷编号")
    parser.add_argument(
        "--version",
        dest="expected_version",
        type=int,
        required=True,
        metavar="N",
        help="the version you last saw (`assetreg wo show`); a stale one is refused / 你看到的版本",
    )


def add_commands(subparsers: Any) -> None:
    wo = common.subparser(
        subparsers,
        "wo",
        "cases of the digital city-management flow / 案卷",
        "数字城管案卷：上报 → 受理 → 立案 → 派遣 → 处置 → 处置反馈 → 核查 → 结案；核查不通过则返工；可不予立案、缓办、作废。\n"
        "时限按城市配置的工作日历计算；流转规则由数据库执行，每次变更需给出你看到的版本（--version）。\n"
        "Cases: reported → accepted → registered → dispatched → handling → handled → verified → closed; a failed\n"
        "verification sends it back (rework); a case may be refused, deferred or cancelled. Deadlines follow the\n"
        "profile's working calendar; the database enforces the flow, and every change names the version it changes.",
        "examples:\n"
        "  assetreg wo create --matter-code 44040201037 --source hotline_12345 --description '路灯不亮' \\\n"
        "      --asset streetlight:44040201037000001 --reporter 张三 --contact 13800000000\n"
        "  assetreg wo create --from-file cases.json\n"
        "  assetreg wo list --status dispatched --overdue\n"
        "  assetreg wo show 17\n"
        "  assetreg wo accept 17 --version 1\n"
        "  assetreg wo dispatch 17 --version 3 --maintainer 路灯管理所 --crew 一班\n"
        "  assetreg wo verify 17 --version 6 --failed --reason '仍不亮 / still out'",
    )
    wo_sub = wo.add_subparsers(dest="wo_command", metavar="ACTION", required=True)

    create = common.subparser(
        wo_sub,
        "create",
        "report one case, or several from a file / 登记",
        "登记案卷（环节：上报，版本 1）。Report a case (stage reported, version 1).\n"
        "--from-file: a JSON array of cases with matter_code, source, description and optionally case_no,\n"
        "urgency, address, reporter_name, reporter_contact, x, y (registry CRS), assets [{family, component_id}].\n"
        "--matter-class: the matter code is the assets' district + this class (it must concern their family);\n"
        "one case links every --asset, or one case per asset with --per-asset (the same as QGIS's\n"
        "从所选部件创建案卷 / Create cases from selected assets).",
        "examples:\n"
        "  assetreg wo create --matter-code 44040201037 --source patrol --description '灯不亮' \\\n"
        "      --asset streetlight:44040201037000001\n"
        "  assetreg wo create --matter-class 01037 --source gis_user --description '灯不亮' --per-asset \\\n"
        "      --asset streetlight:44040201037000001 --asset streetlight:44040201037000002\n"
        "  assetreg wo create --matter-code 44040206012 --source citizen --description '路面脏' --x 500100 --y 2460200\n"
        "  assetreg wo create --from-file night-patrol.json",
    )
    create.add_argument("--matter-code", dest="matter_code", help="11 digits: admin code + matter class / 事项代码")
    create.add_argument(
        "--matter-class",
        dest="matter_class",
        metavar="CODE",
        help="5-digit matter class; the district comes from the --asset identifiers / 事项类别（区划取自部件）",
    )
    create.add_argument(
        "--per-asset", dest="per_asset", action="store_true", help="with --matter-class: one case per asset / 每个部件一件"
    )
    create.add_argument("--source", help="hotline_12345, patrol, citizen, inspection, gis_user, … / 案件来源")
    create.add_argument("--description", help="what is wrong / 问题描述")
    create.add_argument("--urgency", choices=("ordinary", "serious", "emergency"), help="紧急程度")
    create.add_argument("--address", help="地址")
    create.add_argument("--reporter", help="who gets the result message / 上报人")
    create.add_argument("--contact", help="reporter's contact / 联系方式")
    create.add_argument("--case-no", dest="case_no", help="case number (default generated) / 案件编号")
    create.add_argument("--x", type=float, help="location, registry CRS")
    create.add_argument("--y", type=float, help="location, registry CRS")
    create.add_argument("--asset", action="append", default=[], metavar="FAMILY:ID", help="a concerned asset (repeatable)")
    create.add_argument("--from-file", dest="from_file", metavar="CASES.json", help="report several cases at once")
    common.dsn_option(create)
    create.set_defaults(handler=cmd_create)

    findings = common.subparser(
        wo_sub,
        "from-inspections",
        "one case per standing finding of the inspections / 巡查发现登记案卷",
        "为巡查发现的问题各登记一件案卷（来源：巡查）：夜间巡查不亮的路灯，或巡查所见状态为城市配置\n"
        "inspection_findings.defect_statuses 之一的部件；只看各部件最近一次同类巡查，已有未结案卷或此后已登记案卷的部件跳过，\n"
        "所以重复运行不会重复登记。事项代码 = 部件所在区县 + 部件自身的异常事项类别。\n"
        "One case (source patrol or inspection) per standing finding: a light found unlit at night, or an asset\n"
        "found in one of the profile's inspection_findings.defect_statuses; only an asset's latest inspection of\n"
        "a kind counts, and an asset with an open case, or a case reported since the finding, is left alone, so\n"
        "running it again reports nothing twice. Matter code: the asset's district + its own matter class.",
        "examples:\n"
        "  assetreg wo from-inspections --submission 12 --dry-run\n"
        "  assetreg wo from-inspections --since 2026-11-01",
    )
    findings.add_argument("--submission", type=int, help="only the records of this submission / 仅此次提交的巡查记录")
    findings.add_argument(
        "--since", type=datetime.fromisoformat, metavar="DATE", help="only records inspected since / 仅此后的巡查"
    )
    findings.add_argument("--dry-run", action="store_true", help="list what would be reported / 试运行")
    common.dsn_option(findings)
    common.standard_options(findings)
    findings.set_defaults(handler=cmd_from_inspections)

    listing = common.subparser(
        wo_sub,
        "list",
        "list cases / 列表",
        "列出案卷（新的在前）与时限、是否超期。List cases, newest first, with due times and whether overdue.",
        "examples:\n  assetreg wo list\n  assetreg wo list --status handling --status dispatched --overdue\n"
        "  assetreg wo list --area 440402001 --format json",
    )
    listing.add_argument("--status", action="append", metavar="STATUS", help="only this stage (repeatable)")
    listing.add_argument("--overdue", action="store_true", help="only cases overdue now / 仅超期")
    listing.add_argument("--matter-class", dest="matter_class", metavar="CODE", help="5-digit matter class")
    listing.add_argument("--area", metavar="CODE", help="district, street, community or grid code")
    listing.add_argument("--component", metavar="ID", help="cases linked to this component")
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    common.dsn_option(listing)
    listing.set_defaults(handler=cmd_list)

    show = common.subparser(
        wo_sub,
        "show",
        "one case with its assets and events / 详情",
        "案卷详情、关联部件与每次流转（何人、何时、由何环节到何环节、理由）。\n"
        "A case, its assets and every event (who, when, from, to, why).",
        "examples:\n  assetreg wo show 17\n  assetreg wo show 17 --format json",
    )
    show.add_argument("case", type=int)
    show.add_argument("--format", choices=("text", "json"), default="text")
    common.dsn_option(show)
    show.set_defaults(handler=cmd_show)

    for name, zh, en in (("link", "关联部件", "link assets"), ("unlink", "解除关联部件", "unlink assets")):
        links = common.subparser(
            wo_sub,
            name,
            f"{en} / {zh}",
            f"{zh}（编辑与管理员；案卷未终结时）。记为案卷的一次变更，有版本、有事件。\n"
            f"{en[0].upper() + en[1:]} (editors and admins, while the case is open): a change of the case like the others,"
            " with its version and its event. The version must be the case's current one, else it is refused: reload it.",
            f"examples:\n  assetreg wo {name} 17 --version 4 --asset streetlight:44040201037000001",
        )
        _case_and_version(links)
        links.add_argument("--asset", action="append", required=True, metavar="FAMILY:ID", help="an asset (repeatable) / 部件")
        common.dsn_option(links)
        links.set_defaults(handler=cmd_links)

    for name, (_, zh, en, needs) in _STEPS.items():
        reason_required = name in ("refuse", "defer", "cancel")
        step = common.subparser(
            wo_sub,
            name,
            f"{en} / {zh}",
            f"{zh}。\n{en[0].upper() + en[1:]}. The version must be the case's current one, else it is refused: reload it.",
            f"examples:\n  assetreg wo {name} 17 --version 4"
            + (" --reason '…'" if reason_required else "")
            + {
                "dispatch": " --maintainer 路灯管理所 --crew 一班",
                "handle": " --notes '更换灯具' --parts 'LED 120W' --cost 380",
                "verify": "\n  assetreg wo verify 17 --version 4 --failed --reason '仍不亮 / still out'",
                "rate": " --satisfaction satisfied",
            }.get(needs, ""),
        )
        _case_and_version(step)
        step.add_argument("--reason", required=reason_required, help="why / 理由")
        if needs == "dispatch":
            step.add_argument("--maintainer", required=True, help="maintainer organisation / 处置单位")
            step.add_argument("--crew", help="crew / 处置班组")
        elif needs == "handle":
            step.add_argument("--notes", required=True, help="what was done / 处置情况")
            step.add_argument("--parts", help="parts and materials used / 更换部件及材料")
            step.add_argument("--cost", type=float, help="cost in yuan / 处置费用（元）")
        elif needs == "verify":
            step.add_argument("--failed", action="store_true", help="verification failed: rework (needs --reason) / 返工")
            step.add_argument("--crew", help="crew for the rework / 返工班组")
        elif needs == "rate":
            step.add_argument("--satisfaction", required=True, choices=_SATISFACTION, help="满意度")
        common.dsn_option(step)
        step.set_defaults(handler=cmd_step)
