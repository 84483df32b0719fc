"""Benchmark: repeated complaints (重复投诉, db/app/71_case_repeats.sql) of a past month, against the case
indicators of the same month as the baseline, measured alternately in the same run.

On a fresh registry of the local PostGIS (dropped afterwards) it imports --cases historical cases (standard 1.1
work_order records through `import --class work_order`) spread over 34 months from January 2024, each at one
of --spots places of the demo district (so that repeats by place occur: a spot's cases of the same matter
within 30 days), then times, warm (the first run discarded, the median of --repeat, alternating):
  baseline: assetreg_app.kpi_cases of the month by maintainer (what `kpi cases` computed before);
  repeats:  assetreg_app.kpi_case_repeats of the month by maintainer (what `kpi cases` now adds);
  list:     assetreg_app.case_repeats of the month (`kpi repeats`).
Prints one JSON object with the load average.

    python bench/case_repeats.py --cases 300000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.importing import import_delivery  # noqa: E402
from common import Databases  # noqa: E402

ZONE = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2024, 1, 1, 8, 30, tzinfo=ZONE)
SPAN_DAYS = 34 * 30
UNITS = ("路灯管理所", "市政养护一公司", "市政养护二公司", "园林绿化所")
MATTERS = ("44040201037", "44040201039")
FIELDS = (
    "case_no", "matter_code", "source", "status", "description", "source_platform", "handling_unit", "reported_at", "x", "y",
)  # fmt: skip
QUERIES = {
    "baseline_kpi_cases": "SELECT count(*) FROM assetreg_app.kpi_cases(%(start)s, %(end)s, 'maintainer', %(end)s)",
    "repeats_by_maintainer": "SELECT count(*) FROM assetreg_app.kpi_case_repeats(%(start)s, %(end)s, 'maintainer')",
    "repeats_list": "SELECT count(*) FROM assetreg_app.case_repeats(%(start)s, %(end)s)",
}


def case_row(n: int, spots: int) -> dict[str, str]:
    reported = START + dt.timedelta(minutes=(n * 7919) % (SPAN_DAYS * 24 * 60))
    spot = (n * 104729) % spots
    return {
        "case_no": f"RP{n:09d}", "matter_code": MATTERS[n % 2], "source": "patrol", "status": "reported",
        "description": "路灯不亮", "source_platform": "香洲区数字城管平台", "handling_unit": UNITS[n % len(UNITS)],
        "reported_at": reported.isoformat(timespec="seconds"),
        # spots on a grid 40 m apart in the demo district (EPSG:4547), a few metres of scatter
        "x": f"{450000 + (spot % 200) * 40 + n % 7:.1f}", "y": f"{2460000 + (spot // 200) * 40 + n % 5:.1f}",
    }  # fmt: skip


def write_cases(path: Path, count: int, spots: int) -> None:
    """A GeoJSON in the registry CRS, written feature by feature."""
    with path.open("w", encoding="utf-8") as handle:
        crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}
        handle.write('{"type": "FeatureCollection", "crs": ' + json.dumps(crs) + ', "features": [\n')
        for n in range(count):
            row = case_row(n, spots)
            point = {"type": "Point", "coordinates": [float(row.pop("x")), float(row.pop("y"))]}
            feature = {"type": "Feature", "properties": row, "geometry": point}
            handle.write(("" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        handle.write("\n]}\n")


def measure(dsn: str, period: str, repeat: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {name: [] for name in QUERIES}
    counts: dict[str, int] = {}
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT period_start, period_end FROM assetreg_app.kpi_period(%s)", (period,))
        start, end = cur.fetchone()
        for _ in range(repeat + 1):
            for name, statement in QUERIES.items():  # alternating: the load falls on each alike
                began = time.perf_counter()
                cur.execute(statement, {"start": start, "end": end})
                counts[name] = cur.fetchone()[0]
                timings[name].append((time.perf_counter() - began) * 1000)
        cur.execute("SELECT count(*) FROM assetreg.work_order WHERE reported_at >= %s AND reported_at < %s", (start, end))
        month_cases = cur.fetchone()[0]
    return {
        "month_cases": month_cases,
        "repeated_in_month": counts["repeats_list"],
        **{f"{name}_ms": round(statistics.median(runs[1:]), 1) for name, runs in timings.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--spots", type=int, default=20_000, help="distinct places the cases are reported at")
    parser.add_argument("--period", default="2025-06")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()
    profile = load_profile("zhuhai")
    localpg.ensure_running()
    databases = Databases()
    try:
        dsn = localpg.server_dsn(databases.registry(profile))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "cases.geojson"
            write_cases(path, args.cases, args.spots)
            began = time.perf_counter()
            result = import_delivery(dsn, path, Standard("1.1"), profile, "work_order")
            import_s = time.perf_counter() - began
        with connection(dsn) as conn, conn.cursor() as cur:
            cur.execute("ANALYZE assetreg.work_order; ANALYZE assetreg.work_order_asset; ANALYZE assetreg.work_order_event")
        figures = {
            "cases": args.cases,
            "imported": result.inserted,
            "import_s": round(import_s, 1),
            "period": args.period,
            **measure(dsn, args.period, args.repeat),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        if args.keep:
            print(f"kept: {databases.names}", file=sys.stderr)
        else:
            databases.drop_all()
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
