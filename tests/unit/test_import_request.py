"""The import's request (storage/importing/request.py): frozen, and refused when made if it cannot be run,
before any file is read or any database reached (the dsn here leads nowhere)."""

from __future__ import annotations

import dataclasses

import pytest
from asset_registry.core.errors import InputError
from asset_registry.storage.importing import MODES, Area, ImportRequest

NOWHERE = "host=/nonexistent dbname=none"


def test_a_request_is_frozen(standard, profile):
    request = ImportRequest(NOWHERE, "a.geojson", standard, profile, "streetlight")
    assert (request.mode, request.dry_run, request.confirm_delete) == ("insert", False, True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.mode = "upsert"  # type: ignore[misc]


def test_an_unknown_mode_is_refused_naming_the_modes(standard, profile):
    with pytest.raises(InputError) as refused:
        ImportRequest(NOWHERE, "a.geojson", standard, profile, mode="merge")
    assert refused.value.id == "import.unknown_mode"
    assert refused.value.message("en") == f"Unknown import mode: merge\nOne of: {', '.join(MODES)}"
    assert refused.value.message("zh").startswith("未知的导入方式：merge")


@pytest.mark.parametrize(("mode", "area"), [("replace-area", None), ("upsert", Area(code="440402"))])
def test_replace_area_and_only_it_takes_an_area(standard, profile, mode, area):
    with pytest.raises(InputError) as refused:
        ImportRequest(NOWHERE, "a.geojson", standard, profile, mode=mode, area=area)
    assert refused.value.id == "import.area_needs_replace_area"
    assert ImportRequest(NOWHERE, "a.geojson", standard, profile, mode="replace-area", area=Area(code="440402")).area


def test_records_are_only_added(standard, profile):
    ImportRequest(NOWHERE, "a.geojson", standard, profile, "inspection")  # an inspection may be imported
    with pytest.raises(InputError) as refused:
        ImportRequest(NOWHERE, "a.geojson", standard, profile, "inspection", mode="upsert")
    assert refused.value.id == "import.record_only_added" and "--mode upsert" in refused.value.message("en")


def test_a_class_found_later_is_checked_by_the_same_request(standard, profile):
    request = ImportRequest(NOWHERE, "a.geojson", standard, profile, mode="update")
    request.check_class("streetlight")  # an asset family: any mode
    with pytest.raises(InputError, match="only added"):
        request.check_class("inspection")  # the envelope or the mapping named a record class
