import json
import re
from pathlib import Path

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.standard import Standard, load_profile
from asset_registry.paths import standards_dir
from jsonschema import Draft202012Validator

STANDARD_DIR = standards_dir() / "1.0"


def all_standard_documents():
    return sorted(STANDARD_DIR.rglob("*.json"))


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


def _reference_csv() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "reference" / "gbt47678-5-codes.csv"
        if candidate.exists():
            return candidate
    return None


def test_component_class_codelist_matches_the_national_reference():
    import csv

    reference = _reference_csv()
    if reference is None:
        pytest.skip("shared/reference/ is not beside this checkout")

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


def test_every_field_has_titles_and_aliases_are_unique_across_fields():
    family = Standard().family("streetlight")
    seen = {}
    for spec in family.fields:
        assert spec.title_zh and spec.title_en and re.search(r"[\u4e00-\u9fff]", spec.title_zh)
        for alias in (spec.name, *spec.aliases):
            assert seen.setdefault(alias.casefold(), spec.name) == spec.name, alias


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
