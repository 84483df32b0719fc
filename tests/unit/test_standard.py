import json
import re
from pathlib import Path

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.standard import Standard, load_profile
from asset_registry.paths import standards_dir
from jsonschema import Draft202012Validator

from tests.helpers import shared_file

STANDARD_DIR = standards_dir() / "1.0"


def all_standard_documents():
    return sorted(path for path in STANDARD_DIR.rglob("*.json") if path.name != "standard.json")


def test_manifest_lists_every_family_and_record_schema():
    manifest = json.loads((STANDARD_DIR / "standard.json").read_text(encoding="utf-8"))
    families, records = set(), set()
    for path in STANDARD_DIR.glob("*.schema.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        if "x-family" in document:
            families.add(document["x-family"])
        if "x-record" in document:
            records.add(document["x-record"])
    assert set(manifest["families"]) == families == {"streetlight", "road_segment", "bridge", "tree", "park", "park_facility"}
    assert set(manifest["records"]) == records == {"inspection", "work_order", "delivery"}
    assert manifest["version"] == "1.0"
    assert list(Standard("1.0").families) == manifest["families"]


def test_standard_1_1_adds_the_lighting_cabinet_family():
    families = list(Standard("1.1").families)
    assert families[-1] == "lighting_cabinet" and families[:-1] == list(Standard("1.0").families)
    cabinet = Standard("1.1").family("lighting_cabinet")
    assert cabinet.class_codes == ("01060",) and cabinet.geometry_types == ("Point",)
    assert "01060" not in Standard("1.1").family("streetlight").class_codes
    # a light names its cabinet by the cabinet's identifier: class 01060 in positions 7-11
    pattern = Standard("1.1").family("streetlight").field("cabinet_id").schema["pattern"]
    assert re.fullmatch(pattern, "440402010600000001") is None
    assert re.fullmatch(pattern, "44040201060000001") and not re.fullmatch(pattern, "44040201037000001")


@pytest.mark.parametrize("path", all_standard_documents(), ids=lambda p: p.name)
def test_every_document_is_a_valid_2020_12_schema_with_id_and_bilingual_title(path: Path):
    document = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].endswith(f"/1.0/{path.relative_to(STANDARD_DIR).as_posix()}")
    assert document["title"] and document["x-title-en"]


@pytest.mark.parametrize("path", sorted((STANDARD_DIR / "codelists").glob("*.json")), ids=lambda p: p.stem)
def test_codelist_labels_cover_exactly_its_codes_in_both_languages(path: Path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(document["x-labels"]) == document["enum"]
    for labels in document["x-labels"].values():
        assert labels["zh"] and labels["en"]


def test_component_class_codelist_matches_the_national_reference():
    import csv

    reference = shared_file("reference", "gbt47678-5-codes.csv")

    rows = [r for r in csv.DictReader(reference.open(encoding="utf-8")) if r["kind"] == "component"]
    codelist = Standard().codelists["component_class"]
    assert {r["code"]: r["name"] for r in rows} == {c: codelist.label(c, "zh") for c in codelist.codes}


def test_streetlight_family_combines_common_and_own_fields():
    family = Standard().family("streetlight")
    assert family.field_names[:2] == ("component_id", "name")
    assert {"lamp_type", "road_class", "grid_code", "status"} <= set(family.field_names)
    assert family.field("lamp_type").codelist == "lamp_type"
    assert family.field("status").schema["enum"] == ["intact", "damaged", "lost", "abandoned", "removed"]
    assert family.field("component_id").required
    assert not family.field("remarks").required
    assert family.geometry_types == ("Point",)
    assert family.class_codes == ("01037", "01038", "01039", "01077")


def test_compiled_schema_stands_alone_and_rejects_unknown_properties():
    schema = Standard().compiled_schema("streetlight")
    assert "$ref" not in json.dumps(schema)
    assert schema["additionalProperties"] is False
    errors = list(Draft202012Validator(schema).iter_errors({"bogus": 1}))
    assert any(e.validator == "additionalProperties" for e in errors)


@pytest.mark.parametrize("name", ["streetlight", "road_segment", "bridge", "tree", "park", "park_facility"])
def test_every_field_has_titles_and_aliases_are_unique_within_a_family(name):
    family = Standard().family(name)
    seen = {}
    for spec in family.fields:
        assert spec.title_zh and spec.title_en and re.search(r"[\u4e00-\u9fff]", spec.title_zh)
        assert any(re.search(r"[\u4e00-\u9fff]", alias) for alias in spec.aliases), f"{name}.{spec.name}: Chinese alias"
        for alias in (spec.name, *spec.aliases):
            assert seen.setdefault(alias.casefold(), spec.name) == spec.name, alias
        if spec.codelist:
            assert spec.codelist in Standard().codelists
    assert family.geometry_types


def test_class_codes_of_each_family_come_from_the_component_class_list():
    standard = Standard()
    classes = standard.codelists["component_class"]
    for family in standard.families.values():
        for code in family.class_codes:
            assert classes.labels[code]["family"] == family.name, code


def test_unknown_family_and_version_are_clear_input_errors():
    with pytest.raises(InputError, match="bridge-of-sighs"):
        Standard().family("bridge-of-sighs")
    with pytest.raises(InputError) as error:
        Standard("9.9")
    assert "9.9" in error.value.zh and "1.0" in error.value.en


def test_zhuhai_profile_loads_with_targets_and_crs():
    profile = load_profile("zhuhai")
    assert profile.registry_srid == 4547
    assert 4490 in profile.accepted_srids
    assert profile.lighting_targets["arterial"] == 0.98
    assert profile.lighting_targets["branch"] == 0.96
    assert "440402" in profile.admin_codes


def test_profile_that_breaks_its_schema_is_refused_with_the_place(tmp_path: Path):
    body = json.loads((standards_dir() / "profiles" / "zhuhai.json").read_text(encoding="utf-8"))
    body["registry_crs"] = "4547"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(InputError, match="registry_crs"):
        load_profile(str(path))


def _record_errors(name: str, record: dict) -> list[str]:
    from asset_registry.core.validate import record_validator

    return sorted(e.validator for e in record_validator(Standard(), name).iter_errors(record))


def test_inspection_record_needs_lit_only_for_a_lighting_patrol():
    patrol = {
        "inspection_id": "0b1e4c4e-9a52-4a83-9a4d-3f1d2b0f6a11",
        "kind": "lighting_patrol",
        "component_id": "44040201037000001",
        "inspected_at": "2026-11-20T21:30:00+08:00",
    }
    assert _record_errors("inspection", patrol) == ["required"]
    assert _record_errors("inspection", {**patrol, "lit": False}) == []
    assert _record_errors("inspection", {**patrol, "kind": "tree_survey", "vigour": "weak"}) == []
    assert _record_errors("inspection", {**patrol, "lit": True, "inspected_at": "2026-11-20 21:30"}) == ["format"]
    assert _record_errors("inspection", {**patrol, "lit": True, "inspection_id": ""}) == ["minLength"]


def test_only_a_road_survey_point_may_stand_without_its_component_but_then_names_the_road():
    survey = {"inspection_id": "IA17225", "kind": "road_survey", "inspected_at": "2026-04-02T10:00:00+08:00"}
    assert _record_errors("inspection", survey) == ["required"]  # road_name
    assert _record_errors("inspection", {**survey, "road_name": "人民路", "pci": 94.0, "condition_grade": "A"}) == []
    tree_survey = {**survey, "kind": "tree_survey", "road_name": "人民路"}
    assert _record_errors("inspection", tree_survey) == ["required"]  # component_id
    assert _record_errors("inspection", {**tree_survey, "component_id": "44040204002000001"}) == []


def test_deliverable_records_are_validated_like_families_but_families_stay_apart():
    standard = Standard()
    manifest = standard.manifest
    assert set(manifest["deliverable_records"]) <= set(manifest["records"])
    inspection = standard.delivery_class("inspection")
    assert inspection.is_record and inspection.identifier == "inspection_id"
    assert inspection.geometry_types == ("Point",) and inspection.geometry_required_unless == "component_id"
    assert inspection.field_names == tuple(standard.record_schema("inspection")["properties"])
    assert list(standard.delivery_classes) == [*manifest["families"], *manifest["deliverable_records"]]
    assert "inspection" not in standard.families  # no registry table, no import, no fast path
    with pytest.raises(InputError, match="inspection"):
        standard.delivery_class("work_orders")


def test_work_order_record():
    order = {
        "case_no": "XZ20261120001",
        "matter_code": "44040201037",
        "source": "hotline_12345",
        "status": "registered",
        "description": "路灯不亮",
        "reported_at": "2026-11-20T08:00:00Z",
    }
    assert _record_errors("work_order", order) == []
    assert _record_errors("work_order", {**order, "matter_code": "0103"}) == ["pattern"]
    assert _record_errors("work_order", {**order, "status": "lost_in_space"}) == ["enum"]
    assert _record_errors("work_order", {**order, "priority": 1}) == ["additionalProperties"]


def test_delivery_envelope():
    envelope = {
        "delivery_id": "ZH-2026-017",
        "deliverer_name": "某测绘公司",
        "standard_version": "1.0",
        "profile": "zhuhai",
        "crs": "EPSG:4547",
        "files": [{"path": "lights.gpkg", "layer": "路灯", "family": "streetlight"}],
    }
    assert _record_errors("delivery", envelope) == []
    assert _record_errors("delivery", {**envelope, "files": []}) == ["minItems"]
    assert _record_errors("delivery", {**envelope, "crs": "4547"}) == ["pattern"]
