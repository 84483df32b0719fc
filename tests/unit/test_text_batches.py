"""A text layer (a CSV) read column by column through OGR's Arrow stream (reader.Delivery.text_batches) gives
the very batches, and so the very report, that the reference reader's one call per field gives: on a file of
historical cases holding every kind of defect the validator reports."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest
from asset_registry.core import validate
from asset_registry.core.reader import Delivery
from asset_registry.core.standard import Standard, load_profile
from asset_registry.core.validate import feature_batches, validate_delivery

FIELDS = (
    "case_no", "matter_code", "source", "status", "description", "address", "source_platform", "handling_unit",
    "reported_at", "accepted_at", "registered_at", "dispatched_at", "handled_at", "verified_at", "closed_at",
    "refused_at", "cancelled_at", "rework_count", "satisfaction", "remark",
)  # fmt: skip
GOOD = {
    "case_no": "C01", "matter_code": "44040201037", "source": "patrol", "status": "closed", "description": "路灯不亮",
    "address": "香洲区某路 1 号", "source_platform": "香洲区数字城管平台", "handling_unit": "路灯管理所",
    "reported_at": "2025-03-02T09:00:00+08:00", "accepted_at": "2025-03-02T09:10:00+08:00",
    "registered_at": "2025-03-02T09:20:00+08:00", "dispatched_at": "2025-03-02T09:30:00+08:00",
    "handled_at": "2025-03-03T10:00:00+08:00", "verified_at": "2025-03-03T11:00:00+08:00",
    "closed_at": "2025-03-03T12:00:00+08:00", "rework_count": "0", "satisfaction": "satisfied",
}  # fmt: skip
# each record one defect (the first none), by the field it changes
DEFECTS = [
    {},
    {"registered_at": "2025-03-02T08:00:00+08:00"},  # steps out of order
    {"registered_at": "2025-03-04T09:00:00+08:00"},  # closed before registered
    {"reported_at": "2099-01-01T09:00:00+08:00"},  # in the future
    {"status": "finished"},  # not a status
    {"matter_code": "4404020103X"},  # not a matter code
    {"description": ""},  # empty (a required field)
    {"reported_at": "2025-03-02 09:00"},  # not a date-time
    {"rework_count": "-1"},  # below its range
    {"rework_count": "abc"},  # not an integer
    {"status": "dispatched"},  # a status its steps do not end at
    {"satisfaction": "happy"},  # not a code of the list
    {"case_no": "C01"},  # the number of the first again
    {"description": "'=HYPERLINK(1)"},  # a guarded formula cell
    {"address": '他说"坏了", 又说'},  # quotes and a comma
    {"remark": "not in the standard"},  # a column the standard does not have
    {"source_platform": "  "},  # spaces only
    {"closed_at": ""},  # a status without its step
]


@pytest.fixture
def cases_csv(tmp_path) -> Path:
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for n, defect in enumerate(DEFECTS * 3):  # three batches' worth at a batch of 20
            row = {**GOOD, "case_no": f"C{n:02d}", **defect}
            writer.writerow(row)
    return path


def batches(path: Path, columns: bool) -> list[tuple]:
    with Delivery(path) as delivery:
        return [(b.numbers, b.columns, b.geometries) for b in feature_batches(delivery, size=20, columns=columns)]


def test_the_columns_read_through_arrow_are_the_reference_readers(cases_csv):
    with Delivery(cases_csv) as delivery:
        assert delivery.text_batches(20) is not None  # the column reader applies to this file
    assert batches(cases_csv, columns=True) == batches(cases_csv, columns=False)


def test_the_report_of_every_defect_is_the_same_either_way(cases_csv, monkeypatch):
    standard, profile = Standard("1.1"), load_profile("zhuhai")
    read = validate_delivery(cases_csv, standard, profile, "work_order", fast=False)
    monkeypatch.setattr(validate, "feature_batches", functools.partial(feature_batches, columns=False))
    reference = validate_delivery(cases_csv, standard, profile, "work_order", fast=False)
    assert len(reference.errors) >= len(DEFECTS)  # every defect found (three times)
    assert read.to_dict() == reference.to_dict()


def test_a_layer_with_other_field_types_is_left_to_the_reference_reader(tmp_path):
    path = tmp_path / "typed.csv"
    path.write_text("case_no,rework_count\nC1,1\n", encoding="utf-8")
    path.with_suffix(".csvt").write_text('"String","Integer"\n', encoding="utf-8")
    with Delivery(path) as delivery:
        assert delivery.text_batches(20) is None
