"""Benchmark: the QGIS cases panel on a registry of millions of cases (issue 13).

For each layout (--layouts, both by default), on a fresh database of the local PostGIS (dropped afterwards):
the demo district's streetlights and grids (core/demo_city.py, as `assetreg demo` imports them), then N cases
(default 2,000,000, of which N/40 = 50,000 open) written in one set-based statement as the case flow's own role
(assetreg_case_flow, the only writer of the case tables: SET ROLE, as the flow's functions run), each at a
light's place and grid, spread over three districts, three years and every stage; one report event per case.
The open cases lie
  scattered  one in 40 through the whole id range, as in a city that moved years of history in (the default
             and first figure), or
  newest     four in five of the newest cases (the second figure).
Then, in an offscreen QGIS, logged in as an editor, the real panel (gui/cases_dock.py), whose reads run in
the background (each figure waits until the panel has applied them):

  list_ms        the panel's list for one district and one stage: dock.reload() (list, counts per stage,
                 table filled); also the storage query alone (list_query_ms)
  transition_ms  an action from the panel: dock.perform("dispatch") on a registered case of that list,
                 round trip with the case read anew and its row and counts updated (and case_transition alone)
  layer_draw_ms  the cases layer of every open case drawn offscreen by QGIS's map renderer at the
                 extent of all of them, 1600 x 1000 px (first draw, and the median of the next ones)

Each is the median of --repeat runs, measured twice on the same data in the same run: without_0018 (the
indexes of revision 0018 dropped by its own downgrade: the registry as main had it, the named baseline) and
with_0018; beside them a round trip of `SELECT 1` (baseline_round_trip_ms) and the load average. Targets:
list <= 300 ms, transition <= 100 ms, layer <= 1000 ms. Prints one JSON object.

    python bench/desktop_cases.py [--cases 2000000] [--repeat 5] [--layouts scattered,newest] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg2  # noqa: E402
from asset_registry.core.demo_city import AREAS_FILE, write_demo_files  # noqa: E402
from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg, roles  # noqa: E402
from asset_registry.storage.importing import import_delivery  # noqa: E402
from common import Databases, admin  # noqa: E402
from psycopg2 import sql  # noqa: E402
from psycopg2.extensions import AsIs  # noqa: E402

PROFILE = "zhuhai"
INDEX_REVISION = "0018"  # the open cases' indexes (issue 13): measured without and with them
INDEX_REVISION_SQL = HERE.parent / "db" / "versions" / "sql"
TARGETS_MS = {"list": 300, "transition": 100, "layer_draw": 1000}
OPEN_EVERY = 40  # one case in 40 open: 50,000 of 2,000,000
DISTRICTS = ("440402", "440403", "440404")
LISTED_DISTRICT, LISTED_STAGE = "440402", "registered"
DISPATCH = {"maintainer": "珠海市香洲区路灯管理所", "crew": "一班"}

# Every case in one statement, as the flow's role. The open cases (N / OPEN_EVERY) lie as LAYOUTS says:
#   scattered  one case in OPEN_EVERY, through the whole id range: a city that moved years of history in
#              (issue 15) has its open cases spread over the table, one per heap page or so (the default);
#   newest     four in five of the newest cases, as in a city that closes its cases within days: they lie
#              together at the table's end (the first figure of issue 13).
# They cycle through the open stages; the others are mostly closed, some cancelled or refused. Due times as the
# flow would set them (closing from registration on, handling from dispatch on), so many old open cases are overdue.
GENERATE = """
SET session_replication_role = replica;  -- the case facts' row triggers off: rebuilt set-wise below
SET ROLE assetreg_case_flow;
WITH lights AS (
    SELECT row_number() OVER (ORDER BY component_id) - 1 AS n, component_id, geom, located_grid
      FROM assetreg.streetlight),
counted AS (SELECT count(*) AS total FROM lights),
cases AS (
    SELECT g,
           CASE WHEN %(open_case)s
                THEN (ARRAY['reported', 'accepted', 'registered', 'dispatched', 'handling', 'handled', 'verified',
                            'deferred'])[1 + (g / %(stage_step)s) %% 8]
                WHEN g %% 50 = 1 THEN 'cancelled' WHEN g %% 50 = 2 THEN 'refused' ELSE 'closed' END AS status,
           now() - (%(cases)s - g) * interval '45 seconds' AS reported_at,
           (ARRAY[%(districts)s])[1 + g %% 3] AS district,
           (ARRAY['01037', '01039', '06013', '04002'])[1 + (g / 3) %% 4] AS matter_class,
           (ARRAY['hotline_12345', 'wechat', 'patrol', 'citizen', 'inspection'])[1 + (g / 7) %% 5] AS source
      FROM generate_series(1, %(cases)s) AS g)
INSERT INTO assetreg.work_order (id, case_no, matter_code, source, status, description, address, reported_at,
                                 closing_deadline, handling_deadline, handling_unit, crew, handled_at, closed_at,
                                 deferred_from, geom, located_grid, located_at)
SELECT c.g, 'BJ' || lpad(c.g::text, 10, '0'), c.district || c.matter_class, c.source, c.status, 'bench',
       'bench road ' || (c.g %% 997), c.reported_at,
       CASE WHEN c.status NOT IN ('reported', 'accepted', 'refused') THEN c.reported_at + interval '5 days' END,
       CASE WHEN c.status IN ('dispatched', 'handling', 'handled', 'verified', 'closed')
            THEN c.reported_at + interval '2 days' END,
       CASE WHEN c.status IN ('dispatched', 'handling', 'handled', 'verified', 'closed')
            THEN 'maintainer ' || (c.g %% 5) END,
       NULL,
       CASE WHEN c.status IN ('handled', 'verified', 'closed') THEN c.reported_at + interval '1 day' END,
       CASE WHEN c.status = 'closed' THEN c.reported_at + interval '3 days' END,
       CASE WHEN c.status = 'deferred' THEN 'registered' END,
       l.geom, c.district || substr(l.located_grid, 7), c.reported_at
  FROM cases c JOIN counted ON true JOIN lights l ON l.n = c.g %% counted.total;
INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload, at)
SELECT w.id, 1, 'report', NULL, 'reported', '{}'::jsonb, w.reported_at FROM assetreg.work_order w;
SELECT assetreg_app.case_facts_rebuild(ARRAY(SELECT id FROM assetreg.work_order));  -- db/app/69_case_facts.sql
RESET ROLE;
SET session_replication_role = DEFAULT;
SELECT setval('assetreg.work_order_id_seq', %(cases)s);  -- the owner's: new cases number on after these
"""


LAYOUTS = ("scattered", "newest")


def open_case_condition(layout: str, cases: int) -> tuple[str, int]:
    """Which generated case g is open, in SQL, and how many consecutive cases share an open stage."""
    if layout == "scattered":
        return f"g % {OPEN_EVERY} = 0", OPEN_EVERY
    recent = cases // OPEN_EVERY * 5 // 4  # four in five of these are open: cases // OPEN_EVERY
    return f"g > {cases - recent} AND g % 5 <> 0", 5


def build(databases: Databases, directory: Path, cases: int, layout: str) -> tuple[str, dict]:
    standard, profile = Standard(), load_profile(PROFILE)
    _, _, delivery = write_demo_files(directory, standard)
    dsn = localpg.server_dsn(databases.registry(profile))
    import_delivery(dsn, delivery, standard, profile, "streetlight", accept_valid=True)
    started = time.perf_counter()
    open_case, stage_step = open_case_condition(layout, cases)
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                GENERATE,
                {
                    "cases": cases,
                    "open_case": AsIs(open_case),
                    "stage_step": stage_step,
                    "districts": AsIs(_array(DISTRICTS)),
                },
            )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE assetreg.work_order, assetreg.work_order_event")
            cur.execute("SELECT count(*) FROM assetreg.work_order WHERE status NOT IN ('closed', 'cancelled', 'refused')")
            open_cases = cur.fetchone()[0]
    finally:
        conn.close()
    return dsn, {
        "layout": layout,
        "cases": cases,
        "open_cases": open_cases,
        "generate_s": round(time.perf_counter() - started, 1),
    }


def _array(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def timed(action, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        runs.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(runs), 1), [round(run, 3) for run in runs]


def mains_module(path: str, name: str):
    """A module of the package as the main branch has it (git show main:PATH), loaded beside this branch's: the
    named baseline of the same run."""
    source = subprocess.run(
        ["git", "-C", str(HERE.parent), "show", f"main:{path}"], capture_output=True, text=True, check=True
    ).stdout
    package = "asset_registry." + ".".join(Path(path).parts[1:-1])
    module = types.ModuleType(f"{package}._main_{name}")
    module.__package__ = package
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"main:{path}", "exec"), module.__dict__)  # our own repository's file
    return module


def measure(dsn: str, repeat: int) -> dict:
    from asset_registry.core.case_panel import CaseFilter
    from asset_registry.gui.cases_dock import AssetRegistryCasesDock
    from asset_registry.storage import case_list, workorders
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsProject
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    dock = AssetRegistryCasesDock(dsn=dsn)
    conn = dock.connection()
    baseline = statistics.median(timed(lambda: dock._read(lambda c: c.cursor().execute("SELECT 1")), repeat * 4)[1])

    dock.district_filter.setCurrentIndex(dock.district_filter.findData(LISTED_DISTRICT))
    dock.stage_filter.setCurrentIndex(dock.stage_filter.findData(LISTED_STAGE))
    listing_filter = CaseFilter(stages=(LISTED_STAGE,), district=LISTED_DISTRICT)
    # the storage query alone, this branch's and main's (storage/case_list.py as main has it), alternating
    mains_case_list = mains_module("plugin/storage/case_list.py", "case_list")
    ours, mains = [], []
    for _ in range(repeat):
        ours.append(timed(lambda: dock._read(case_list.list_panel_cases, listing_filter), 1)[1][0])
        mains.append(timed(lambda: dock._read(mains_case_list.list_panel_cases, listing_filter), 1)[1][0])
    list_query, main_list_query = round(statistics.median(ours), 1), round(statistics.median(mains), 1)
    dock.wait_for_reads()  # the filters' own reloads, fired as they were set

    def reload_and_show():
        dock.reload()
        assert dock.wait_for_reads(), "the panel's list read did not end"

    list_ms, list_runs = timed(reload_and_show, repeat)
    listed = len(dock.listing.rows)

    candidates = [row["id"] for row in dock.listing.rows]
    panel_runs, bare_runs = [], []
    for case_id in candidates[:repeat]:
        dock.select_case(case_id)
        dock.wait_for_reads()
        began = time.perf_counter()
        assert dock.perform("dispatch", None, DISPATCH), dock.message_label.text()
        dock.wait_for_reads()  # the case read anew, its row and the counts updated
        panel_runs.append((time.perf_counter() - began) * 1000)
    for case_id in candidates[repeat : 2 * repeat]:
        version = dock._read(workorders.show_case, case_id).version
        began = time.perf_counter()
        workorders.transition(conn, case_id, version, "dispatch", None, DISPATCH)
        bare_runs.append((time.perf_counter() - began) * 1000)

    layer = dock.add_cases_layer()
    features = layer.featureCount()
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(1600, 1000))
    settings.setBackgroundColor(QColor("#ffffff"))
    settings.setExtent(layer.extent())

    def draw():
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()

    first_draw, _ = timed(draw, 1)
    layer_ms, layer_runs = timed(draw, repeat)
    QgsProject.instance().removeMapLayer(layer.id())
    dock.close()
    return {
        "baseline_round_trip_ms": baseline,
        "list_ms": list_ms,
        "list_runs_ms": list_runs,
        "list_query_ms": list_query,
        "main_list_query_ms": main_list_query,
        "listed": listed,
        "listed_filter": {"district": LISTED_DISTRICT, "stage": LISTED_STAGE},
        "transition_ms": round(statistics.median(panel_runs), 1),
        "transition_runs_ms": [round(run, 1) for run in panel_runs],
        "transition_alone_ms": round(statistics.median(bare_runs), 1),
        "layer_features": features,
        "layer_first_draw_ms": first_draw,
        "layer_draw_ms": layer_ms,
        "layer_draw_runs_ms": layer_runs,
    }


def start_qgis():
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    return app


def revision_sql(direction: str) -> list[str]:
    """The statements of the index revision's frozen upgrade or downgrade (no SRID in them)."""
    body = (INDEX_REVISION_SQL / f"{INDEX_REVISION}_{direction}.sql").read_text(encoding="utf-8")
    return [statement for statement in body.split(";\n\n") if statement.strip(" \n;") and not _only_comments(statement)]


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("--") for line in statement.splitlines())


def apply_revision_sql(dsn: str, direction: str) -> None:
    """Undo (downgrade) or redo (upgrade) the index revision on the generated registry, then analyze."""
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for statement in revision_sql(direction):
                cur.execute(statement)
            cur.execute("ANALYZE assetreg.work_order")
    finally:
        conn.close()


def measure_layout(args, databases: Databases, directory: Path, layout: str, login: str) -> dict:
    """One layout: generated (or the kept database), measured without the index revision (the baseline, as
    main stood) and with it, on the same data in the same run."""
    if args.database:
        dsn, setup = localpg.server_dsn(args.database), {"database": args.database, "generated": "earlier"}
    else:
        dsn, setup = build(databases, directory, args.cases, layout)
    if args.keep:
        setup["kept_database"] = psycopg2.extensions.parse_dsn(dsn)["dbname"]
        databases.names.remove(setup["kept_database"])
    roles.grant(dsn, login, "assetreg_editor")
    login_dsn = psycopg2.extensions.make_dsn(dsn, user=login)
    figures: dict = {"setup": setup}
    if not args.no_baseline:
        apply_revision_sql(dsn, "downgrade")
        try:
            figures[f"without_{INDEX_REVISION}"] = measure(login_dsn, args.repeat)
        finally:
            apply_revision_sql(dsn, "upgrade")
    figures[f"with_{INDEX_REVISION}"] = measured = measure(login_dsn, args.repeat)
    figures["meets_targets"] = {
        "list": measured["list_ms"] <= TARGETS_MS["list"],
        "transition": measured["transition_ms"] <= TARGETS_MS["transition"],
        "layer_draw": measured["layer_draw_ms"] <= TARGETS_MS["layer_draw"],
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="where the open cases lie: scattered, newest or both")
    parser.add_argument("--no-baseline", action="store_true", help=f"skip the figures without revision {INDEX_REVISION}")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases (their names are printed)")
    parser.add_argument("--database", help="measure on a database kept by --keep, without generating (one layout)")
    args = parser.parse_args()
    layouts = [layout.strip() for layout in args.layouts.split(",") if layout.strip()]
    if unknown := set(layouts) - set(LAYOUTS):
        parser.error(f"unknown layouts: {', '.join(sorted(unknown))}")
    if args.database and len(layouts) != 1:
        parser.error("--database measures one layout: name it with --layouts")
    localpg.ensure_running()
    app = start_qgis()  # noqa: F841 (kept alive while measuring)
    result: dict = {"benchmark": "desktop_cases", "load_average": os.getloadavg(), "login": "assetreg_editor"}
    for layout in layouts:
        directory = Path(tempfile.mkdtemp(prefix="assetreg-bench-"))
        databases, login = Databases(directory / AREAS_FILE), f"assetreg_bench_editor_{uuid.uuid4().hex[:8]}"
        kept = args.database
        try:
            result[layout] = measure_layout(args, databases, directory, layout, login)
            kept = kept or result[layout]["setup"].get("kept_database")
        finally:
            databases.drop_all()
            shutil.rmtree(directory, ignore_errors=True)
            if kept:  # the login's grants in the kept database go first
                admin(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(login)), dbname=kept)
            admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))
    result["load_average_after"] = os.getloadavg()
    result["targets_ms"] = TARGETS_MS
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
