"""``asset_registry:case_repeats`` through processing.run in a real QGIS against a real registry: the repeated
complaints of a period as a point layer, the same list as ``assetreg kpi repeats`` (tests/db/test_case_repeats.py)."""

from __future__ import annotations

from asset_registry.core.standard import Standard
from asset_registry.storage.importing import import_delivery
from qgis.core import QgsApplication

from tests.db.test_case_repeats import CASES
from tests.helpers import write_geojson


def test_repeated_complaints_as_a_point_layer(lights_db, plugin, profile, tmp_path):
    import processing

    import_delivery(lights_db, write_geojson(tmp_path / "cases.geojson", CASES), Standard("1.1"), profile, "work_order")
    algorithm = QgsApplication.processingRegistry().algorithmById("asset_registry:case_repeats")
    assert algorithm.displayName() == "重复投诉"  # QGIS runs in Chinese here
    result = processing.run("asset_registry:case_repeats", {"PERIOD": "2026-11", "DSN": lights_db, "OUTPUT": "memory:repeats"})
    layer = result["OUTPUT"]
    assert result["COUNT"] == 2 and layer.crs().authid() == "EPSG:4547"
    rows = [(f["case_no"], f["earlier_case_no"], f["same_asset"], f["distance_m"], f["reported_at"]) for f in layer.getFeatures()]
    assert rows == [
        ("R02", "R01", True, 500.0, "2026-11-02 09:00+08:00"),
        ("R04", "R03", False, 30.0, "2026-11-08 09:00+08:00"),
    ]
    points = [f.geometry().asPoint() for f in layer.getFeatures()]
    assert [(p.x(), p.y()) for p in points] == [(452500.0, 2462000.0), (455020.0, 2462070.0)]
