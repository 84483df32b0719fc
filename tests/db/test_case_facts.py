"""The case facts (revision 0023, db/app/69_case_facts.sql) the case indicators read: kept exact by the live flow
(its triggers), by a fixture moving a case's moments and by the historical load (one set-wise rebuild at its end),
they give the same indicators as the events' reading they replaced (assetreg_app.case_indicators_from_events, the
reference), for every grouping, over a month, a cycle and a quarter, as they stand now and as they stood at moments
before, between and after a case's assignments; only the flow writes them."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.core.standard import Standard
from asset_registry.storage import localpg, migrate
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import drop_database, new_database, outside_the_flow, query
from tests.db.test_case_history import MONTH, case
from tests.db.test_kpi import CLOSE, _case, _load_grids, _set_times
from tests.helpers import write_geojson

GROUPINGS = ("city", "district", "street", "community", "grid", "maintainer")
PERIODS = [
    ("2026-10-01T00:00+08:00", "2026-11-01T00:00+08:00"),
    ("2026-11-01T00:00+08:00", "2026-12-01T00:00+08:00"),
    ("2026-10-21T00:00+08:00", "2026-11-21T00:00+08:00"),  # a city's cycle from the 21st to the 20th
    ("2026-10-01T00:00+08:00", "2027-01-01T00:00+08:00"),  # a quarter
]
# as it stood: between a case's first dispatch and its rework, after the rework, at the month's end, now
MOMENTS = ["2026-10-05T12:00+08:00", "2026-10-06T12:00+08:00", "2026-11-02T09:40+08:00", "2026-11-03T12:00+08:00",
           "2026-12-01T00:00+08:00", "2026-12-01T11:00+08:00", None]  # fmt: skip
ROAD_DAMAGE = "44040206013"
REWORK = ("accept", "register", "dispatch", "start", "handle", "rework", "start", "handle", "verify", "close")

# historical cases beside test_case_history's month: one reworked after the month's end (its re-dispatch is
# an assignment of December), one handled after the month's end, one reworked twice
LATE = {"reported_at": "28T09:00", "accepted_at": "28T09:10", "registered_at": "28T09:20", "dispatched_at": "28T09:30"}
HISTORY = [
    *MONTH,
    case("H08", "closed", **LATE, first_handled_at="29T10:00", reworked_at="2026-12-01T10:00+08:00",
         handled_at="2026-12-01T15:00+08:00", rework_count=1, verified_at="2026-12-01T16:00+08:00",
         closed_at="2026-12-01T17:00+08:00"),
    case("H09", "handled", **LATE, handled_at="2026-12-01T09:00+08:00"),
    # a unit whose one case was dispatched, never handled: handled on time 0 of 1, a rate of 0, not none
    ({**case("H11", "dispatched", **LATE)[0], "handling_unit": "U9"}, case("H11", "dispatched")[1]),
    case("H10", "closed", **LATE, first_handled_at="28T12:00", reworked_at="29T09:00", handled_at="30T10:00",
         rework_count=2, verified_at="30T11:00", closed_at="30T12:00"),
]  # fmt: skip


def _move_event(dsn: str, case_id: int, action: str, at: str, nth: int = 1) -> None:
    """Put the nth event of an action of a case at a moment (the flow writes now())."""
    outside_the_flow(
        dsn,
        "UPDATE assetreg.work_order_event SET at = %s::timestamptz WHERE id = (SELECT e.id FROM assetreg.work_order_event e"
        " WHERE e.work_order_id = %s AND e.action = %s ORDER BY e.id OFFSET %s LIMIT 1)",
        (at, case_id, action, nth - 1),
    )


def _live_cases(conn, dsn: str) -> None:
    """Cases walked through the flow, then placed in October and November 2026 by their rows and events."""
    october = {"reported_at": "2026-10-05 09:00+08", "registered_at": "2026-10-05 10:00+08"}
    on_time = _case(conn, 2, ROAD_DAMAGE, CLOSE)
    _set_times(dsn, on_time, **october, dispatched_at="2026-10-05 11:00+08", handled_at="2026-10-05 21:00+08",
               handling_deadline="2026-10-06 17:00+08", closed_at="2026-10-06 09:00+08",
               closing_deadline="2026-10-08 17:00+08", satisfaction="satisfied")  # fmt: skip
    _move_event(dsn, on_time, "handle", "2026-10-05 21:00+08")
    late = _case(conn, 8, ROAD_DAMAGE, CLOSE)
    _set_times(dsn, late, **october, dispatched_at="2026-10-05 11:00+08", handled_at="2026-10-07 13:00+08",
               handling_deadline="2026-10-06 17:00+08", closed_at="2026-10-10 09:00+08",
               closing_deadline="2026-10-08 17:00+08", satisfaction="dissatisfied")  # fmt: skip
    _move_event(dsn, late, "handle", "2026-10-07 13:00+08")
    # reworked: first handled on the 5th within its own deadline, re-dispatched on the 6th, handled late
    reworked = _case(conn, 2, ROAD_DAMAGE, REWORK)
    _set_times(dsn, reworked, **october, dispatched_at="2026-10-05 11:00+08", handled_at="2026-10-09 17:00+08",
               handling_deadline="2026-10-07 17:00+08", closed_at="2026-10-10 09:00+08",
               closing_deadline="2026-10-12 17:00+08")  # fmt: skip
    _move_event(dsn, reworked, "handle", "2026-10-05 17:00+08")
    _move_event(dsn, reworked, "rework", "2026-10-06 09:00+08")
    _move_event(dsn, reworked, "handle", "2026-10-09 17:00+08", nth=2)
    outside_the_flow(dsn, "UPDATE assetreg.work_order_event SET handling_deadline = '2026-10-06 17:00+08'"
                          " WHERE work_order_id = %s AND action = 'dispatch'", (reworked,))  # fmt: skip
    deferred = _case(conn, 2, ROAD_DAMAGE, ("accept", "register", "defer"))
    _set_times(dsn, deferred, **october, closing_deadline="2026-10-08 17:00+08")
    cancelled = _case(conn, 8, ROAD_DAMAGE, ("accept", "register", "cancel"))
    _set_times(dsn, cancelled, **october)
    open_case = _case(conn, 8, ROAD_DAMAGE, ("accept", "register", "dispatch"))
    _set_times(dsn, open_case, **october, dispatched_at="2026-10-05 11:00+08",
               handling_deadline="2026-10-06 17:00+08", closing_deadline="2026-10-08 17:00+08")  # fmt: skip
    # registered at the end of November, reworked in December: an assignment after the month's end
    december = _case(conn, 2, ROAD_DAMAGE, REWORK[:-2])
    _set_times(dsn, december, reported_at="2026-11-30 20:00+08", registered_at="2026-11-30 21:00+08",
               dispatched_at="2026-11-30 22:00+08", handled_at="2026-12-01 10:30+08",
               handling_deadline="2026-12-02 17:00+08", closing_deadline="2026-12-04 17:00+08")  # fmt: skip
    _move_event(dsn, december, "handle", "2026-11-30 23:00+08")
    _move_event(dsn, december, "rework", "2026-12-01 09:00+08")
    _move_event(dsn, december, "handle", "2026-12-01 10:30+08", nth=2)
    _case(conn, 8, ROAD_DAMAGE, ("accept",))  # reported now, never registered


@pytest.fixture(scope="module")
def cases(template_db, standard, profile, tmp_path_factory):
    """Live cases of October and November 2026, and a month of historical ones."""
    tmp_path = tmp_path_factory.mktemp("facts")
    name = new_database(template_db)
    dsn = localpg.server_dsn(name)
    _load_grids(dsn, profile, tmp_path)
    with connection(dsn) as conn:
        _live_cases(conn, dsn)
    result = import_delivery(dsn, write_geojson(tmp_path / "history.geojson", HISTORY), Standard("1.1"), profile,
                             "work_order")  # fmt: skip
    assert result.inserted == len(HISTORY)
    yield dsn
    drop_database(name)


def _indicators(dsn: str, function: str, start: str, end: str, by: str, at: str | None) -> list:
    return query(
        dsn,
        f"SELECT * FROM assetreg_app.{function}(%s, %s, %s, coalesce(%s::timestamptz, now())) ORDER BY is_total, group_code",
        (start, end, by, at),
    )


FACTS = "SELECT * FROM assetreg.{} ORDER BY 1, 2"


def _facts(dsn: str) -> tuple[list, list]:
    return query(dsn, FACTS.format("case_fact")), query(dsn, FACTS.format("case_assignment_fact"))


def _rebuilt(dsn: str) -> tuple[list, list]:
    """The facts computed anew from every case's row and events, in a transaction rolled back."""
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SET ROLE assetreg_case_flow")
            cur.execute("SELECT assetreg_app.case_facts_rebuild(ARRAY(SELECT id FROM assetreg.work_order))")
            cur.execute(FACTS.format("case_fact"))
            fact = cur.fetchall()
            cur.execute(FACTS.format("case_assignment_fact"))
            return fact, cur.fetchall()
    finally:
        conn.rollback()
        conn.close()


def test_the_facts_are_what_a_rebuild_from_the_events_gives(cases):
    facts, assignments = _facts(cases)
    assert len(facts) == query(cases, "SELECT count(*) FROM assetreg.work_order")[0][0]
    # a reworked case has two assignments: its dispatch and its re-dispatch (a record keeps one rework time); H02,
    # returned twice, three: its dispatch and the re-dispatch after each return
    assert max(row[1] for row in assignments) == 3
    assert (facts, assignments) == _rebuilt(cases)


@pytest.mark.parametrize("start,end", PERIODS)
def test_the_indicators_from_the_facts_equal_the_events_reading(cases, start, end):
    compared = 0
    for by in GROUPINGS:
        for at in MOMENTS:
            facts = _indicators(cases, "kpi_cases", start, end, by, at)
            assert facts == _indicators(cases, "case_indicators_from_events", start, end, by, at), (by, at)
            compared += len(facts)
    assert compared > len(GROUPINGS) * len(MOMENTS)  # rows, not empty tables


def test_a_month_with_assignments_after_its_end_counts_them_as_they_stood(cases):
    """November as it stood at its end: the re-dispatches of December were not yet assignments."""
    nov, dec = PERIODS[1]
    totals = (
        "SELECT due_for_handling FROM assetreg_app.kpi_cases(%s, %s, 'city', coalesce(%s::timestamptz, now()))" " WHERE is_total"
    )
    at_end, now = (query(cases, totals, (nov, dec, at))[0][0] for at in (dec, None))
    assert now - at_end == 2  # the live case's rework and H08's, both on 1 December


def test_a_change_of_a_case_or_of_its_events_outside_the_flow_keeps_the_facts_exact(cases):
    copy = new_database(psycopg2.extensions.parse_dsn(cases)["dbname"])
    dsn = localpg.server_dsn(copy)
    try:
        outside_the_flow(dsn, "UPDATE assetreg.work_order_event SET at = at - interval '20 days' WHERE action = 'rework'")
        first = "(SELECT min(id) FROM assetreg.work_order)"
        outside_the_flow(dsn, f"UPDATE assetreg.work_order SET handling_unit = 'U2' WHERE id = {first}")
        outside_the_flow(dsn, "DELETE FROM assetreg.work_order_event WHERE action = 'handle' AND id = (SELECT max(id)"
                              " FROM assetreg.work_order_event WHERE action = 'handle')")  # fmt: skip
        assert _facts(dsn) == _rebuilt(dsn)
        # an earlier assignment whose event kept no deadline is judged by the case's: moving it counts anew
        reworked = "(SELECT work_order_id FROM assetreg.case_assignment_fact WHERE assignment = 2 ORDER BY 1 LIMIT 1)"
        outside_the_flow(dsn, "UPDATE assetreg.work_order_event SET handling_deadline = NULL"
                              f" WHERE action = 'dispatch' AND work_order_id = {reworked}")  # fmt: skip
        for deadline in ("2026-01-01 00:00+08", "2027-01-01 00:00+08"):  # the earlier handling late, then on time
            outside_the_flow(dsn, f"UPDATE assetreg.work_order SET handling_deadline = %s WHERE id = {reworked}",
                             (deadline,))  # fmt: skip
            assert _facts(dsn) == _rebuilt(dsn)
        outside_the_flow(dsn, "TRUNCATE assetreg.work_order CASCADE")
        assert _facts(dsn) == ([], [])
    finally:
        drop_database(copy)


def test_only_the_flow_writes_the_facts_and_a_viewer_reads_the_indicators(cases, login_as_on):
    viewer = login_as_on(cases, "assetreg_viewer")
    start, end = PERIODS[0]
    assert _indicators(viewer, "kpi_cases", start, end, "district", None) == _indicators(
        cases, "kpi_cases", start, end, "district", None
    )
    for role in ("assetreg_viewer", "assetreg_crew", "assetreg_editor", "assetreg_admin"):
        login = login_as_on(cases, role)
        for statement in (
            "DELETE FROM assetreg.case_fact",
            "INSERT INTO assetreg.case_assignment_fact SELECT * FROM assetreg.case_assignment_fact",
            "UPDATE assetreg.case_fact SET status = 'closed'",
            "TRUNCATE assetreg.case_fact",
            "SELECT assetreg_app.case_facts_rebuild(ARRAY[1::bigint])",
        ):
            with pytest.raises(psycopg2.Error) as caught:
                query(login, statement)
            assert caught.value.pgcode in ("42501", "AR009"), (role, statement)
    # a superuser's own write is refused too: only the flow's role writes them
    with pytest.raises(psycopg2.Error) as caught:
        query(cases, "DELETE FROM assetreg.case_fact")
    assert caught.value.pgcode == "AR009"
    assert _facts(cases) == _rebuilt(cases)


def test_revision_0023_fills_the_facts_of_the_cases_there_were(cases, profile):
    """Down to 0022 (the facts dropped: derived; forced only for the lists of earlier steps revision 0032 holds,
    whose events stay) and up again: the revision's own fill gives the facts the triggers and the load kept."""
    copy = new_database(psycopg2.extensions.parse_dsn(cases)["dbname"])
    dsn = localpg.server_dsn(copy)
    try:
        kept = _facts(dsn)
        assert migrate.downgrade(dsn, profile, "0022", force=True) == "0022"
        assert query(dsn, "SELECT to_regclass('assetreg.case_fact')") == [(None,)]
        migrate.upgrade(dsn, profile)
        assert _facts(dsn) == kept
    finally:
        drop_database(copy)


@pytest.fixture
def login_as_on():
    """login_as_on(dsn, role) -> DSN of a new login holding that role (dropped afterwards)."""
    import uuid

    from asset_registry.storage import roles
    from psycopg2 import sql

    from tests.db.conftest import admin

    created = []

    def make(dsn: str, role: str) -> str:
        login = f"test_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:6]}"
        roles.grant(dsn, login, role)
        created.append((dsn, login))
        return psycopg2.extensions.make_dsn(dsn, user=login)

    yield make
    for dsn, login in created:
        database = psycopg2.extensions.parse_dsn(dsn)["dbname"]
        admin(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(login)), dbname=database)
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))
