"""``assetreg export``: write one family of the registry as a standard delivery."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_OK
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
        progress=common.progress("导出", "exporting", lang),
        area_file=args.area_file,
        overwrite=args.overwrite,
        csv_raw=args.csv_raw,
    )
    crs = args.crs or profile.body["registry_crs"]
    where_zh = f"，范围 {args.area or args.area_file}" if args.area or args.area_file else ""
    where_en = f", within {args.area or args.area_file}" if args.area or args.area_file else ""
    common.say(
        args,
        f"已导出 {written} 个{family.title_zh}部件到 {args.out}（{fmt}，{crs}{where_zh}）。",
        f"Exported {written} {family.title_en.lower()} assets to {args.out} ({fmt}, {crs}{where_en}).",
    )
    return EXIT_OK


def add_commands(subparsers: Any) -> None:
    export = common.subparser(
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
        "exit codes: 0 written · 2 wrong call, unknown area or family, unwritable file\n\n" + common.CSV_GUARD_NOTE,
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
    export.add_argument("--csv-raw", action="store_true", help=common.CSV_RAW_HELP)
    common.dsn_option(export)
    common.standard_options(export)
    export.set_defaults(handler=cmd_export)
