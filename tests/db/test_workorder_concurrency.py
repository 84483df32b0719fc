"""Cases under concurrency: many clients on a few cases, no update lost (a recount proves it),
and of two changes made on the same version the second is refused as stale (AR003).

A small version of bench/transitions.py, with its own recount: the benchmark measures, this
proves. Nothing here depends on timing: the rounds are lined up with barriers, not sleeps.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.storage.connection import connection
from asset_registry.storage.workorders import NEXT_STEP, report_cases, transition

from tests.db.conftest import query

CLIENTS = 8
CASES = 3
PAYLOAD = {"maintainer": "路灯管理所", "notes": "更换灯具", "satisfaction": "satisfied"}


def next_action(status: str, rng: random.Random) -> str:
    """The next step (workorders.NEXT_STEP); from handled, a rework now and then keeps cases going round."""
    if status == "handled" and rng.random() < 0.3:
        return "rework"
    if status == "dispatched" and rng.random() < 0.1:
        return "defer"
    return NEXT_STEP[status]


@dataclass
class Outcome:
    successes: int = 0
    unseen_versions: int = 0  # a success on a version other than the one read: an update lost
    stale: list[RefusedError] = field(default_factory=list)
    other: list[Exception] = field(default_factory=list)


def attempt(conn, case_id: int, version: int, status: str, rng: random.Random, outcome: Outcome) -> None:
    """One transition on the version read; the outcome counts how it went."""
    try:
        new_version = transition(conn, case_id, version, next_action(status, rng), "理由 / reason", PAYLOAD)
    except RefusedError as refused:
        (outcome.stale if "changed meanwhile" in refused.en else outcome.other).append(refused)
        return
    except Exception as exc:  # counted: the test fails on it
        conn.rollback()
        outcome.other.append(exc)
        return
    outcome.successes += 1
    outcome.unseen_versions += new_version != version + 1


def read(conn, case_id: int) -> tuple[int, str]:
    with conn.cursor() as cur:
        cur.execute("SELECT version, status FROM assetreg.work_order WHERE id = %s", (case_id,))
        return cur.fetchone()


def run_clients(target) -> list[Outcome]:
    outcomes = [Outcome() for _ in range(CLIENTS)]
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            target(index, outcomes[index])
        except BaseException as exc:  # reraised below, in the test thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a client hangs"
    if failures:
        raise failures[0]
    return outcomes


def recount(dsn: str, successes: int) -> None:
    """Every success wrote exactly one event, the versions add up, and each case's events are one unbroken chain."""
    ((events,),) = query(dsn, "SELECT count(*) FROM assetreg.work_order_event WHERE action NOT IN ('report', 'link')")
    ((version_steps,),) = query(
        dsn,
        "SELECT sum(w.version - 1 - (SELECT count(*) FROM assetreg.work_order_event e"
        "                             WHERE e.work_order_id = w.id AND e.action = 'link'))"
        "  FROM assetreg.work_order w",
    )
    assert successes == events == version_steps
    mismatched = query(
        dsn,
        "SELECT w.id FROM assetreg.work_order w JOIN assetreg.work_order_event e ON e.work_order_id = w.id"
        " GROUP BY w.id HAVING count(*) <> w.version OR count(DISTINCT e.version) <> w.version"
        "                   OR max(e.version) <> w.version"
        "                   OR (array_agg(e.to_status ORDER BY e.version DESC))[1] <> w.status",
    )
    assert mismatched == []
    broken = query(
        dsn,
        "SELECT work_order_id, version FROM (SELECT work_order_id, version, from_status,"
        "       lag(to_status) OVER (PARTITION BY work_order_id ORDER BY version) AS previous"
        "  FROM assetreg.work_order_event) e WHERE version > 1 AND from_status IS DISTINCT FROM previous",
    )
    assert broken == []


@pytest.fixture
def editor_cases(registry, login_as):
    """(registry DSN, an editor's DSN, the ids of CASES new cases)."""
    with connection(registry) as conn:
        reported = report_cases(
            conn,
            [
                {"matter_code": "44040201037", "source": "patrol", "description": f"灯不亮 {n}", "x": 500000, "y": 2460000}
                for n in range(CASES)
            ],
        )
    return registry, login_as("assetreg_editor"), [case.id for case in reported]


def test_of_clients_acting_on_the_same_version_one_wins_and_the_others_are_refused_as_stale(editor_cases):
    registry, editor, case_ids = editor_cases
    rounds = 40
    have_read, have_acted = threading.Barrier(CLIENTS), threading.Barrier(CLIENTS)

    def client(index: int, outcome: Outcome) -> None:
        rng = random.Random(index)
        conn = psycopg2.connect(editor)
        try:
            for number in range(rounds):
                # every case has clients in every round: they read it, and only then does anyone act
                case_id = case_ids[(number + index) % CASES]
                version, status = read(conn, case_id)
                have_read.wait(30)
                attempt(conn, case_id, version, status, rng, outcome)
                have_acted.wait(30)
        finally:
            conn.close()

    outcomes = run_clients(client)
    stale = [refused for outcome in outcomes for refused in outcome.stale]
    assert [error for outcome in outcomes for error in outcome.other] == []
    # per round and case exactly one change is made; every other client had read a version that is gone
    assert sum(outcome.successes for outcome in outcomes) == rounds * CASES
    assert len(stale) == rounds * (CLIENTS - CASES)
    assert all("reload" in refused.en and "重新加载" in refused.zh for refused in stale)
    assert sum(outcome.unseen_versions for outcome in outcomes) == 0
    recount(registry, rounds * CASES)


def test_free_running_clients_lose_no_update(editor_cases):
    registry, editor, case_ids = editor_cases
    attempts = 60

    def client(index: int, outcome: Outcome) -> None:
        rng = random.Random(100 + index)
        conn = psycopg2.connect(editor)
        try:
            for _ in range(attempts):
                case_id = rng.choice(case_ids)
                version, status = read(conn, case_id)
                attempt(conn, case_id, version, status, rng, outcome)
        finally:
            conn.close()

    outcomes = run_clients(client)
    assert [error for outcome in outcomes for error in outcome.other] == []
    successes = sum(outcome.successes for outcome in outcomes)
    assert successes + sum(len(outcome.stale) for outcome in outcomes) == CLIENTS * attempts
    assert sum(outcome.unseen_versions for outcome in outcomes) == 0
    recount(registry, successes)
