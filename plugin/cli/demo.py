"""``assetreg demo``: the whole path once, on a generated demo district.

Generate the city → validate the contractor's delivery (with its known
defects) → import the valid part → record outage work orders → print the
lighting rate by road class against the profile's targets.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import EXIT_OK, RefusedError
from . import common

if TYPE_CHECKING:  # the demo's work imports GDAL and psycopg2 when it runs, not for `assetreg --help`
    from ..core.standard import Profile, Standard


def _step(lang: str, number: int, zh: str, en: str) -> None:
    print(f"\n== {number}. {zh if lang == 'zh' else en} ==")


def _reset_database(dsn: str, profile: Profile) -> None:
    """The demo rebuilds its database each run; it never touches a database not named for demos."""
    from ..storage import migrate
    from ..storage.connection import database_name, drop_database, is_local_default

    if is_local_default(dsn):
        drop_database(dsn)
    else:
        name = database_name(dsn)
        if "demo" not in name:
            raise RefusedError(
                f"演示会清空数据库，只能用于名称含“demo”的数据库（当前：{name}）。",
                f"The demo empties its database, so it only runs on a database whose name contains 'demo' "
                f"(this one: {name}).",
            )
        migrate.downgrade(dsn, profile, "base", force=True)  # emptying it is the point: nothing to warn of
    migrate.init(dsn, profile)


def run_demo(args: argparse.Namespace, standard: Standard, profile: Profile, dsn: str, lang: str) -> int:
    from ..core.demo_city import AREAS_FILE, DEFAULT_SEED, choose_outages, write_demo_files
    from ..storage.areas import load_areas
    from ..storage.connection import connection, describe
    from ..storage.importing import import_delivery
    from ..storage.kpi import lighting_rate_by_road_class
    from ..storage.workorders import record_outages
    from .kpi import render_lighting

    seed = DEFAULT_SEED if args.seed is None else args.seed
    workdir = Path(args.workdir)

    _step(lang, 1, "准备演示登记库", "Preparing the demo registry")
    _reset_database(dsn, profile)
    print(describe(dsn))

    _step(lang, 2, "生成香洲区演示数据", "Generating the demo district of Xiangzhou")
    city, roads, delivery = write_demo_files(workdir, standard, seed)
    print(f"{len(city.roads)} roads -> {roads}")
    print(f"{len(city.lights)} streetlights (contractor delivery) -> {delivery}")
    areas = load_areas(dsn, workdir / AREAS_FILE, profile)
    counts = areas.counts
    if lang == "zh":
        print(f"区划：街道 {counts['street']}、社区 {counts['community']}、单元网格 {counts['grid']} -> {workdir / AREAS_FILE}")
    else:
        print(
            f"areas: {counts['street']} streets, {counts['community']} communities, {counts['grid']} unit grids "
            f"-> {workdir / AREAS_FILE}"
        )

    _step(lang, 3, "检查交付数据", "Validating the delivery")
    result = import_delivery(dsn, delivery, standard, profile, "streetlight", accept_valid=True)
    report_path = workdir / "validation_report.json"
    result.report.write_json(report_path)
    print(result.report.summary_text(lang, 5))
    print(f"-> {report_path}")

    _step(lang, 4, "导入合格部分", "Importing the valid part")
    if lang == "zh":
        print(f"新增 {result.inserted}，更新 {result.updated}，不合格未导入 {result.rejected}")
    else:
        print(f"{result.inserted} new, {result.updated} updated, {result.rejected} invalid not imported")

    _step(lang, 5, "登记熄灯工单", "Recording outage work orders")
    with connection(dsn) as conn, conn:
        with conn.cursor() as cur:
            cur.execute("SELECT road_class, array_agg(component_id) FROM assetreg.streetlight GROUP BY 1")
            by_class = dict(cur.fetchall())
        outages = choose_outages(by_class, seed)
        count = record_outages(conn, "streetlight", outages, "夜间巡查：灯不亮 / night patrol: light out")
    print(f"{count} open outage work orders" if lang == "en" else f"未结熄灯工单 {count} 张")

    _step(lang, 6, "亮灯率", "Lighting rate")
    with connection(dsn) as conn:
        print(render_lighting(lighting_rate_by_road_class(conn), "text", lang))
        _print_by_street(conn, lang)
    return EXIT_OK


def _print_by_street(conn, lang: str) -> None:
    """Where the imported lights lie, by the street their geometry falls in (spatial assignment)."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT a.name, count(s.uid) FROM assetreg.admin_area a"
            " LEFT JOIN assetreg.streetlight s ON s.located_street = a.code"
            " WHERE a.level = 'street' GROUP BY a.code, a.name ORDER BY a.code"
        )
        rows = cur.fetchall()
    print("\n" + ("按街道（空间落位）：" if lang == "zh" else "By street (located by geometry):"))
    for name, count in rows:
        print(f"  {name}: {count}")


def cmd_demo(args: argparse.Namespace) -> int:
    standard, profile = common.load(args)
    return run_demo(args, standard, profile, common.dsn(args), common.lang(args))


def add_commands(subparsers: Any) -> None:
    demo = common.subparser(
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
    common.dsn_option(demo)
    common.standard_options(demo)
    demo.set_defaults(handler=cmd_demo)
