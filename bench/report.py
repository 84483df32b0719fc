"""Benchmark: the monthly bulletin and the indicators panel on a generated city.

On a fresh database of the local PostGIS (dropped afterwards) it generates, with bench/kpi.py's generator,
a city of --assets assets in 300 unit grids, --cases cases over ten years and --patrols night-patrol
findings, keeps snapshots of the --months months before --period (for the trends), then measures:
  * bulletin_pdf_s: `assetreg report monthly --period P --out bulletin.pdf` (qgis_common/bulletin.py, the
    same function, in-process, QGIS offscreen), the first run and the median of --repeat (target: ≤ 30 s);
  * kpi_all_ms: `assetreg kpi all --by district --period P --format json` in-process (cli.main, output
    discarded), warm median: the named baseline;
  * panel_refresh_ms: the indicators panel's refresh for the same grouping and month (table, tabs, charts
    made), warm median; panel_minus_kpi_all_ms is the figure the target (≤ 100 ms) is judged on.
Prints one JSON object.

    QT_QPA_PLATFORM=offscreen python bench/report.py --assets 1000000 --cases 2000000
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import kpi as kpi_bench  # noqa: E402  (bench/kpi.py: the city generator)
from asset_registry.cli import main as assetreg  # noqa: E402
from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.kpi import refresh_tallies, take_snapshot  # noqa: E402
from common import Databases  # noqa: E402

BULLETIN_TARGET_S = 30
PANEL_TARGET_MS = 100


def months_before(period: str, count: int) -> list[str]:
    year, month = (int(part) for part in period.split("-"))
    found = []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        found.append(f"{year:04d}-{month:02d}")
    return found


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def warm_ms(function, repeat: int) -> float:
    function()
    return round(statistics.median(timed(function) * 1000 for _ in range(repeat)), 1)


def measure(dsn: str, period: str, repeat: int, workdir: Path) -> dict:
    from asset_registry.gui.kpi_dock import KpiDock
    from asset_registry.qgis_common.bulletin import write_bulletin

    profile = load_profile("zhuhai")
    standard = Standard(profile.standard_version)
    out = workdir / "bulletin.pdf"
    first = timed(lambda: write_bulletin(dsn, period, out, standard, profile, "zh"))
    runs = [timed(lambda: write_bulletin(dsn, period, out, standard, profile, "zh")) for _ in range(max(1, repeat // 2))]

    def kpi_all():
        with contextlib.redirect_stdout(io.StringIO()):
            assert assetreg(["kpi", "all", "--by", "district", "--period", period, "--format", "json", "--dsn", dsn]) == 0

    dock = KpiDock(dsn=dsn)
    dock.grouping.setCurrentIndex(dock.grouping.findData("district"))
    dock.period.setEditText(period)
    kpi_all_ms = warm_ms(kpi_all, repeat)
    panel_ms = warm_ms(lambda: dock.refresh() or sys.exit("the panel refused"), repeat)
    return {
        "bulletin_pdf_first_s": round(first, 2),
        "bulletin_pdf_s": round(statistics.median(runs), 2),
        "bulletin_pdf_bytes": out.stat().st_size,
        "kpi_all_ms": kpi_all_ms,
        "panel_refresh_ms": panel_ms,
        "panel_minus_kpi_all_ms": round(panel_ms - kpi_all_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--patrols", type=int, default=1_000_000)
    parser.add_argument("--period", default=None, help="month YYYY-MM (default: the last full month)")
    parser.add_argument("--months", type=int, default=6, help="snapshots kept before the period, for the trends")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep-pdf", type=Path, default=None, help="copy the bulletin here, to look at it")
    args = parser.parse_args()

    from qgis.core import QgsApplication

    app = QgsApplication([], True)  # widgets: the panel is measured too (offscreen)
    app.initQgis()
    localpg.ensure_running()
    databases = Databases()
    try:
        dsn = localpg.server_dsn(databases.registry(load_profile("zhuhai")))
        generated = kpi_bench.generate(dsn, args)
        period = args.period or kpi_bench.last_full_month()
        with connection(dsn) as conn:
            start = time.perf_counter()
            refresh_tallies(conn)
            for month in months_before(period, args.months):
                take_snapshot(conn, month, replace=True)
            prepared_s = round(time.perf_counter() - start, 1)
        with tempfile.TemporaryDirectory(prefix="bench-report-") as workdir:
            figures = measure(dsn, period, args.repeat, Path(workdir))
            if args.keep_pdf is not None:
                shutil.copyfile(Path(workdir) / "bulletin.pdf", args.keep_pdf)
    finally:
        databases.drop_all()
    result = {
        "benchmark": "report",
        "assets": args.assets,
        "cases": args.cases,
        "patrols": args.patrols,
        "period": period,
        "generated": generated,
        "tally_and_snapshots_s": prepared_s,
        **figures,
        "bulletin_target_s": BULLETIN_TARGET_S,
        "bulletin_meets_target": figures["bulletin_pdf_s"] <= BULLETIN_TARGET_S,
        "panel_target_ms": PANEL_TARGET_MS,
        "panel_meets_target": figures["panel_minus_kpi_all_ms"] <= PANEL_TARGET_MS,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    app.exitQgis()


if __name__ == "__main__":
    main()
