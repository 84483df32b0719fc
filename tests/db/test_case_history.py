"""Historical cases as a delivery (standard 1.1 work_order records): `import --class work_order` validates
them like any delivery, loads them through the case flow's role (db/app/66_case_history.sql), keeps
the times as given, rebuilds each case's events, computes missing deadlines from the profile, marks
the platform and the submission; a re-import changes nothing; the indicators of that past month
follow from the rebuilt events."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.standard import Standard
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, write_geojson

PLATFORM = "香洲区数字城管平台"
MATTER = "44040201037"  # 路灯 in 香洲区


def case(case_no: str, status: str, **steps: str) -> tuple[dict, tuple]:
    """A case as a platform exports it: step times in +08:00 on the day of November 2026 given."""
    properties = {
        "case_no": case_no,
        "matter_code": MATTER,
        "source": "patrol",
        "status": status,
        "description": "路灯不亮",
        "source_platform": PLATFORM,
        "handling_unit": "路灯管理所",
    }
    for name, moment in steps.items():
        short = isinstance(moment, str) and name.endswith("_at") and len(moment) == 8
        properties[name] = f"2026-11-{moment}:00+08:00" if short else moment
    return properties, XIANGZHOU_XY


def assert_reimport_changes_nothing(dsn: str, reload: Callable[[], Any], unchanged: int) -> None:
    """The same file imported again (reload): every case unchanged, the cases and their events as they were."""
    events = query(dsn, "SELECT * FROM assetreg.work_order_event ORDER BY id")
    cases = query(dsn, "SELECT * FROM assetreg.work_order ORDER BY id")
    again = reload()
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, unchanged)
    assert query(dsn, "SELECT * FROM assetreg.work_order_event ORDER BY id") == events
    assert query(dsn, "SELECT * FROM assetreg.work_order ORDER BY id") == cases


def digests_kept(dsn: str, before: str, now: str, given: str) -> list[tuple[bool, bool, bool]]:
    """A revision's new fields count in the digest only when given: whether a record staged before the revision
    (before, no such keys) has the digest of the same staged now (now, the keys null), whether that is the digest of
    its case number and status alone, and whether one that gives a new field (given) has the same (it must not)."""
    bare = json.dumps({key: value for key, value in json.loads(now).items() if key in ("case_no", "status")})
    return query(
        dsn,
        "SELECT assetreg_app.case_history_digest(%s::jsonb) = assetreg_app.case_history_digest(%s::jsonb),"
        "       assetreg_app.case_history_digest(%s::jsonb) = md5(%s::jsonb::text),"
        "       assetreg_app.case_history_digest(%s::jsonb) = assetreg_app.case_history_digest(%s::jsonb)",
        (before, now, now, bare, before, given),
    )


OPENED = {"reported_at": "02T09:00", "accepted_at": "02T09:10", "registered_at": "02T09:20", "dispatched_at": "02T09:30"}
# A month with known counts: (case, what it is)
MONTH = [
    case("H01", "closed", **OPENED, handled_at="03T10:00", verified_at="03T11:00", closed_at="03T12:00",
         replied_at="03T12:30", reply_channel="sms", reply_text="已修复", satisfaction="satisfied",
         earlier_urged_at=["2026-11-02T12:00:00+08:00"], urged_at="02T15:00"),  # on time; urged twice
    case("H02", "closed", **OPENED, handled_at="16T10:00", verified_at="20T09:00", closed_at="20T10:00",
         satisfaction="dissatisfied", earlier_returned_at=["2026-11-02T10:00:00+08:00"], earlier_returned_units=["园林所"],
         earlier_redispatched_at=["2026-11-02T11:00:00+08:00"], returned_at="02T12:00", returned_unit="市政所",
         return_reason="不属本单位", redispatched_at="02T13:00"),  # handled and closed late; returned twice
    case("H03", "closed", **OPENED, first_handled_at="03T09:00", reworked_at="03T15:00", handled_at="04T10:00",
         rework_count=1, verified_at="04T11:00", closed_at="04T12:00"),  # reworked, on time
    case("H04", "deferred", **OPENED, deferred_at="03T09:00"),  # deferred
    case("H05", "refused", reported_at="05T09:00", refused_at="05T10:00"),  # refused, never registered
    case("H06", "cancelled", **OPENED, cancelled_at="02T16:00"),  # cancelled
    case("H07", "dispatched", **OPENED, earlier_urged_at=["2026-11-05T09:00:00+08:00", "2026-11-10T09:00:00+08:00"],
         urged_at="15T09:00", supervised_at="20T09:00"),  # open, overdue by now; urged three times, supervised once
]  # fmt: skip


@pytest.fixture
def month_file(tmp_path):
    return write_geojson(tmp_path / "cases.geojson", MONTH)


def load(registry, path, profile, **options):
    return import_delivery(registry, path, Standard("1.1"), profile, "work_order", **options)


def test_a_month_of_history_is_loaded_with_its_times_events_and_deadlines(registry, profile, month_file):
    result = load(registry, month_file, profile)
    assert (result.inserted, result.unchanged, result.rejected) == (7, 0, 0)
    rows = query(
        registry,
        "SELECT case_no, status, version, source_platform, submission_id IS NOT NULL, reported_at = %s::timestamptz"
        " FROM assetreg.work_order ORDER BY case_no",
        ("2026-11-02T09:00+08:00",),
    )
    assert [row[:2] for row in rows] == [
        ("H01", "closed"), ("H02", "closed"), ("H03", "closed"), ("H04", "deferred"),
        ("H05", "refused"), ("H06", "cancelled"), ("H07", "dispatched"),
    ]  # fmt: skip
    assert all(row[3] == PLATFORM and row[4] for row in rows)
    events = query(
        registry,
        "SELECT e.action, e.from_status, e.to_status, to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI')"
        " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        " WHERE w.case_no = %s ORDER BY e.version",
        ("H03",),
    )
    assert events == [
        ("report", None, "reported", "02 09:00"),
        ("accept", "reported", "accepted", "02 09:10"),
        ("register", "accepted", "registered", "02 09:20"),
        ("dispatch", "registered", "dispatched", "02 09:30"),
        ("handle", "dispatched", "handled", "03 09:00"),
        ("rework", "handled", "dispatched", "03 15:00"),
        ("handle", "dispatched", "handled", "04 10:00"),
        ("verify", "handled", "verified", "04 11:00"),
        ("close", "verified", "closed", "04 12:00"),
    ]
    deferred = query(
        registry,
        "SELECT w.deferred_from, w.version, (SELECT max(e.version) FROM assetreg.work_order_event e WHERE e.work_order_id = w.id)"
        " FROM assetreg.work_order w WHERE case_no = 'H04'",
    )
    assert deferred == [("dispatched", 5, 5)]
    # deadlines the platform did not record: the profile's limits for the matter class, from the step
    due = query(
        registry,
        "SELECT handling_deadline = assetreg_app.case_due('01037', NULL, 'handling', dispatched_at),"
        "       closing_deadline = assetreg_app.case_due('01037', NULL, 'closing', registered_at),"
        "       to_char(closing_deadline AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI')"
        " FROM assetreg.work_order WHERE case_no = 'H01'",
    )
    assert due == [(True, True, "11-05 09:20")]  # 路灯异常: 3 working days
    # the re-dispatch after rework is an assignment of its own: the case's handling deadline is its own
    rework = query(
        registry,
        "SELECT to_char(handling_deadline AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI') FROM assetreg.work_order"
        " WHERE case_no = 'H03'",
    )
    assert rework == [("11-05 15:00",)]


def test_a_reimport_of_the_same_file_changes_nothing(registry, profile, month_file):
    load(registry, month_file, profile)
    before = query(registry, "SELECT * FROM assetreg.work_order_event ORDER BY id")
    cases = query(registry, "SELECT id, version, status, closing_deadline FROM assetreg.work_order ORDER BY id")
    again = load(registry, month_file, profile)
    assert (again.inserted, again.unchanged) == (0, 7)
    assert query(registry, "SELECT * FROM assetreg.work_order_event ORDER BY id") == before
    assert query(registry, "SELECT id, version, status, closing_deadline FROM assetreg.work_order ORDER BY id") == cases


def test_a_case_number_registered_with_other_content_refuses_the_load(registry, profile, tmp_path, month_file):
    load(registry, month_file, profile)
    changed = [case("H08", "reported", reported_at="06T09:00"), case("H01", "closed", **OPENED, handled_at="03T10:00",
               verified_at="03T11:00", closed_at="03T13:00")]  # fmt: skip
    with pytest.raises(RefusedError) as refused:
        load(registry, write_geojson(tmp_path / "changed.geojson", changed), profile)
    assert "H01" in refused.value.message("en")
    assert query(registry, "SELECT count(*) FROM assetreg.work_order WHERE case_no = 'H08'") == [(0,)]


@pytest.mark.parametrize(
    ("steps", "rule"),
    [
        ({"reported_at": "02T09:00", "registered_at": "02T08:00"}, "crossfield.case_steps_out_of_order"),
        (
            {"reported_at": "02T09:00", "registered_at": "05T09:00", "closed_at": "04T09:00"},
            "crossfield.case_closed_before_registered",
        ),
        ({"reported_at": "02T09:00", "closed_at": "04T09:00"}, "crossfield.case_closed_before_registered"),
        ({"reported_at": "2099-01-01T09:00:00+08:00"}, "crossfield.future_date"),
    ],
)
def test_steps_out_of_order_a_close_before_registering_and_the_future_are_findings(registry, profile, tmp_path, steps, rule):
    status = "closed" if "closed_at" in steps else "registered" if "registered_at" in steps else "reported"
    path = write_geojson(
        tmp_path / "bad.geojson", [case("B01", status, **steps), case("B02", "reported", reported_at="02T09:00")]
    )
    with pytest.raises(RefusedError):
        load(registry, path, profile)
    result = load(registry, path, profile, accept_valid=True)
    assert rule in {finding.rule for finding in result.report.errors}
    assert result.inserted == 1 and query(registry, "SELECT case_no FROM assetreg.work_order") == [("B02",)]
    assert query(registry, "SELECT count(*) FROM assetreg.quarantine WHERE submission_id = %s", (result.submission_id,)) == [(1,)]


def test_only_editors_and_admins_load_history_and_no_login_writes_around_it(registry, profile, login_as, month_file):
    crew, editor = login_as("assetreg_crew"), login_as("assetreg_editor")
    with pytest.raises(RefusedError):
        load(crew, month_file, profile)
    assert query(registry, "SELECT count(*) FROM assetreg.work_order") == [(0,)]
    conn = psycopg2.connect(crew)
    try:
        with conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT * FROM assetreg_app.case_load_history()")
    finally:
        conn.close()
    # an editor's own staging table cannot get past the flow: the function is the only way in
    conn = psycopg2.connect(editor)
    try:
        with conn, conn.cursor() as cur, pytest.raises(psycopg2.Error) as caught:
            cur.execute("INSERT INTO assetreg.work_order (case_no, matter_code, source, status, description) VALUES "
                        "('X', %s, 'patrol', 'closed', 'x')", (MATTER,))  # fmt: skip
        assert caught.value.pgcode in ("AR009", "42501")
    finally:
        conn.close()
    assert load(editor, month_file, profile).inserted == 7


def test_the_indicators_of_that_past_month_follow_from_the_history(registry, profile, month_file):
    load(registry, month_file, profile)
    figures = query(
        registry,
        "SELECT registered, cancelled, deferred, due, closed, on_time_closed, closure_rate, on_time_closure_rate,"
        "       due_for_handling, on_time_handled, reworked, rework_rate, rated, satisfied"
        " FROM assetreg_app.kpi_cases('2026-11-01T00:00+08:00', '2026-12-01T00:00+08:00', 'district', '2026-11-30T23:59+08:00')"
        " WHERE is_total",
    )
    # registered 6 (H05 was refused); due = 6 − 1 cancelled; closed 3 of 5, on time 2 (H02 late);
    # handling assignments 8 (H03's re-dispatch after rework is one more, H02's two re-dispatches after its returns
    # two more), on time 3 (H01, H03 twice; H02's returned dispatches not handled and its last late, H04 and H07 not
    # handled): more due for handling than for closing, as the published bulletins show
    assert [tuple(round(float(x), 2) for x in row) for row in figures] == [(6, 1, 1, 5, 3, 2, 0.6, 0.4, 8, 3, 1, 0.33, 2, 1)]


# Every case indicator of November 2026, as the imported month says (to two decimals):
# registered 6 (H05 refused), cancelled 1, deferred 1, due 6 − 1 = 5; closed 3, on time 2 (H02 late);
# handling assignments 8 (H03's re-dispatch after rework is one more, the re-dispatches after H02's two returns two
# more), on time 3 (H01, both of H03): 3 / 8; reworked 1 of 3 closed; overdue and open at the month's end 2 (H04,
# H07); mean hours from first dispatch to handling (24.5 + 336.5 + 48.5) / 3; ratings 2, satisfied 1; reported 7.
NOVEMBER = {
    "reported": 7, "registered": 6, "cancelled": 1, "deferred": 1, "due": 5, "closed": 3, "on_time_closed": 2,
    "closure_rate": 0.6, "on_time_closure_rate": 0.4, "due_for_handling": 8, "on_time_handled": 3,
    "on_time_handling_rate": 0.38, "reworked": 1, "rework_rate": 0.33, "overdue_open": 2,
    "mean_handling_hours": 136.5, "rated": 2, "satisfied": 1, "satisfaction_rate": 0.5,
}  # fmt: skip
# The steps of that month, each occurrence counted: H02 returned twice (by 园林所, then by 市政所), H01 urged twice and
# H07 three times, H07 supervised once, H01 answered once; none handled on the spot.
NOVEMBER_STEPS = {"returned": 2, "supervised": 1, "urged": 5, "on_the_spot": 0, "replied": 1}
NOVEMBER_RETURNS = {"园林所": 1, "市政所": 1}  # by the unit that returned the case (--by maintainer)


def figures(table, keys=NOVEMBER) -> dict:
    total = next(row for row in table.rows if row["is_total"])
    return {key: round(float(total[key]), 2) for key in keys}


def returns_by_unit(table) -> dict:
    return {row["group_code"]: row["returned"] for row in table.rows if not row["is_total"] and row["returned"]}


def test_every_case_indicator_of_the_month_live_and_from_its_snapshot(registry, profile, month_file):
    from asset_registry.storage.connection import connection
    from asset_registry.storage.kpi import indicator_table, take_snapshot

    load(registry, month_file, profile)
    with connection(registry) as conn:
        live = indicator_table(conn, "cases", "city", "2026-11", live=True)
        assert live.source == "live" and figures(live) == NOVEMBER
        assert take_snapshot(conn, "2026-11") > 0
        kept = indicator_table(conn, "cases", "city", "2026-11")
        assert kept.source == "snapshot" and figures(kept) == NOVEMBER
        # the steps, every occurrence of a step taken several times counted, live and kept alike
        for live_or_kept in (True, False):
            steps = indicator_table(conn, "steps", "city", "2026-11", live=live_or_kept)
            assert steps.source == ("live" if live_or_kept else "snapshot")
            assert figures(steps, NOVEMBER_STEPS) == NOVEMBER_STEPS
            by_unit = indicator_table(conn, "steps", "maintainer", "2026-11", live=live_or_kept)
            assert returns_by_unit(by_unit) == NOVEMBER_RETURNS
        # cases changed after the month do not move the kept figures, and the snapshot said when it measured
    assert query(registry, "SELECT DISTINCT as_of FROM assetreg.kpi_snapshot") == [("period_end",)]


def test_any_period_and_the_moment_of_measurement_are_explicit(registry, profile, month_file):
    """A cycle ending on 3 November: at its end only H01 was closed; as it stands now, three are."""
    from asset_registry.storage.connection import connection
    from asset_registry.storage.kpi import any_period, indicator_table, take_snapshot

    load(registry, month_file, profile)
    cycle = any_period("2026-10-21", "2026-11-03")
    with connection(registry) as conn:
        at_end = indicator_table(conn, "cases", "city", cycle, live=True)
        now = indicator_table(conn, "cases", "city", cycle, live=True, as_of="now")
        assert (figures(at_end)["closed"], figures(now)["closed"]) == (1, 3)
        assert at_end.at.isoformat() == "2026-11-04T00:00:00+08:00"
        take_snapshot(conn, cycle, as_of="now")
        assert figures(indicator_table(conn, "cases", "city", cycle, as_of="now")) == figures(now)
        # a snapshot measured now is not the figures at the period's end: those are computed
        assert indicator_table(conn, "cases", "city", cycle).source == "live"
    with connection(registry) as conn, pytest.raises(Exception) as refused:
        indicator_table(conn, "cases", "city", "2026-11-20/2026-11-01", live=True)
    assert "2026-11-20/2026-11-01" in str(refused.value.message("en"))


def cli(dsn: str, *arguments: str) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", "--lang", "en", *arguments, "--dsn", dsn],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_times_are_printed_in_the_citys_zone_with_their_offset(registry, profile, month_file, tmp_path):
    from tests.helpers import numbered_lights

    load(registry, month_file, profile)
    case_id = query(registry, "SELECT id FROM assetreg.work_order WHERE case_no = 'H01'")[0][0]
    shown = cli(registry, "wo", "show", str(case_id))
    assert "2026-11-02 09:00:00+08:00" in shown and "reported_at        2026-11-02 09:00+08:00" in shown
    assert "01:00:00+00:00" not in shown
    listed = cli(registry, "wo", "list")
    assert "2026-11-04 09:30+08:00" in listed  # H01's handling deadline, 2 working days after its dispatch
    assert '"reported_at": "2026-11-02 09:00:00+08:00"' in cli(registry, "wo", "show", str(case_id), "--format", "json")
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(1)), Standard("1.1"), profile)
    query(registry, "UPDATE assetreg.streetlight SET remarks = 'x'")
    history = cli(registry, "history", "44040201037000001")
    assert history.count("+08:00") == 2 and "+0000" not in history


def test_the_city_grouping_is_named_after_the_city(registry, profile, month_file):
    from asset_registry.storage.connection import connection
    from asset_registry.storage.kpi import indicator_table

    load(registry, month_file, profile)
    with connection(registry) as conn:
        rows = indicator_table(conn, "cases", "city", "2026-11", live=True).rows
    assert [(row["label_zh"], row["label_en"]) for row in rows if not row["is_total"]] == [("珠海市", "Zhuhai")]


def test_a_deferral_stops_the_clock_live_and_in_history(registry, profile, tmp_path):
    """Resuming moves both deadlines by the time the deferral lasted; a historical case the same."""
    from asset_registry.storage.connection import connection
    from asset_registry.storage.workorders import report_cases, transition

    payload = {"maintainer": "路灯管理所"}
    with connection(registry) as conn:
        case_id = report_cases(
            conn, [{"matter_code": MATTER, "source": "patrol", "description": "灯不亮", "x": 500000, "y": 2460000}]
        )[0].id
        version = 1
        for action in ("accept", "register", "dispatch", "defer"):
            version = transition(conn, case_id, version, action, "等待供电部门", payload)
    before = query(registry, "SELECT handling_deadline, closing_deadline FROM assetreg.work_order WHERE id = %s", (case_id,))[0]
    # the deferral began two days ago
    from tests.db.conftest import outside_the_flow

    outside_the_flow(registry, "UPDATE assetreg.work_order_event SET at = at - interval '2 days' WHERE action = 'defer'")
    with connection(registry) as conn:
        transition(conn, case_id, version, "resume", None, {})
    after = query(registry, "SELECT handling_deadline, closing_deadline FROM assetreg.work_order WHERE id = %s", (case_id,))[0]
    moved = [round((new - old).total_seconds() / 3600) for old, new in zip(before, after, strict=True)]
    assert moved == [48, 48]
    # history: a case deferred for three days and resumed; its computed deadlines move by three days
    deferred = case("D01", "dispatched", **OPENED, deferred_at="02T10:00", resumed_at="05T10:00")
    plain = case("D02", "dispatched", **OPENED)
    load(registry, write_geojson(tmp_path / "deferred.geojson", [deferred, plain]), profile)
    rows = query(
        registry,
        "SELECT case_no, handling_deadline, closing_deadline FROM assetreg.work_order WHERE case_no IN ('D01', 'D02') ORDER BY 1",
    )
    assert [(a - b).days for a, b in zip(rows[0][1:], rows[1][1:], strict=True)] == [3, 3]
