"""``assetreg validate``: check a delivery against the standard."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_INVALID, EXIT_OK, UserError
from . import common


def _write_outputs(args: argparse.Namespace, reports: list, mapping) -> None:
    from ..core.outputs import write_error_layers, write_reports

    if args.report:
        for target in write_reports(reports, args.report):
            common.say(args, f"报告已写入 {target}", f"Report written to {target}")
    if args.error_layer:
        count = write_error_layers(reports, args.error_layer, mapping)
        common.say(
            args, f"{count} 个不合格要素已写入 {args.error_layer}", f"{count} failing features written to {args.error_layer}"
        )


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
    lang = common.lang(args)
    try:
        reports = validate_submission(args.file, submission, args.family, args.layer, common.progress("检查", "validating", lang))
    except UserError as error:
        if error.rule and args.report:
            _write_failed_file_report(args, error, profile, standard)
        raise
    if args.dsn:
        from ..storage.registry_checks import check_against_registry

        for report in reports:
            check_against_registry(common.dsn(args), report, standard, profile, args.file, mapping)
    for report in reports:
        common.show(report.summary_text(lang, args.show))
    _write_outputs(args, reports, mapping)
    return EXIT_OK if all(report.is_valid for report in reports) else EXIT_INVALID


def add_commands(subparsers: Any) -> None:
    validate = common.subparser(
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
    common.standard_options(validate)
    validate.set_defaults(handler=cmd_validate)
