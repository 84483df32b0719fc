"""Real deliveries against a registry (issue 16): what the city declares "not recorded" is never imported as data."""

from __future__ import annotations

from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, bridge, write_geojson


def test_a_bci_placeholder_is_imported_as_no_rating_not_as_zero(registry, standard, profile, tmp_path):
    # Zhuhai declares 0 and 9999 "not recorded" for a bridge's BCI: accepted with the warning, the BCI stays NULL
    x, y = XIANGZHOU_XY
    features = [
        (bridge(component_id="44040202009000001", bci=0), (x, y)),
        (bridge(component_id="44040202009000002", bci="9999"), (x + 100, y)),
        (bridge(component_id="44040202009000003", bci=72, bci_grade="C"), (x + 200, y)),
    ]
    result = import_delivery(registry, write_geojson(tmp_path / "b.geojson", features), standard, profile, "bridge")
    assert result.inserted == 3
    rows = query(registry, "SELECT component_id, bci, bci_grade FROM assetreg.bridge ORDER BY 1")
    assert rows == [
        ("44040202009000001", None, "B"),
        ("44040202009000002", None, "B"),
        ("44040202009000003", 72, "C"),
    ]
