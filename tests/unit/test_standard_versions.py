"""Versions of the standard: a published version is frozen byte for byte; changes go into the next one."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.standard import DEFAULT_VERSION, Standard, available_versions, content_hash, load_profile
from asset_registry.paths import standards_dir

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

PUBLISHED = json.loads((standards_dir() / "published.json").read_text(encoding="utf-8"))["published"]
FROZEN_MESSAGE = (
    "standard {version} is published and frozen: put your change into standards/{open} and its CHANGELOG "
    "(规范 {version} 已发布并冻结：请把改动写进 standards/{open} 及其 CHANGELOG)"
)


def _open_version() -> str:
    return available_versions()[-1]


def test_standard_1_0_is_published():
    assert "1.0" in PUBLISHED


@pytest.mark.parametrize("version", sorted(PUBLISHED))
def test_a_published_standard_is_frozen_byte_for_byte(version):
    directory = standards_dir() / version
    assert content_hash(directory) == PUBLISHED[version], FROZEN_MESSAGE.format(version=version, open=_open_version())


def test_the_hash_sees_one_changed_byte_a_new_file_and_a_renamed_file(tmp_path):
    copy = tmp_path / "1.0"
    shutil.copytree(standards_dir() / "1.0", copy)
    assert content_hash(copy) == PUBLISHED["1.0"]

    target = copy / "codelists" / "lamp_type.json"
    original = target.read_bytes()
    target.write_bytes(original.replace(b"}", b" }", 1))
    assert content_hash(copy) != PUBLISHED["1.0"]
    target.write_bytes(original)
    assert content_hash(copy) == PUBLISHED["1.0"]

    (copy / "notes.txt").write_text("x", encoding="utf-8")
    assert content_hash(copy) != PUBLISHED["1.0"]
    (copy / "notes.txt").unlink()

    target.rename(copy / "codelists" / "lamp_kind.json")
    assert content_hash(copy) != PUBLISHED["1.0"]


def test_the_open_version_is_not_published_and_has_a_bilingual_changelog():
    versions = available_versions()
    assert versions[:2] == ("1.0", "1.1")
    open_version = versions[-1]
    assert open_version not in PUBLISHED, "the newest version is the one open for changes"
    changelog = (standards_dir() / open_version / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {open_version}" in changelog
    assert "变更" in changelog and "change" in changelog
    index = (standards_dir() / "README.md").read_text(encoding="utf-8")
    for version in versions:
        assert f"standards/{version}/" in index or f"({version}/" in index


def test_every_version_names_itself():
    for version in available_versions():
        standard = Standard(version)
        assert standard.manifest["version"] == version
        for path in standard.directory.rglob("*.json"):
            schema_id = json.loads(path.read_text(encoding="utf-8")).get("$id")
            if schema_id is not None:
                assert f"/standards/{version}/" in schema_id, path


def test_1_1_is_1_0_plus_historical_cases():
    """1.1 is 1.0 as published plus what its CHANGELOG records: the work-order record is deliverable
    (historical cases), with the step times, the reply and the platform, and the reply-channel code list;
    the status code list's out-of-service marking."""
    old, new = Standard("1.0"), Standard("1.1")
    old_records = [name for name in old.delivery_classes if name not in old.families]
    assert list(new.delivery_classes) == [*old.families, "lighting_cabinet", *old_records, "work_order"]
    for name, family in old.delivery_classes.items():
        assert family.field_names == new.delivery_classes[name].field_names
    added = ("reply_channel", "cabinet_control_mode", "cabinet_mounting")
    unmarked = {name: dataclasses.replace(codes, out_of_service=(), families={}) for name, codes in new.codelists.items()}
    changed = {name for name in old.codelists if unmarked[name] != old.codelists[name]}
    assert changed == {"component_class", "matter_class"}  # 01060 now names the cabinets' family, and its matter
    assert {name: codes for name, codes in unmarked.items() if name not in (*added, *changed)} == {
        name: codes for name, codes in old.codelists.items() if name not in changed
    }
    # and the status code list marks the statuses that take an asset out of service (values unchanged)
    assert new.codelists["component_status"].out_of_service == ("abandoned", "removed")
    # and the inspection kinds the families they examine (x-families: the survey forms pick the asset from them)
    assert new.codelists["inspection_kind"].families["tree_survey"] == ("tree",)
    assert set(new.codelists["inspection_kind"].families) == set(new.codelists["inspection_kind"].codes)
    assert set(new.delivery_class("work_order").field_names) > set(old.record_schema("work_order")["properties"])


def test_default_version_and_profiles_name_a_version_there_is():
    assert DEFAULT_VERSION in available_versions()
    for path in (standards_dir() / "profiles").glob("*.json"):
        assert load_profile(path.stem).standard_version in available_versions()


@pytest.mark.parametrize("version", ["9.9", "..", "1", "", "1.0/../1.0"])
def test_an_unknown_version_is_a_usage_error_naming_the_known_ones(version):
    with pytest.raises(InputError) as caught:
        Standard(version)
    assert "1.0, 1.1" in caught.value.en and "1.0, 1.1" in caught.value.zh


# -- a delivery says which version it follows ---------------------------------


def _delivery(tmp_path, version: str | None, bad: bool = False):
    features = numbered_lights(2)
    if bad:
        features.append((light(component_id="44040201037000009", lamp_type="钠灯X"), XIANGZHOU_XY))
    path = write_geojson(tmp_path / "lights.geojson", features)
    if version is not None:
        envelope = {
            "delivery_id": "ZH-2026-011",
            "deliverer_name": "某测绘有限公司",
            "standard_version": version,
            "profile": "zhuhai",
            "crs": "EPSG:4547",
            "files": [{"path": "lights.geojson", "family": "streetlight"}],
        }
        (tmp_path / "delivery.json").write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    return path


def _report(tmp_path, *args: str) -> tuple[int, dict]:
    target = tmp_path / "report.json"
    result = assetreg("--lang", "en", "validate", *args, "--report", str(target))
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(target.read_text(encoding="utf-8"))


def test_a_1_0_delivery_keeps_validating_under_1_0_and_validates_the_same_under_1_1(tmp_path):
    path = _delivery(tmp_path, None, bad=True)
    code_10, report_10 = _report(tmp_path, str(path), "--standard-version", "1.0")
    code_11, report_11 = _report(tmp_path, str(path), "--standard-version", "1.1")
    assert (report_10["standard_version"], report_11["standard_version"]) == ("1.0", "1.1")
    assert code_10 == code_11 == 1
    assert report_10["findings"] == report_11["findings"] and report_10["summary"] == report_11["summary"]

    (tmp_path / "good").mkdir()
    good = _delivery(tmp_path / "good", None)
    for version in ("1.0", "1.1"):
        assert assetreg("validate", str(good), "--standard-version", version).returncode == 0


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_the_envelope_says_which_version_the_delivery_is_validated_against(tmp_path, version):
    code, report = _report(tmp_path, str(_delivery(tmp_path, version)))
    assert code == 0 and report["standard_version"] == version and report["family"] == "streetlight"


def test_the_explicit_version_wins_over_the_envelope(tmp_path):
    code, report = _report(tmp_path, str(_delivery(tmp_path, "1.0")), "--standard-version", "1.1")
    assert code == 0 and report["standard_version"] == "1.1"


def test_an_envelope_naming_an_unknown_version_is_a_usage_error_in_both_languages(tmp_path):
    path = _delivery(tmp_path, "9.9")
    for lang, expected in (("en", "follows version '9.9' of the standard, which does not exist"), ("zh", "规范版本“9.9”不存在")):
        result = assetreg("--lang", lang, "validate", str(path))
        assert result.returncode == 2, result.stderr
        assert expected in result.stderr and "1.0" in result.stderr and "1.1" in result.stderr
        assert "Traceback" not in result.stderr


def test_an_unknown_explicit_version_is_a_usage_error(tmp_path):
    result = assetreg("--lang", "en", "validate", str(_delivery(tmp_path, None)), "--standard-version", "2.0")
    assert result.returncode == 2 and "There is no version 2.0 of the standard (known: 1.0, 1.1)" in result.stderr
    assert "Traceback" not in result.stderr
