"""The validator: one case per rule, real files through GDAL/OGR."""

from __future__ import annotations

from pathlib import Path

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.validate import validate_delivery

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson


def check(tmp_path, standard, profile, features, epsg=4547, family="streetlight"):
    path = write_geojson(tmp_path / "delivery.geojson", features, epsg)
    return validate_delivery(path, standard, profile, family)


def rules(report):
    return sorted((f.rule, f.feature, f.field) for f in report.findings)


def test_valid_delivery_has_no_findings(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, numbered_lights(3))
    assert report.findings == []
    assert report.is_valid and report.valid_count == 3 and report.feature_count == 3


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"lamp_type": None}, ("schema.required", 1, "lamp_type")),
        ({"lamp_type": "钠灯X"}, ("schema.codelist", 1, "lamp_type")),
        ({"grid_code": "44040200100100"}, ("schema.pattern", 1, "grid_code")),
        ({"lamp_power_w": -5}, ("schema.range", 1, "lamp_power_w")),
        ({"pole_height_m": 41}, ("schema.range", 1, "pole_height_m")),
        ({"name": "长" * 31}, ("schema.length", 1, "name")),
        ({"initial_date": "2019-02-30"}, ("schema.date_format", 1, "initial_date")),
        ({"initial_date": "20190201"}, ("schema.date_format", 1, "initial_date")),
        ({"lamp_power_w": "很亮"}, ("schema.type", 1, "lamp_power_w")),
        ({"component_id": "440402010370001"}, ("identifier.structure", 1, "component_id")),
        ({"component_id": "11010101037000001"}, ("identifier.admin_code", 1, "component_id")),
        ({"component_id": "44040202006000001"}, ("identifier.class_code", 1, "component_id")),
    ],
)
def test_each_attribute_rule_finds_its_defect(tmp_path, standard, profile, changes, expected):
    report = check(tmp_path, standard, profile, [(light(**changes), XIANGZHOU_XY)])
    assert rules(report) == [expected]
    assert not report.is_valid and report.valid_count == 0


def test_code_list_labels_and_numbers_as_text_are_accepted(tmp_path, standard, profile):
    properties = light(status="完好", road_class="主干路", lamp_type="高压钠灯", lamp_power_w="150", lamp_count=2.0)
    report = check(tmp_path, standard, profile, [(properties, XIANGZHOU_XY)])
    assert report.findings == []


# a light as delivered with the national abbreviations and Chinese column names
NATIONAL_LIGHT = {
    "GLBJBSM": "44040201037000009",
    "GLBJMC": "路灯",
    "ZGBMDM": "11440400MB2C10093Y",
    "ZGBMMC": "珠海市城市管理和综合执法局",
    "SZDYWGBSM": "440402001001001",
    "GLBJZT": "完好",
    "CSRQ": "2020-01-01",
    "灯具类型": "LED",
    "道路等级": "支路",
}


def test_aliases_map_national_and_chinese_columns(tmp_path, standard, profile):
    national = NATIONAL_LIGHT
    report = check(tmp_path, standard, profile, [(national, XIANGZHOU_XY)])
    assert report.findings == []


def test_unknown_column_is_one_warning_and_keeps_the_file_valid(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(light(施工单位="某公司"), XIANGZHOU_XY)])
    assert rules(report) == [("schema.unknown_field", None, None)]
    assert report.findings[0].column == "施工单位"
    assert report.findings[0].message("zh") == "字段“施工单位”不属于本规范，将被忽略。"
    assert report.is_valid


def test_geometry_rules(tmp_path, standard, profile):
    features = [
        (light(component_id="44040201037000001"), None),
        (light(component_id="44040201037000002"), {"type": "LineString", "coordinates": [[452000, 2462000], [452010, 2462000]]}),
        (light(component_id="44040201037000003"), (XIANGZHOU_XY[1], XIANGZHOU_XY[0])),  # swapped axes
    ]
    report = check(tmp_path, standard, profile, features)
    assert rules(report) == [("geometry.empty", 1, None), ("geometry.swapped_axes", 3, None), ("geometry.wrong_type", 2, None)]


def test_wgs84_delivery_is_checked_against_the_extent_too(tmp_path, standard, profile):
    inside, outside = (113.55, 22.27), (116.40, 39.90)  # Zhuhai, Beijing
    features = [(light(component_id="44040201037000001"), inside), (light(component_id="44040201037000002"), outside)]
    report = check(tmp_path, standard, profile, features, epsg=None)
    assert report.crs == "EPSG:4326"
    assert rules(report) == [("geometry.outside_extent", 2, None)]


def test_crs_not_accepted_is_a_file_error(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, numbered_lights(2), epsg=3857)
    assert rules(report) == [("file.crs_not_accepted", None, None)]
    assert report.valid_count == 0 and not report.is_valid


def test_legacy_identifier_is_converted_with_a_warning(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(light(component_id="4404020137000001"), XIANGZHOU_XY)])
    assert rules(report) == [("identifier.legacy", 1, "component_id")]
    assert report.is_valid and report.findings[0].detail == "44040201037000001"
    assert report.identifiers == {"44040201037000001": 1}


def test_duplicate_identifier_names_the_first_feature(tmp_path, standard, profile):
    elsewhere = (XIANGZHOU_XY[0] + 500, XIANGZHOU_XY[1] + 500)
    features = [*numbered_lights(2), (light(component_id="44040201037000001"), elsewhere)]
    report = check(tmp_path, standard, profile, features)
    assert rules(report) == [("record.duplicate_id", 3, "component_id")]
    assert report.findings[0].detail == 1


def test_empty_file_is_a_finding_not_a_crash(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [])
    assert rules(report) == [("file.empty", None, None)]


def test_malformed_and_missing_files_raise_input_errors(tmp_path, standard, profile):
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(InputError):
        validate_delivery(broken, standard, profile, "streetlight")
    with pytest.raises(InputError, match="does not exist"):
        validate_delivery(tmp_path / "nothing.geojson", standard, profile, "streetlight")


def test_family_is_detected_from_identifiers(tmp_path, standard, profile):
    path = write_geojson(tmp_path / "delivery.geojson", numbered_lights(2))
    assert validate_delivery(path, standard, profile).family == "streetlight"


def test_family_that_cannot_be_detected_asks_for_class(tmp_path, standard, profile):
    path = write_geojson(tmp_path / "things.geojson", [({"x": 1}, XIANGZHOU_XY)])
    with pytest.raises(InputError, match="--class"):
        validate_delivery(path, standard, profile)


def test_messages_exist_in_both_languages_and_list_the_allowed_labels(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(light(lamp_type="钠灯X"), XIANGZHOU_XY)])
    finding = report.findings[0].to_dict()
    assert "钠灯X" in finding["message_zh"] and "代码表" in finding["message_zh"]
    assert "HPS（高压钠灯）" in finding["message_zh"] and "“lamp_type”" in finding["message_zh"]
    assert "钠灯X" in finding["message_en"] and "code list" in finding["message_en"]
    assert "HPS (High-pressure sodium)" in finding["message_en"]


def test_a_foreign_class_code_is_named(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(light(component_id="44040201060000001"), XIANGZHOU_XY)])
    assert "01060（路灯配电箱）" in report.findings[0].message("zh")
    assert "01060 (Streetlight distribution cabinet)" in report.findings[0].message("en")


def test_a_missing_field_is_named_by_its_title(tmp_path, standard, profile):
    report = check(tmp_path, standard, profile, [(light(lamp_type=None), XIANGZHOU_XY)])
    (finding,) = report.findings
    assert finding.message("zh") == "缺少必填字段“灯具类型”。"
    assert finding.message("en") == "The required field 'Lamp type' is missing."


def test_messages_name_the_column_the_delivery_used(tmp_path, standard, profile):
    national = dict(NATIONAL_LIGHT, SZDYWGBSM="4404")
    report = check(tmp_path, standard, profile, [(national, XIANGZHOU_XY)])
    (finding,) = report.findings
    assert (finding.rule, finding.field, finding.column) == ("schema.pattern", "grid_code", "SZDYWGBSM")
    assert finding.message("zh").startswith("字段“SZDYWGBSM”的值 '4404' 格式不对（应符合 15位：6位区县")
    assert "15 digits" in finding.message("en")


def test_report_json_counts_per_rule(tmp_path, standard, profile):
    import json

    report = check(tmp_path, standard, profile, [(light(lamp_type=None), XIANGZHOU_XY), *numbered_lights(2, 5)])
    out = tmp_path / "report.json"
    report.write_json(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"] == {
        "features": 3,
        "valid_features": 2,
        "invalid_features": 1,
        "errors": 1,
        "warnings": 0,
        "by_rule": {"schema.required": 1},
    }
    assert data["findings"][0]["feature"] == 1


def test_demo_delivery_yields_exactly_the_injected_defects(tmp_path, standard, profile):
    from asset_registry.core.demo_city import DEFECT_RULES, write_demo_files

    city, _, delivery = write_demo_files(tmp_path, standard, seed=11)
    report = validate_delivery(delivery, standard, profile, "streetlight")
    expected = sorted((DEFECT_RULES[kind], number) for kind, numbers in city.defects.items() for number in numbers)
    found = sorted((f.rule, f.feature) for f in report.errors)
    assert found == expected
    # the demo's lights name cabinets (one per 120 lights) it does not deliver: the validator says so for each
    warned = [f for f in report.warnings if f.rule == "record.reference_not_delivered"]
    assert warned and {f.field for f in warned} == {"cabinet_id"}
    assert [f.rule for f in report.warnings if f not in warned] == ["schema.unknown_field"]


def test_demo_city_is_deterministic(tmp_path, standard):
    from asset_registry.core.demo_city import write_demo_files

    _, _, first = write_demo_files(tmp_path / "a", standard, seed=5)
    _, _, second = write_demo_files(tmp_path / "b", standard, seed=5)
    assert Path(first).read_bytes() == Path(second).read_bytes()


def test_invalid_geometry_says_why(standard, profile):
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "geometry.invalid"
    report = validate_delivery(corpus / "invalid.geojson", standard, profile, "park")
    (finding,) = report.findings
    assert finding.detail.startswith("Self-intersection")
    assert "Self-intersection" in finding.message("en")


@pytest.mark.parametrize("fast", [True, False])
def test_a_code_that_reads_like_a_placeholder_is_a_code(tmp_path, standard, profile, fast):
    """The tree protection grade 'none' is a code of its list, not an empty value; 'N/A' stays a placeholder."""
    from tests.helpers import tree

    x, y = XIANGZHOU_XY
    features = [(tree(protection_grade=value), (x + 20 * i, y)) for i, value in enumerate(("none", "NONE", "N/A"))]
    for number, (properties, _) in enumerate(features, start=1):
        properties["component_id"] = f"4404020400200000{number}"
    report = validate_delivery(write_geojson(tmp_path / "trees.geojson", features), standard, profile, "tree", fast=fast)
    assert sorted((f.rule, f.feature) for f in report.findings) == [("schema.placeholder", 3), ("schema.required", 3)]


@pytest.mark.parametrize("fast", [True, False])
def test_a_code_that_reads_like_a_placeholder_is_a_value(tmp_path, standard, profile, fast):
    # "none" (not protected) is a code of tree_protection_grade, and also a placeholder word elsewhere
    tree = {
        **{key: light()[key] for key in ("name", "competent_dept_code", "competent_dept_name", "grid_code", "status")},
        "initial_date": "2020-05-01",
        "component_id": "44040204002000001",
        "species_zh": "细叶榕",
        "protection_grade": "none",
        "vigour": "normal",
        "remarks": "none",
    }
    path = write_geojson(tmp_path / "trees.geojson", [(tree, XIANGZHOU_XY)])
    report = validate_delivery(path, standard, profile, "tree", fast=fast)
    assert rules(report) == [("schema.placeholder", 1, "remarks")]
