"""The other steps of historical cases (standard 1.1, revision 0022; db/app/65_history_other_steps.sql): a return
(回退) and the re-dispatch after it, supervision and urging (督办/催办), on-the-spot handling (即知即办) and the
reply are rebuilt as the events the live steps write (db/app/65_cases.sql, 67_case_steps.sql), so the step
counts and indicators take them alike; a re-import changes nothing; impossible orders are findings."""

from __future__ import annotations

import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.standard import Standard
from asset_registry.storage.case_steps import on_the_spot, reply, supervise
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases, transition

from tests.db.conftest import query
from tests.db.test_case_history import MATTER, case

RETURNED_AND_HANDLED = case(
    "S01", "closed", reported_at="02T09:00", accepted_at="02T09:10", registered_at="02T09:20", dispatched_at="02T09:30",
    returned_at="02T11:00", return_reason="不属本单位", returned_unit="园林所", redispatched_at="02T14:00",
    supervised_at="02T16:00", urged_at="03T09:00", handled_at="03T10:00", handled_notes="换灯泡", verified_at="03T11:00",
    replied_at="03T11:30", reply_channel="sms", reply_text="路灯已修复", closed_at="03T12:00",
)  # fmt: skip
RETURNED_AND_HANDLED[0]["source"] = "hotline_12345"  # a citizen's case: answered before it closes
ON_THE_SPOT = case("S02", "closed", reported_at="04T09:00", on_the_spot_at="04T09:30", handled_notes="扶正倒伏的指示牌")
RETURNED_ONLY = case(
    "S03", "registered", reported_at="05T09:00", accepted_at="05T09:10", registered_at="05T09:20",
    dispatched_at="05T09:30", returned_at="05T10:00", return_reason="不属本单位", returned_unit="园林所",
)  # fmt: skip
RETURNED_ONLY[0].pop("handling_unit")
ON_THE_SPOT[0].pop("handling_unit")  # handled by the collector who reported it, never dispatched
STEPS = [RETURNED_AND_HANDLED, ON_THE_SPOT, RETURNED_ONLY]


def load(dsn, path, profile, **options):
    return import_delivery(dsn, path, Standard("1.1"), profile, "work_order", **options)


@pytest.fixture
def steps_file(tmp_path):
    from tests.helpers import write_geojson

    return write_geojson(tmp_path / "steps.geojson", STEPS)


def events(dsn: str, case_no: str) -> list[tuple]:
    """A case's events as the steps wrote them, the report and the live start of handling left out (a platform
    exports neither our report payload nor a start), the historical mark and the reply's time apart."""
    return query(
        dsn,
        # a live handling follows its start (handling); a platform exports none, so history handles from dispatched
        "SELECT e.action, CASE WHEN e.action = 'handle' AND e.from_status = 'handling' THEN 'dispatched'"
        "                      ELSE e.from_status END, e.to_status, e.reason, e.payload - 'historical' - 'replied_at',"
        "       e.action IN ('dispatch', 'rework') AND e.handling_deadline IS NOT NULL"
        " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        " WHERE w.case_no = %s AND e.action NOT IN ('report', 'start') ORDER BY e.version",
        (case_no,),
    )


def live_cases(dsn: str) -> None:
    """The same three cases through the live steps, today."""
    with connection(dsn) as conn:
        place = {"matter_code": MATTER, "description": "路灯不亮", "x": 452000, "y": 2462000}
        citizen, spot, returned = report_cases(
            conn,
            [{"case_no": "L01", "source": "hotline_12345", **place}, {"case_no": "L02", "source": "patrol", **place},
             {"case_no": "L03", "source": "patrol", **place}],
        )  # fmt: skip
        v = citizen.version
        for action, reason, payload in [
            ("accept", None, None), ("register", None, None), ("dispatch", None, {"maintainer": "园林所", "crew": None}),
            ("return", "不属本单位", None), ("dispatch", None, {"maintainer": "路灯管理所", "crew": None}),
        ]:  # fmt: skip
            v = transition(conn, citizen.id, v, action, reason, payload)
        v = supervise(conn, citizen.id, v, "supervise")
        v = supervise(conn, citizen.id, v, "urge")
        v = transition(conn, citizen.id, v, "start")
        v = transition(conn, citizen.id, v, "handle", payload={"notes": "换灯泡"})
        v = transition(conn, citizen.id, v, "verify")
        v = reply(conn, citizen.id, v, "sms", "路灯已修复")
        transition(conn, citizen.id, v, "close")
        on_the_spot(conn, spot.id, spot.version, "扶正倒伏的指示牌")
        v = returned.version
        for action, reason, payload in [
            ("accept", None, None), ("register", None, None), ("dispatch", None, {"maintainer": "园林所", "crew": None}),
            ("return", "不属本单位", None),
        ]:  # fmt: skip
            v = transition(conn, returned.id, v, action, reason, payload)


def test_each_step_is_rebuilt_as_the_live_step_writes_it(registry, profile, steps_file):
    result = load(registry, steps_file, profile)
    assert (result.inserted, result.rejected) == (3, 0)
    live_cases(registry)
    for historical, live in (("S01", "L01"), ("S02", "L02"), ("S03", "L03")):
        assert events(registry, historical) == events(registry, live), historical
    assert [row[0] for row in events(registry, "S01")] == [
        "accept", "register", "dispatch", "return", "dispatch", "supervise", "urge", "handle", "verify", "reply", "close",
    ]  # fmt: skip
    # the times as given: the return at 11:00, the reply's own time in its payload
    assert query(
        registry,
        "SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'), e.payload ->> 'replied_at' IS NOT NULL"
        " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        " WHERE w.case_no = 'S01' AND e.action IN ('return', 'reply') ORDER BY e.version",
    ) == [("02 11:00", False), ("03 11:30", True)]
    # the cases as the live steps leave them
    cases = query(
        registry,
        "SELECT case_no, status, handling_unit, crew, handling_deadline IS NULL, closed_at = handled_at,"
        "       returned_unit, return_reason, to_char(on_the_spot_at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI')"
        " FROM assetreg.work_order WHERE case_no IN ('S01', 'S02', 'S03', 'L02', 'L03') ORDER BY case_no",
    )
    assert cases == [
        ("L02", "closed", None, None, True, True, None, None, None),
        ("L03", "registered", None, None, True, None, None, None, None),
        ("S01", "closed", "路灯管理所", None, False, False, "园林所", "不属本单位", None),
        ("S02", "closed", None, None, True, True, None, None, "04 09:30"),
        ("S03", "registered", None, None, True, None, "园林所", "不属本单位", None),
    ]
    # each dispatch is an assignment with its own deadline: the re-dispatch's is the case's
    deadlines = query(
        registry,
        "SELECT e.handling_deadline = assetreg_app.case_due('01037', NULL, 'handling', e.at),"
        "       e.handling_deadline = w.handling_deadline"
        " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        " WHERE w.case_no = 'S01' AND e.action = 'dispatch' ORDER BY e.version",
    )
    assert deadlines == [(True, False), (True, True)]


def test_the_step_counts_and_indicators_take_them_as_live_ones(registry, profile, steps_file):
    load(registry, steps_file, profile)
    counts = query(
        registry,
        "SELECT step, who, cases, events FROM assetreg_app.case_step_counts('2026-11-01T00:00+08:00', '2026-12-01T00:00+08:00')"
        " WHERE step <> 'on_the_spot'",
    )
    assert counts == [("return", "园林所", 2, 2), ("supervise", "路灯管理所", 1, 1), ("urge", "路灯管理所", 1, 1)]
    steps = query(
        registry,
        "SELECT returned, supervised, urged, on_the_spot FROM assetreg_app.kpi_case_steps("
        "'2026-11-01T00:00+08:00', '2026-12-01T00:00+08:00', 'city') WHERE code IS NULL",
    )
    assert steps == [(2, 1, 1, 1)]
    figures = query(
        registry,
        "SELECT registered, due, closed, due_for_handling, on_time_handled FROM assetreg_app.kpi_cases("
        "'2026-11-01T00:00+08:00', '2026-12-01T00:00+08:00', 'city', '2026-11-30T23:59+08:00') WHERE is_total",
    )
    # S02 was never registered (counted apart); S01's two dispatches are two assignments, the returned one
    # not handled; S03's one dispatch was returned
    assert figures == [(2, 2, 1, 3, 1)]


def test_a_reimport_changes_nothing(registry, profile, steps_file):
    load(registry, steps_file, profile)
    before = query(registry, "SELECT * FROM assetreg.work_order_event ORDER BY id")
    cases = query(registry, "SELECT * FROM assetreg.work_order ORDER BY id")
    again = load(registry, steps_file, profile)
    assert (again.inserted, again.unchanged) == (0, 3)
    assert query(registry, "SELECT * FROM assetreg.work_order_event ORDER BY id") == before
    assert query(registry, "SELECT * FROM assetreg.work_order ORDER BY id") == cases


CLOSED = {"reported_at": "02T09:00", "accepted_at": "02T09:10", "registered_at": "02T09:20", "dispatched_at": "02T09:30",
          "handled_at": "03T10:00", "verified_at": "03T11:00", "closed_at": "03T12:00"}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "steps", "rule"),
    [
        ("closed", {**CLOSED, "returned_at": "04T09:00", "returned_unit": "园林所"}, "crossfield.case_return_out_of_order"),
        ("closed", {**CLOSED, "returned_at": "02T11:00"}, "crossfield.case_return_out_of_order"),  # no re-dispatch
        ("registered", {"reported_at": "02T09:00", "registered_at": "02T09:20", "returned_at": "02T11:00"},
         "crossfield.case_return_out_of_order"),  # never dispatched
        ("dispatched", {"reported_at": "02T09:00", "registered_at": "02T09:20", "dispatched_at": "02T09:30",
                        "redispatched_at": "02T11:00"}, "crossfield.case_return_out_of_order"),  # no return
        ("closed", {**CLOSED, "urged_at": "04T09:00"}, "crossfield.case_supervised_when_finished"),
        ("closed", {**CLOSED, "supervised_at": "01T09:00"}, "crossfield.case_supervised_when_finished"),
        ("closed", {"reported_at": "02T09:00", "registered_at": "02T09:20", "on_the_spot_at": "02T09:30"},
         "crossfield.case_on_the_spot_with_flow_steps"),
        ("reported", {"reported_at": "02T09:00", "on_the_spot_at": "02T09:30"}, "crossfield.case_on_the_spot_with_flow_steps"),
        ("closed", {"reported_at": "02T09:00", "on_the_spot_at": "02T08:30"}, "crossfield.case_steps_out_of_order"),
    ],
)  # fmt: skip
def test_impossible_orders_are_findings_with_rule_ids(registry, profile, tmp_path, status, steps, rule):
    from tests.helpers import write_geojson

    path = write_geojson(
        tmp_path / "bad.geojson", [case("B01", status, **steps), case("B02", "reported", reported_at="02T09:00")]
    )
    with pytest.raises(RefusedError):
        load(registry, path, profile)
    result = load(registry, path, profile, accept_valid=True)
    assert rule in {finding.rule for finding in result.report.errors}
    assert query(registry, "SELECT case_no FROM assetreg.work_order") == [("B02",)]


def test_a_citizens_case_answered_after_it_closed_is_imported_with_a_warning(registry, profile, tmp_path):
    """The live flow refuses to close a citizen's case before its reply; a platform's history is what happened
    (a follow-up call after closure is common), so it is kept, with a warning and the reply at its time."""
    from tests.helpers import write_geojson

    late = case("W01", "closed", **CLOSED, replied_at="04T09:00", reply_channel="phone", reply_text="已修复")
    late[0]["source"] = "hotline_12345"
    result = load(registry, write_geojson(tmp_path / "late.geojson", [late]), profile)
    assert result.inserted == 1 and not result.report.errors
    assert {finding.rule for finding in result.report.warnings} == {"crossfield.case_replied_after_close"}
    assert events(registry, "W01")[-1][:3] == ("reply", "closed", "closed")


def test_a_record_imported_before_revision_0022_keeps_its_digest(registry):
    """The fields 0022 added count only when given: a file imported before it re-imports unchanged."""
    record = '{"case_no": "H01", "status": "closed", "stage_row": 1}'
    widened = '{"case_no": "H01", "status": "closed", "stage_row": 7, "returned_at": null, "urged_at": null}'
    given = '{"case_no": "H01", "status": "closed", "urged_at": "2026-11-02T09:00:00+08:00"}'
    digests = query(
        registry,
        "SELECT assetreg_app.case_history_digest(%s::jsonb) = assetreg_app.case_history_digest(%s::jsonb),"
        "       assetreg_app.case_history_digest(%s::jsonb) = md5((%s::jsonb - 'stage_row')::text),"
        "       assetreg_app.case_history_digest(%s::jsonb) = assetreg_app.case_history_digest(%s::jsonb)",
        (record, widened, record, record, record, given),
    )
    assert digests == [(True, True, False)]
