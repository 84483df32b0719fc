"""Inspection records validated as a delivery (``--class inspection``): the same rules as a family's,
a record's own identifier for duplicates, and a geometry that may be absent when the component is named."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

import pytest
from asset_registry.core.crossfield import grade_for
from asset_registry.core.errors import InputError
from asset_registry.core.fastpath import fast_validate
from asset_registry.core.mapping import FieldMapper, MappingProfile
from asset_registry.core.validate import validate_delivery

from tests.helpers import XIANGZHOU_XY, write_geojson

TODAY = dt.date(2026, 5, 1)
PATROL = {
    "inspection_id": "0b1e4c4e-9a52-4a83-9a4d-3f1d2b0f6a11",
    "kind": "lighting_patrol",
    "component_id": "44040201037000001",
    "inspected_at": "2026-04-20T21:30:00+08:00",
    "lit": False,
}
SURVEY_POINT = {
    "inspection_id": "XZ-PCI-0001",
    "kind": "road_survey",
    "inspected_at": "2026-04-02T10:00:00+08:00",
    "road_name": "人民路",
    "pci": 93.5,
    "condition_grade": "A",
}


def record(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    properties = dict(base)
    for key, value in changes.items():
        if value is None:
            properties.pop(key, None)
        else:
            properties[key] = value
    return properties


def check(tmp_path, standard, profile, features, mapping=None):
    path = write_geojson(tmp_path / "inspections.geojson", features)
    return validate_delivery(path, standard, profile, "inspection", mapping=mapping, today=TODAY)


def rules(report):
    return sorted((f.rule, f.feature, f.field) for f in report.findings)


def test_valid_inspections_have_no_findings(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(PATROL, XIANGZHOU_XY), (SURVEY_POINT, XIANGZHOU_XY)])
    assert report.family == "inspection" and report.feature_count == 2
    assert report.findings == [] and report.valid_count == 2


def test_a_field_of_another_kind_is_a_warning(tmp_path, standard, profile):
    """Standard 1.1's x-kinds: a night patrol that gives a PCI keeps it, and is told it is no patrol's field."""
    report = check(tmp_path, standard, profile, [(record(PATROL, pci=55), XIANGZHOU_XY), (SURVEY_POINT, XIANGZHOU_XY)])
    assert rules(report) == [("crossfield.field_of_other_kind", 1, "pci")]
    assert report.is_valid and report.warnings[0].message("zh").startswith("该字段只用于其他巡查类型")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"inspected_at": None}, ("schema.required", 1, "inspected_at")),
        ({"kind": "夜巡"}, ("schema.codelist", 1, "kind")),
        ({"inspected_at": "2026-04-20 21:30"}, ("schema.date_format", 1, "inspected_at")),
        ({"lit": "也许"}, ("schema.type", 1, "lit")),
        ({"notes": "长" * 1001}, ("schema.length", 1, "notes")),
        ({"component_id": "4404020103700001X"}, ("identifier.structure", 1, "component_id")),
        ({"component_id": "11010101037000001"}, ("identifier.admin_code", 1, "component_id")),
        # conditions of the schema (if/then) are reported like any missing field
        ({"lit": None}, ("schema.required", 1, "lit")),
        ({"kind": "tree_survey", "lit": None, "component_id": None}, ("schema.required", 1, "component_id")),
        ({"inspected_at": "2026-05-02T09:00:00+08:00"}, ("crossfield.future_date", 1, "inspected_at")),
    ],
)
def test_each_rule_applies_to_an_inspection_record(tmp_path, standard, profile, changes, expected):
    report = check(tmp_path, standard, profile, [(record(PATROL, **changes), XIANGZHOU_XY)])
    assert rules(report) == [expected]
    assert not report.is_valid


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pci": 120}, ("schema.range", 1, "pci")),
        ({"condition_grade": "E"}, ("schema.codelist", 1, "condition_grade")),  # and no crossfield.pci_grade
        ({"road_name": None}, ("schema.required", 1, "road_name")),
        ({"pci": 75.0}, ("crossfield.pci_grade", 1, "condition_grade")),  # Zhuhai: 75 is C, not A
        ({"sample_area_m2": 0}, ("schema.range", 1, "sample_area_m2")),
    ],
)
def test_a_road_survey_point_is_checked_without_a_component(tmp_path, standard, profile, changes, expected):
    report = check(tmp_path, standard, profile, [(record(SURVEY_POINT, **changes), XIANGZHOU_XY)])
    assert rules(report) == [expected]


def test_date_format_finding_says_which_form_a_date_time_takes(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(record(PATROL, inspected_at="2026-04-20"), XIANGZHOU_XY)])
    (finding,) = report.findings
    assert "YYYY-MM-DDThh:mm:ss" in finding.message("en") and "YYYY-MM-DDThh:mm:ss" in finding.message("zh")


@pytest.mark.parametrize(
    ("moment", "valid"),
    [("2026-04-20T13:30:00Z", True), ("2026-04-20T21:30:00.5+08:00", True), ("2026-04-20T21:30:00", False)],
)
def test_a_date_time_read_by_ogr_keeps_its_time_and_zone(tmp_path, standard, profile, moment, valid):
    report = check(tmp_path, standard, profile, [(record(PATROL, inspected_at=moment), XIANGZHOU_XY)])
    assert rules(report) == ([] if valid else [("schema.date_format", 1, "inspected_at")])


def test_geometry_may_be_absent_only_when_the_component_is_named(tmp_path, standard, profile):
    features = [(PATROL, None), (SURVEY_POINT, None), (SURVEY_POINT | {"inspection_id": "XZ-PCI-0002"}, (0.0, 0.0))]
    report = check(tmp_path, standard, profile, features)
    assert rules(report) == [("geometry.empty", 2, None), ("geometry.null_island", 3, None)]


def test_a_present_geometry_is_checked_against_the_city(tmp_path, standard, profile):
    outside = (XIANGZHOU_XY[0] + 250_000, XIANGZHOU_XY[1])
    report = check(tmp_path, standard, profile, [(PATROL, outside), (PATROL | {"inspection_id": "b"}, XIANGZHOU_XY[::-1])])
    assert rules(report) == [("geometry.outside_extent", 1, None), ("geometry.swapped_axes", 2, None)]


def test_duplicates_are_record_ids_not_components_inspected_twice(tmp_path, standard, profile):
    again = record(PATROL, inspection_id="1f6a2c1e-0000-4a83-9a4d-3f1d2b0f6a12", lit=True)
    features = [(PATROL, XIANGZHOU_XY), (again, XIANGZHOU_XY), (PATROL, XIANGZHOU_XY)]
    report = check(tmp_path, standard, profile, features)
    duplicates = [(f.feature, f.field, f.value, f.detail) for f in report.findings]
    assert duplicates == [(3, "inspection_id", PATROL["inspection_id"], 1)]  # and no record.same_spot
    assert report.identifiers == {PATROL["inspection_id"]: 1, again["inspection_id"]: 2}


def test_a_table_of_records_without_positions_needs_no_crs(tmp_path, standard, profile):
    path = tmp_path / "patrol.csv"
    path.write_text(
        "inspection_id,kind,component_id,inspected_at,lit\n"
        "p1,lighting_patrol,44040201037000001,2026-04-20T21:30:00+08:00,否\n"
        "p2,road_survey,,2026-04-20T21:40:00+08:00,\n",
        encoding="utf-8",
    )
    report = validate_delivery(path, standard, profile, "inspection", today=TODAY)
    assert report.crs is None
    assert rules(report) == [("geometry.empty", 2, None), ("schema.required", 2, "road_name")]


def test_mapping_converts_feet_and_square_feet_and_refuses_an_area_in_feet(standard, tmp_path):
    inspection = standard.delivery_class("inspection")
    mapper = FieldMapper(
        inspection,
        standard,
        ["length_ft", "area_sqft"],
        MappingProfile(
            columns={"length_ft": "sample_length_m", "area_sqft": "sample_area_m2"},
            units={"sample_length_m": "ft", "sample_area_m2": "sqft"},
        ),
    )
    assert mapper.map({"length_ft": 30.0, "area_sqft": 751.0}).properties == {"sample_length_m": 9.144, "sample_area_m2": 69.77}
    with pytest.raises(InputError, match="sample_area_m2"):
        FieldMapper(inspection, standard, [], MappingProfile(units={"sample_area_m2": "ft"}))
    with pytest.raises(InputError, match="sample_length_m"):
        FieldMapper(inspection, standard, [], MappingProfile(units={"sample_length_m": "sqft"}))


def test_grade_bounds_are_inclusive_with_min_and_exclusive_with_above():
    inclusive = [{"grade": "A", "min": 85}, {"grade": "B", "min": 0}]
    exclusive = [{"grade": "A", "above": 85}, {"grade": "B", "min": 0}]
    assert [grade_for(v, inclusive) for v in (85.0, 85.01, 84.9)] == ["A", "A", "B"]
    assert [grade_for(v, exclusive) for v in (85.0, 85.01, 84.9)] == ["B", "A", "B"]


def test_the_fast_path_declines_records(tmp_path, standard, profile):
    path = write_geojson(tmp_path / "inspections.geojson", [(PATROL, XIANGZHOU_XY)])
    assert fast_validate(path, standard, profile, "inspection") is None
    report = validate_delivery(path, standard, profile, "inspection")  # fast=True by default
    assert report.engine == "reference" and report.findings == []


def test_the_mapping_may_name_only_fields_of_the_record(tmp_path, standard, profile):
    mapping = MappingProfile(family="inspection", columns={"pci_score": "lamp_type"})
    with pytest.raises(InputError) as error:
        check(tmp_path, standard, profile, [(PATROL | {"pci_score": 3}, XIANGZHOU_XY)], mapping)
    assert "lamp_type" in error.value.message("zh") and "lamp_type" in error.value.message("en")


# -- the command line ----------------------------------------------------------------------


def assetreg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "asset_registry.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_validates_inspections_with_every_report_form(tmp_path):
    path = write_geojson(tmp_path / "patrol.geojson", [(PATROL, XIANGZHOU_XY), (record(PATROL, lit=None), XIANGZHOU_XY)])
    report, page, errors = tmp_path / "r.json", tmp_path / "r.html", tmp_path / "errors.gpkg"
    result = assetreg("--lang", "en", "validate", str(path), "--class", "inspection", "--report", str(report))
    assert result.returncode == 1, result.stderr
    assert "family inspection" in result.stdout and "record.duplicate_id" in result.stdout
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["family"] == "inspection"
    assert body["summary"]["by_rule"] == {"record.duplicate_id": 1, "schema.required": 1}
    result = assetreg("validate", str(path), "--class", "inspection", "--report", str(page), "--error-layer", str(errors))
    assert result.returncode == 1 and "inspection" in page.read_text(encoding="utf-8")
    assert "1 个不合格要素" in result.stdout


def test_cli_exit_0_needs_a_position_for_a_survey_point_only(tmp_path):
    path = write_geojson(tmp_path / "patrol.geojson", [(PATROL, XIANGZHOU_XY), (SURVEY_POINT, None)])
    result = assetreg("validate", str(path), "--class", "inspection")
    assert result.returncode == 1 and "geometry.empty" in result.stdout  # the survey point has no position
    path = write_geojson(tmp_path / "patrol.geojson", [(PATROL, None), (SURVEY_POINT, XIANGZHOU_XY)])
    result = assetreg("validate", str(path), "--class", "inspection")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("content", ['{"type": "FeatureCollection", "features": [{"type": "Feature", "prop', "no json"])
def test_cli_malformed_inspection_file_exits_2_with_a_message_in_both_languages(tmp_path, content):
    path = tmp_path / "inspections.geojson"
    path.write_text(content, encoding="utf-8")
    for lang, words in (("zh", "无法"), ("en", "Cannot read")):
        result = assetreg("--lang", lang, "validate", str(path), "--class", "inspection")
        assert result.returncode == 2
        assert "Traceback" not in result.stderr and words in result.stderr


def test_cli_unknown_class_lists_the_records_too(tmp_path):
    path = write_geojson(tmp_path / "patrol.geojson", [(PATROL, XIANGZHOU_XY)])
    result = assetreg("--lang", "en", "validate", str(path), "--class", "inspections")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "inspection" in result.stderr and "streetlight" in result.stderr
