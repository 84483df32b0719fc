"""registry.present: validation against a registry (the corpus case that needs a database)."""

from __future__ import annotations

import json
from pathlib import Path

from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importer import import_delivery
from asset_registry.storage.registry_checks import check_against_registry

from tests.helpers import XIANGZHOU_XY, light, write_geojson
from tests.unit.test_cli import assetreg

CASE = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "registry.present"


def test_registry_present_case(registry, standard, profile, tmp_path):
    case = json.loads((CASE / "case.json").read_text(encoding="utf-8"))
    held = case["run"]["registry_holds"]
    import_delivery(
        registry, write_geojson(tmp_path / "held.geojson", [(light(component_id=held), XIANGZHOU_XY)]), standard, profile
    )
    valid = validate_delivery(CASE / "valid.geojson", standard, profile, "streetlight")
    check_against_registry(registry, valid, standard)
    assert valid.findings == []
    invalid = validate_delivery(CASE / "invalid.geojson", standard, profile, "streetlight")
    check_against_registry(registry, invalid, standard)
    assert [{"feature": f.feature, "field": f.field} for f in invalid.findings] == case["invalid_findings"]
    assert [f.rule for f in invalid.findings] == ["registry.present"]
    assert invalid.is_valid  # a warning: the import decides between update and conflict


def test_validate_with_dsn_on_the_command_line(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "held.geojson", [(light(), XIANGZHOU_XY)]), standard, profile)
    result = assetreg("--lang", "en", "validate", str(CASE / "invalid.geojson"), "--dsn", registry)
    assert result.returncode == 0 and "registry.present" in result.stdout and "--mode upsert" in result.stdout
