"""The command line against a real registry: db, import, kpi, demo."""

from __future__ import annotations

import json

import pytest

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.unit.test_cli import assetreg


def test_db_init_status_import_kpi(empty_db, tmp_path):
    assert assetreg("db", "status", "--dsn", empty_db).returncode == 1  # nothing there yet
    init = assetreg("--lang", "en", "db", "init", "--dsn", empty_db)
    assert init.returncode == 0, init.stderr
    status = assetreg("--lang", "en", "db", "status", "--dsn", empty_db)
    assert status.returncode == 0 and "streetlight: 0" in status.stdout and "zhuhai" in status.stdout

    good = write_geojson(tmp_path / "good.geojson", numbered_lights(3))
    result = assetreg("--lang", "en", "import", str(good), "--dsn", empty_db)
    assert result.returncode == 0, result.stderr
    assert "3 new" in result.stdout and "Imported (submission 1)" in result.stdout

    again = assetreg("--lang", "en", "import", str(good), "--dsn", empty_db)
    assert again.returncode == 1 and "--mode upsert" in again.stderr

    missing_lamp_type = (light(component_id="44040201037000010", lamp_type=None), XIANGZHOU_XY)
    bad = write_geojson(tmp_path / "bad.geojson", [missing_lamp_type, *numbered_lights(1, start=11)])
    refused = assetreg("import", str(bad), "--dsn", empty_db)
    assert refused.returncode == 1 and "--accept-valid" in refused.stderr
    accepted = assetreg("import", str(bad), "--dsn", empty_db, "--accept-valid")
    assert accepted.returncode == 0
    assert query(empty_db, "SELECT count(*) FROM assetreg.streetlight") == [(4,)]

    kpi = assetreg("kpi", "--dsn", empty_db, "--format", "json")
    assert kpi.returncode == 0
    rows = json.loads(kpi.stdout)["rows"]
    assert rows[-1]["is_total"] is True and rows[-1]["lights_on"] == 4


def test_demo_runs_twice_with_the_same_result(demo_db, tmp_path):
    first = assetreg("--lang", "en", "demo", "--dsn", demo_db, "--workdir", str(tmp_path))
    assert first.returncode == 0, first.stderr
    second = assetreg("--lang", "en", "demo", "--dsn", demo_db, "--workdir", str(tmp_path))
    assert second.returncode == 0, second.stderr
    assert first.stdout == second.stdout
    assert "Validation FAILED" in first.stdout and "Lighting rate by road class" in first.stdout
    assert "MISSED" in first.stdout and "met" in first.stdout


def test_demo_refuses_a_database_not_meant_for_demos(registry, tmp_path):
    result = assetreg("--lang", "en", "demo", "--dsn", registry, "--workdir", str(tmp_path))
    assert result.returncode == 1 and "demo" in result.stderr
    assert query(registry, "SELECT to_regclass('assetreg.streetlight')") != [(None,)]


def test_import_through_a_mapping(registry, tmp_path):
    features = [
        (
            {"编号": f"{serial:06d}", "灯型": "钠灯", **light(component_id=None, lamp_type=None)},
            (XIANGZHOU_XY[0] + serial * 40, XIANGZHOU_XY[1]),
        )
        for serial in (1, 2)
    ]
    delivery = write_geojson(tmp_path / "lights.geojson", features)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "family": "streetlight",
                "columns": {"灯型": "lamp_type"},
                "values": {"lamp_type": {"钠灯": "HPS"}},
                "templates": {"component_id": "44040201037{编号}"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = assetreg("--lang", "en", "import", str(delivery), "--dsn", registry, "--mapping", str(mapping))
    assert result.returncode == 0, result.stdout + result.stderr
    assert query(registry, "SELECT component_id, lamp_type FROM assetreg.streetlight ORDER BY 1") == [
        ("44040201037000001", "HPS"),
        ("44040201037000002", "HPS"),
    ]


def test_importing_assets_as_inspection_records_is_refused_by_validation(registry, tmp_path):
    # inspection records are imported (tests/db/test_inspections.py); streetlights are not inspections
    path = write_geojson(tmp_path / "survey.geojson", numbered_lights(1))
    result = assetreg("--lang", "en", "import", str(path), "--class", "inspection", "--dsn", registry)
    assert result.returncode == 1 and "schema.required" in result.stdout and "nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [["import", "{file}"], ["submissions"], ["history", "44040201037000001"], ["quarantine", "export", "1", "--out", "{out}"]],
)
def test_registry_commands_on_an_uninitialised_database_say_what_to_do(empty_db, tmp_path, command):
    file = write_geojson(tmp_path / "d.geojson", numbered_lights(1))
    args = [part.format(file=file, out=tmp_path / "q.gpkg") for part in command]
    result = assetreg("--lang", "en", *args, "--dsn", empty_db)
    assert result.returncode == 2, result.stderr
    assert "not an initialised registry" in result.stderr and "assetreg db init" in result.stderr
    assert "Traceback" not in result.stderr
