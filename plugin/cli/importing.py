"""``assetreg import``: validate a delivery and import it into the registry."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK, InputError, UserError
from ..core.messages import text
from . import common

MODES = ("insert", "update", "upsert", "replace-area")  # storage.importing.MODES, without importing psycopg2 for --help


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.submission import prepare

    submission = prepare(args.file, args.profile, args.standard_version, args.mapping)
    lang = common.lang(args)
    changes = _changes_target(args)
    family = args.family or (submission.envelope.family_of(Path(args.file), args.layer) if submission.envelope else None)
    try:
        result = _import(args, submission, family, lang)
    except UserError as refusal:
        report = getattr(refusal, "report", None)
        if report is not None:
            common.show(report.summary_text(lang, args.show))
        raise
    common.show(result.report.summary_text(lang, 0 if result.report.is_valid else args.show))
    from ..storage.import_summary import describe_import

    common.show(describe_import(result, lang))
    if changes is not None:
        from ..storage.importing.plan import write_changes

        count = write_changes(result, submission.standard, submission.profile, changes, lang)
        common.say(args, "review.cli.changes_written", count=count, path=changes)
    return EXIT_OK


def _changes_target(args: argparse.Namespace) -> Path | None:
    """--changes: the file the dry run's changes go to, checked before any work (a dry run only)."""
    if args.changes is None:
        return None
    if not args.dry_run:
        raise InputError("review.cli.changes_needs_dry_run")
    from ..core.outputs import writable_target

    return writable_target(Path(args.changes), overwrite=False)


def _import(args: argparse.Namespace, submission, family: str | None, lang: str):
    from ..storage.importing import import_delivery

    return import_delivery(
        common.dsn(args),
        args.file,
        submission.standard,
        submission.profile,
        family,
        args.layer,
        args.mode,
        args.accept_valid,
        common.progress("cli.progress.validating", lang),
        submission.mapping,
        dry_run=args.dry_run,
        area=import_area(args, submission.profile),
        notify=common.notify(lang),
        plan=args.changes is not None,
    )


def import_area(args: argparse.Namespace, profile: Any) -> Any:
    """The --area or --area-file of a replace-area import."""
    from ..storage.importing import Area

    if args.area:
        return Area(code=args.area)
    if args.area_file:
        return _area_from_file(Path(args.area_file))
    return None


def _area_from_file(path: Path) -> Any:
    from osgeo import ogr

    from ..core.reader import gdal_exceptions
    from ..storage.importing import Area

    with gdal_exceptions():
        try:
            layer = ogr.Open(str(path)).GetLayer(0)
        except (RuntimeError, AttributeError) as exc:
            raise InputError("cli.import.area_file_unreadable", path=path, reason=exc) from None
        union = ogr.Geometry(ogr.wkbMultiPolygon)
        for feature in layer:
            geometry = feature.GetGeometryRef()
            if geometry is not None and ogr.GT_Flatten(geometry.GetGeometryType()) in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                union = union.Union(geometry)
        reference = layer.GetSpatialRef()
        if union.IsEmpty() or reference is None:
            raise InputError("cli.import.area_file_without_polygon", path=path)
        reference.AutoIdentifyEPSG()
        code = reference.GetAuthorityCode(None)
        if not code:
            raise InputError("cli.import.area_file_crs_unknown", path=path)
        return Area(wkt=union.ExportToIsoWkt(), srid=int(code))


def add_commands(subparsers: Any, lang: str) -> None:
    imp = common.subparser(subparsers, "import", lang, "cli.import")
    imp.add_argument("file", help=text("cli.option.delivery_file", lang))
    imp.add_argument("--class", dest="family", default=None, help=text("cli.import.option.class", lang))
    imp.add_argument("--layer", default=None, help=text("cli.import.option.layer", lang))
    imp.add_argument("--mapping", default=None, metavar="MAPPING.json", help=text("cli.option.mapping", lang))
    imp.add_argument("--mode", choices=MODES, default="insert", help=text("cli.import.option.mode", lang))
    imp.add_argument("--dry-run", action="store_true", help=text("cli.import.option.dry_run", lang))
    imp.add_argument("--changes", default=None, metavar="CHANGES.gpkg", help=text("review.cli.option.changes", lang))
    area = imp.add_mutually_exclusive_group()
    area.add_argument("--area", default=None, metavar="CODE", help=text("cli.import.option.area", lang))
    area.add_argument("--area-file", default=None, metavar="POLYGON", help=text("cli.import.option.area_file", lang))
    imp.add_argument("--accept-valid", action="store_true", help=text("cli.import.option.accept_valid", lang))
    imp.add_argument("--show", type=int, default=10, metavar="N", help=text("cli.option.show", lang))
    common.dsn_option(imp, lang)
    common.standard_options(imp, lang)
    imp.set_defaults(handler=cmd_import)
