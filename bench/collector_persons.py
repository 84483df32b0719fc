"""Benchmark: the figures per person of one month with the collectors' staff codes, against main's kpi_persons in
the same run.

On the city of bench/kpi.py (generated in SQL, dropped afterwards), half of the cases are given a collector's
staff code (collector_code, revision 0029; 200 collectors). kpi_persons of the month is timed with main's
definition (installed under the schema bench_main from `git show <baseline>:db/app/71_kpi_groups.sql`, which
counts every report under reported_by) and with this branch's (under collector_code when the case has one),
alternating A B A B so that the load of the shared machine weighs on both alike. Both totals must agree: the
codes only regroup the same reports. Prints one JSON object with the machine's load average.

    python bench/collector_persons.py --assets 20000 --cases 300000 --patrols 10000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import psycopg2  # noqa: E402
from asset_registry.core.standard import load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from common import Databases  # noqa: E402
from kpi import generate, last_full_month  # noqa: E402

PERSONS_SQL = "SELECT * FROM {schema}.kpi_persons(%(start)s, %(end)s, %(at)s)"
COLLECTORS = 200


def baseline_function(ref: str) -> str:
    """main's kpi_persons, renamed into the schema bench_main."""
    source = subprocess.run(
        ["git", "show", f"{ref}:db/app/71_kpi_groups.sql"], cwd=HERE.parent, capture_output=True, text=True, check=True
    ).stdout
    start = source.index("CREATE FUNCTION assetreg_app.kpi_persons(")
    body = source[start : source.index("$$;", start) + 3]
    return "CREATE SCHEMA bench_main;\n" + body.replace("assetreg_app.kpi_persons(", "bench_main.kpi_persons(")


def measure(dsn: str, period: str, repeat: int, ref: str) -> dict:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            # half of the cases name one of the collectors (as a platform's export would); outside the flow,
            # triggers off, as bench/kpi.py generates the cases
            cur.execute("SET session_replication_role = replica")
            cur.execute(
                "UPDATE assetreg.work_order SET collector_code = 'CJ' || lpad((id %% %s)::text, 4, '0') WHERE id %% 2 = 0",
                (COLLECTORS,),
            )
            cur.execute("SET session_replication_role = origin")
            cur.execute("ANALYZE assetreg.work_order")
            cur.execute(baseline_function(ref))
            cur.execute(
                "SELECT m.period_start, m.period_end, least(m.period_end, now()) FROM assetreg_app.kpi_period(%s) m", (period,)
            )
            start, end, at = cur.fetchone()
            params = {"start": start, "end": end, "at": at}
            times: dict[str, list[float]] = {"bench_main": [], "assetreg_app": []}
            results = {}
            for round_ in range(repeat + 1):
                for schema in times:
                    started = time.perf_counter()
                    cur.execute(PERSONS_SQL.format(schema=schema), params)
                    results[schema] = cur.fetchall()
                    if round_:  # the first round warms the caches and the plans
                        times[schema].append((time.perf_counter() - started) * 1000)
    finally:
        conn.close()
    totals = {schema: next(row for row in rows if row[1])[4:] for schema, rows in results.items()}
    return {
        "main_persons_ms": round(statistics.median(times["bench_main"]), 1),
        "branch_persons_ms": round(statistics.median(times["assetreg_app"]), 1),
        "main_rows": len(results["bench_main"]),
        "branch_rows": len(results["assetreg_app"]),
        "same_totals": totals["bench_main"] == totals["assetreg_app"],
        "reported_in_month": totals["assetreg_app"][0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--patrols", type=int, default=10_000)
    parser.add_argument("--period", default=None, help="month YYYY-MM (default: the last full month)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", default="main", help="the git ref whose kpi_persons is the baseline")
    args = parser.parse_args()

    localpg.ensure_running()
    databases = Databases()
    try:
        dsn = localpg.server_dsn(databases.registry(load_profile("zhuhai")))
        generate(dsn, args)
        period = args.period or last_full_month()
        load_before = os.getloadavg()
        figures = measure(dsn, period, args.repeat, args.baseline)
        load_after = os.getloadavg()
    finally:
        databases.drop_all()
    result = {
        "benchmark": "collector_persons",
        "baseline": args.baseline,
        "cases": args.cases,
        "period": period,
        **figures,
        "load_average": [round(x, 2) for x in (*load_before, *load_after)],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
