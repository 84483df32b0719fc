"""``assetreg export``: write one family of the registry as a standard delivery."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_OK
from ..core.messages import msg, text
from . import common


def cmd_export(args: argparse.Namespace) -> int:
    from ..storage.exporter import export_family, format_for_path

    standard, profile = common.load(args)
    fmt = args.format or format_for_path(args.out)
    family = standard.family(args.family)
    lang = common.lang(args)
    written = export_family(
        common.dsn(args),
        standard,
        profile,
        family.name,
        args.out,
        fmt,
        area=args.area,
        crs=args.crs,
        progress=common.progress("cli.progress.exporting", lang),
        area_file=args.area_file,
        overwrite=args.overwrite,
        csv_raw=args.csv_raw,
    )
    crs = args.crs or profile.body["registry_crs"]
    area = args.area or args.area_file
    common.say(
        args,
        "cli.export.exported_within" if area else "cli.export.exported",
        count=written,
        family=family.title(lang).lower(),  # mid-sentence (Chinese has no case)
        path=args.out,
        format=fmt,
        crs=crs,
        area=area,
    )
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    export = common.subparser(subparsers, "export", lang, "cli.export", csv_note=msg("cli.common.csv_guard_note"))
    export.add_argument("--class", dest="family", required=True, help=text("cli.export.option.class", lang))
    export.add_argument("--out", required=True, metavar="FILE", help=text("cli.option.out_file", lang))
    export.add_argument("--format", choices=("gpkg", "geojson", "csv"), default=None, help=text("cli.export.option.format", lang))
    area = export.add_mutually_exclusive_group()
    area.add_argument("--area", default=None, metavar="CODE", help=text("cli.export.option.area", lang))
    area.add_argument("--area-file", default=None, metavar="POLYGON.geojson", help=text("cli.export.option.area_file", lang))
    export.add_argument("--crs", default=None, metavar="EPSG:n", help=text("cli.export.option.crs", lang))
    export.add_argument("--overwrite", action="store_true", help=text("cli.option.overwrite", lang))
    common.csv_raw_option(export, lang)
    common.dsn_option(export, lang)
    common.standard_options(export, lang)
    export.set_defaults(handler=cmd_export)
