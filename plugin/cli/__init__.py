"""The ``assetreg`` command: a thin face over core/ and storage/.

Exit codes: 0 success (a valid file), 1 the data is invalid or an operation
was refused, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..core.csvcells import guard_cell
from ..core.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UserError
from ..core.texttable import printable, printable_json
from ..version import VERSION

LANGS = ("zh", "en")


def _lang(args: argparse.Namespace) -> str:
    return args.lang or os.environ.get("ASSETREG_LANG", "zh")


def _show(text: str, file: Any = None) -> None:
    """Text for a person on a terminal: every message and text view passes here (tables through
    core/texttable.py), so a value from the registry or a delivery (a case description, a file name)
    is shown, never run as a terminal command. Several lines stay several lines."""
    print(printable(text, keep_newlines=True), file=file)


def _show_json(data: Any) -> None:
    """JSON for a program or a person: the same data, with no control character left raw."""
    print(printable_json(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def _say(args: argparse.Namespace, zh: str, en: str) -> None:
    _show(zh if _lang(args) == "zh" else en)


def _progress(label_zh: str, label_en: str, lang: str) -> Callable[[int, int], None] | None:
    """Progress on the terminal for long runs; silent when output is not a terminal."""
    if not sys.stderr.isatty():
        return None
    label = label_zh if lang == "zh" else label_en

    def show(done: int, total: int) -> None:
        share = f" ({done * 100 // total}%)" if total and total > 0 else ""
        end = "\n" if total and done >= total else ""
        print(f"\r{label} {done}/{total if total >= 0 else '?'}{share}", end=end, file=sys.stderr, flush=True)

    return show


# -- shared options ---------------------------------------------------------

# CSV written for people is opened in a spreadsheet, which runs a cell beginning with = + - @ as a formula
# (core/csvcells.py); every command that writes CSV says so in its --help and offers the raw values.
CSV_GUARD_NOTE = (
    "CSV 单元格：以 = + - @、制表符或回车开头的文本会被电子表格当作公式执行，写出时前加单引号 '；\n"
    "数值和纯数字（如 -3.5）照原样。assetreg validate/import 读 CSV 时去掉这个单引号。--csv-raw 原样写出。\n"
    "CSV cells: a text beginning with = + - @, a tab or a carriage return would run as a formula in a\n"
    "spreadsheet, so it is written with a leading ' (numbers and plain numeric text such as -3.5 stay as they\n"
    "are); assetreg validate/import read that quote back off. --csv-raw writes every value as it is."
)
CSV_RAW_HELP = "CSV: write values as they are, without the ' that keeps a spreadsheet from running formulas / 原样写出"


def _standard_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        default=None,
        help="city profile id or path to a profile JSON (default: the mapping's, else zhuhai) / 城市配置",
    )
    parser.add_argument(
        "--standard-version", default=None, metavar="VERSION", help="standard version (default: the profile's) / 规范版本"
    )


def _dsn_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dsn",
        default=None,
        help="libpq connection string, e.g. 'host=db.example dbname=registry user=gis'. "
        "Default: ASSETREG_DSN, else PGSERVICE/PGHOST environment, else the local demo "
        "database (started on demand) / 数据库连接",
    )


def _load(args: argparse.Namespace):
    from ..core.standard import DEFAULT_PROFILE, Standard, load_profile

    profile = load_profile(args.profile or DEFAULT_PROFILE)
    standard = Standard(args.standard_version or profile.standard_version)
    return standard, profile


def _dsn(args: argparse.Namespace) -> str:
    from ..storage.connection import resolve_dsn

    return resolve_dsn(args.dsn)


# -- validate ---------------------------------------------------------------


def _write_outputs(args: argparse.Namespace, reports: list, mapping) -> None:
    from ..core.outputs import write_error_layers, write_reports

    if args.report:
        for target in write_reports(reports, args.report):
            _say(args, f"报告已写入 {target}", f"Report written to {target}")
    if args.error_layer:
        count = write_error_layers(reports, args.error_layer, mapping)
        _say(args, f"{count} 个不合格要素已写入 {args.error_layer}", f"{count} failing features written to {args.error_layer}")


def _write_failed_file_report(args: argparse.Namespace, error: UserError, profile, standard) -> None:
    """A report holding only the file-level failure, so a contractor gets one even for an unreadable file."""
    from ..core.outputs import write_reports
    from ..core.report import Report

    report = Report(
        source=args.file, layer=args.layer, family=args.family or "", profile=profile.id, standard_version=standard.version
    )
    report.add(error.rule, None, detail={"zh": error.zh, "en": error.en})
    write_reports([report], args.report)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..core.submission import prepare, validate_submission

    submission = prepare(args.file, args.profile, args.standard_version, args.mapping, args.envelope)
    standard, profile, mapping = submission.standard, submission.profile, submission.mapping
    lang = _lang(args)
    try:
        reports = validate_submission(args.file, submission, args.family, args.layer, _progress("检查", "validating", lang))
    except UserError as error:
        if error.rule and args.report:
            _write_failed_file_report(args, error, profile, standard)
        raise
    if args.dsn:
        from ..storage.registry_checks import check_against_registry

        for report in reports:
            check_against_registry(_dsn(args), report, standard, profile, args.file, mapping)
    for report in reports:
        _show(report.summary_text(lang, args.show))
    _write_outputs(args, reports, mapping)
    return EXIT_OK if all(report.is_valid for report in reports) else EXIT_INVALID


# -- mapping ----------------------------------------------------------------


def cmd_mapping_suggest(args: argparse.Namespace) -> int:
    from ..core.suggest import suggest_mapping

    standard, _ = _load(args)
    suggestion = suggest_mapping(args.file, standard, args.family, args.layer)
    text = json.dumps(suggestion.draft, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        _say(args, f"映射草稿已写入 {args.out}", f"Draft mapping written to {args.out}")
    else:
        print(printable_json(text))
    _show(suggestion.explain(_lang(args)), file=sys.stderr)
    return EXIT_OK


# -- db ---------------------------------------------------------------------


def cmd_db_init(args: argparse.Namespace) -> int:
    from ..storage import migrate
    from ..storage.connection import describe

    _, profile = _load(args)
    dsn = _dsn(args)
    created, revision = migrate.init(dsn, profile)
    _say(
        args,
        f"{'已创建并' if created else '已'}初始化登记库（{describe(dsn)}），版本 {revision}。",
        f"Registry {'created and ' if created else ''}initialised ({describe(dsn)}), revision {revision}.",
    )
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from ..storage import migrate

    _, profile = _load(args)
    revision = migrate.upgrade(_dsn(args), profile, args.revision)
    _say(args, f"登记库已升级到版本 {revision}。", f"Registry upgraded to revision {revision}.")
    return EXIT_OK


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from ..storage import migrate

    _, profile = _load(args)

    def warn(zh: str, en: str) -> None:
        print(zh if _lang(args) == "zh" else en, file=sys.stderr)

    revision = migrate.downgrade(_dsn(args), profile, args.revision, force=args.force, warn=warn)
    _say(args, f"登记库已降级到版本 {revision or '（空）'}。", f"Registry downgraded to revision {revision or '(empty)'}.")
    return EXIT_OK


def cmd_db_status(args: argparse.Namespace) -> int:
    from ..storage import migrate
    from ..storage.connection import describe

    dsn = _dsn(args)
    status = migrate.status(dsn)
    zh = _lang(args) == "zh"
    _show(f"{'数据库' if zh else 'database'}: {describe(dsn)}")
    _show(f"{'当前版本' if zh else 'current revision'}: {status.current or '-'}")
    _show(f"{'最新版本' if zh else 'head revision'}: {status.head}")
    _show(f"{'城市配置' if zh else 'city profile'}: {status.profile or '-'}")
    for table, count in status.asset_counts.items():
        _show(f"  {table}: {count}")
    if not status.up_to_date:
        _say(args, "登记库需要升级：assetreg db upgrade", "The registry needs an upgrade: assetreg db upgrade")
        return EXIT_INVALID
    return EXIT_OK


# -- import -----------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.submission import prepare

    submission = prepare(args.file, args.profile, args.standard_version, args.mapping)
    lang = _lang(args)
    family = args.family or (submission.envelope.family_of(Path(args.file), args.layer) if submission.envelope else None)
    try:
        result = _import(args, submission, family, lang)
    except UserError as refusal:
        report = getattr(refusal, "report", None)
        if report is not None:
            _show(report.summary_text(lang, args.show))
        raise
    _show(result.report.summary_text(lang, 0 if result.report.is_valid else args.show))
    from .registry import describe_import

    _show(describe_import(result, lang))
    return EXIT_OK


def _import(args: argparse.Namespace, submission, family: str | None, lang: str):
    from ..storage.importer import import_delivery
    from .registry import import_area

    return import_delivery(
        _dsn(args),
        args.file,
        submission.standard,
        submission.profile,
        family,
        args.layer,
        args.mode,
        args.accept_valid,
        _progress("检查", "validating", lang),
        submission.mapping,
        dry_run=args.dry_run,
        area=import_area(args, submission.profile),
        notify=_notify(lang),
    )


def _notify(lang: str) -> Callable[[str, str], None]:
    """Phase messages of long work on stderr (the summary goes to stdout)."""

    def say(zh: str, en: str) -> None:
        if sys.stderr.isatty():
            _show(zh if lang == "zh" else en, file=sys.stderr)

    return say


# -- export -----------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from ..storage.exporter import export_family, format_for_path

    standard, profile = _load(args)
    fmt = args.format or format_for_path(args.out)
    family = standard.family(args.family)
    lang = _lang(args)
    written = export_family(
        _dsn(args),
        standard,
        profile,
        family.name,
        args.out,
        fmt,
        area=args.area,
        crs=args.crs,
        progress=_progress("导出", "exporting", lang),
        area_file=args.area_file,
        overwrite=args.overwrite,
        csv_raw=args.csv_raw,
    )
    crs = args.crs or profile.body["registry_crs"]
    where_zh = f"，范围 {args.area or args.area_file}" if args.area or args.area_file else ""
    where_en = f", within {args.area or args.area_file}" if args.area or args.area_file else ""
    _say(
        args,
        f"已导出 {written} 个{family.title_zh}部件到 {args.out}（{fmt}，{crs}{where_zh}）。",
        f"Exported {written} {family.title_en.lower()} assets to {args.out} ({fmt}, {crs}{where_en}).",
    )
    return EXIT_OK


# -- kpi --------------------------------------------------------------------


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


# -- demo -------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    standard, profile = _load(args)
    return run_demo(args, standard, profile, _dsn(args), _lang(args))


# -- server -----------------------------------------------------------------


def cmd_server(args: argparse.Namespace) -> int:
    from ..storage import localpg

    if args.action == "start":
        localpg.ensure_running()
        _say(
            args,
            f"本地 PostGIS 已运行：{localpg.server_dsn()}（数据目录 {localpg.data_dir()}）",
            f"Local PostGIS running: {localpg.server_dsn()} (data in {localpg.data_dir()})",
        )
    elif args.action == "stop":
        stopped = localpg.stop()
        _say(
            args,
            "本地 PostGIS 已停止。" if stopped else "本地 PostGIS 未在运行。",
            "Local PostGIS stopped." if stopped else "Local PostGIS was not running.",
        )
    else:
        running = localpg.is_accepting()
        _say(
            args,
            f"本地 PostGIS {'运行中' if running else '未运行'}：{localpg.server_dsn()}",
            f"Local PostGIS {'running' if running else 'not running'}: {localpg.server_dsn()}",
        )
        return EXIT_OK if running else EXIT_INVALID
    return EXIT_OK


# -- parser -----------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _subparser(subparsers, name: str, help_text: str, description: str, epilog: str = "") -> argparse.ArgumentParser:
    return subparsers.add_parser(name, help=help_text, description=description, epilog=epilog, formatter_class=_Formatter)


MODES = ("insert", "update", "upsert", "replace-area")  # storage.importer.MODES, without importing psycopg2 for --help


def build_parser() -> argparse.ArgumentParser:
    from . import kpi as cli_kpi
    from . import registry as cli_registry
    from . import workorders as cli_workorders

    parser = argparse.ArgumentParser(
        prog="assetreg",
        formatter_class=_Formatter,
        description=(
            "市政部件登记库：按基础数据规范检查成果数据、导入登记库、统计亮灯率。\n"
            "Municipal asset registry: validate deliveries against the base-data standard,\n"
            "import them into the PostGIS registry, and compute the lighting rate."
        ),
        epilog=(
            "typical session / 常用流程:\n"
            "  assetreg demo                                 # everything once, on a generated demo city\n"
            "  assetreg validate delivery.geojson --class streetlight --report report.json\n"
            "  assetreg db init                              # local demo database, started on demand\n"
            "  assetreg import delivery.geojson --accept-valid\n"
            "  assetreg export --class streetlight --out lights.gpkg --area 440402\n"
            "  assetreg kpi --format csv\n\n"
            "exit codes / 退出码: 0 success or valid data · 1 invalid data or refused · 2 usage error or "
            "unreadable input"
        ),
    )
    parser.add_argument("--version", action="version", version=f"assetreg {VERSION}")
    parser.add_argument(
        "--lang", choices=LANGS, default=None, help="language of messages (default: ASSETREG_LANG or zh) / 提示语言"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = _subparser(
        subparsers,
        "validate",
        "check a delivery against the standard / 检查成果数据",
        "检查一份交付数据（GeoJSON、GeoPackage、Shapefile 或其 zip、CSV、XLSX）是否符合基础数据规范。\n"
        "Check a delivery against the standard and the city profile; a GeoPackage is checked layer by layer.\n"
        "Columns are matched to the standard's fields by name or by alias (GLBJBSM, 管理部件标识码, ObjID …);\n"
        "code-list values may be codes or labels (完好 / intact). A mapping profile (--mapping) covers the rest:\n"
        "renames, value maps, units, constants, identifier templates, x/y columns (`assetreg mapping suggest`).",
        "examples:\n"
        "  assetreg validate lights.geojson --class streetlight\n"
        "  assetreg validate survey.gpkg --report report.html --error-layer errors.gpkg\n"
        "  assetreg validate trees.zip --mapping trees-mapping.json --report report.json --lang en\n"
        "  assetreg validate pci-survey.geojson --class inspection --mapping survey-mapping.json   # inspection records\n"
        "  assetreg validate lights.csv --dsn 'service=registry'   # also: which identifiers are registered\n\n"
        "reports: --report X.json (machine-readable, standards/report.schema.json) or X.html (a page to\n"
        "sort and filter); --error-layer X.gpkg (failing features with their findings, for QGIS)\n"
        "exit codes: 0 no errors (warnings allowed) · 1 errors found · 2 file unreadable or wrong call",
    )
    validate.add_argument("file", help="the delivery file / 交付文件")
    validate.add_argument(
        "--class",
        dest="family",
        default=None,
        help="asset family (streetlight, …) or record (inspection); default: from the mapping, the layer name "
        "or identifiers / 部件类别或记录",
    )
    validate.add_argument("--layer", default=None, help="check only this layer (default: every layer) / 图层")
    validate.add_argument("--mapping", default=None, metavar="MAPPING.json", help="field-mapping profile / 字段映射")
    validate.add_argument(
        "--envelope",
        default=None,
        metavar="DELIVERY.json",
        help="delivery envelope (default: delivery.json or <file>.delivery.json beside the file) / 交付说明",
    )
    validate.add_argument("--report", default=None, metavar="OUT.json|OUT.html", help="write the full report")
    validate.add_argument("--error-layer", default=None, metavar="OUT.gpkg", help="write the failing features")
    validate.add_argument("--show", type=int, default=10, metavar="N", help="findings listed on screen (default 10)")
    validate.add_argument("--dsn", default=None, help="also check against this registry (libpq connection string)")
    _standard_options(validate)
    validate.set_defaults(handler=cmd_validate)

    mapping = _subparser(
        subparsers,
        "mapping",
        "draft a field-mapping profile for a delivery / 字段映射",
        "为一份交付数据起草字段映射：已按别名识别的列、相近名称的建议、不在代码表中的取值，以及无法对应的列。\n"
        "Draft a mapping profile for a delivery: columns recognised by alias, suggestions for similar names,\n"
        "values not in the code lists, and what could not be placed. Edit the draft, then pass it to\n"
        "`assetreg validate --mapping`.",
        "examples:\n  assetreg mapping suggest streetlights.csv --class streetlight --out dc-mapping.json",
    )
    mapping_sub = mapping.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)
    suggest = _subparser(
        mapping_sub,
        "suggest",
        "draft a mapping from the standard's aliases / 起草映射",
        "Draft a mapping profile from the standard's aliases and similar names.",
    )
    suggest.add_argument("file", help="the delivery file / 交付文件")
    suggest.add_argument("--class", dest="family", required=True, help="asset family, e.g. streetlight")
    suggest.add_argument("--layer", default=None, help="layer, when the file has several")
    suggest.add_argument("--out", default=None, metavar="MAPPING.json", help="write the draft here (default: stdout)")
    _standard_options(suggest)
    suggest.set_defaults(handler=cmd_mapping_suggest)

    db = _subparser(
        subparsers,
        "db",
        "create, upgrade and inspect the registry database / 登记库管理",
        "创建、升级和查看登记库。Create, upgrade and inspect the registry database.",
        "examples:\n  assetreg db init\n  assetreg db status --dsn 'service=registry'\n"
        "  assetreg db upgrade\n  assetreg db downgrade 0008\n"
        "  assetreg db downgrade base --force   # drops all registry tables\n\n"
        "downgrade is refused while other sessions are connected, and, without --force, where a step\n"
        "would lose data (it names the tables and columns and how many rows); the history triggers stay.",
    )
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, handler, help_text in (
        ("init", cmd_db_init, "create the database if missing and migrate it to the newest revision / 初始化"),
        ("upgrade", cmd_db_upgrade, "migrate to a revision (default: head) and rebuild views / 升级"),
        ("downgrade", cmd_db_downgrade, "migrate back to a revision ('base' removes everything) / 降级"),
        ("status", cmd_db_status, "show the revision, the profile and asset counts; exit 1 if behind / 状态"),
    ):
        action = _subparser(db_sub, name, help_text, help_text)
        if name in ("upgrade", "downgrade"):
            action.add_argument(
                "revision",
                nargs="?" if name == "upgrade" else None,
                default="head" if name == "upgrade" else None,
                help="target revision",
            )
        if name == "downgrade":
            action.add_argument(
                "--force",
                action="store_true",
                help="downgrade even where a step loses data (rows of a dropped table or column, the history);"
                " it says what was lost / 即使会丢失数据也降级",
            )
        _dsn_option(action)
        _standard_options(action)
        action.set_defaults(handler=handler)
    cli_registry.add_db_grant(db_sub)

    imp = _subparser(
        subparsers,
        "import",
        "validate a delivery and import it into the registry / 导入",
        "检查交付数据，然后整批导入登记库：先 COPY 到暂存表，再在一个事务中写入，要么全部成功，要么登记库不变。\n"
        "Validate a delivery, then import it in one transaction: COPY into a staging table and promote.\n"
        "Either everything is imported or the registry stays exactly as it was.",
        "examples:\n"
        "  assetreg import lights.geojson                  # refused if any feature is invalid\n"
        "  assetreg import lights.geojson --accept-valid   # import the valid part only\n"
        "  assetreg import lights.geojson --mode upsert    # update components already registered\n"
        "  assetreg import lights.geojson --mode upsert --dry-run   # what would be new, changed, unchanged\n"
        "  assetreg import lights.geojson --mode replace-area --area 440402001   # the delivery replaces\n"
        "                                                  # what the registry holds in that street\n"
        "  assetreg import night-patrol.csv --class inspection   # inspection records: added, resolved to\n"
        "                                                  # their assets, which take the status found\n\n"
        "modes: insert (new components only; refused if any is registered) · update (registered ones only)\n"
        "       · upsert (both) · replace-area (upsert, and delete the assets inside --area that the delivery\n"
        "         does not mention at all: a rejected feature keeps its asset; --dry-run lists what goes)\n"
        "Every import leaves a submission record (`assetreg submissions`); rejected features stay in\n"
        "quarantine (`assetreg quarantine export ID --out fix.gpkg`).",
    )
    imp.add_argument("file", help="the delivery file / 交付文件")
    imp.add_argument(
        "--class", dest="family", default=None, help="asset family (default: detected), or inspection / 部件类别或巡查记录"
    )
    imp.add_argument("--layer", default=None, help="layer to import when the file has several")
    imp.add_argument("--mapping", default=None, metavar="MAPPING.json", help="field-mapping profile / 字段映射")
    imp.add_argument(
        "--mode",
        choices=MODES,
        default="insert",
        help="insert (default), update, upsert or replace-area; see below / 导入方式",
    )
    imp.add_argument("--dry-run", action="store_true", help="show what would happen and change nothing / 试运行，不写入")
    area = imp.add_mutually_exclusive_group()
    area.add_argument(
        "--area", default=None, metavar="CODE", help="replace-area: an administrative area or unit grid code / 替换范围"
    )
    area.add_argument("--area-file", default=None, metavar="POLYGON", help="replace-area: a polygon file (GeoJSON, GeoPackage …)")
    imp.add_argument(
        "--accept-valid", action="store_true", help="import the valid features even when others are invalid / 只导入合格要素"
    )
    imp.add_argument("--show", type=int, default=10, metavar="N", help="findings listed on screen (default 10)")
    _dsn_option(imp)
    _standard_options(imp)
    imp.set_defaults(handler=cmd_import)

    export = _subparser(
        subparsers,
        "export",
        "write one family of the registry as a standard delivery / 导出",
        "把登记库中一类部件导出为符合基础数据规范的交付数据：字段名、取值（代码、YYYY-MM-DD 日期）与规范一致，\n"
        "可直接用 assetreg validate 检查、用 assetreg import 导入另一登记库。坐标系默认为登记库的坐标系。\n"
        "Write the registered assets of one family as a delivery that conforms to the standard: the standard's\n"
        "field names and value types (codes, YYYY-MM-DD dates), so `assetreg validate` passes it and\n"
        "`assetreg import` reads it back. Geometry is in the registry's CRS unless --crs names another accepted one.",
        "examples:\n"
        "  assetreg export --class streetlight --out lights.gpkg\n"
        "  assetreg export --class road_segment --out roads.geojson --area 440402        # 香洲区 only\n"
        "  assetreg export --class tree --out trees.csv --area-file survey-area.geojson --crs EPSG:4490\n\n"
        "formats: gpkg (one layer named after the family), geojson (CRS named in the file), csv (UTF-8, geometry\n"
        "as WKT in the column WKT, CRS in a .prj beside it); by default from the --out suffix\n"
        "--area: administrative code (district 6 digits, street 9, community 12) or unit grid code (15 digits);\n"
        "assets whose geometry intersects the area are written\n"
        "exit codes: 0 written · 2 wrong call, unknown area or family, unwritable file\n\n" + CSV_GUARD_NOTE,
    )
    export.add_argument("--class", dest="family", required=True, help="asset family, e.g. streetlight / 部件类别")
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write / 输出文件")
    export.add_argument(
        "--format", choices=("gpkg", "geojson", "csv"), default=None, help="file format (default: from the --out suffix) / 格式"
    )
    area = export.add_mutually_exclusive_group()
    area.add_argument("--area", default=None, metavar="CODE", help="administrative area or unit grid code / 行政区划或网格代码")
    area.add_argument(
        "--area-file",
        default=None,
        metavar="POLYGON.geojson",
        help="keep the assets that intersect the polygons of this file / 范围面文件",
    )
    export.add_argument("--crs", default=None, metavar="EPSG:n", help="one of the profile's accepted CRSs / 输出坐标系")
    export.add_argument("--overwrite", action="store_true", help="replace FILE if it exists / 覆盖已有文件")
    export.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)
    _dsn_option(export)
    _standard_options(export)
    export.set_defaults(handler=cmd_export)

    cli_kpi.add_commands(subparsers)

    demo = _subparser(
        subparsers,
        "demo",
        "run the whole path on a generated demo district / 演示",
        "生成香洲区演示数据（道路与路灯，EPSG:4547），检查一份带错误的交付数据，导入合格部分，\n"
        "登记熄灯工单，输出按道路等级的亮灯率。可重复运行：每次重建演示库。\n"
        "Generate a demo district of Xiangzhou, validate a delivery with known defects, import the valid\n"
        "part, record outage work orders and print the lighting rate. Safe to run again: it rebuilds\n"
        "the demo database each time.",
        "examples:\n  assetreg demo\n  assetreg demo --workdir /tmp/demo --seed 7 --lang en",
    )
    demo.add_argument("--workdir", default="demo-output", help="where the generated files go (default ./demo-output)")
    demo.add_argument("--seed", type=int, default=None, help="random seed of the demo city (default fixed)")
    _dsn_option(demo)
    _standard_options(demo)
    demo.set_defaults(handler=cmd_demo)

    cli_registry.add_commands(subparsers)
    cli_workorders.add_commands(subparsers)

    server = _subparser(
        subparsers,
        "server",
        "start, stop or check the local PostGIS / 本地数据库",
        "本地内置 PostGIS（127.0.0.1，端口 ASSETREG_PGPORT，默认 55432）。\n"
        "The embedded local PostGIS (127.0.0.1, port ASSETREG_PGPORT, default 55432).",
    )
    server.add_argument("action", choices=("start", "stop", "status"))
    server.set_defaults(handler=cmd_server)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        _show(exc.message(_lang(args)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\n已中断 / interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a lost connection or a full disk: say what, not where
        from ..storage.errors import describe_unexpected

        message = describe_unexpected(exc, _lang(args))
        if message is None:
            raise
        _show(message, file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
