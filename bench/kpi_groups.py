"""Benchmark: the case indicators of one month from the case facts, against the events' reading they replaced, in
the same run, after issue 15's indicator gaps.

On the city of bench/kpi.py (generated in SQL, dropped afterwards), the case indicators by district are
timed with the registry's own functions, read by name from the database: assetreg_app.kpi_cases (counting the
case facts, db/app/69_case_facts.sql) and assetreg_app.case_indicators_from_events (the reference that re-derives
each case's assignments from its events, db/app/72_case_indicators_reference.sql), alternating A B A B so that
the load of the shared machine weighs on both alike; both must give the same rows. Then, warm, the ranking by
community, the case steps by street, the persons, and the month's snapshot.
Prints one JSON object with the machine's load average.

    python bench/kpi_groups.py --assets 100000 --cases 2000000 --patrols 100000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import psycopg2  # noqa: E402
from asset_registry.core.standard import load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.kpi import indicator_table, take_snapshot  # noqa: E402
from common import Databases  # noqa: E402
from kpi import generate, last_full_month  # noqa: E402

CASES_SQL = "SELECT * FROM assetreg_app.{function}(%(start)s, %(end)s, 'district', %(at)s)"
# what each definition is called in the figures, and its function
COMPARED = {"events_baseline": "case_indicators_from_events", "facts": "kpi_cases"}


def alternate(cur, params: dict, repeat: int) -> dict:
    """Median ms of the events' reading and of the facts' case indicators, run alternately; and whether they agree."""
    times: dict[str, list[float]] = {name: [] for name in COMPARED}
    results = {}
    for round_ in range(repeat + 1):
        for name, function in COMPARED.items():
            started = time.perf_counter()
            cur.execute(CASES_SQL.format(function=function), params)
            results[name] = cur.fetchall()
            if round_:  # the first round warms the caches and the plans
                times[name].append((time.perf_counter() - started) * 1000)
    return {
        **{f"{name}_cases_by_district_ms": round(statistics.median(runs), 1) for name, runs in times.items()},
        "same_rows": results["events_baseline"] == results["facts"],
    }


def warm_ms(function, repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def measure(dsn: str, period: str, repeat: int) -> dict:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                "SELECT m.period_start, m.period_end, least(m.period_end, now()) FROM assetreg_app.kpi_period(%s) m", (period,)
            )
            start, end, at = cur.fetchone()
            compared = alternate(cur, {"start": start, "end": end, "at": at}, repeat)
    finally:
        conn.close()
    with connection(dsn) as conn:
        tables = {
            "ranking_by_community_ms": ("ranking", "community"),
            "cases_by_community_ms": ("cases", "community"),
            "steps_by_street_ms": ("steps", "street"),
            "persons_ms": ("persons", "person"),
        }
        timed = {
            key: warm_ms(lambda i=i, b=b: indicator_table(conn, i, b, period, live=True), repeat)
            for key, (i, b) in tables.items()
        }
        started = time.perf_counter()
        rows = take_snapshot(conn, period, replace=True)
        timed["snapshot_take_s"] = round(time.perf_counter() - started, 2)
        timed["snapshot_rows"] = rows
        persons = indicator_table(conn, "persons", "person", period).rows[-1]
        cases = indicator_table(conn, "cases", "city", period).rows[-1]
    timed["crews_assignments_equal_due_for_handling"] = persons["assignments"] == cases["due_for_handling"]
    timed["registered_in_month"] = cases["registered"]
    return {**compared, **timed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--patrols", type=int, default=100_000)
    parser.add_argument("--period", default=None, help="month YYYY-MM (default: the last full month)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    localpg.ensure_running()
    databases = Databases()
    try:
        name = databases.registry(load_profile("zhuhai"))
        dsn = localpg.server_dsn(name)
        generated = generate(dsn, args)
        period = args.period or last_full_month()
        load_before = os.getloadavg()
        figures = measure(dsn, period, args.repeat)
        load_after = os.getloadavg()
    finally:
        databases.drop_all()
    result = {
        "benchmark": "kpi_groups",
        "assets": args.assets,
        "cases": args.cases,
        "patrols": args.patrols,
        "period": period,
        "baseline": "assetreg_app.case_indicators_from_events",
        "generated": generated,
        **figures,
        "load_average_1m_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
