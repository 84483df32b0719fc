"""The repeat marks (revision 0028, db/app/73_case_repeat_marks.sql) the repeated-complaints count reads: after
every change that can make or unmake a repeat (a load, a later load of older cases, a case moved in time, an
asset unlinked, the profile's rule, a case removed) they are exactly the repeats assetreg_app.case_repeats finds
over all time; and no login writes them."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.core.standard import Standard
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import outside_the_flow, query
from tests.db.test_case_history import cli
from tests.db.test_case_repeats import CASES, LIGHT, Q2, Q, complaint
from tests.helpers import numbered_lights, write_geojson

MARKS = "SELECT w.case_no, e.case_no, m.same_asset FROM assetreg.case_repeat m JOIN assetreg.work_order w ON w.id = m.work_order_id JOIN assetreg.work_order e ON e.id = m.earlier_id ORDER BY 1"  # noqa: E501
DEFINITION = (
    "SELECT r.case_no, r.earlier_case_no, r.same_asset FROM assetreg_app.case_repeats('2000-01-01', '2100-01-01') r ORDER BY 1"
)


@pytest.fixture
def complaints(registry, profile, tmp_path):
    """The cases of test_case_repeats.py, loaded the same way."""
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(1)), Standard("1.1"), profile)
    result = import_delivery(registry, write_geojson(tmp_path / "cases.geojson", CASES), Standard("1.1"), profile, "work_order")
    assert result.inserted == len(CASES)
    return registry


def marked(dsn: str) -> list[tuple]:
    """The marks, after checking that they are the definition's repeats over all time."""
    marks = query(dsn, MARKS)
    assert marks == query(dsn, DEFINITION)
    return marks


def repeated_in(dsn: str, period: str) -> int:
    """The count the case indicators show for the city (kpi_case_repeats reads the marks)."""
    counted = "CROSS JOIN LATERAL assetreg_app.kpi_case_repeats(p.period_start, p.period_end, 'city') k"
    rows = query(dsn, f"SELECT k.repeated FROM assetreg_app.kpi_period(%s) p {counted}", (period,))
    return rows[-1][0]


def test_a_load_marks_its_repeats(complaints):
    assert marked(complaints) == [("R02", "R01", True), ("R04", "R03", False)]
    assert repeated_in(complaints, "2026-11") == 2


def test_a_later_load_of_older_cases_marks_the_later_cases_they_make_repeats(complaints, profile, tmp_path):
    older = [complaint("R09", "10-30T09:00", Q), complaint("R10", "11-01T09:00", Q2)]
    path = write_geojson(tmp_path / "older.geojson", older)
    assert import_delivery(complaints, path, Standard("1.1"), profile, "work_order").inserted == 2
    # R03 (11-03) now repeats R09 (10-30, the same spot); R07 (11-10) repeats R10 (11-01); R04 the latest near it
    assert marked(complaints) == [("R02", "R01", True), ("R03", "R09", False), ("R04", "R03", False), ("R07", "R10", False)]
    assert repeated_in(complaints, "2026-11") == 4  # R10 itself (11-01) repeats nothing


def test_a_case_moved_in_time_or_removed_changes_the_marks_after_it(complaints):
    outside_the_flow(
        complaints, "UPDATE assetreg.work_order SET reported_at = reported_at - interval '30 days' WHERE case_no = 'R01'"
    )
    assert marked(complaints) == [("R04", "R03", False)]  # R02 is 30 + 8 days after R01 now
    outside_the_flow(
        complaints, "UPDATE assetreg.work_order SET reported_at = reported_at + interval '30 days' WHERE case_no = 'R01'"
    )
    assert marked(complaints) == [("R02", "R01", True), ("R04", "R03", False)]
    outside_the_flow(complaints, "DELETE FROM assetreg.work_order WHERE case_no = 'R03'")
    assert marked(complaints) == [("R02", "R01", True)]
    assert repeated_in(complaints, "2026-11") == 1


def test_an_asset_unlinked_unmakes_the_repeat_by_it(complaints):
    case_id, version = query(complaints, "SELECT id, version FROM assetreg.work_order WHERE case_no = 'R02'")[0]
    cli(complaints, "wo", "unlink", str(case_id), "--version", str(version), "--asset", f"streetlight:{LIGHT}")
    assert marked(complaints) == [("R04", "R03", False)]  # R02 lies 500 m from R01


def test_the_profiles_rule_marks_anew(complaints):
    query(complaints, "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{indicators,cases,repeats}',"
                      " '{\"distance_m\": 310, \"days\": 45}')")  # fmt: skip
    assert marked(complaints) == [("R02", "R01", True), ("R04", "R05", False), ("R05", "R03", False), ("R07", "R06", False)]
    # 6 days: every mark anew by spans of 12 days from R06 (10-01 09:00): R03 (11-03) and R04 (11-08) in two
    query(complaints, "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{indicators,cases,repeats}',"
                      " '{\"distance_m\": 50, \"days\": 6}')")  # fmt: skip
    assert marked(complaints) == [("R04", "R03", False)]
    query(complaints, "UPDATE assetreg.city_profile SET body = body #- '{indicators,cases,repeats}'")
    assert marked(complaints) == [("R02", "R01", True), ("R04", "R03", False)]


def test_the_marks_after_emptying_the_cases_are_none(complaints):
    outside_the_flow(complaints, "TRUNCATE assetreg.work_order_event, assetreg.work_order_asset, assetreg.work_order CASCADE")
    assert marked(complaints) == []


@pytest.mark.parametrize("role", ["assetreg_admin", "assetreg_editor", "assetreg_viewer"])
def test_no_login_writes_the_marks(complaints, login_as, role):
    attempts = (
        "DELETE FROM assetreg.case_repeat",
        "INSERT INTO assetreg.case_repeat VALUES (1, 1, false)",
        "UPDATE assetreg.case_repeat_basis SET days = 1",
        "SELECT assetreg_app.case_repeat_marks_refresh('2000-01-01', '2100-01-01')",
        "SELECT assetreg_app.case_repeat_marks_check()",
    )
    for statement in attempts:
        conn = psycopg2.connect(login_as(role))
        try:
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn, conn.cursor() as cur:
                cur.execute(statement)
        finally:
            conn.close()
    assert marked(complaints) == [("R02", "R01", True), ("R04", "R03", False)]


def test_two_cases_reported_at_once_near_each_other_are_marked_as_if_one_after_the_other(registry):
    """Neither report sees the other before it commits: the second's marks wait for the first's transaction."""
    import json
    import threading

    def case(x: float) -> str:
        return json.dumps([{"matter_code": "44040201037", "source": "patrol", "description": "d", "x": x, "y": 2460000}])

    first, second = psycopg2.connect(registry), psycopg2.connect(registry)
    try:
        with first.cursor() as cur:
            cur.execute("SELECT id FROM assetreg_app.case_report(%s)", (case(500000),))
        done = threading.Event()

        def report_the_second() -> None:
            with second, second.cursor() as cur:
                cur.execute("SELECT id FROM assetreg_app.case_report(%s)", (case(500010),))
            done.set()

        thread = threading.Thread(target=report_the_second)
        thread.start()
        assert not done.wait(1.5)  # the second waits for the first's marks
        first.commit()
        thread.join(30)
        assert done.is_set()
    finally:
        first.close()
        second.close()
    assert len(marked(registry)) == 1  # the second repeats the first
