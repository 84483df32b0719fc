"""Benchmark: work-order transitions by many concurrent clients, with a recount of every update.

On a fresh database of the local PostGIS (dropped afterwards): the demo district's streetlights
(core/demo_city.py, imported as `assetreg demo` does), then N cases reported through
case_report in batches, each linked to a light. Then C clients, each its own connection and
logged in as an editor, for D seconds: pick a case, read its version and status, and run the
next step of the life cycle through storage/workorders.transition, the Python API of
`assetreg wo`. Each client works mostly on its own cases; a share of its picks go to a few hot
cases all clients share, so that two clients act on the same version and one is refused
(stale version, AR003) on purpose.

Afterwards the database is recounted. A lost update is any of:
  * a transition a client was told succeeded that wrote no event, or an event nobody was told of
    (sum of successes == transition events written during the run);
  * versions that do not add up (sum over cases of version - 1 - link changes == those events);
  * a case whose version is not its number of events, whose events do not number 1..version,
    or whose last event does not end in its status;
  * an event that does not start from the stage the previous one ended in;
  * a success on a version the client had not seen (new version != the one it read + 1).
Prints one JSON object. Target (issue 5): >= 500 transitions/s with 50 clients, no lost update.

    python bench/transitions.py --clients 50 --duration 20 --cases 20000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import psycopg2  # noqa: E402
from asset_registry.core.demo_city import AREAS_FILE, write_demo_files  # noqa: E402
from asset_registry.core.errors import RefusedError, UserError  # noqa: E402
from asset_registry.core.standard import Standard, load_profile  # noqa: E402
from asset_registry.storage import localpg, roles  # noqa: E402
from asset_registry.storage.importing import import_delivery  # noqa: E402
from asset_registry.storage.workorders import NEXT_STEP, STREETLIGHT_FAULT, report_cases, transition  # noqa: E402
from common import Databases, admin  # noqa: E402
from psycopg2 import sql  # noqa: E402

PROFILE = "zhuhai"
TARGET_PER_S = 500
REPORT_BATCH = 1000
URGENCIES = (None, None, None, "serious", "emergency")
STALE = "changed meanwhile"  # the English message of AR003 (db/app/65_cases.sql)
REASON = "基准测试 / benchmark"
PAYLOADS = {
    "dispatch": {"maintainer": "珠海市香洲区路灯管理所", "crew": "一班"},
    "handle": {"notes": "更换灯具 / lamp replaced", "parts": "LED 120W", "cost": 380},
    "rate": {"satisfaction": "satisfied"},
}
# Beside the next step (workorders.NEXT_STEP), the detours taken now and then (they need a
# reason), so that cases loop through rework and deferral rather than all ending closed; a
# closed case is rated again and again.
DETOURS = {"registered": ("defer", 0.05), "dispatched": ("defer", 0.05), "handled": ("rework", 0.2)}


def next_step(status: str, rng: random.Random) -> tuple[str, str | None, dict | None]:
    """The action a client runs on a case in this stage, with its reason and payload."""
    detour = DETOURS.get(status)
    if detour and rng.random() < detour[1]:
        return detour[0], REASON, None
    action = NEXT_STEP[status]
    return action, None, PAYLOADS.get(action)


@dataclass
class Client:
    """What one client did: its counts and the latency of each transition call."""

    transitions: int = 0
    stale_refusals: int = 0
    errors: int = 0
    stale_accepted: int = 0  # a success on a version the client had not seen: a lost update
    latencies: list[float] = field(default_factory=list)
    error_messages: list[str] = field(default_factory=list)


def run_client(
    dsn: str, own: list[int], hot: list[int], hot_share: float, seed: int, start: threading.Barrier, stop_at: list[float]
) -> Client:
    client, rng = Client(), random.Random(seed)
    conn = psycopg2.connect(dsn, application_name="assetreg-bench")
    try:
        start.wait()
        while time.perf_counter() < stop_at[0]:
            case_id = rng.choice(hot) if hot and rng.random() < hot_share else rng.choice(own)
            try:
                # the read opens the transaction that transition() commits (or rolls back)
                with conn.cursor() as cur:
                    cur.execute("SELECT version, status FROM assetreg.work_order WHERE id = %s", (case_id,))
                    version, status = cur.fetchone()
                action, reason, payload = next_step(status, rng)
                began = time.perf_counter()
                try:
                    new_version = transition(conn, case_id, version, action, reason, payload)
                finally:
                    client.latencies.append(time.perf_counter() - began)
                client.transitions += 1
                client.stale_accepted += new_version != version + 1
            except RefusedError as refused:
                if STALE in refused.en:
                    client.stale_refusals += 1
                else:
                    client.errors += 1
                    client.error_messages.append(refused.en)
            except (UserError, psycopg2.Error) as exc:
                conn.rollback()
                client.errors += 1
                client.error_messages.append(str(exc).strip()[:200])
    finally:
        conn.close()
    return client


def recount(dsn: str, after_event: int) -> dict:
    """The counts the database holds, for the checks of the module docstring."""
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM assetreg.work_order_event WHERE id > %s", (after_event,))
            events_written = cur.fetchone()[0]
            cur.execute(
                """
                WITH per_case AS (
                    SELECT w.id, w.version, w.status, count(e.id) AS events, count(DISTINCT e.version) AS versions,
                           max(e.version) AS last_version, count(e.id) FILTER (WHERE e.action = 'link') AS links,
                           (array_agg(e.to_status ORDER BY e.version DESC))[1] AS last_status
                      FROM assetreg.work_order w
                      LEFT JOIN assetreg.work_order_event e ON e.work_order_id = w.id
                     GROUP BY w.id)
                SELECT coalesce(sum(version - 1 - links), 0),
                       count(*) FILTER (WHERE events <> version OR versions <> version OR last_version <> version
                                           OR last_status IS DISTINCT FROM status)
                  FROM per_case
                """
            )
            version_sum, mismatched_cases = cur.fetchone()
            cur.execute(
                """
                SELECT count(*) FROM (
                    SELECT version, from_status,
                           lag(to_status) OVER (PARTITION BY work_order_id ORDER BY version) AS previous
                      FROM assetreg.work_order_event) e
                 WHERE version > 1 AND from_status IS DISTINCT FROM previous
                """
            )
            broken_chains = cur.fetchone()[0]
            cur.execute(
                "SELECT action, count(*) FROM assetreg.work_order_event WHERE id > %s GROUP BY action ORDER BY action",
                (after_event,),
            )
            by_action = dict(cur.fetchall())
    finally:
        conn.close()
    return {
        "events_written": events_written,
        "sum_of_version_steps": int(version_sum),
        "cases_whose_version_is_not_their_event_count": mismatched_cases,
        "events_not_following_the_previous_stage": broken_chains,
        "events_by_action": by_action,
    }


def build_registry(databases: Databases, directory: Path, cases: int) -> tuple[str, dict]:
    """A registry with the demo district's lights and ``cases`` reported cases, each linked to a light."""
    standard, profile = Standard(), load_profile(PROFILE)
    _, _, delivery = write_demo_files(directory, standard)
    name = databases.registry(profile)
    dsn = localpg.server_dsn(name)
    started = time.perf_counter()
    import_delivery(dsn, delivery, standard, profile, "streetlight", accept_valid=True)
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT component_id FROM assetreg.streetlight ORDER BY component_id")
            lights = [row[0] for row in cur.fetchall()]
        conn.commit()
        reported = 0
        for first in range(0, cases, REPORT_BATCH):
            batch = [
                {
                    "matter_code": lights[serial % len(lights)][:6] + STREETLIGHT_FAULT,
                    "source": "patrol",
                    "description": "灯不亮 / light out",
                    "urgency": URGENCIES[serial % len(URGENCIES)],
                    "assets": [{"family": "streetlight", "component_id": lights[serial % len(lights)]}],
                }
                for serial in range(first, min(first + REPORT_BATCH, cases))
            ]
            reported += len(report_cases(conn, [{k: v for k, v in case.items() if v is not None} for case in batch]))
    finally:
        conn.close()
    return dsn, {"streetlights": len(lights), "cases": reported, "setup_s": round(time.perf_counter() - started, 1)}


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of transitions")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--hot-cases", type=int, default=5, help="cases every client also works on")
    parser.add_argument("--hot-share", type=float, default=0.1, help="share of picks that go to a hot case")
    parser.add_argument("--superuser", action="store_true", help="clients log in as the superuser, not as editors")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if args.cases < args.clients + args.hot_cases:
        parser.error("--cases must be at least --clients + --hot-cases")
    localpg.ensure_running()
    directory = Path(tempfile.mkdtemp(prefix="assetreg-bench-"))
    databases, login = Databases(directory / AREAS_FILE), None  # the demo district's areas and grids
    result: dict = {"benchmark": "transitions", "clients": args.clients}
    try:
        dsn, setup = build_registry(databases, directory, args.cases)
        client_dsn = dsn
        if not args.superuser:
            login = f"assetreg_bench_editor_{uuid.uuid4().hex[:8]}"
            roles.grant(dsn, login, "assetreg_editor")
            client_dsn = psycopg2.extensions.make_dsn(dsn, user=login)
        (after_event,) = query_one(dsn, "SELECT coalesce(max(id), 0) FROM assetreg.work_order_event")
        case_ids = [row[0] for row in query_all(dsn, "SELECT id FROM assetreg.work_order ORDER BY id")]
        hot, rest = case_ids[: args.hot_cases], case_ids[args.hot_cases :]
        own = [rest[index :: args.clients] for index in range(args.clients)]

        start, stop_at, clients = threading.Barrier(args.clients + 1), [float("inf")], [None] * args.clients

        def work(index: int) -> None:
            clients[index] = run_client(client_dsn, own[index], hot, args.hot_share, args.seed + index, start, stop_at)

        threads = [threading.Thread(target=work, args=(index,)) for index in range(args.clients)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        stop_at[0] = began + args.duration
        for thread in threads:
            thread.join()
        duration = time.perf_counter() - began
        if any(client is None for client in clients):
            raise SystemExit("a client failed before it started; see the traceback above")
        counted = recount(dsn, after_event)
    finally:
        databases.drop_all()
        shutil.rmtree(directory, ignore_errors=True)
        if login:
            admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))

    transitions = sum(client.transitions for client in clients)
    stale_accepted = sum(client.stale_accepted for client in clients)
    lost = (
        abs(transitions - counted["events_written"])
        + abs(counted["events_written"] - counted["sum_of_version_steps"])
        + counted["cases_whose_version_is_not_their_event_count"]
        + counted["events_not_following_the_previous_stage"]
        + stale_accepted
    )
    latencies = [seconds * 1000 for client in clients for seconds in client.latencies]
    messages = sorted({message for client in clients for message in client.error_messages})
    result.update(
        login="superuser" if args.superuser else "assetreg_editor",
        duration_s=round(duration, 2),
        transitions=transitions,
        transitions_per_s=round(transitions / duration, 1),
        stale_refusals=sum(client.stale_refusals for client in clients),
        errors=sum(client.errors for client in clients),
        error_examples=messages[:5],
        lost_updates=lost,
        target_per_s=TARGET_PER_S,
        meets_target=transitions / duration >= TARGET_PER_S and lost == 0,
        latency_ms={
            "p50": round(percentile(latencies, 0.50), 2) if latencies else None,
            "p95": round(percentile(latencies, 0.95), 2) if latencies else None,
            "p99": round(percentile(latencies, 0.99), 2) if latencies else None,
            "mean": round(statistics.fmean(latencies), 2) if latencies else None,
        },
        recount={**counted, "successes_reported_by_clients": transitions, "successes_on_unseen_versions": stale_accepted},
        setup={**setup, "hot_cases": args.hot_cases, "hot_share": args.hot_share},
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


def query_all(dsn: str, statement: str) -> list[tuple]:
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
            return cur.fetchall()
    finally:
        conn.close()


def query_one(dsn: str, statement: str) -> tuple:
    return query_all(dsn, statement)[0]


if __name__ == "__main__":
    main()
