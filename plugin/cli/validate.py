"""``assetreg validate``: check a delivery against the standard."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_INVALID, EXIT_OK, UserError
from ..core.messages import text
from . import common


def _write_outputs(args: argparse.Namespace, reports: list, mapping) -> None:
    from ..core.outputs import write_error_layers, write_reports

    if args.report:
        for target in write_reports(reports, args.report):
            common.say(args, "cli.validate.report_written", path=target)
    if args.error_layer:
        count = write_error_layers(reports, args.error_layer, mapping)
        common.say(args, "cli.validate.error_layer_written", count=count, path=args.error_layer)


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
        reports = validate_submission(
            args.file, submission, args.family, args.layer, common.progress("cli.progress.validating", lang)
        )
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


def add_commands(subparsers: Any, lang: str) -> None:
    validate = common.subparser(subparsers, "validate", lang, "cli.validate")
    validate.add_argument("file", help=text("cli.option.delivery_file", lang))
    validate.add_argument("--class", dest="family", default=None, help=text("cli.validate.option.class", lang))
    validate.add_argument("--layer", default=None, help=text("cli.validate.option.layer", lang))
    validate.add_argument("--mapping", default=None, metavar="MAPPING.json", help=text("cli.option.mapping", lang))
    validate.add_argument("--envelope", default=None, metavar="DELIVERY.json", help=text("cli.validate.option.envelope", lang))
    validate.add_argument("--report", default=None, metavar="OUT.json|OUT.html", help=text("cli.validate.option.report", lang))
    validate.add_argument("--error-layer", default=None, metavar="OUT.gpkg", help=text("cli.validate.option.error_layer", lang))
    validate.add_argument("--show", type=int, default=10, metavar="N", help=text("cli.option.show", lang))
    validate.add_argument("--dsn", default=None, help=text("cli.validate.option.dsn", lang))
    common.standard_options(validate, lang)
    validate.set_defaults(handler=cmd_validate)
