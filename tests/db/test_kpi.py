"""The lighting rate, on a small hand-computed registry."""

from __future__ import annotations

import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.storage.connection import connection
from asset_registry.storage.importer import import_delivery
from asset_registry.storage.kpi import lighting_rate_by_road_class
from asset_registry.storage.workorders import close_work_orders, record_outages

from tests.helpers import numbered_lights, write_geojson


@pytest.fixture
def small_city(registry, standard, profile, tmp_path):
    # arterial: 4 lights, one removed (not expected to light); branch: 6 lights
    features = (
        numbered_lights(3, start=1, road_class="arterial")
        + numbered_lights(1, start=4, road_class="arterial", status="removed", change_date="2024-03-01")
        + numbered_lights(6, start=5, road_class="branch")
    )
    import_delivery(registry, write_geojson(tmp_path / "city.geojson", features), standard, profile)
    with connection(registry) as conn, conn:
        record_outages(conn, "streetlight", ["44040201037000001", "44040201037000005", "44040201037000006"], "out")
        close_work_orders(conn, ["44040201037000006"])
    return registry


def test_lighting_rate_by_road_class_against_targets(small_city):
    with connection(small_city) as conn:
        rows = {row.road_class: row for row in lighting_rate_by_road_class(conn)}
    arterial, branch, total = rows["arterial"], rows["branch"], rows[None]
    assert (arterial.lights_should_be_on, arterial.lights_on) == (3, 2)
    assert arterial.lighting_rate == pytest.approx(0.6667, abs=1e-4)
    assert arterial.target == 0.98 and arterial.meets_target is False
    assert (branch.lights_should_be_on, branch.lights_on) == (6, 5)
    assert branch.lighting_rate == pytest.approx(0.8333, abs=1e-4) and branch.target == 0.96
    assert (total.lights_should_be_on, total.lights_on, total.label_en) == (9, 7, "Total")
    assert total.target is None and total.meets_target is None
    assert "expressway" not in rows  # no lights there: no row, rather than a rate of 0/0


def test_all_lights_on_meets_the_target(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "c.geojson", numbered_lights(4)), standard, profile)
    with connection(registry) as conn:
        rows = {row.road_class: row for row in lighting_rate_by_road_class(conn)}
    assert rows["arterial"].lighting_rate == 1.0 and rows["arterial"].meets_target is True


def test_outage_for_an_unknown_component_is_refused(registry):
    with connection(registry) as conn, pytest.raises(RefusedError, match="44040201037999999"):
        record_outages(conn, "streetlight", ["44040201037999999"], "out")
