"""QGIS tier: the real QGIS 3.22 through pytest-qgis, offscreen; a real PostGIS for layers."""

from __future__ import annotations

import pytest
from asset_registry.core.standard import Standard, load_profile
from asset_registry.storage import localpg, migrate
from asset_registry.storage.importer import import_delivery

from tests.db.conftest import drop_database, new_database
from tests.helpers import numbered_lights, write_geojson


@pytest.fixture(scope="session")
def standard() -> Standard:
    return Standard()


@pytest.fixture(scope="session")
def profile():
    return load_profile("zhuhai")


@pytest.fixture(scope="session")
def lit_registry(standard, profile, tmp_path_factory):
    """A registry with a few streetlights in it."""
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    features = numbered_lights(4) + numbered_lights(2, start=5, status="damaged")
    delivery = write_geojson(tmp_path_factory.mktemp("lights") / "lights.geojson", features)
    import_delivery(dsn, delivery, standard, profile, "streetlight")
    yield dsn
    drop_database(name)
