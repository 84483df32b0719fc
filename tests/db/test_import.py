"""Import: staged, atomic, with conflicts refused and the valid part importable."""

from __future__ import annotations

import pytest
from asset_registry.core.demo_city import CABINETS_FILE, write_demo_files
from asset_registry.core.errors import RefusedError
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson


def count(dsn: str) -> int:
    return query(dsn, "SELECT count(*) FROM assetreg.streetlight")[0][0]


def test_valid_delivery_is_imported_with_every_attribute(registry, standard, profile, tmp_path):
    path = write_geojson(tmp_path / "ok.geojson", numbered_lights(3, status="完好", road_class="主干路"))
    result = import_delivery(registry, path, standard, profile, "streetlight")
    assert (result.inserted, result.updated, result.rejected) == (3, 0, 0)
    rows = query(
        registry,
        "SELECT component_id, status, road_class, lamp_power_w, initial_date::text, "
        "ST_SRID(geom), ST_X(geom) FROM assetreg.streetlight ORDER BY 1",
    )
    assert rows[0] == ("44040201037000001", "intact", "arterial", 120.0, "2020-05-01", 4547, XIANGZHOU_XY[0] + 30)


def test_wgs84_delivery_is_reprojected_to_the_registry_crs(registry, standard, profile, tmp_path):
    path = write_geojson(tmp_path / "wgs84.geojson", [(light(), (113.55, 22.27))], epsg=None)
    import_delivery(registry, path, standard, profile, "streetlight")
    x, y, lon, lat = query(
        registry,
        "SELECT ST_X(geom), ST_Y(geom), ST_X(ST_Transform(geom, 4490)), "
        "ST_Y(ST_Transform(geom, 4490)) FROM assetreg.streetlight",
    )[0]
    assert 440_000 < x < 470_000 and 2_450_000 < y < 2_480_000
    assert lon == pytest.approx(113.55, abs=1e-6) and lat == pytest.approx(22.27, abs=1e-6)


def test_invalid_delivery_is_refused_whole_unless_the_valid_part_is_accepted(registry, standard, profile, tmp_path):
    city, _, delivery = write_demo_files(tmp_path, standard, seed=3)
    import_delivery(registry, tmp_path / CABINETS_FILE, standard, profile, "lighting_cabinet")  # the lights name them
    with pytest.raises(RefusedError, match="--accept-valid"):
        import_delivery(registry, delivery, standard, profile, "streetlight")
    assert count(registry) == 0
    result = import_delivery(registry, delivery, standard, profile, "streetlight", accept_valid=True)
    invalid = {n for numbers in city.defects.values() for n in numbers}
    assert result.rejected == len(invalid)
    assert result.inserted == count(registry) == len(city.lights) - len(invalid)


def test_insert_refuses_identifiers_already_registered_and_changes_nothing(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile)
    before = query(registry, "SELECT component_id, updated_at FROM assetreg.streetlight ORDER BY 1")
    overlapping = write_geojson(tmp_path / "b.geojson", numbered_lights(3, start=3))
    with pytest.raises(RefusedError, match="44040201037000003") as error:
        import_delivery(registry, overlapping, standard, profile)
    assert "upsert" in error.value.en
    assert query(registry, "SELECT component_id, updated_at FROM assetreg.streetlight ORDER BY 1") == before


def test_upsert_updates_registered_components_and_adds_new_ones(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(3)), standard, profile)
    changed = write_geojson(tmp_path / "b.geojson", numbered_lights(3, start=2, lamp_type="HPS"))
    result = import_delivery(registry, changed, standard, profile, mode="upsert")
    assert (result.inserted, result.updated) == (1, 2)
    assert query(registry, "SELECT component_id, lamp_type FROM assetreg.streetlight ORDER BY 1") == [
        ("44040201037000001", "LED"),
        ("44040201037000002", "HPS"),
        ("44040201037000003", "HPS"),
        ("44040201037000004", "HPS"),
    ]


def test_a_failure_inside_promotion_leaves_the_registry_as_it_was(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(2)), standard, profile)
    before = query(registry, "SELECT * FROM assetreg.streetlight ORDER BY component_id")
    # a rule the database holds but the validator does not know: the promotion fails half-way
    query(registry, "ALTER TABLE assetreg.streetlight ADD CONSTRAINT test_low_power CHECK (lamp_power_w < 100) NOT VALID")
    later = write_geojson(
        tmp_path / "b.geojson", numbered_lights(5, start=1, lamp_type="HPS", lamp_power_w=50) + numbered_lights(1, start=6)
    )
    with pytest.raises(RefusedError, match="test_low_power"):
        import_delivery(registry, later, standard, profile, mode="upsert")
    assert query(registry, "SELECT * FROM assetreg.streetlight ORDER BY component_id") == before


def test_hostile_values_are_data(registry, standard, profile, tmp_path):
    nasty = "x'); DROP TABLE assetreg.streetlight; --"
    path = write_geojson(tmp_path / "nasty.geojson", numbered_lights(1, remarks=nasty, road_name='路"\\,\n名'))
    import_delivery(registry, path, standard, profile)
    assert query(registry, "SELECT remarks, road_name FROM assetreg.streetlight") == [(nasty, '路"\\,\n名')]
