"""``assetreg import``: validate a delivery and import it into the registry."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK, InputError, UserError
from . import common

MODES = ("insert", "update", "upsert", "replace-area")  # storage.importing.MODES, without importing psycopg2 for --help


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.submission import prepare

    submission = prepare(args.file, args.profile, args.standard_version, args.mapping)
    lang = common.lang(args)
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
    return EXIT_OK


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
        common.progress("检查", "validating", lang),
        submission.mapping,
        dry_run=args.dry_run,
        area=import_area(args, submission.profile),
        notify=common.notify(lang),
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
            raise InputError(f"无法读取 --area-file {path}：{exc}", f"Cannot read --area-file {path}: {exc}") from None
        union = ogr.Geometry(ogr.wkbMultiPolygon)
        for feature in layer:
            geometry = feature.GetGeometryRef()
            if geometry is not None and ogr.GT_Flatten(geometry.GetGeometryType()) in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                union = union.Union(geometry)
        reference = layer.GetSpatialRef()
        if union.IsEmpty() or reference is None:
            raise InputError(
                f"--area-file {path} 中没有带坐标系的面。", f"--area-file {path} holds no polygon with a coordinate system."
            )
        reference.AutoIdentifyEPSG()
        code = reference.GetAuthorityCode(None)
        if not code:
            raise InputError(f"--area-file {path} 的坐标系无法识别。", f"The coordinate system of --area-file {path} is unknown.")
        return Area(wkt=union.ExportToIsoWkt(), srid=int(code))


def add_commands(subparsers: Any) -> None:
    imp = common.subparser(
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
    common.dsn_option(imp)
    common.standard_options(imp)
    imp.set_defaults(handler=cmd_import)
