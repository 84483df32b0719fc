"""Benchmark: the indicator table of one month, by district, on a generated city.

On a fresh database of the local PostGIS (dropped afterwards) it generates, in SQL, a city of
--assets assets (streetlights and street trees in 100 unit grids of each of Zhuhai's three
districts), --cases cases over ten years (a third of them streetlight outages linked to a light,
most closed, a few open; report, register, dispatch and close events) and --patrols night-patrol
findings (3% unlit). Then, warm (the first run is discarded, the median of --repeat runs
reported), the city-wide indicator table by district for one month (--period):
  * each indicator computed live: lighting, cases, intactness, ranking, and the four called one
    after another (the ranking computing lighting and cases again);
  * the table of every indicator (`assetreg kpi all`, kpi_board: each computed once), live:
    table_live_ms, the figure the target is judged on;
  * the same month read from its snapshot (taken once, timed too).
Prints one JSON object. Target: the table by district for one month under 200 ms warm.

    python bench/kpi.py --assets 100000 --cases 200000 --patrols 500000
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import psycopg2  # noqa: E402
from asset_registry.core.standard import load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.kpi import indicator_board, indicator_table, refresh_tallies, take_snapshot  # noqa: E402
from common import DEPT, DISTRICTS, GRID_STATEMENTS, GRIDS_PER_DISTRICT, Databases  # noqa: E402

TARGET_MS = 200
# generate_series-based generators; triggers are off for them (session_replication_role), as the
# generated rows carry their location already: the bench measures reading, not loading (the asset
# tally, never built before, is then built from the tables once, and timed)
GENERATE = [
    *GRID_STATEMENTS,
    # streetlights: 90% of the assets
    """
    INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, maintainer_name,
                                      grid_code, status, initial_date, lamp_type, road_class, geom, located_grid, located_at)
    SELECT left(g.code, 6) || '01037' || lpad(i::text, 6, '0'), '路灯' || i, %(dept)s, '珠海市城市管理和综合执法局',
           '养护单位' || (i %% 7), g.code,
           CASE WHEN i %% 50 = 0 THEN 'damaged' WHEN i %% 97 = 0 THEN 'removed' ELSE 'intact' END,
           date '2015-01-01' + (i %% 3000), (ARRAY['LED', 'HPS', 'MH'])[1 + i %% 3],
           (ARRAY['expressway', 'arterial', 'secondary', 'branch'])[1 + i %% 4],
           ST_SetSRID(ST_MakePoint(g.x0 + 5 + (i %% 990), g.y0 + 5 + (i / 990) %% 990), 4547), g.code, now()
      FROM generate_series(1, %(lights)s) i
      JOIN bench_grid g ON g.n = i %% %(grid_count)s
    """,
    # street trees: the other 10%
    """
    INSERT INTO assetreg.tree (component_id, name, competent_dept_code, competent_dept_name, grid_code, status,
                               initial_date, species_zh, protection_grade, vigour, geom, located_grid, located_at)
    SELECT left(g.code, 6) || '04002' || lpad(i::text, 6, '0'), '行道树' || i, %(dept)s, '珠海市城市管理和综合执法局',
           g.code, CASE WHEN i %% 40 = 0 THEN 'damaged' ELSE 'intact' END, date '2010-01-01' + (i %% 4000),
           '细叶榕', 'none', 'normal',
           ST_SetSRID(ST_MakePoint(g.x0 + 5 + (i %% 990), g.y0 + 500), 4547), g.code, now()
      FROM generate_series(1, %(trees)s) i
      JOIN bench_grid g ON g.n = i %% %(grid_count)s
    """,
    """
    CREATE TEMP TABLE bench_light AS
    SELECT row_number() OVER (ORDER BY component_id) AS n, uid, component_id, located_grid, geom FROM assetreg.streetlight
    """,
    # cases over ten years up to now: every third an outage of a light; 98% closed, the rest dispatched
    """
    INSERT INTO assetreg.work_order (id, case_no, matter_code, source, urgency, status, description, reported_at,
                                     handling_deadline, closing_deadline, handling_unit, handled_at, closed_at,
                                     satisfaction, version, geom, located_grid, located_at)
    SELECT i, 'B' || lpad(i::text, 12, '0'), left(l.located_grid, 6) || CASE WHEN i %% 3 = 0 THEN '01037' ELSE '06013' END,
           'patrol', 'normal', CASE WHEN i %% 50 = 0 THEN 'dispatched' ELSE 'closed' END, '基准案卷',
           t.reported, t.reported + interval '26 hours', t.reported + interval '72 hours', '养护单位' || (i %% 7),
           CASE WHEN i %% 50 = 0 THEN NULL ELSE t.reported + (i %% 40) * interval '1 hour' END,
           CASE WHEN i %% 50 = 0 THEN NULL ELSE t.reported + (i %% 90) * interval '1 hour' END,
           (ARRAY['satisfied', 'basically_satisfied', 'dissatisfied', 'no_reply'])[1 + i %% 4],
           CASE WHEN i %% 50 = 0 THEN 3 ELSE 8 END, l.geom, l.located_grid, now()
      FROM generate_series(1, %(cases)s) i
      JOIN bench_light l ON l.n = 1 + (i::bigint * 7919) %% %(lights)s
     CROSS JOIN LATERAL (SELECT now() - interval '3650 days' * (1 - i::float8 / %(cases)s) AS reported) t
    """,
    "SELECT setval('assetreg.work_order_id_seq', %(cases)s)",
    """
    INSERT INTO assetreg.work_order_asset (work_order_id, family, asset_uid, component_id)
    SELECT w.id, 'streetlight', l.uid, l.component_id
      FROM assetreg.work_order w JOIN bench_light l ON l.n = 1 + (w.id::bigint * 7919) %% %(lights)s
     WHERE w.matter_class = '01037'
    """,
    # events as they happen: in the order of their time, as a registry appends them
    """
    INSERT INTO assetreg.work_order_event (work_order_id, version, at, action, from_status, to_status)
    SELECT * FROM (
        SELECT w.id, e.version, w.reported_at + e.after AS at, e.action, e.from_status, e.to_status
          FROM assetreg.work_order w,
               (VALUES (1, interval '0', 'report', NULL, 'reported'),
                       (3, interval '1 hour', 'register', 'accepted', 'registered'),
                       (4, interval '2 hours', 'dispatch', 'registered', 'dispatched'))
                   e (version, after, action, from_status, to_status)
        UNION ALL
        SELECT w.id, 8, w.closed_at, 'close', 'verified', 'closed' FROM assetreg.work_order w WHERE w.status = 'closed'
    ) events ORDER BY at
    """,
    # night patrols over ten years, 3% unlit, in the order they were made, each superseded by the
    # next one of its light (what the patrol triggers keep, which are off while generating)
    """
    INSERT INTO assetreg.inspection (inspection_id, kind, component_id, inspected_at, lit, asset_family, asset_uid,
                                     superseded_at)
    SELECT p.inspection_id, 'lighting_patrol', p.component_id, p.inspected_at, p.lit, 'streetlight', p.uid,
           lead(p.inspected_at) OVER (PARTITION BY p.uid ORDER BY p.inspected_at)
      FROM (SELECT 'NP' || i AS inspection_id, l.component_id, l.uid, i %% 33 <> 0 AS lit,
                   now() - interval '3650 days' * (1 - i::float8 / %(patrols)s) AS inspected_at
              FROM generate_series(1, %(patrols)s) i
              JOIN bench_light l ON l.n = 1 + (i::bigint * 104729) %% %(lights)s) p
     ORDER BY p.inspected_at
    """,
]


def generate(dsn: str, args: argparse.Namespace) -> dict:
    lights = args.assets * 9 // 10
    params = {
        "districts": list(DISTRICTS),
        "grids": GRIDS_PER_DISTRICT,
        "grid_count": GRIDS_PER_DISTRICT * len(DISTRICTS),
        "dept": DEPT,
        "lights": lights,
        "trees": args.assets - lights,
        "cases": args.cases,
        "patrols": args.patrols,
    }
    started = time.perf_counter()
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            for statement in GENERATE:
                cur.execute(statement, params)
            # the case facts the indicators count (db/app/69_case_facts.sql), which the triggers off did not keep
            cur.execute("SET ROLE assetreg_case_flow")
            cur.execute("SELECT assetreg_app.case_facts_rebuild(ARRAY(SELECT id FROM assetreg.work_order))")
            # and the repeat marks the repeated-complaints count reads (db/app/73_case_repeat_marks.sql)
            cur.execute(
                "SELECT assetreg_app.case_repeat_marks_refresh(min(reported_at), max(reported_at) + interval '1 microsecond')"
                " FROM assetreg.work_order"
            )
            cur.execute("RESET ROLE")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()
    return {"lights": lights, "trees": args.assets - lights, "seconds": round(time.perf_counter() - started, 1)}


def warm_ms(function, repeat: int) -> float:
    function()  # the first run warms the caches and the plans
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def measure(dsn: str, period: str, repeat: int) -> dict:
    with connection(dsn) as conn:
        # the generator wrote with the triggers off, so the asset tally is built once, timed
        start = time.perf_counter()
        refresh_tallies(conn)
        tally_s = round(time.perf_counter() - start, 2)

        def table(indicator: str, live: bool = True):
            return lambda: indicator_table(conn, indicator, "district", period, live=live)

        live = {name: warm_ms(table(name), repeat) for name in ("lighting", "cases", "intactness", "ranking")}
        every = warm_ms(lambda: [table(name)() for name in live], repeat)
        board = warm_ms(lambda: indicator_board(conn, "district", period, live=True), repeat)
        start = time.perf_counter()
        rows = take_snapshot(conn, period, replace=True)
        snapshot_s = round(time.perf_counter() - start, 2)
        from_snapshot = warm_ms(lambda: [table(name, live=False)() for name in live], repeat)
        board_from_snapshot = warm_ms(lambda: indicator_board(conn, "district", period), repeat)
        sample = {name: indicator_table(conn, name, "district", period).rows[-1] for name in ("lighting", "cases")}
    return {
        "tally_build_s": tally_s,
        "live_ms": live,
        "live_all_ms": every,
        "table_live_ms": board,
        "snapshot_take_s": snapshot_s,
        "snapshot_rows": rows,
        "from_snapshot_all_ms": from_snapshot,
        "table_from_snapshot_ms": board_from_snapshot,
        "city_total": {
            "lighting_rate": sample["lighting"].get("lighting_rate"),
            "cases_registered": sample["cases"].get("registered"),
            "closure_rate": sample["cases"].get("closure_rate"),
        },
    }


def last_full_month() -> str:
    today = datetime.date.today()
    return (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--patrols", type=int, default=5_000_000)
    parser.add_argument("--period", default=None, help="month YYYY-MM (default: the last full month)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()

    localpg.ensure_running()
    databases = Databases()
    try:
        name = databases.registry(load_profile("zhuhai"))
        dsn = localpg.server_dsn(name)
        generated = generate(dsn, args)
        period = args.period or last_full_month()
        figures = measure(dsn, period, args.repeat)
    finally:
        if not args.keep:
            databases.drop_all()
    table_live = figures["table_live_ms"]
    result = {
        "benchmark": "kpi",
        "database": name if args.keep else None,
        "assets": args.assets,
        "cases": args.cases,
        "patrols": args.patrols,
        "period": period,
        "generated": generated,
        **figures,
        "target_ms": TARGET_MS,
        "live_meets_target": table_live < TARGET_MS,
        "snapshot_meets_target": figures["table_from_snapshot_ms"] < TARGET_MS,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
