"""A delivery goes into a registry that follows another version of the standard only where the two
versions agree on its class (core/versions.py): a 1.0 delivery of streetlights fits the 1.1
registry, whose streetlights are 1.0's; a version whose streetlight allows more lamp heads is refused, naming the field, with the
registry left as it was."""

from __future__ import annotations

import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.standard import Standard
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, bridge, edit_json, next_standard, numbered_lights, write_geojson


@pytest.fixture
def standard_1_2(tmp_path):
    root = tmp_path / "standards"
    target = next_standard(root)
    edit_json(target / "streetlight.schema.json", lambda body: body["properties"]["lamp_count"].update(maximum=16))
    return Standard("1.2", root=root)


def test_a_delivery_under_1_0_goes_into_the_1_1_registry_where_they_agree(registry, profile, tmp_path):
    assert profile.standard_version == "1.1"
    x, y = XIANGZHOU_XY
    bridges = [(bridge(component_id=f"44040202009{n:06d}"), (x + 50 * n, y)) for n in (1, 2, 3)]
    result = import_delivery(registry, write_geojson(tmp_path / "b.geojson", bridges), Standard("1.0"), profile, "bridge")
    assert result.inserted == 3


def test_a_1_0_light_is_refused_by_the_1_1_registry_naming_its_cabinet(registry, profile, tmp_path):
    # 1.1 makes a light's cabinet_id a cabinet's identifier, which a 1.0 light may give in free text
    path = write_geojson(tmp_path / "a.geojson", numbered_lights(3))
    with pytest.raises(RefusedError) as refused:
        import_delivery(registry, path, Standard("1.0"), profile, "streetlight")
    assert "cabinet_id" in refused.value.message("en") and refused.value.exit_code == 1
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(0,)]


def test_a_delivery_under_a_version_that_differs_is_refused_and_changes_nothing(registry, profile, standard_1_2, tmp_path):
    path = write_geojson(tmp_path / "a.geojson", numbered_lights(3))
    submissions = query(registry, "SELECT count(*) FROM assetreg.submission")
    with pytest.raises(RefusedError) as refused:
        import_delivery(registry, path, standard_1_2, profile, "streetlight")
    assert refused.value.exit_code == 1
    assert "lamp_count" in refused.value.message("en") and "1.2" in refused.value.message("en")
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(0,)]
    assert query(registry, "SELECT count(*) FROM assetreg.submission") == submissions
