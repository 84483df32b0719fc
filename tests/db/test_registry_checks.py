"""The registry.* rules: validation against a registry (the corpus cases that need a database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from asset_registry.core.rules import RULES, WARNING
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.areas import load_areas
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.registry_checks import check_against_registry

from tests.helpers import COMMON, XIANGZHOU_XY, light, square, write_geojson
from tests.unit.test_cli import assetreg

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
REGISTRY_RULES = sorted(path.name for path in CORPUS.glob("registry.*"))


def prepare_registry(registry: str, run: dict, standard, profile, tmp_path: Path) -> None:
    """What the case says the registry holds: assets (by identifier), unit grids and administrative areas."""
    if run.get("registry_grids"):
        grids = [({"level": "grid", "code": g["code"], "name": g["code"]}, square(*g["square"])) for g in run["registry_grids"]]
        load_areas(registry, write_geojson(tmp_path / "grids.geojson", grids), profile)
    if run.get("registry_areas"):
        areas = [
            ({"level": a["level"], "code": a["code"], "name": a["code"]}, square(*a["square"])) for a in run["registry_areas"]
        ]
        load_areas(registry, write_geojson(tmp_path / "areas.geojson", areas), profile)
    held = [
        (light(component_id=ident), (XIANGZHOU_XY[0] + 40 * i, XIANGZHOU_XY[1] + 40))
        for i, ident in enumerate(run.get("registry_holds", []))
    ]
    if held:
        import_delivery(registry, write_geojson(tmp_path / "held.geojson", held), standard, profile, "streetlight")
    cabinets = [
        ({**COMMON, "component_id": ident, "name": f"配电箱{i}"}, (XIANGZHOU_XY[0] - 40 * i, XIANGZHOU_XY[1] - 40))
        for i, ident in enumerate(run.get("registry_cabinets", []))
    ]
    if cabinets:
        path = write_geojson(tmp_path / "cabinets.geojson", cabinets)
        import_delivery(registry, path, standard, profile, "lighting_cabinet")


@pytest.mark.parametrize("rule", REGISTRY_RULES)
def test_registry_rule_case(rule, registry, standard, profile, tmp_path):
    case = json.loads((CORPUS / rule / "case.json").read_text(encoding="utf-8"))
    prepare_registry(registry, case["run"], standard, profile, tmp_path)
    for which in ("valid", "invalid"):
        path = CORPUS / rule / f"{which}.geojson"
        report = validate_delivery(path, standard, profile, case["run"]["class"])
        # alone, the validator can only say a named cabinet is not in the delivery; the registry answers that
        assert [f.rule for f in report.findings if f.rule != "record.reference_not_delivered"] == [], which
        check_against_registry(registry, report, standard, profile, path)
        if which == "valid":
            assert report.findings == []
        else:
            assert [{"feature": f.feature, "field": f.field} for f in report.findings] == case["invalid_findings"]
            assert [f.rule for f in report.findings] == [rule]
            # warnings: the import decides, the located grid is authoritative; an inspection of a component
            # the registry does not hold is an error, as it cannot be recorded at all
            assert report.is_valid == (RULES[rule].severity == WARNING)


def test_validate_with_dsn_on_the_command_line(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "held.geojson", [(light(), XIANGZHOU_XY)]), standard, profile)
    result = assetreg("--lang", "en", "validate", str(CORPUS / "registry.present" / "invalid.geojson"), "--dsn", registry)
    assert result.returncode == 0 and "registry.present" in result.stdout and "--mode upsert" in result.stdout
    assert "assetreg.streetlight" not in result.stderr


def test_every_light_naming_an_unregistered_cabinet_is_an_error_and_the_warning_goes(registry, standard, profile, tmp_path):
    """Without the registry, one warning per cabinet the delivery does not hold; with it, a registered cabinet is
    no finding and an unregistered one is an error on each light naming it (issue 17)."""
    prepare_registry(registry, {"registry_cabinets": ["44040201060000001"]}, standard, profile, tmp_path)
    lights = [
        (light(component_id=f"4404020103700009{i}", cabinet_id=cabinet), (XIANGZHOU_XY[0] + 30 * i, XIANGZHOU_XY[1]))
        for i, cabinet in enumerate(["44040201060000001", "44040201060000009", "44040201060000009"])
    ]
    path = write_geojson(tmp_path / "lights.geojson", lights)
    report = validate_delivery(path, standard, profile, "streetlight")
    assert [(f.rule, f.feature) for f in report.findings] == [
        ("record.reference_not_delivered", 1),
        ("record.reference_not_delivered", 2),
    ]
    check_against_registry(registry, report, standard, profile, path)
    assert [(f.rule, f.feature, f.value) for f in report.findings] == [
        ("registry.unknown_reference", 2, "44040201060000009"),
        ("registry.unknown_reference", 3, "44040201060000009"),
    ]
    assert report.findings[0].message("zh") == (
        "“配电箱编号”所指的路灯配电箱 '44040201060000009' 既不在本次交付中，也未在登记库中登记。"
    )
