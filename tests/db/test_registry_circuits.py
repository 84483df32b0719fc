"""A light's circuit against its registered cabinet (issue 17 follow-up, ``validate --dsn``): a cabinet the registry
holds with its number of circuits judges its lights' circuits, as a delivered one does."""

from __future__ import annotations

import json

from asset_registry.core.validate import validate_delivery
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.registry_checks import check_against_registry

from tests.db.conftest import query
from tests.helpers import COMMON, XIANGZHOU_XY, light, write_geojson
from tests.unit.test_cli import assetreg

COUNTED = "44040201060000001"  # registered with 3 circuits
UNCOUNTED = "44040201060000002"  # registered without its number of circuits


def register_cabinets(registry, standard, profile, tmp_path) -> None:
    cabinets = [
        ({**COMMON, "component_id": COUNTED, "name": "配电箱1", "circuit_count": 3}, (XIANGZHOU_XY[0], XIANGZHOU_XY[1] - 40)),
        ({**COMMON, "component_id": UNCOUNTED, "name": "配电箱2"}, (XIANGZHOU_XY[0] - 40, XIANGZHOU_XY[1] - 40)),
    ]
    import_delivery(registry, write_geojson(tmp_path / "cabinets.geojson", cabinets), standard, profile, "lighting_cabinet")


def lights_file(tmp_path, named):
    lights = [
        (
            light(component_id=f"4404020103700009{i}", cabinet_id=cabinet, circuit_id=circuit),
            (XIANGZHOU_XY[0] + 30 * i, XIANGZHOU_XY[1]),
        )
        for i, (cabinet, circuit) in enumerate(named)
    ]
    return write_geojson(tmp_path / "lights.geojson", lights)


def test_a_circuit_beyond_its_registered_cabinets_circuits_is_an_error(registry, standard, profile, tmp_path):
    register_cabinets(registry, standard, profile, tmp_path)
    path = lights_file(tmp_path, [(COUNTED, "3"), (COUNTED, "HL04"), (UNCOUNTED, "12"), (None, "1")])
    report = validate_delivery(path, standard, profile, "streetlight")
    # alone, the validator knows neither cabinet's circuits
    assert [(f.rule, f.feature) for f in report.findings] == [
        ("record.reference_not_delivered", 1),
        ("record.reference_not_delivered", 3),
        ("crossfield.circuit_without_cabinet", 4),
    ]
    check_against_registry(registry, report, standard, profile, path)
    assert [(f.rule, f.feature, f.value) for f in report.findings] == [
        ("record.circuit_out_of_range", 2, "HL04"),
        ("crossfield.circuit_without_cabinet", 4, "1"),
    ]
    assert report.findings[0].message("zh") == f"“回路编号” 'HL04' 不是配电箱 {COUNTED}（共 3 个回路，编号 1–3）的回路。"
    assert not report.is_valid


def test_validate_with_dsn_refuses_a_circuit_beyond_the_cabinets_in_both_languages(registry, standard, profile, tmp_path):
    register_cabinets(registry, standard, profile, tmp_path)
    path = lights_file(tmp_path, [(COUNTED, "2"), (COUNTED, "7")])
    assert assetreg("validate", str(path)).returncode == 0  # without the registry: a warning only
    result = assetreg("validate", str(path), "--dsn", registry)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "record.circuit_out_of_range" in result.stdout and "（共 3 个回路，编号 1–3）" in result.stdout
    result = assetreg("--lang", "en", "validate", str(path), "--dsn", registry)
    assert "(it has 3 circuits, numbered 1–3)" in result.stdout


def test_the_demo_registers_its_cabinets_and_its_lights_validate_without_reference_warnings(demo_db, tmp_path):
    result = assetreg("--lang", "en", "demo", "--dsn", demo_db, "--workdir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Registered 21 lighting cabinets" in result.stdout and "Lighting rate by road class" in result.stdout
    report = json.loads((tmp_path / "validation_report.json").read_text(encoding="utf-8"))
    rules = {finding["rule"] for finding in report["findings"]}
    assert not rules & {"record.reference_not_delivered", "record.circuit_out_of_range"}, rules
    assert "record.duplicate_id" in rules  # the demo's own defects are still found
    (missing,) = query(
        demo_db,
        "SELECT count(*) FROM assetreg.streetlight s WHERE NOT EXISTS (SELECT 1 FROM assetreg.lighting_cabinet c"
        " WHERE c.component_id = s.cabinet_id AND c.circuit_count IS NOT NULL)",
    )[0]
    assert missing == 0
    # the delivery checked against the demo's registry: its cabinets are registered, no light names another
    checked = assetreg("--lang", "en", "validate", str(tmp_path / "xiangzhou_streetlights_delivery.geojson"), "--dsn", demo_db)
    assert "registry.unknown_reference" not in checked.stdout and "record.circuit_out_of_range" not in checked.stdout
    assert "record.reference_not_delivered" not in checked.stdout


def test_an_import_refuses_what_validate_with_the_registry_refuses_and_keeps_the_registry_as_it_was(
    registry, standard, profile, tmp_path
):
    register_cabinets(registry, standard, profile, tmp_path)
    unknown = "44040201060000009"  # neither delivered nor registered
    path = lights_file(tmp_path, [(COUNTED, "2"), (COUNTED, "7"), (unknown, "1")])
    result = assetreg("--lang", "en", "import", str(path), "--class", "streetlight", "--dsn", registry)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "record.circuit_out_of_range" in result.stdout and "registry.unknown_reference" in result.stdout
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight")[0] == (0,)
    # with --accept-valid only the light on a registered cabinet's circuit goes in
    result = assetreg("import", str(path), "--class", "streetlight", "--dsn", registry, "--accept-valid")
    assert result.returncode == 0, result.stdout + result.stderr
    assert query(registry, "SELECT component_id, circuit_id FROM assetreg.streetlight") == [("44040201037000090", "2")]
