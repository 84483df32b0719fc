"""The reasons of a historical case's earlier returns (issue 15; standard 1.1, revision 0033): a case returned
several times lists each earlier return's reason (earlier_return_reasons, item by item with earlier_returned_at, an
empty item where the platform exported none); the load gives each earlier 'return' event its reason as the latest's
gets return_reason, so `wo show` lists every return with its reason; a re-import changes nothing; a record without
the field keeps its digest; a list of another count is a finding."""

from __future__ import annotations

import pytest
from asset_registry.core.errors import RefusedError

from tests.db.conftest import query
from tests.db.test_case_history import assert_reimport_changes_nothing, case, cli, digests_kept
from tests.db.test_history_repeated_steps import at, load
from tests.helpers import write_geojson

OPENED = {"reported_at": "02T09:00", "accepted_at": "02T09:10", "registered_at": "02T09:20", "dispatched_at": "02T09:30"}
RETURNS = {
    "earlier_returned_at": [at("02T10:00"), at("02T12:00")], "earlier_redispatched_at": [at("02T11:00"), at("02T13:00")],
    "earlier_returned_units": ["园林所", "环卫所"], "returned_at": "02T14:00", "returned_unit": "市政所",
    "redispatched_at": "02T15:00",
}  # fmt: skip
# returned three times: the first's reason exported, the second's not (an empty item), the latest's in return_reason
THRICE = case("R01", "dispatched", **OPENED, **RETURNS, earlier_return_reasons=["派错单位", ""], return_reason="不属本单位")
# the same steps without the reasons of the earlier returns (as before revision 0033)
WITHOUT = case("R02", "dispatched", **OPENED, **RETURNS, return_reason="不属本单位")


def return_reasons(dsn: str, case_no: str) -> list[tuple]:
    return query(
        dsn,
        "SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'DD HH24:MI'), e.payload ->> 'unit', e.reason"
        " FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        " WHERE w.case_no = %s AND e.action = 'return' ORDER BY e.version",
        (case_no,),
    )


@pytest.fixture
def returned(registry, profile, tmp_path):
    path = write_geojson(tmp_path / "returned.geojson", [THRICE, WITHOUT])
    result = load(registry, path, profile)
    assert (result.inserted, result.rejected) == (2, 0), [f.rule for f in result.report.findings]
    return registry, path


def test_each_return_event_carries_its_own_reason(returned):
    dsn, _ = returned
    assert return_reasons(dsn, "R01") == [
        ("02 10:00", "园林所", "派错单位"), ("02 12:00", "环卫所", None), ("02 14:00", "市政所", "不属本单位"),
    ]  # fmt: skip
    # without the list, the earlier returns have none, as before
    assert return_reasons(dsn, "R02") == [
        ("02 10:00", "园林所", None), ("02 12:00", "环卫所", None), ("02 14:00", "市政所", "不属本单位"),
    ]  # fmt: skip
    # the list kept as delivered beside its siblings
    assert query(dsn, "SELECT case_no, earlier_return_reasons FROM assetreg.work_order ORDER BY case_no") == [
        ("R01", "派错单位;"), ("R02", None),
    ]  # fmt: skip


def test_wo_show_lists_every_return_with_its_reason(returned):
    dsn, _ = returned
    case_id = query(dsn, "SELECT id FROM assetreg.work_order WHERE case_no = 'R01'")[0][0]
    shown = [line for line in cli(dsn, "wo", "show", str(case_id)).splitlines() if " return " in line]
    # each return's line ends with its reason in brackets, the one without a reason with the stage it reached
    assert [line.split()[-1] for line in shown] == ["(派错单位)", "registered", "(不属本单位)"]


def test_a_reimport_changes_nothing_and_a_record_without_the_reasons_keeps_its_digest(returned, profile):
    dsn, path = returned
    assert_reimport_changes_nothing(dsn, lambda: load(dsn, path, profile), 2)
    # a record staged before revision 0033 (no such column), the same staged now (the column, empty), and given
    before_0033 = '{"case_no": "H01", "status": "closed", "stage_row": 1, "earlier_returned_units": null}'
    now = '{"case_no": "H01", "status": "closed", "stage_row": 4, "earlier_returned_units": null, "earlier_return_reasons": null}'
    given = '{"case_no": "H01", "status": "closed", "stage_row": 1, "earlier_return_reasons": "派错单位"}'
    assert digests_kept(dsn, before_0033, now, given) == [(True, True, False)]


def test_a_csv_gives_the_reasons_separated_by_semicolons(registry, profile, tmp_path):
    """A platform's CSV: the reasons in one cell, the second left empty."""
    path = tmp_path / "cases.csv"
    header = "案件编号,事项代码,案件来源,案件状态,问题描述,地址,处置单位,上报时间,受理时间,立案时间,派遣时间,"
    header += "此前各次回退时间,此前各次回退后再派遣时间,此前各次回退原因,回退时间,回退原因,再派遣时间"
    opened = ",".join(at(OPENED[name]) for name in ("reported_at", "accepted_at", "registered_at", "dispatched_at"))
    row = f"C01,{THRICE[0]['matter_code']},patrol,dispatched,路灯不亮,香洲区凤凰路,路灯管理所,{opened},"
    row += f"{at('02T10:00')};{at('02T12:00')},{at('02T11:00')};{at('02T13:00')},派错单位;,{at('02T14:00')},不属本单位,"
    row += at("02T15:00")
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = load(registry, path, profile)
    assert (result.inserted, result.rejected) == (1, 0), [f.rule for f in result.report.findings]
    assert [reason for *_, reason in return_reasons(registry, "C01")] == ["派错单位", None, "不属本单位"]


def test_reasons_of_another_count_are_a_finding(registry, profile, tmp_path):
    bad = case("B01", "dispatched", **OPENED, **RETURNS, earlier_return_reasons=["派错单位", "重复", "无"])
    path = write_geojson(tmp_path / "bad.geojson", [bad, case("B02", "reported", reported_at="02T09:00")])
    with pytest.raises(RefusedError):
        load(registry, path, profile)
    assert query(registry, "SELECT count(*) FROM assetreg.work_order") == [(0,)]  # the refused file left nothing
    result = load(registry, path, profile, accept_valid=True)
    assert [(f.rule, f.field, f.value, f.detail) for f in result.report.errors] == [
        ("crossfield.case_earlier_return_reasons_unpaired", "earlier_return_reasons", 3, 2),
    ]  # fmt: skip
    assert query(registry, "SELECT case_no FROM assetreg.work_order") == [("B02",)]
