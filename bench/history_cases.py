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

What no import on this machine can beat, measured in the same run after the import ("floor"): reading the file
alone (OGR's Arrow stream over every field, nothing checked: the client's share), and storing the imported rows
alone (the registry's cases, then their events, copied by one INSERT ... SELECT each into unlogged tables of the
same columns, their indexes built after, dropped at the end: no WAL, no check, no derivation: the registry's
share). With the two overlapping perfectly, the fastest import is max(read, store): floor_cases_per_s with the
events stored as rows, floor_cases_only_per_s with the cases alone (a design deriving the events, not storing them).

With --generate, the import is skipped: the same cases (the same fates and step times, in SQL, set-wise) and their
events are written straight into the case tables, then the case facts are built by the one rebuild the load calls
at its end (db/app/69_case_facts.sql, timed: what the facts add to a load), and the month's indicators from the facts
(kpi_cases) are timed against the events' reading they replaced (case_indicators_from_events), alternating A B A B in
the same run, by several groupings, as they stood at the month's end and as they stand now; the two must agree.

    python bench/history_cases.py --generate --cases 2000000

    python bench/history_cases.py --cases 2000000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import re
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
from validate import run_read_ceiling_child  # noqa: E402

TARGET_CASES_PER_S = 50_000
TARGET_MS = 200
# main before the import speed work of histload (its per-record reading, its load with every key in place)
BASELINE_REF = "8df6d8a"
# main before the repeat marks: its repeats count paired the month's cases at each query
REPEATS_BASELINE_REF = "c1f956b"
REPEATS_SQL = "db/app/71_case_repeats.sql"
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


def floor(dsn: str, path: Path, cases: int) -> dict[str, object]:
    """What reading the file and storing the imported rows cost alone (see the module's docstring)."""
    read = run_read_ceiling_child(path)["read_seconds"]
    stored: dict[str, float] = {}
    with connection(dsn) as conn, conn.cursor() as cur:
        for table in ("work_order", "work_order_event"):
            stored[table] = store_alone(cur, table)
        conn.rollback()
    with_events = max(read, stored["work_order"] + stored["work_order_event"])
    cases_only = max(read, stored["work_order"])
    return {
        "floor": {
            "read_s": round(read, 1),
            "store_cases_s": round(stored["work_order"], 1),
            "store_events_s": round(stored["work_order_event"], 1),
            "floor_cases_per_s": round(cases / with_events),
            "floor_cases_only_per_s": round(cases / cases_only),
        }
    }


def store_alone(cur, table: str) -> float:
    """Seconds to store the rows of assetreg.table again, as cheaply as PostgreSQL can: into an unlogged table of the
    same columns (no WAL, in the shared buffers), its indexes built after the rows are in (each in one sorted pass,
    as the bulk load rebuilds them); rolled back by the caller."""
    copy = f"floor_{table}"
    cur.execute(f"CREATE UNLOGGED TABLE {copy} (LIKE assetreg.{table} INCLUDING DEFAULTS)")
    cur.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass", (f"assetreg.{table}",))
    # the same index on the copy: named floor_<name>, on floor_<table>
    indexes = [
        re.sub(r" INDEX (\S+) ON assetreg\.(\S+) ", lambda m: f" INDEX floor_{m[1]} ON {copy} ", definition)
        for (definition,) in cur.fetchall()
    ]
    began = time.perf_counter()
    cur.execute(f"INSERT INTO {copy} SELECT * FROM assetreg.{table}")
    for definition in indexes:
        cur.execute(definition)
    return time.perf_counter() - began


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


# --generate: case_row's cases in SQL (the same fates, step times and deadlines; every deadline given), their
# events in the order of their time per case as the load writes them, each case in one of 300 grids of three
# districts; the triggers off (session_replication_role), the facts built after by the load's one rebuild
GENERATE = [
    """
    CREATE TEMP TABLE bench_case AS
    SELECT n, n %% 100 AS fate, t.reported,
           CASE WHEN n %% 100 < 28 THEN greatest(5 + n %% 60, 6) ELSE 5 + n %% 60 END AS hours,
           d.code || lpad(((n %% 300) / 3 / 10 + 1)::text, 3, '0') || lpad(((n %% 300) / 3 %% 10 + 1)::text, 3, '0')
               || '001' AS grid
      FROM generate_series(0, %(cases)s - 1) n
     CROSS JOIN LATERAL (SELECT timestamptz '2024-01-01 08:30+08'
                                + ((n::bigint * 7919) %% (%(span_minutes)s)) * interval '1 minute' AS reported) t
     CROSS JOIN LATERAL (SELECT (ARRAY['440402', '440403', '440404'])[1 + n %% 3] AS code) d
    """,
    """
    CREATE TEMP TABLE bench_event AS
    SELECT c.n, e.seq, e.action, c.reported + e.after AS at, e.from_status, e.to_status,
           CASE WHEN e.action = 'dispatch' AND c.fate BETWEEN 8 AND 27 THEN c.reported + interval '4 hours 30 minutes'
                WHEN e.action IN ('dispatch', 'rework') THEN c.reported + interval '2 days 40 minutes' END AS deadline
      FROM bench_case c
     CROSS JOIN LATERAL (VALUES
            (1, 'report', interval '0', NULL, 'reported', true),
            (2, 'accept', interval '10 minutes', 'reported', 'accepted', c.fate >= 2),
            (3, 'refuse', interval '30 minutes', 'reported', 'refused', c.fate < 2),
            (4, 'register', interval '20 minutes', 'accepted', 'registered', c.fate >= 2),
            (5, 'dispatch', interval '40 minutes', 'registered', 'dispatched', c.fate >= 2),
            (6, 'cancel', interval '2 hours', 'dispatched', 'cancelled', c.fate BETWEEN 2 AND 3),
            (7, 'defer', interval '3 hours', 'dispatched', 'deferred', c.fate BETWEEN 4 AND 5),
            (8, 'handle', interval '4 hours', 'dispatched', 'handled', c.fate BETWEEN 8 AND 27),
            (9, 'rework', interval '5 hours', 'handled', 'dispatched', c.fate BETWEEN 8 AND 27),
            (10, 'handle', c.hours * interval '1 hour', 'dispatched', 'handled', c.fate >= 8),
            (11, 'verify', (c.hours + 1) * interval '1 hour', 'handled', 'verified', c.fate >= 8),
            (12, 'close', (c.hours + 2) * interval '1 hour', 'verified', 'closed', c.fate >= 8)
           ) AS e (seq, action, after, from_status, to_status, happened)
     WHERE e.happened
    """,
    """
    INSERT INTO assetreg.work_order (id, case_no, matter_code, source, status, description, address, reported_at,
                                     handling_deadline, closing_deadline, handling_unit, handled_at, rework_count,
                                     closed_at, satisfaction, version, deferred_from, source_platform, located_grid, located_at,
                                     geom)
    SELECT c.n + 1, 'LS' || lpad(c.n::text, 9, '0'), left(c.grid, 6) || '01037', 'patrol',
           CASE WHEN c.fate < 2 THEN 'refused' WHEN c.fate < 4 THEN 'cancelled' WHEN c.fate < 6 THEN 'deferred'
                WHEN c.fate < 8 THEN 'dispatched' ELSE 'closed' END,
           'bench', 'bench road ' || (c.n %% 500), c.reported,
           CASE WHEN c.fate >= 2 THEN c.reported + interval '2 days 40 minutes' END,
           CASE WHEN c.fate >= 2 THEN c.reported + interval '3 days 20 minutes' END,
           CASE WHEN c.fate >= 2 THEN (%(units)s::text[])[1 + c.n %% 4] END,
           CASE WHEN c.fate >= 8 THEN c.reported + c.hours * interval '1 hour' END,
           CASE WHEN c.fate BETWEEN 8 AND 27 THEN 1 ELSE 0 END,
           CASE WHEN c.fate >= 8 THEN c.reported + (c.hours + 2) * interval '1 hour' END,
           CASE WHEN c.fate >= 8 THEN CASE WHEN c.n %% 3 = 0 THEN 'dissatisfied' ELSE 'satisfied' END END,
           1, CASE WHEN c.fate BETWEEN 4 AND 5 THEN 'dispatched' END, 'bench', c.grid, now(),
           -- one of 20,000 spots 40 m apart, a few metres of scatter (as bench/case_repeats.py): repeats occur
           ST_SetSRID(ST_MakePoint(450000 + ((c.n::bigint * 104729) %% 20000) %% 200 * 40 + c.n %% 7,
                                   2460000 + ((c.n::bigint * 104729) %% 20000) / 200 * 40 + c.n %% 5), %(srid)s)
      FROM bench_case c ORDER BY c.n
    """,
    "SELECT setval('assetreg.work_order_id_seq', %(cases)s + 1)",
    """
    INSERT INTO assetreg.work_order_event (work_order_id, version, at, action, from_status, to_status, handling_deadline,
                                           payload)
    SELECT e.n + 1, row_number() OVER (PARTITION BY e.n ORDER BY e.at, e.seq), e.at, e.action, e.from_status,
           e.to_status, e.deadline, '{"historical": true}'
      FROM bench_event e ORDER BY e.n, e.at, e.seq
    """,
]


def generate_cases(dsn: str, count: int, srid: int) -> dict[str, float]:
    """The cases and events of --generate, then their facts by the load's rebuild and their repeat marks by the
    refresh the load's trigger calls (each timed apart)."""
    params = {"cases": count, "span_minutes": SPAN_DAYS * 24 * 60, "units": list(UNITS), "srid": srid}
    with connection(dsn) as conn, conn, conn.cursor() as cur:  # committed at the end
        began = time.perf_counter()
        cur.execute("SET session_replication_role = replica")
        for statement in GENERATE:
            cur.execute(statement, params)
        cur.execute("SET session_replication_role = DEFAULT")
        generated = time.perf_counter() - began
        began = time.perf_counter()
        cur.execute("SET ROLE assetreg_case_flow")
        cur.execute("SELECT assetreg_app.case_facts_rebuild(ARRAY(SELECT id FROM assetreg.work_order))")
        rebuilt = time.perf_counter() - began
        began = time.perf_counter()
        cur.execute(
            "SELECT assetreg_app.case_repeat_marks_refresh(min(reported_at), max(reported_at) + interval '1 microsecond')"
            " FROM assetreg.work_order"
        )
        marked = cur.fetchone()[0]
        cur.execute("RESET ROLE")
        marks_s = time.perf_counter() - began
    return {"generated_s": round(generated, 1), "facts_rebuild_s": round(rebuilt, 1),
            "facts_rebuild_cases_per_s": round(count / rebuilt), "repeat_marks_s": round(marks_s, 1),
            "repeated_cases": marked}  # fmt: skip


# the month's indicators from the facts (kpi_cases) and the events' reading they replaced, in the same run
COMPARED = {"facts": "kpi_cases", "events_baseline": "case_indicators_from_events"}
COMPARED_GROUPINGS = ("city", "district", "grid", "maintainer")


def compare_kpi(dsn: str, period: str, repeat: int) -> dict[str, object]:
    """Each (grouping, as of) timed for both definitions, alternating; the two answers compared."""
    timings: dict[str, dict[str, list[float]]] = {}
    same = True
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT period_start, period_end FROM assetreg_app.kpi_period(%s)", (period,))
        start, end = cur.fetchone()
        for group_by in COMPARED_GROUPINGS:
            for as_of in ("period_end", "now"):
                at = "least(%(end)s, now())" if as_of == "period_end" else "now()"
                answers = {}
                for _ in range(repeat + 1):  # the first run warms the caches and the plans
                    for name, function in COMPARED.items():
                        began = time.perf_counter()
                        cur.execute(
                            f"SELECT * FROM assetreg_app.{function}(%(start)s, %(end)s, %(by)s, {at})"
                            " ORDER BY is_total, group_code",
                            {"start": start, "end": end, "by": group_by},
                        )
                        answers[name] = cur.fetchall()
                        runs = timings.setdefault(f"{group_by}_as_of_{as_of}", {}).setdefault(name, [])
                        runs.append((time.perf_counter() - began) * 1000)
                if answers["facts"] != answers["events_baseline"]:
                    same = False
                    differ = [(f, b) for f, b in zip(answers["facts"], answers["events_baseline"], strict=False) if f != b]
                    print(group_by, as_of, differ[:2], file=sys.stderr)
                registered = answers["facts"][-1][5]
    figures = {}
    for key, by_name in timings.items():
        figures[key] = {name: round(statistics.median(runs[1:] or runs), 1) for name, runs in by_name.items()}
    return {"cases_month_ms": figures, "same_figures_as_baseline": same, "month_registered": registered}


def measure_kpi(dsn: str, period: str, repeat: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {"maintainer": [], "city": []}
    with connection(dsn) as conn:
        for _ in range(repeat + 1):
            for group_by, runs in timings.items():
                began = time.perf_counter()
                indicator_table(conn, "cases", group_by, period, live=True)
                runs.append((time.perf_counter() - began) * 1000)
    return {f"cases_month_by_{group_by}_ms": round(statistics.median(runs[1:]), 1) for group_by, runs in timings.items()}


def generated_run(databases: Databases, profile, args: argparse.Namespace) -> dict[str, object]:
    if args.database:  # generated before (--keep): timed again as it is
        database = args.database
        dsn = localpg.server_dsn(database)
        made: dict[str, float] = {}
    else:
        database = databases.registry(profile)
        dsn = localpg.server_dsn(database)
        made = generate_cases(dsn, args.cases, profile.registry_srid)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM assetreg.work_order_event")
        events = cur.fetchone()[0]
    for table in ("work_order", "work_order_event", "case_fact", "case_assignment_fact", "case_repeat"):
        admin(f"VACUUM ANALYZE assetreg.{table}", database)
    return {
        "cases": args.cases,
        "events": events,
        **made,
        "period": args.period,
        **compare_kpi(dsn, args.period, args.repeat),
        **measure_kpi(dsn, args.period, args.repeat),
        **compare_end_to_end(dsn, args.period, args.repeat, args.repeats_baseline_ref),
        "target_ms": TARGET_MS,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def baseline_repeat_count(ref: str) -> str | None:
    """kpi_case_repeats as commit ref defined it (pairing the month's cases with the days before at each query),
    read with git from its 71_case_repeats.sql, as CREATE OR REPLACE; None without git or that commit."""
    shown = subprocess.run(["git", "show", f"{ref}:{REPEATS_SQL}"], cwd=HERE.parent, capture_output=True, text=True, check=False)
    if shown.returncode != 0:
        return None
    begin = shown.stdout.index("CREATE FUNCTION assetreg_app.kpi_case_repeats(")
    end = shown.stdout.index("$$;", shown.stdout.index("AS $$", begin) + 5) + 3
    return "CREATE OR REPLACE" + shown.stdout[begin + len("CREATE") : end]


def compare_end_to_end(dsn: str, period: str, repeat: int, ref: str) -> dict[str, object]:
    """What `assetreg kpi cases --period` runs (storage.kpi.indicator_table, the CLI's storage function), timed end to
    end by every grouping and --as-of, against the same call with the repeats counted as commit ref did (its
    kpi_case_repeats put in place for that call only, in a transaction rolled back), alternating; the rows compared."""
    old_definition = baseline_repeat_count(ref)
    if old_definition is None:
        return {"end_to_end": f"not measured: no {REPEATS_SQL} at {ref}"}
    timings: dict[str, dict[str, list[float]]] = {}
    same = True
    with connection(dsn) as conn:
        for group_by in COMPARED_GROUPINGS:
            for as_of in ("period_end", "now"):
                answers = {}
                for _ in range(repeat + 1):  # the first run warms the caches and the plans
                    for name in ("marks", "repeats_baseline"):
                        if name == "repeats_baseline":
                            with conn.cursor() as cur:
                                cur.execute(old_definition)
                        began = time.perf_counter()
                        table = indicator_table(conn, "cases", group_by, period, live=True, as_of=as_of)
                        runs = timings.setdefault(f"{group_by}_as_of_{as_of}", {}).setdefault(name, [])
                        runs.append((time.perf_counter() - began) * 1000)
                        conn.rollback()
                        answers[name] = [{k: v for k, v in row.items()} for row in table.rows]
                same = same and answers["marks"] == answers["repeats_baseline"]
    figures = {key: {name: round(statistics.median(runs[1:] or runs), 1) for name, runs in by_name.items()}
               for key, by_name in timings.items()}  # fmt: skip
    slowest = max(figure["marks"] for figure in figures.values())
    return {"repeats_baseline_ref": ref, "kpi_cases_end_to_end_ms": figures, "end_to_end_slowest_ms": slowest,
            "end_to_end_same_rows_as_baseline": same}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=2_000_000)
    parser.add_argument("--period", default="2025-06", help="the past month YYYY-MM whose indicators are timed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=20_000, help="cases imported for the baseline comparison")
    parser.add_argument("--baseline-ref", default=BASELINE_REF, help="the commit whose case-history load is the baseline")
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    parser.add_argument("--generate", action="store_true", help="skip the import: cases written in SQL (see above)")
    parser.add_argument("--repeats-baseline-ref", default=REPEATS_BASELINE_REF,
                        help="the commit whose repeats count `kpi cases` is compared with end to end (--generate)")  # fmt: skip
    parser.add_argument("--database", help="--generate: time an already generated registry of this name (kept)")
    args = parser.parse_args()
    profile = load_profile("zhuhai")
    localpg.ensure_running()
    databases = Databases()
    if args.generate:
        try:
            figures = generated_run(databases, profile, args)
        finally:
            if args.keep:
                print(f"kept: {databases.names}", file=sys.stderr)
            else:
                databases.drop_all()
        print(json.dumps(figures, ensure_ascii=False))
        return
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
            # what autovacuum does to a loaded table soon after (visibility map, statistics)
            for table in ("work_order", "work_order_event"):
                admin(f"VACUUM ANALYZE assetreg.{table}", database)
            floors = floor(dsn, path, imported)
        with connection(dsn) as conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM assetreg.work_order_event")
            events = cur.fetchone()[0]
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
            **floors,
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
