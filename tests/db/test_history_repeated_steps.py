"""Historical cases whose steps were taken several times (issue 15; standard 1.1, revision 0032): a case returned,
supervised or urged more than once lists the earlier times in one field each (a GeoJSON array, or the times
separated by ';' in a CSV or spreadsheet), the latest staying in the step's own field. The load rebuilds one event
per occurrence as the live steps write them (db/app/65_history_other_steps.sql), each re-dispatch an assignment with
its own deadline, so the step counts and indicators count every one; a re-import changes nothing; a record without
the new fields keeps its digest; malformed lists are findings."""

from __future__ import annotations

import json

import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.standard import Standard
from asset_registry.storage.case_steps import supervise
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases, transition

from tests.db.conftest import query
from tests.db.test_case_history import MATTER, assert_reimport_changes_nothing, case, digests_kept
from tests.db.test_case_history_steps import events
from tests.helpers import write_geojson

NOVEMBER = ("2026-11-01T00:00+08:00", "2026-12-01T00:00+08:00")


def at(moment: str) -> str:
    return f"2026-11-{moment}:00+08:00"


# Dispatched to 园林所, which returned it; dispatched to 市政所, which returned it too; dispatched to 路灯管理所, which
# handled it. Urged once while nobody had it (after the first return) and once while 市政所 had it; supervised three
# times while 路灯管理所 had it.
TWICE_RETURNED = case(
    "M01", "closed", reported_at="02T09:00", accepted_at="02T09:10", registered_at="02T09:20", dispatched_at="02T09:30",
    earlier_returned_at=[at("02T10:00")], earlier_returned_units=["园林所"], earlier_redispatched_at=[at("02T11:00")],
    returned_at="02T14:00", returned_unit="市政所", return_reason="不属本单位", redispatched_at="02T15:00",
    earlier_urged_at=[at("02T10:30")], urged_at="02T12:00",
    earlier_supervised_at=[at("02T16:00"), at("03T08:00")], supervised_at="03T09:00",
    handled_at="03T10:00", verified_at="03T11:00", closed_at="03T12:00",
)  # fmt: skip
# Still open, urged four times (three earlier): counted in the period of each urging
URGED = case(
    "M02", "dispatched", reported_at="02T09:00", accepted_at="02T09:10", registered_at="02T09:20",
    dispatched_at="02T09:30", earlier_urged_at=[at("05T09:00"), at("10T09:00"), at("20T09:00")], urged_at="25T09:00",
)  # fmt: skip
CASES = [TWICE_RETURNED, URGED]


def load(dsn, path, profile, **options):
    return import_delivery(dsn, path, Standard("1.1"), profile, "work_order", **options)


@pytest.fixture
def repeated(registry, profile, tmp_path):
    path = write_geojson(tmp_path / "repeated.geojson", CASES)
    result = load(registry, path, profile)
    assert (result.inserted, result.rejected) == (2, 0)
    return registry, path


def live_twice_returned(dsn: str) -> None:
    """M01's steps through the live flow, today (L01)."""
    with connection(dsn) as conn:
        place = {"matter_code": MATTER, "description": "路灯不亮", "x": 452000, "y": 2462000}
        (live,) = report_cases(conn, [{"case_no": "L01", "source": "patrol", **place}])
        v = live.version
        steps = [
            ("accept", None, None), ("register", None, None), ("dispatch", None, {"maintainer": "园林所", "crew": None}),
            ("return", "不属本单位", None), ("urge", None, None),
            ("dispatch", None, {"maintainer": "市政所", "crew": None}), ("urge", None, None),
            ("return", "不属本单位", None), ("dispatch", None, {"maintainer": "路灯管理所", "crew": None}),
            ("supervise", None, None), ("supervise", None, None), ("supervise", None, None),
            ("start", None, None), ("handle", None, {"notes": "换灯泡"}), ("verify", None, None), ("close", None, None),
        ]  # fmt: skip
        for action, reason, payload in steps:
            if action in ("urge", "supervise"):
                v = supervise(conn, live.id, v, action)
            else:
                v = transition(conn, live.id, v, action, reason, payload)


def test_each_occurrence_is_one_event_as_the_live_steps_write_it(repeated):
    dsn, _ = repeated
    live_twice_returned(dsn)
    historical, live = events(dsn, "M01"), events(dsn, "L01")

    # the same steps, stages and payloads (the live handling's notes aside); the reason only on the latest return
    # (an earlier one's is not exported)
    def shape(rows):
        return [(a, f, t, {k: v for k, v in p.items() if k != "notes"}) for a, f, t, _, p, _ in rows]

    assert shape(historical) == shape(live)
    assert [row[0] for row in historical] == [
        "accept", "register", "dispatch", "return", "urge", "dispatch", "urge", "return", "dispatch",
        "supervise", "supervise", "supervise", "handle", "verify", "close",
    ]  # fmt: skip
    assert [row[3] for row in historical if row[0] == "return"] == [None, "不属本单位"]
    units = [(row[0], row[4].get("unit") or row[4].get("maintainer")) for row in historical if row[0] != "handle"]
    assert units[2:] == [
        ("dispatch", "园林所"), ("return", "园林所"), ("urge", None), ("dispatch", "市政所"), ("urge", "市政所"),
        ("return", "市政所"), ("dispatch", "路灯管理所"), ("supervise", "路灯管理所"), ("supervise", "路灯管理所"),
        ("supervise", "路灯管理所"), ("verify", None), ("close", None),
    ]  # fmt: skip
    # the times as given, and the version counts every event
    times = query(
        dsn,
        "SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI') FROM assetreg.work_order_event e"
        " JOIN assetreg.work_order w ON w.id = e.work_order_id WHERE w.case_no = 'M01' AND e.action IN ('return', 'urge')"
        " ORDER BY e.version",
    )
    assert [t for (t,) in times] == ["02 10:00", "02 10:30", "02 12:00", "02 14:00"]
    assert query(
        dsn,
        "SELECT w.version = max(e.version), count(*) FROM assetreg.work_order w JOIN assetreg.work_order_event e"
        " ON e.work_order_id = w.id WHERE w.case_no = 'M01' GROUP BY w.version",
    ) == [(True, 16)]


def test_each_dispatch_is_an_assignment_with_its_own_deadline(repeated):
    dsn, _ = repeated
    deadlines = query(
        dsn,
        "SELECT e.payload ->> 'maintainer', e.handling_deadline = assetreg_app.case_due('01037', NULL, 'handling', e.at),"
        "       e.handling_deadline = w.handling_deadline"
        " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        " WHERE w.case_no = 'M01' AND e.action = 'dispatch' ORDER BY e.version",
    )
    assert deadlines == [("园林所", True, False), ("市政所", True, False), ("路灯管理所", True, True)]
    # the case as the latest steps leave it, the lists kept as delivered
    assert query(
        dsn,
        "SELECT handling_unit, returned_unit, to_char(returned_at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'),"
        "       earlier_returned_units, earlier_supervised_at IS NOT NULL FROM assetreg.work_order WHERE case_no = 'M01'",
    ) == [("路灯管理所", "市政所", "02 14:00", "园林所", True)]


def test_the_step_counts_and_indicators_count_every_occurrence(repeated):
    dsn, _ = repeated
    counts = query(dsn, "SELECT step, who, cases, events FROM assetreg_app.case_step_counts(%s, %s)", NOVEMBER)
    assert sorted(counts) == [
        ("return", "园林所", 1, 1), ("return", "市政所", 1, 1), ("supervise", "路灯管理所", 1, 3),
        ("urge", "", 1, 1), ("urge", "市政所", 1, 1), ("urge", "路灯管理所", 1, 4),
    ]  # fmt: skip
    steps = query(
        dsn,
        "SELECT returned, supervised, urged FROM assetreg_app.kpi_case_steps(%s, %s, 'city') WHERE code IS NULL",
        NOVEMBER,
    )
    assert steps == [(2, 3, 6)]
    # urgings counted in the period each was made: three of M02's four before 15 November
    half = query(
        dsn,
        "SELECT urged FROM assetreg_app.kpi_case_steps('2026-11-01T00:00+08:00', '2026-11-15T00:00+08:00', 'city')"
        " WHERE code IS NULL",
    )
    assert half == [(4,)]  # M01's two and M02's 5th and 10th
    figures = query(
        dsn,
        "SELECT registered, closed, due_for_handling, on_time_handled FROM assetreg_app.kpi_cases(%s, %s, 'city',"
        " '2026-11-30T23:59+08:00') WHERE is_total",
        NOVEMBER,
    )
    # M01's three dispatches are three assignments (two returned unhandled), M02's one is open
    assert figures == [(2, 1, 4, 1)]


def test_a_reimport_changes_nothing_and_the_record_without_the_lists_keeps_its_digest(repeated, profile):
    dsn, path = repeated
    assert_reimport_changes_nothing(dsn, lambda: load(dsn, path, profile), 2)
    # a record staged before revision 0032 (no such columns) and the same staged now (the columns, empty)
    before_0032 = '{"case_no": "H01", "status": "closed", "stage_row": 1, "urged_at": null, "collector_code": null}'
    now = (
        '{"case_no": "H01", "status": "closed", "stage_row": 4, "urged_at": null, "collector_code": null,'
        ' "earlier_supervised_at": null, "earlier_urged_at": null, "earlier_returned_at": null,'
        ' "earlier_redispatched_at": null, "earlier_returned_units": null}'
    )
    given = '{"case_no": "H01", "status": "closed", "stage_row": 1, "earlier_urged_at": "2026-11-02T09:00:00+08:00"}'
    assert digests_kept(dsn, before_0032, now, given) == [(True, True, False)]


def test_a_csv_carries_the_lists_as_text(registry, profile, tmp_path):
    """A platform's CSV (or spreadsheet) gives each list as the times separated by ';'."""
    path = tmp_path / "cases.csv"
    path.write_text(
        "案件编号,事项代码,案件来源,案件状态,问题描述,地址,上报时间,受理时间,立案时间,派遣时间,处置单位,催办时间,此前各次催办时间\n"
        f"V01,{MATTER},patrol,dispatched,路灯不亮,香洲区凤凰路,{at('02T09:00')},{at('02T09:10')},{at('02T09:20')},"
        f"{at('02T09:30')},路灯管理所,{at('04T09:00')},{at('02T12:00')}; {at('03T09:00')}\n",
        encoding="utf-8",
    )
    result = load(registry, path, profile)
    assert (result.inserted, result.rejected) == (1, 0), [f.rule for f in result.report.findings]
    urged = query(
        registry,
        "SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'), e.payload ->> 'unit'"
        " FROM assetreg.work_order_event e WHERE e.action = 'urge' ORDER BY e.version",
    )
    assert urged == [("02 12:00", "路灯管理所"), ("03 09:00", "路灯管理所"), ("04 09:00", "路灯管理所")]


OPENED = {"reported_at": "02T09:00", "accepted_at": "02T09:10", "registered_at": "02T09:20", "dispatched_at": "02T09:30"}


@pytest.mark.parametrize(
    ("steps", "rule", "field"),
    [
        ({"urged_at": "04T09:00", "earlier_urged_at": [at("02T10:00"), "3日上午"]},
         "crossfield.case_step_list_malformed", "earlier_urged_at"),
        ({"urged_at": "04T09:00", "earlier_urged_at": [at("02T10:00"), "", at("03T10:00")]},  # an empty item
         "crossfield.case_step_list_malformed", "earlier_urged_at"),
        ({"urged_at": "04T09:00", "earlier_urged_at": [at("03T10:00"), at("02T10:00")]},
         "crossfield.case_earlier_steps_out_of_order", "earlier_urged_at"),
        ({"earlier_supervised_at": [at("03T10:00")]}, "crossfield.case_earlier_steps_out_of_order",
         "earlier_supervised_at"),  # no latest supervision
        ({"supervised_at": "04T09:00", "earlier_supervised_at": [at("01T10:00")]},
         "crossfield.case_supervised_when_finished", "earlier_supervised_at"),  # before the report
        ({"supervised_at": "04T09:00", "earlier_supervised_at": ["2099-01-01T09:00:00+08:00"]},
         "crossfield.future_date", "earlier_supervised_at"),
        ({"returned_at": "02T14:00", "returned_unit": "市政所", "redispatched_at": "02T15:00",
          "earlier_returned_at": [at("02T10:00")]}, "crossfield.case_earlier_returns_unpaired", "earlier_redispatched_at"),
        ({"returned_at": "02T14:00", "returned_unit": "市政所", "redispatched_at": "02T15:00",
          "earlier_returned_at": [at("02T10:00")], "earlier_redispatched_at": [at("02T11:00")],
          "earlier_returned_units": ["园林所", "市政所"]}, "crossfield.case_earlier_returns_unpaired", "earlier_returned_units"),
        ({"returned_at": "02T14:00", "returned_unit": "市政所", "redispatched_at": "02T15:00",
          "earlier_returned_at": [at("02T09:00")], "earlier_redispatched_at": [at("02T11:00")]},
         "crossfield.case_return_out_of_order", "earlier_returned_at"),  # before the first dispatch
        ({"returned_at": "02T14:00", "returned_unit": "市政所", "redispatched_at": "02T15:00",
          "earlier_returned_at": [at("02T10:00")], "earlier_redispatched_at": [at("02T14:30")]},
         "crossfield.case_return_out_of_order", "returned_at"),  # the re-dispatch after the latest return
    ],
)  # fmt: skip
def test_malformed_lists_are_findings_with_rule_ids(registry, profile, tmp_path, steps, rule, field):
    status = "registered" if steps.get("returned_at") and not steps.get("redispatched_at") else "dispatched"
    records = [case("B01", status, **OPENED, **steps), case("B02", "reported", reported_at="02T09:00")]
    path = write_geojson(tmp_path / "bad.geojson", records)
    with pytest.raises(RefusedError):
        load(registry, path, profile)
    result = load(registry, path, profile, accept_valid=True)
    assert (rule, field) in {(finding.rule, finding.field) for finding in result.report.errors}
    assert query(registry, "SELECT case_no FROM assetreg.work_order") == [("B02",)]


def test_wo_show_prints_each_earlier_time_in_the_citys_zone_and_counts_every_occurrence(repeated):
    from tests.db.test_case_history import cli

    dsn, _ = repeated
    case_id = query(dsn, "SELECT id FROM assetreg.work_order WHERE case_no = 'M01'")[0][0]
    shown = cli(dsn, "wo", "show", str(case_id))
    assert "earlier_supervised_at 2026-11-02 16:00+08:00; 2026-11-03 08:00+08:00" in shown
    assert shown.splitlines()[-1] == "supervised 3 times, urged 2 times"
    document = json.loads(cli(dsn, "wo", "show", str(case_id), "--format", "json"))
    assert document["earlier_urged_at"] == ["2026-11-02 10:30:00+08:00"]
