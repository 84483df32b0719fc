"""Benchmark: importing historical cases (`assetreg import FILE --class work_order`), then the case
indicators of a past month over them.

On a fresh registry of the local PostGIS (dropped afterwards) it writes a CSV of --cases cases as a
platform exports them (standard 1.1 work_order records: case number, matter, source, address, the
time of each step, handling unit, deadlines for nine in ten of them, as platforms record them; one in
five reworked, one in twenty deferred, cancelled or refused, one in fifty still open), spread over the
34 months from January 2024, and imports it through the whole path: validation, COPY, and the case
flow's bulk load, which rebuilds every case's events and computes the missing deadlines. Then, warm
(the first run discarded, the median of --repeat), the case indicators of one past month by
maintainer and for the city.

The baseline, in the same run: the first --sample cases of the same file imported twice, into two fresh
registries, once by the whole code of --baseline-ref (main before this work: its client's per-record
reading and its load, run from a copy of that commit made with git archive), once by this code; per
case, so that the load of the shared machine weighs on both alike. The import's time is split into its
phases (validate_s: the client reads and checks the file; stage_s: COPY and the registry checks;
load_s: the case flow's load).
Prints one JSON object. Targets: ≥ 50,000 cases/s imported; the month's indicators under 200 ms.

    python bench/history_cases.py --cases 2000000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg, migrate  # noqa: E402
from asset_registry.storage.connection import connection  # noqa: E402
from asset_registry.storage.importing import import_delivery  # noqa: E402
from asset_registry.storage.kpi import indicator_table  # noqa: E402
from common import Databases, admin  # noqa: E402

TARGET_CASES_PER_S = 50_000
TARGET_MS = 200
# main before the import speed work of histload (its per-record reading, its load with every key in place)
BASELINE_REF = "8df6d8a"
ZONE = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2024, 1, 1, 8, 30, tzinfo=ZONE)
SPAN_DAYS = 34 * 30
UNITS = ("路灯管理所", "市政养护一公司", "市政养护二公司", "园林绿化所")
FIELDS = (
    "case_no", "matter_code", "source", "status", "description", "address", "source_platform", "handling_unit",
    "reported_at", "accepted_at", "registered_at", "dispatched_at", "first_handled_at", "reworked_at", "handled_at",
    "verified_at", "closed_at", "refused_at", "cancelled_at", "deferred_at", "handling_deadline", "closing_deadline",
    "rework_count", "satisfaction",
)  # fmt: skip


def _at(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def case_row(n: int) -> dict[str, str]:
    """Case n: its fate from n (deterministic), its steps a few hours apart."""
    reported = START + dt.timedelta(minutes=(n * 7919) % (SPAN_DAYS * 24 * 60))
    row = dict.fromkeys(FIELDS, "")
    row.update(
        case_no=f"LS{n:09d}",
        matter_code="44040201037",
        source="patrol",
        description="路灯不亮",
        address=f"香洲区某路 {n % 500} 号",
        source_platform="香洲区数字城管平台",
        handling_unit=UNITS[n % len(UNITS)],
        reported_at=_at(reported),
        accepted_at=_at(reported + dt.timedelta(minutes=10)),
    )
    fate = n % 100
    if fate < 2:
        row.update(status="refused", refused_at=_at(reported + dt.timedelta(minutes=30)), accepted_at="")
        return row
    step = dict(registered_at=20, dispatched_at=40)
    for name, minutes in step.items():
        row[name] = _at(reported + dt.timedelta(minutes=minutes))
    if fate < 10:  # deadlines computed by the load from the profile
        pass
    else:
        row["handling_deadline"] = _at(reported + dt.timedelta(days=2, minutes=40))
        row["closing_deadline"] = _at(reported + dt.timedelta(days=3, minutes=20))
    if fate < 4:
        row.update(status="cancelled", cancelled_at=_at(reported + dt.timedelta(hours=2)))
        return row
    if fate < 6:
        row.update(status="deferred", deferred_at=_at(reported + dt.timedelta(hours=3)))
        return row
    if fate < 8:
        row.update(status="dispatched")
        return row
    hours = 5 + (n % 60)  # some handled after the deadline
    if fate < 28:  # reworked once
        row.update(
            first_handled_at=_at(reported + dt.timedelta(hours=4)),
            reworked_at=_at(reported + dt.timedelta(hours=5)),
            rework_count="1",
        )
        hours = max(hours, 6)
    handled = reported + dt.timedelta(hours=hours)
    row.update(
        status="closed",
        handled_at=_at(handled),
        verified_at=_at(handled + dt.timedelta(hours=1)),
        closed_at=_at(handled + dt.timedelta(hours=2)),
        satisfaction="satisfied" if n % 3 else "dissatisfied",
    )
    return row


# main's whole import (its client and its case flow's load), run from a copy of that commit in a process of
# its own: the package asset_registry is that copy's plugin/ (first on the path), its registry migrated by it
BASELINE_RUN = """
import json, sys, time
import asset_registry
from asset_registry.core.standard import Standard, load_profile
from asset_registry.storage import migrate
from asset_registry.storage.importing import import_delivery
path, dsn = sys.argv[1:3]
profile = load_profile("zhuhai")
migrate.init(dsn, profile)
began = time.perf_counter()
result = import_delivery(dsn, path, Standard("1.1"), profile, "work_order")
print(json.dumps({"seconds": time.perf_counter() - began, "inserted": result.inserted, "package": asset_registry.__file__}))
"""


def baseline_import(ref: str, dsn: str, path: Path) -> tuple[float, int] | str:
    """(seconds, inserted) of commit ref's import of path into the new database dsn, or why not measured."""
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        archive = subprocess.run(
            ["git", "archive", ref, "plugin", "db", "standards", "metadata.txt"],
            cwd=HERE.parent,
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            return f"not measured: no commit {ref}"
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        (tree / "path").mkdir()
        (tree / "path" / "asset_registry").symlink_to(tree / "plugin")
        run = subprocess.run(
            [sys.executable, "-c", BASELINE_RUN, str(path), dsn],
            env={**os.environ, "PYTHONPATH": str(tree / "path")},
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            return "not measured: " + (run.stderr.strip().splitlines() or ["?"])[-1]
        figures = json.loads(run.stdout.strip().splitlines()[-1])
        if not figures["package"].startswith(folder):
            return "not measured: the baseline ran this code"
        return figures["seconds"], figures["inserted"]


# the import's phases, from what it says while it runs: validating (the client reads and checks every record)
# until it stages, staging and the registry checks until it loads, the case flow's load until it ends
PHASES = {"import.progress.staging": "validate_s", "import.progress.loading_cases": "stage_s"}


def timed_import(dsn: str, path: Path, profile, phases: dict[str, float] | None = None) -> tuple[float, int]:
    began = time.perf_counter()
    marks = [("began", began)]

    def note(message) -> None:
        if message.id in PHASES:
            marks.append((PHASES[message.id], time.perf_counter()))

    result = import_delivery(dsn, path, Standard("1.1"), profile, "work_order", notify=note)
    ended = time.perf_counter()
    if phases is not None:
        marks.append(("load_s", ended))
        for (_, start), (name, end) in itertools.pairwise(marks):
            phases[name] = round(end - start, 1)
    return ended - began, result.inserted


def compare_with_baseline(databases: Databases, profile, path: Path, ref: str) -> dict[str, object]:
    """The same sample imported by main's code (ref) and by this code, one after the other, each into a
    fresh registry."""
    figures: dict[str, object] = {"baseline_ref": ref}
    for name in ("baseline", "this"):
        database = databases._name()
        dsn = localpg.server_dsn(database)
        if name == "baseline":
            measured = baseline_import(ref, dsn, path)
            if isinstance(measured, str):
                return {**figures, "baseline": measured}
            seconds, inserted = measured
        else:
            migrate.init(dsn, profile)
            seconds, inserted = timed_import(dsn, path, profile)
        figures[f"sample_{name}_cases_per_s"] = round(inserted / seconds)
        figures[f"sample_{name}_ms_per_case"] = round(seconds * 1000 / inserted, 3)
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        databases.names.remove(database)
    return figures


def write_cases(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for n in range(count):
            writer.writerow(case_row(n))


def measure_kpi(dsn: str, period: str, repeat: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {"maintainer": [], "city": []}
    with connection(dsn) as conn:
        for _ in range(repeat + 1):
            for group_by, runs in timings.items():
                began = time.perf_counter()
                indicator_table(conn, "cases", group_by, period, live=True)
                runs.append((time.perf_counter() - began) * 1000)
    return {f"cases_month_by_{group_by}_ms": round(statistics.median(runs[1:]), 1) for group_by, runs in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--period", default="2025-06", help="the past month YYYY-MM whose indicators are timed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=20_000, help="cases imported for the baseline comparison")
    parser.add_argument("--baseline-ref", default=BASELINE_REF, help="the commit whose case-history load is the baseline")
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()
    profile = load_profile("zhuhai")
    localpg.ensure_running()
    databases = Databases()
    try:
        with tempfile.TemporaryDirectory() as folder:
            sample = Path(folder) / "sample.csv"
            write_cases(sample, min(args.sample, args.cases))
            baseline = compare_with_baseline(databases, profile, sample, args.baseline_ref)
            path = Path(folder) / "cases.csv"
            began = time.perf_counter()
            write_cases(path, args.cases)
            written_s = time.perf_counter() - began
            database = databases.registry(profile)
            dsn = localpg.server_dsn(database)
            phases: dict[str, float] = {}
            import_s, imported = timed_import(dsn, path, profile, phases)
        with connection(dsn) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM assetreg.work_order_event")
            events = cur.fetchone()[0]
        # what autovacuum does to a loaded table soon after (visibility map, statistics)
        for table in ("work_order", "work_order_event"):
            admin(f"VACUUM ANALYZE assetreg.{table}", database)
        figures = {
            "cases": args.cases,
            "imported": imported,
            "events": events,
            "file_written_s": round(written_s, 1),
            "import_s": round(import_s, 1),
            "cases_per_s": round(imported / import_s),
            "events_per_s": round(events / import_s),
            **{f"import_{name}": seconds for name, seconds in phases.items()},
            "target_cases_per_s": TARGET_CASES_PER_S,
            "client_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            **baseline,
            "period": args.period,
            **measure_kpi(dsn, args.period, args.repeat),
            "target_ms": TARGET_MS,
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
