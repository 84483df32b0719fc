"""``assetreg`` commands around the registry's records: submissions, quarantine, history, areas.

Thin faces over storage/; each adds its own section to the parser.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from ..core.errors import EXIT_OK, InputError
from . import common

_OUTCOMES = {
    "running": "进行中",
    "accepted": "已接收",
    "partially_accepted": "部分接收",
    "rejected": "已退回",
    "failed": "失败",
    "dry_run": "试运行",
}


# -- submissions and quarantine --------------------------------------------------------------


def cmd_submissions(args: argparse.Namespace) -> int:
    from ..core.texttable import format_table
    from ..storage.submissions import list_submissions

    zh = common.lang(args) == "zh"
    rows = list_submissions(common.dsn(args), args.limit)
    if args.format == "json":
        common.show_json([row.__dict__ for row in rows])
        return EXIT_OK
    headers = ["编号", "文件", "类别", "提交人", "提交时间", "方式", "结果", "计数"] if zh else [
        "id", "file", "family", "by", "submitted", "mode", "outcome", "counts"
    ]  # fmt: skip
    table = [
        [
            str(row.id),
            row.file_name,
            row.family or "",
            row.submitted_by,
            row.submitted_at.strftime("%Y-%m-%d %H:%M"),
            row.mode,
            _OUTCOMES.get(row.outcome, row.outcome) if zh else row.outcome,
            " ".join(f"{k}={v}" for k, v in (row.counts or {}).items() if v),
        ]
        for row in rows
    ]
    print(format_table(headers, table))
    return EXIT_OK


def cmd_quarantine_export(args: argparse.Namespace) -> int:
    from ..storage import quarantine

    count = quarantine.export(common.dsn(args), args.submission, args.out, args.overwrite, args.csv_raw)
    common.say(
        args,
        f"已把提交 {args.submission} 的 {count} 个隔离要素写入 {args.out}（列名与交付相同，chk_* 列是问题说明）。"
        "修正后删去 chk_* 列重新提交。",
        f"Wrote the {count} quarantined features of submission {args.submission} to {args.out} (the delivery's own "
        "columns; chk_* columns say what is wrong). Fix them, drop the chk_* columns and resubmit.",
    )
    return EXIT_OK


# -- history ---------------------------------------------------------------------------------


def _parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"时间“{text}”无法识别。",
            f"Cannot read the time '{text}'.",
            "例如 2026-11-01T08:00+08:00",
            "e.g. 2026-11-01T08:00+08:00",
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def cmd_history(args: argparse.Namespace) -> int:
    from ..storage import history

    dsn = common.dsn(args)
    if args.at:
        values = history.as_of(dsn, args.asset, _parse_time(args.at))
        if values is None:
            common.say(args, f"{args.at} 时该部件不存在。", f"The asset did not exist at {args.at}.")
        else:
            common.show_json(values)
        return EXIT_OK
    entries = history.history(dsn, args.asset)
    if args.format == "json":
        common.show_json([entry.__dict__ for entry in entries])
        return EXIT_OK
    zh = common.lang(args) == "zh"
    names = {"insert": "新增", "update": "修改", "delete": "删除"}
    for entry in entries:
        source = f"submission {entry.submission_id}" if entry.submission_id else entry.edit_session
        operation = names[entry.operation] if zh else entry.operation
        common.show(f"{entry.changed_at:%Y-%m-%d %H:%M:%S%z}  {operation:<6} {entry.changed_by}  ({source})")
        if entry.operation == "update":
            for name in entry.changed_fields():
                old = (entry.old_values or {}).get(name)
                new = (entry.new_values or {}).get(name)
                common.show(f"    {name}: {_short(old)} → {_short(new)}")
    return EXIT_OK


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
        f"已导入区县 {counts['district']}、街道 {counts['street']}、社区 {counts['community']}、单元网格 {counts['grid']}；"
        f"{loaded.relocated} 个部件重新落位。",
        f"Loaded {counts['district']} districts, {counts['street']} streets, {counts['community']} communities and "
        f"{counts['grid']} unit grids; {loaded.relocated} assets located again.",
    )
    return EXIT_OK


def add_commands(subparsers: Any) -> None:
    subs = common.subparser(
        subparsers,
        "submissions",
        "list the deliveries submitted to the registry / 提交记录",
        "列出最近的交付提交：文件、SHA-256、提交人、方式、结果与计数。中断的导入会被标记为失败。\n"
        "List recent submissions: file, who, mode, outcome, counts. Interrupted imports are marked failed.",
        "examples:\n  assetreg submissions\n  assetreg submissions --limit 100 --format json",
    )
    subs.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    subs.add_argument("--format", choices=("text", "json"), default="text")
    common.dsn_option(subs)
    subs.set_defaults(handler=cmd_submissions)

    quarantine = common.subparser(
        subparsers,
        "quarantine",
        "features a delivery could not import / 隔离区",
        "未通过检查的要素留在隔离区，可导出给承包商修正后重新提交。\n"
        "Features that failed validation stay in quarantine; export them for the contractor to fix and resubmit.",
        "examples:\n  assetreg quarantine export 42 --out fix-these.gpkg",
    )
    quarantine_sub = quarantine.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    export = common.subparser(
        quarantine_sub,
        "export",
        "write them to a file / 导出",
        "把一次提交的隔离要素写入文件（交付的原列名，chk_* 列为问题说明）。\n"
        "Write a submission's quarantined features to a file (the delivery's own columns; chk_* say what is wrong).",
        "examples:\n  assetreg quarantine export 42 --out fix-these.gpkg\n"
        "  assetreg quarantine export 42 --out fix-these.csv --overwrite\n\n"
        "exit codes: 0 written · 2 wrong call, no such submission, FILE exists (without --overwrite),\n"
        "folder missing or not writable\n\n" + common.CSV_GUARD_NOTE,
    )
    export.add_argument("submission", type=int, help="submission id (see `assetreg submissions`)")
    export.add_argument("--out", required=True, metavar="FILE.gpkg|.geojson|.csv", help="the file to write / 输出文件")
    export.add_argument("--overwrite", action="store_true", help="replace FILE if it exists / 覆盖已有文件")
    export.add_argument("--csv-raw", action="store_true", help=common.CSV_RAW_HELP)
    common.dsn_option(export)
    export.set_defaults(handler=cmd_quarantine_export)

    hist = common.subparser(
        subparsers,
        "history",
        "what happened to an asset / 变更历史",
        "部件的每次新增、修改、删除：何时、何人、哪次提交或编辑会话、哪些字段由何值变为何值。\n"
        "Every insert, update and delete of an asset: when, who, which submission or edit session, what changed.\n"
        "--at shows the asset as it was at that time.",
        "examples:\n  assetreg history 44040201037000001\n  assetreg history 44040201037000001 --at 2026-11-01T08:00+08:00",
    )
    hist.add_argument("asset", help="17-digit component identifier or UUID / 部件标识码")
    hist.add_argument("--at", default=None, metavar="TIME", help="the asset as it was at this time (ISO 8601)")
    hist.add_argument("--format", choices=("text", "json"), default="text")
    common.dsn_option(hist)
    hist.set_defaults(handler=cmd_history)

    areas = common.subparser(
        subparsers,
        "areas",
        "administrative areas and unit grids / 区划与网格",
        "导入区县、街道、社区与单元网格（面图层，列 level、code、name），并让所有部件按几何重新落位。\n"
        "Load districts, streets, communities and unit grids (a polygon layer with columns level, code, name),\n"
        "then locate every asset again by its geometry.",
        "examples:\n  assetreg areas import xiangzhou_areas.geojson",
    )
    areas_sub = areas.add_subparsers(dest="areas_command", metavar="ACTION", required=True)
    load = common.subparser(areas_sub, "import", "load areas and grids / 导入", "Load areas and grids from a file.")
    load.add_argument("file", help="polygon layer with level, code, name")
    common.dsn_option(load)
    common.standard_options(load)
    load.set_defaults(handler=cmd_areas_import)
