"""The import reads a delivery once on the reference path: the rows the validation mapped are kept in a
spool (storage/importing/rows.Spool) and the valid ones copied from it, byte for byte the rows a second
reading of the file would write (historical cases with their points, and an invalid one)."""

from __future__ import annotations

import csv
import io

from asset_registry.core.standard import Standard, load_profile
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importing import rows

from tests.helpers import XIANGZHOU_XY, write_geojson


def _case(case_no: str, **extra: str) -> dict:
    return {
        "case_no": case_no,
        "matter_code": "44040201037",
        "source": "patrol",
        "status": "dispatched",
        "description": '路灯不亮, "灯杆" 倾斜',  # a comma and quotes: CSV quoting survives the spool
        "source_platform": "香洲区数字城管平台",
        "handling_unit": "路灯管理所",
        "reported_at": "2026-11-02T09:00:00+08:00",
        "accepted_at": "2026-11-02T09:10:00+08:00",
        "registered_at": "2026-11-02T09:20:00+08:00",
        "dispatched_at": "2026-11-02T09:30:00+08:00",
        **extra,
    }


def test_spooled_rows_are_those_of_a_second_reading(tmp_path):
    path = write_geojson(
        tmp_path / "cases.geojson",
        [
            (_case("S01"), XIANGZHOU_XY),
            (_case("S02", handling_deadline="2026-11-04T09:30:00+08:00"), (452100.5, 2462100.25)),
            (_case("S03", registered_at="2026-11-01T09:20:00+08:00", closed_at="2026-11-01T08:00:00+08:00"), None),
        ],
    )
    standard, profile = Standard("1.1"), load_profile("zhuhai")
    family = standard.delivery_class("work_order")
    spool = rows.Spool(standard, "work_order")
    try:
        report = validate_delivery(path, standard, profile, "work_order", keep=spool)
        assert report.invalid_features == {3}
        assert spool.holds_all(report)
        spooled, reread = io.StringIO(), io.StringIO()
        written = rows.write_rows(path, None, standard, profile, family, report, spooled, None, spool=spool)
        assert rows.write_rows(path, None, standard, profile, family, report, reread, None) == written == (2, 4547)
    finally:
        spool.close()
    assert spooled.getvalue() == reread.getvalue()
    copied = list(csv.reader(io.StringIO(spooled.getvalue())))
    assert [row[family.field_names.index("case_no")] for row in copied] == ["S01", "S02"]


def test_a_spool_that_missed_features_is_not_used(tmp_path):
    """The fast path or another class: the spool holds nothing of them, and the file is read again."""
    path = write_geojson(tmp_path / "cases.geojson", [(_case("S01"), XIANGZHOU_XY)])
    standard, profile = Standard("1.1"), load_profile("zhuhai")
    spool = rows.Spool(standard, None)  # the class not asked for: it comes from the file
    try:
        report = validate_delivery(path, standard, profile, "work_order", keep=spool)
        assert not spool.holds_all(report)
    finally:
        spool.close()
