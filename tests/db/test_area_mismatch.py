"""registry.area_mismatch (issue 16 item 7): a delivered district (the identifier's first six digits), street or
community code that disagrees with the area the feature lies in is a finding once areas are loaded, on every
path a delivery takes: validation against the registry, a first load, a direct insert and a comparison."""

from __future__ import annotations

import pytest
from asset_registry.core.validate import validate_delivery
from asset_registry.storage.areas import load_areas
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.registry_checks import check_against_registry

from tests.db.test_edit_defaults import COMMUNITY, DISTRICT, STREET, area
from tests.helpers import light, numbered_lights, square, write_geojson
from tests.unit.test_cli import assetreg

RULE = "registry.area_mismatch"


@pytest.fixture
def areas(registry, profile, tmp_path):
    """Districts, a street and a community around XIANGZHOU_XY, no unit grid."""
    loaded = [
        area("district", DISTRICT, "香洲区", 2000),
        area("street", STREET, "拱北街道", 1500),
        area("community", COMMUNITY, "夏湾社区", 1000),
    ]
    load_areas(registry, write_geojson(tmp_path / "areas.geojson", loaded), profile)
    return registry


def lights(tmp_path, name: str, count: int, start: int = 1, wrong: dict[int, dict] | None = None):
    """Lights that state the areas they lie in, but for the serials in ``wrong`` (their changes)."""
    features = numbered_lights(count, start, street_code=STREET, community_code=COMMUNITY)
    for serial, changes in (wrong or {}).items():
        properties, xy = features[serial - start]
        features[serial - start] = ({**properties, **changes}, xy)
    return write_geojson(tmp_path / name, features)


def mismatches(report) -> list[tuple[int, str, str]]:
    return [(f.feature, f.field, f.value) for f in report.findings if f.rule == RULE]


def test_a_first_load_a_direct_insert_and_an_upsert_find_them(areas, standard, profile, tmp_path):
    first = import_delivery(areas, lights(tmp_path, "a.geojson", 3, wrong={2: {"street_code": "440402002"}}), standard, profile)
    assert first.inserted == 3 and mismatches(first.report) == [(2, "street_code", "440402002")]
    finding = next(f for f in first.report.findings if f.rule == RULE)
    assert finding.message("zh") == "填报的街道代码 '440402002' 与几何位置所在区域不符：几何位于 440402001 拱北街道。"
    assert finding.message("en").startswith("The Street code given, '440402002', does not match the area")

    direct = import_delivery(
        areas, lights(tmp_path, "b.geojson", 2, start=4, wrong={5: {"community_code": "440402001009"}}), standard, profile
    )
    assert direct.inserted == 2 and mismatches(direct.report) == [(2, "community_code", "440402001009")]

    upsert = import_delivery(
        areas, lights(tmp_path, "c.geojson", 2, wrong={1: {"street_code": "440402003"}}), standard, profile, mode="upsert"
    )
    assert mismatches(upsert.report) == [(1, "street_code", "440402003")]


def test_the_identifiers_district_is_checked_and_the_grid_decides_where_one_is_loaded(areas, standard, profile, tmp_path):
    x, y = numbered_lights(1)[0][1]
    grid = {"level": "grid", "code": "440402001002001", "name": "网格"}  # a 10 m cell around the first light
    load_areas(areas, write_geojson(tmp_path / "grid.geojson", [(grid, square(x - 5, y - 5, 10))]), profile)
    features = [
        # in the grid: its street and community are the grid's (440402001, 440402001002), not the polygons'
        (light(component_id="44040201037000001", street_code=STREET, community_code=COMMUNITY), (x, y)),
        # outside the grid, the district polygon: the identifier says another district
        (light(component_id="44040301037000002", street_code=STREET, community_code=COMMUNITY), (x + 60, y)),
    ]
    path = write_geojson(tmp_path / "d.geojson", features)
    report = validate_delivery(path, standard, profile, "streetlight")
    check_against_registry(areas, report, standard, profile, path)
    assert mismatches(report) == [(1, "community_code", "440402001001"), (2, "component_id", "440403")]
    assert "标识码中的区县代码 '440403'" in report.findings[-1].message("zh")
    assert report.is_valid  # a warning: the position decides where the registry locates the asset


def test_nothing_is_found_where_no_area_is_loaded(registry, standard, profile, tmp_path):
    result = import_delivery(
        registry, lights(tmp_path, "a.geojson", 2, wrong={1: {"street_code": "440402002"}}), standard, profile
    )
    assert mismatches(result.report) == []


def test_validate_with_dsn_on_the_command_line(areas, tmp_path):
    path = lights(tmp_path, "a.geojson", 2, wrong={2: {"community_code": "440402001009"}})
    result = assetreg("--lang", "en", "validate", str(path), "--dsn", areas)
    assert result.returncode == 0, result.stderr
    assert RULE in result.stdout and "440402001009" in result.stdout
