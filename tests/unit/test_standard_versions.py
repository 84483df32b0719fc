"""Versions of the standard: a published version is frozen byte for byte; changes go into the next one."""

from __future__ import annotations

import json
import shutil

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.standard import DEFAULT_VERSION, Standard, available_versions, content_hash, load_profile
from asset_registry.paths import standards_dir

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


def test_1_1_starts_as_1_0_with_only_its_version_changed():
    """1.1 is 1.0 as published plus the version it names; every later change is written in its CHANGELOG."""
    old, new = Standard("1.0"), Standard("1.1")
    assert list(old.delivery_classes) == list(new.delivery_classes)
    for name, family in old.delivery_classes.items():
        assert family.field_names == new.delivery_classes[name].field_names
    assert old.codelists == new.codelists


def test_default_version_and_profiles_name_a_version_there_is():
    assert DEFAULT_VERSION in available_versions()
    for path in (standards_dir() / "profiles").glob("*.json"):
        assert load_profile(path.stem).standard_version in available_versions()


@pytest.mark.parametrize("version", ["9.9", "..", "1", "", "1.0/../1.0"])
def test_an_unknown_version_is_a_usage_error_naming_the_known_ones(version):
    with pytest.raises(InputError) as caught:
        Standard(version)
    assert "1.0, 1.1" in caught.value.en and "1.0, 1.1" in caught.value.zh
