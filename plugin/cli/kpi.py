"""``assetreg kpi``: the indicators, their drill-downs, snapshots and trends. A thin face over
storage/kpi.py; the definitions live in db/app/70_indicators.sql."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ..core.csvcells import guard_cell
from ..core.errors import EXIT_OK
from ..core.texttable import printable_json
from . import common

# What the text table shows of each indicator (CSV and JSON give every column), with headers.
_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "lighting": [
        ("lights_should_be_on", "应亮", "Should be on"),
        ("lights_on", "亮灯", "On"),
        ("lighting_rate", "亮灯率", "Lighting rate"),
        ("target", "目标", "Target"),
        ("meets_target", "结论", "Verdict"),
        ("patrol_findings", "巡查次数", "Patrol findings"),
        ("patrol_lighting_rate", "巡查亮灯率", "Patrol lighting rate"),
    ],
    "intactness": [
        ("family", "类别", "Family"),
        ("in_service", "在用", "In service"),
        ("intact", "完好", "Intact"),
        ("unknown", "未评定", "Unknown"),
        ("weighted_by", "权重", "Weighted by"),
        ("intactness_rate", "完好率", "Intactness rate"),
        ("target", "目标", "Target"),
        ("meets_target", "结论", "Verdict"),
    ],
    "cases": [
        ("reported", "上报", "Reported"),
        ("registered", "立案", "Registered"),
        ("due", "应结案", "Due"),
        ("closed", "结案", "Closed"),
        ("closure_rate", "结案率", "Closure rate"),
        ("on_time_closure_rate", "按期结案率", "On-time closure"),
        ("on_time_handling_rate", "按期处置率", "On-time handling"),
        ("rework_rate", "返工率", "Rework rate"),
        ("overdue_open", "超期未结", "Overdue open"),
        ("mean_handling_hours", "平均处置(时)", "Mean handling h"),
        ("satisfaction_rate", "满意率", "Satisfaction"),
        ("meets_targets", "结论", "Verdict"),
    ],
    "ranking": [
        ("rank", "名次", "Rank"),
        ("lighting_rate", "亮灯率", "Lighting rate"),
        ("closure_rate", "结案率", "Closure rate"),
        ("on_time_closure_rate", "按期结案率", "On-time closure"),
        ("on_time_handling_rate", "按期处置率", "On-time handling"),
        ("targets_met", "达标项", "Targets met"),
        ("list", "榜单", "List"),
    ],
}
_TITLES = {
    "lighting": ("亮灯率", "Lighting rate"),
    "intactness": ("完好率", "Intactness rate"),
    "cases": ("案卷指标", "Case indicators"),
    "ranking": ("排名（红榜 / 黑榜）", "Ranking (red list / black list)"),
}
_GROUPINGS = {
    "city": ("全市", "city"),
    "district": ("区", "district"),
    "street": ("街道", "street"),
    "community": ("社区", "community"),
    "grid": ("单元网格", "unit grid"),
    "maintainer": ("养护单位", "maintainer"),
    "road_class": ("道路等级", "road class"),
}


def _cell(key: str, value: Any, zh: bool) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        if key.startswith("meets"):
            return ("达标" if value else "未达标") if zh else ("met" if value else "MISSED")
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if key == "list":
        return {"red": "红榜" if zh else "RED", "black": "黑榜" if zh else "BLACK"}.get(value, value)
    if key.endswith("rate") or key.endswith("target"):
        return f"{float(value) * 100:.2f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


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

    zh = lang == "zh"
    title_zh, title_en = _TITLES[table.indicator]
    by_zh, by_en = _GROUPINGS[table.group_by]
    # a live table is measured at its moment; a snapshot says when it was taken
    source = {"live": ("截至", "as at"), "snapshot": ("月度快照，保存于", "monthly snapshot taken")}[table.source]
    at = table.at.strftime("%Y-%m-%d %H:%M")
    if table.drill is not None:
        title = (
            f"{title_zh}明细：{by_zh} {table.drill or '全部'}，{table.period}（截至 {at}）"
            if zh
            else f"{title_en}, drill-down: {by_en} {table.drill or 'all'}, {table.period} (as at {at})"
        )
        columns = _columns_of(table.rows)
        headers = columns
    else:
        title = (
            f"{title_zh}（按{by_zh}，{table.period}，{source[0]} {at}）"
            if zh
            else f"{title_en} by {by_en}, {table.period}, {source[1]} {at}"
        )
        columns = [key for key, _, _ in _COLUMNS[table.indicator]]
        headers = [zh_label if zh else en_label for _, zh_label, en_label in _COLUMNS[table.indicator]]
        headers = ["分组" if zh else "Group", *headers]
    if not table.rows:
        return title + "\n" + ("（没有数据）" if zh else "(nothing to show)")
    body = []
    for row in table.rows:
        cells = [_cell(key, row.get(key), zh) for key in columns]
        if table.drill is None:
            label = row.get("label_zh" if zh else "label_en") or row.get("group_code") or ""
            code = row.get("group_code")
            cells = [f"{label} {code}".strip() if code and code != label else label, *cells]
        body.append(cells)
    return title + "\n" + format_table(headers, body, right_align=[False] + [True] * (len(headers) - 1))


def render_trend(rows: list[dict[str, Any]], indicator: str, fmt: str, lang: str, raw_csv: bool = False) -> str:
    if fmt == "json":
        return printable_json(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    if fmt == "csv":
        return _csv(list(rows[0]) if rows else ["period"], rows, raw_csv)
    from ..core.texttable import format_table

    zh = lang == "zh"
    spec = [(k, z, e) for k, z, e in _COLUMNS[indicator] if k not in ("rank",)]
    headers = ["月份" if zh else "Month", *[(z if zh else e) for _, z, e in spec]]
    body = [[row["period"], *[_cell(key, row.get(key), zh) for key, _, _ in spec]] for row in rows]
    title = ("趋势（月度快照）" if zh else "Trend (monthly snapshots)") + f": {_TITLES[indicator][0 if zh else 1]}"
    if not rows:
        return (
            title
            + "\n"
            + (
                "（尚无快照：assetreg kpi snapshot --period YYYY-MM）"
                if zh
                else "(no snapshots yet: assetreg kpi snapshot --period YYYY-MM)"
            )
        )
    return title + "\n" + format_table(headers, body, right_align=[False] + [True] * (len(headers) - 1))


def cmd_kpi(args: argparse.Namespace) -> int:
    from ..storage.connection import connection
    from ..storage.kpi import check_grouping, drill_down, indicator_board, indicator_table, snapshot_trend, take_snapshot

    lang = common.lang(args)
    # text passes the terminal's guard like every text view; CSV and JSON are data, guarded as such
    emit = common.show if args.format == "text" else print
    fmt, raw = args.format, args.csv_raw
    if args.indicator == "snapshot":
        with connection(common.dsn(args)) as conn:
            written = take_snapshot(conn, args.period or _previous_month(conn), args.replace)
        print(f"已保存指标快照：{written} 行 / Snapshot kept: {written} rows")
        return EXIT_OK
    if args.indicator == "all":
        with connection(common.dsn(args)) as conn:
            board = indicator_board(conn, args.by, args.period, live=args.live)
        emit(render_board(board, fmt, lang, raw))
        return EXIT_OK
    group_by = check_grouping(args.indicator, args.by)
    with connection(common.dsn(args)) as conn:
        if args.trend:
            emit(render_trend(snapshot_trend(conn, args.indicator, group_by, args.group), args.indicator, fmt, lang, raw))
            return EXIT_OK
        if args.drill is not None:
            table = drill_down(conn, args.indicator, group_by, args.drill or None, args.period)
        else:
            table = indicator_table(conn, args.indicator, group_by, args.period, live=args.live)
    emit(render(table, fmt, lang, raw))
    return EXIT_OK


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


def add_commands(subparsers: Any) -> None:
    kpi = common.subparser(
        subparsers,
        "kpi",
        "indicators: lighting, intactness, cases, ranking / 考核指标",
        "考核指标（定义见 db/app/70_indicators.sql 与城市配置 indicators）：\n"
        "  lighting    亮灯率 = 亮灯数 / 应亮灯数（期末时刻），期间巡查亮灯率；目标按道路等级\n"
        "  intactness  完好率（按类别：计数、按面积/长度加权或按技术等级）\n"
        "  cases       当期立案案卷：结案率、按期结案率、按期处置率、返工率、超期、平均处置时长、满意率\n"
        "  ranking     区或养护单位按达标项排名，红榜与黑榜\n"
        "  all         以上全部，同一分组与期间，各算一次（默认按区）\n"
        "  snapshot    保存某月全部指标的快照（默认上月）；已有快照的月份默认读快照\n"
        "Indicators (defined in db/app/70_indicators.sql and the profile's `indicators`):\n"
        "  lighting    lights on / lights that should be on at the period's end; patrols' lighting rate\n"
        "  intactness  intact share per family (by count, area/length weighted or by grade)\n"
        "  cases       cases registered in the period: closure, on-time closure and handling, rework, overdue,\n"
        "              mean handling time, satisfaction\n"
        "  ranking     districts or maintainers ranked by the targets they meet, red and black lists\n"
        "  all         all of the above, for one grouping and period, each computed once (default: district)\n"
        "  snapshot    keep every indicator of a month (default: last month); a month with a snapshot is\n"
        "              read from it unless --live",
        "examples:\n"
        "  assetreg kpi                                     # lighting rate now, by road class\n"
        "  assetreg kpi cases --by district --period 2026-10\n"
        "  assetreg kpi lighting --by grid --format csv\n"
        "  assetreg kpi cases --by maintainer --drill 路灯管理所   # the cases behind the figures\n"
        "  assetreg kpi lighting --by district --drill 440402   # the lights that are off\n"
        "  assetreg kpi ranking --by district --period 2026-10\n"
        "  assetreg kpi all --by district --period 2026-10   # the whole table of the month\n"
        "  assetreg kpi snapshot --period 2026-10\n"
        "  assetreg kpi cases --trend                       # the city's months from the snapshots\n\n" + common.CSV_GUARD_NOTE,
    )
    kpi.add_argument(
        "indicator",
        nargs="?",
        default="lighting",
        choices=("lighting", "intactness", "cases", "ranking", "all", "snapshot"),
        help="which indicator (default lighting), all of them, or snapshot / 指标",
    )
    kpi.add_argument(
        "--by",
        choices=("city", "district", "street", "community", "grid", "maintainer", "road_class"),
        help="grouping (default: road_class for lighting, city for intactness, district otherwise) / 分组",
    )
    kpi.add_argument("--period", metavar="YYYY-MM", help="month (default this month; snapshot: last month) / 月份")
    kpi.add_argument("--drill", metavar="CODE", help="list what is behind the figures of one group ('' for all) / 下钻明细")
    kpi.add_argument("--live", action="store_true", help="compute now even where a snapshot exists / 不读快照，实时计算")
    kpi.add_argument("--trend", action="store_true", help="the months kept in snapshots, for one group (--group) / 趋势")
    kpi.add_argument("--group", metavar="CODE", help="with --trend: the group (default the total) / 趋势的分组代码")
    kpi.add_argument("--replace", action="store_true", help="snapshot: take a month's snapshot again / 覆盖已有快照")
    kpi.add_argument("--format", choices=("text", "csv", "json"), default="text", help="output format / 输出格式")
    kpi.add_argument("--csv-raw", action="store_true", help=common.CSV_RAW_HELP)
    common.dsn_option(kpi)
    kpi.set_defaults(handler=cmd_kpi)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def _verdict(meets: bool | None, zh: bool) -> str:
    if meets is None:
        return ""
    if zh:
        return "达标" if meets else "未达标"
    return "met" if meets else "MISSED"


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

    zh = lang == "zh"
    headers = (
        ["道路等级", "应亮", "亮灯", "亮灯率", "目标", "结论"]
        if zh
        else ["Road class", "Should be on", "On", "Lighting rate", "Target", "Verdict"]
    )
    table = [
        [
            row.label_zh if zh else row.label_en,
            str(row.lights_should_be_on),
            str(row.lights_on),
            _percent(row.lighting_rate),
            _percent(row.target),
            _verdict(row.meets_target, zh),
        ]
        for row in rows
    ]
    title = "亮灯率（按道路等级）" if zh else "Lighting rate by road class"
    return title + "\n" + format_table(headers, table, right_align=[False, True, True, True, True, False])
