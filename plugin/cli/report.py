"""``assetreg report monthly``: the monthly bulletin (PDF or HTML), the same print layout as the Processing
algorithm ``asset_registry:monthly_report`` and the indicators panel's button (qgis_common/bulletin.py).
Like ``assetreg project``, this command starts QGIS (offscreen) only while it runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK, InputError
from ..core.messages import text
from ..core.outputs import writable_target
from . import common

SUFFIXES = (".pdf", ".html")


def cmd_report(args: argparse.Namespace) -> int:
    standard, profile = common.load(args)
    lang = common.lang(args)
    out = Path(args.out)
    if out.suffix.lower() not in SUFFIXES:  # refused before QGIS starts
        raise InputError("kpi_desk.bulletin.unknown_format", path=str(out), allowed=", ".join(SUFFIXES))
    out = writable_target(out, args.overwrite)
    from ..qgis_common.bulletin import write_bulletin_offscreen  # QGIS is loaded by this command only

    write_bulletin_offscreen(common.dsn(args), args.period, out, standard, profile, lang)
    common.say(args, "kpi_desk.bulletin.written", path=out)
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    report = common.subparser(subparsers, "report", lang, "cli.report")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    monthly = common.subparser(kinds, "monthly", lang, "cli.report.monthly")
    monthly.add_argument("--period", required=True, metavar="YYYY-MM", help=text("cli.kpi.option.period", lang))
    monthly.add_argument("--out", required=True, metavar="FILE.pdf|FILE.html", help=text("cli.option.out_file", lang))
    monthly.add_argument("--overwrite", action="store_true", help=text("cli.option.overwrite", lang))
    common.dsn_option(monthly, lang)
    common.standard_options(monthly, lang)
    monthly.set_defaults(handler=cmd_report)
