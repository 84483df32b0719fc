"""The lists of a historical case's earlier supervisions, urgings and returns (standard 1.1, revision 0032): what
the standard says of them, how each reader carries them, and the findings on malformed lists, in zh and en."""

from __future__ import annotations

import re
from pathlib import Path

from asset_registry.core.standard import Standard
from asset_registry.core.validate import validate_delivery

from tests.helpers import XIANGZHOU_XY, write_geojson

ROOT = Path(__file__).resolve().parents[2]
T = "2026-11-0{}T09:00:00+08:00"
OPEN_CASE = {
    "case_no": "AJ0001", "matter_code": "44040201037", "source": "patrol", "status": "dispatched",
    "description": "路灯不亮", "reported_at": T.format(1), "accepted_at": T.format(1), "registered_at": T.format(1),
    "dispatched_at": T.format(1), "urged_at": T.format(5),
}  # fmt: skip


def findings(tmp_path, profile, **changes):
    path = write_geojson(tmp_path / "cases.geojson", [({**OPEN_CASE, **changes}, XIANGZHOU_XY)])
    return validate_delivery(path, Standard("1.1"), profile, "work_order").findings


def test_each_list_names_its_latest_field_and_the_separator_the_load_splits_on():
    family = Standard("1.1").delivery_class("work_order")
    lists = {spec.name: spec for spec in family.fields if spec.schema.get("x-earlier-of")}
    assert {name: spec.schema["x-earlier-of"] for name, spec in lists.items()} == {
        "earlier_supervised_at": "supervised_at", "earlier_urged_at": "urged_at", "earlier_returned_at": "returned_at",
        "earlier_redispatched_at": "redispatched_at", "earlier_returned_units": "returned_unit",
        "earlier_return_reasons": "return_reason",
    }  # fmt: skip
    assert all(family.field(latest) for latest in (spec.schema["x-earlier-of"] for spec in lists.values()))
    # db/app/65_history_other_steps.sql splits on the standard's separator
    sql = (ROOT / "db" / "app" / "65_history_other_steps.sql").read_text(encoding="utf-8")
    (separator,) = {spec.list_separator for spec in lists.values()}
    assert re.search(r"string_to_array\(list, '(.)'\)", sql).group(1) == separator


def test_a_geojson_array_and_a_csv_text_give_the_same_list(tmp_path, profile):
    listed = [T.format(2), T.format(3)]
    assert findings(tmp_path, profile, earlier_urged_at=listed) == []
    csv = tmp_path / "cases.csv"
    header = ",".join([*OPEN_CASE, "address", "此前各次催办时间"])
    row = ",".join([*OPEN_CASE.values(), "凤凰路", f"{listed[0]}; {listed[1]}"])
    csv.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert validate_delivery(csv, Standard("1.1"), profile, "work_order").findings == []


def test_a_geojson_text_list_is_read_whole(tmp_path, profile):
    """A list written as one text in a GeoJSON starts like a date-time: read whole, its second item (after the latest
    urging) is found; OGR's date-time typing had kept only the first and passed the record."""
    found = findings(tmp_path, profile, earlier_urged_at=f"{T.format(2)};{T.format(6)}")
    assert [(f.rule, f.field) for f in found] == [("crossfield.case_earlier_steps_out_of_order", "earlier_urged_at")]


def test_a_geojson_date_time_is_checked_as_delivered(tmp_path, profile):
    """Dates read as the texts delivered: a date-time without its offset is still a format finding."""
    found = findings(tmp_path, profile, urged_at="2026-11-05T09:00:00")
    assert "schema.date_format" in {f.rule for f in found}


def write_xlsx(path: Path, row: dict[str, str]) -> Path:
    """One sheet, one row of text cells, as a platform's Excel export."""
    from osgeo import ogr

    dataset = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    layer = dataset.CreateLayer("cases", geom_type=ogr.wkbNone)
    for name in row:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    for name, value in row.items():
        feature.SetField(name, value)
    layer.CreateFeature(feature)
    dataset = None  # written on close
    return path


def test_a_spreadsheet_carries_the_list_as_text(tmp_path, profile):
    """An Excel sheet as a platform exports it: the list in one text cell, times separated by ';', read whole."""
    row = {**OPEN_CASE, "address": "凤凰路", "此前各次催办时间": f"{T.format(2)};{T.format(3)}"}
    path = write_xlsx(tmp_path / "cases.xlsx", row)
    assert validate_delivery(path, Standard("1.1"), profile, "work_order").findings == []
    late = write_xlsx(tmp_path / "late.xlsx", {**row, "此前各次催办时间": f"{T.format(3)};{T.format(6)}"})
    found = validate_delivery(late, Standard("1.1"), profile, "work_order").findings
    assert [(f.rule, f.value) for f in found] == [("crossfield.case_earlier_steps_out_of_order", T.format(6))]


def test_malformed_items_disorder_and_unpaired_returns_are_findings(tmp_path, profile):
    bad = findings(tmp_path, profile, earlier_urged_at=[T.format(2), "3日上午"])
    assert [(f.rule, f.field, f.value, f.detail) for f in bad] == [
        ("crossfield.case_step_list_malformed", "earlier_urged_at", "3日上午", 2)
    ]
    late = findings(tmp_path, profile, earlier_urged_at=[T.format(3), T.format(6)])
    assert [(f.rule, f.value) for f in late] == [("crossfield.case_earlier_steps_out_of_order", T.format(6))]
    unpaired = findings(
        tmp_path, profile, returned_at=T.format(3), returned_unit="市政所", redispatched_at=T.format(4),
        earlier_returned_at=[T.format(2)], earlier_returned_units=["园林所", "市政所"],
    )  # fmt: skip
    assert sorted((f.rule, f.field, f.value, f.detail) for f in unpaired) == [
        ("crossfield.case_earlier_returns_unpaired", "earlier_redispatched_at", 0, 1),
        ("crossfield.case_earlier_returns_unpaired", "earlier_returned_units", 2, 1),
    ]


def test_the_findings_read_in_chinese_and_english(tmp_path, profile):
    (finding,) = findings(tmp_path, profile, earlier_urged_at=[T.format(2), "3日上午"])
    zh, en = finding.message("zh"), finding.message("en")
    assert "earlier_urged_at" in zh and "第 2 项" in zh and "3日上午" in zh and "分号" in zh
    assert "Item 2 of 'earlier_urged_at'" in en and "'3日上午'" in en and "semicolon" in en


def test_the_error_layer_shows_a_delivered_array_as_its_items(tmp_path, profile):
    from asset_registry.core.error_layer import write_error_layer
    from osgeo import ogr

    delivered = {**OPEN_CASE, "earlier_urged_at": [T.format(2), "3日上午"]}
    path = write_geojson(tmp_path / "cases.geojson", [(delivered, XIANGZHOU_XY)])
    report = validate_delivery(path, Standard("1.1"), profile, "work_order")
    assert write_error_layer(report, tmp_path / "errors.gpkg") == 1
    dataset = ogr.Open(str(tmp_path / "errors.gpkg"))  # held: its layer dies with it
    feature = dataset.GetLayer(0).GetNextFeature()
    assert feature.GetField("earlier_urged_at") == f"{T.format(2)}; 3日上午"


# a case returned three times: two earlier returns (each re-dispatched), the latest in returned_at
RETURNED_THRICE = {
    "returned_at": T.format(6), "returned_unit": "市政所", "return_reason": "非本单位职责", "redispatched_at": T.format(7),
    "earlier_returned_at": [T.format(2), T.format(4)], "earlier_redispatched_at": [T.format(3), T.format(5)],
}  # fmt: skip


def test_earlier_return_reasons_as_many_as_the_earlier_returns_an_item_may_be_empty(tmp_path, profile):
    """Revision 0033: each earlier return's reason, item by item; an empty item where the platform exported none."""
    assert findings(tmp_path, profile, **RETURNED_THRICE, earlier_return_reasons=["派错单位", ""]) == []
    csv = tmp_path / "cases.csv"
    values = {**OPEN_CASE, **RETURNED_THRICE}
    cells = [";".join(value) if isinstance(value, list) else value for value in values.values()]
    header = ",".join([*values, "address", "此前各次回退原因"])
    csv.write_text(f"{header}\n{','.join([*cells, '凤凰路', '派错单位;'])}\n", encoding="utf-8")
    assert validate_delivery(csv, Standard("1.1"), profile, "work_order").findings == []


def test_earlier_return_reasons_of_another_count_are_a_finding_in_chinese_and_english(tmp_path, profile):
    (finding,) = findings(tmp_path, profile, **RETURNED_THRICE, earlier_return_reasons=["派错单位", "重复", "无"])
    assert (finding.rule, finding.field, finding.value, finding.detail) == (
        "crossfield.case_earlier_return_reasons_unpaired", "earlier_return_reasons", 3, 2,
    )  # fmt: skip
    zh, en = finding.message("zh"), finding.message("en")
    assert "“earlier_return_reasons”有 3 项" in zh and "有 2 项" in zh and "留空" in zh
    assert "'earlier_return_reasons' has 3 items where the earlier returns have 2" in en and "empty" in en
    # reasons without earlier returns: as unpaired
    (alone,) = findings(tmp_path, profile, earlier_return_reasons=["派错单位"])
    assert (alone.rule, alone.value, alone.detail) == ("crossfield.case_earlier_return_reasons_unpaired", 1, 0)
