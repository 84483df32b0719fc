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
from ..core.messages import text
from . import common

if TYPE_CHECKING:  # the demo's work imports GDAL and psycopg2 when it runs, not for `assetreg --help`
    from ..core.standard import Profile, Standard


def _step(lang: str, number: int, msg_id: str) -> None:
    common.show(f"\n== {number}. {text(msg_id, lang)} ==")


def _reset_database(dsn: str, profile: Profile) -> None:
    """The demo rebuilds its database each run; it never touches a database not named for demos."""
    from ..storage import migrate
    from ..storage.connection import database_name, drop_database, is_local_default

    if is_local_default(dsn):
        drop_database(dsn)
    else:
        name = database_name(dsn)
        if "demo" not in name:
            raise RefusedError("cli.demo.not_a_demo_database", database=name)
        migrate.downgrade(dsn, profile, "base", force=True)  # emptying it is the point: nothing to warn of
    migrate.init(dsn, profile)


def run_demo(args: argparse.Namespace, standard: Standard, profile: Profile, dsn: str, lang: str) -> int:
    from ..core.demo_city import AREAS_FILE, CABINETS_FILE, DEFAULT_SEED, choose_outages, write_demo_files
    from ..core.references import resolve_across_layers
    from ..storage.areas import load_areas
    from ..storage.connection import connection, describe
    from ..storage.importing import import_delivery
    from ..storage.kpi import lighting_rate_by_road_class
    from ..storage.workorders import record_outages
    from .kpi import render_lighting

    seed = DEFAULT_SEED if args.seed is None else args.seed
    workdir = Path(args.workdir)

    _step(lang, 1, "cli.demo.step.prepare")
    _reset_database(dsn, profile)
    print(describe(dsn))

    _step(lang, 2, "cli.demo.step.generate")
    city, roads, delivery = write_demo_files(workdir, standard, seed)
    common.show(text("cli.demo.roads_written", lang, count=len(city.roads), path=roads))
    common.show(text("cli.demo.lights_written", lang, count=len(city.lights), path=delivery))
    areas = load_areas(dsn, workdir / AREAS_FILE, profile)
    counts = areas.counts
    common.show(
        text(
            "cli.demo.areas_written",
            lang,
            streets=counts["street"],
            communities=counts["community"],
            grids=counts["grid"],
            path=workdir / AREAS_FILE,
        )
    )

    _step(lang, 3, "cli.demo.step.validate")
    # the cabinets first, so that the lights' cabinets are registered; the lights' report is then read with the
    # cabinets' as one delivery of two files: every light names a delivered cabinet and one of its circuits
    cabinets = import_delivery(dsn, workdir / CABINETS_FILE, standard, profile, "lighting_cabinet")
    common.show(text("cabinetfix.demo.cabinets_imported", lang, count=cabinets.inserted, path=workdir / CABINETS_FILE))
    result = import_delivery(dsn, delivery, standard, profile, "streetlight", accept_valid=True)
    resolve_across_layers([result.report, cabinets.report], standard)
    report_path = workdir / "validation_report.json"
    result.report.write_json(report_path)
    print(result.report.summary_text(lang, 5))
    print(f"-> {report_path}")

    _step(lang, 4, "cli.demo.step.import")
    common.show(text("cli.demo.imported", lang, inserted=result.inserted, updated=result.updated, rejected=result.rejected))

    _step(lang, 5, "cli.demo.step.outages")
    with connection(dsn) as conn, conn:
        with conn.cursor() as cur:
            cur.execute("SELECT road_class, array_agg(component_id) FROM assetreg.streetlight GROUP BY 1")
            by_class = dict(cur.fetchall())
        outages = choose_outages(by_class, seed)
        count = record_outages(conn, "streetlight", outages, text("cli.demo.outage_description", lang))
    common.show(text("cli.demo.outages_recorded", lang, count=count))

    _step(lang, 6, "cli.demo.step.lighting_rate")
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
    common.show("\n" + text("cli.demo.by_street", lang))
    for name, count in rows:
        print(f"  {name}: {count}")


def cmd_demo(args: argparse.Namespace) -> int:
    standard, profile = common.load(args)
    return run_demo(args, standard, profile, common.dsn(args), common.lang(args))


def add_commands(subparsers: Any, lang: str) -> None:
    demo = common.subparser(subparsers, "demo", lang, "cli.demo")
    demo.add_argument("--workdir", default="demo-output", help=text("cli.demo.option.workdir", lang))
    demo.add_argument("--seed", type=int, default=None, help=text("cli.demo.option.seed", lang))
    common.dsn_option(demo, lang)
    common.standard_options(demo, lang)
    demo.set_defaults(handler=cmd_demo)
