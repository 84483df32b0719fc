"""A light naming its cabinet (issue 17 item 1): without the registry, a cabinet the delivery does not hold is a
warning (record.reference_not_delivered: it may be registered already); a cabinet in another layer of the same
file is no finding; the fast path notes the same references as the reference path."""

from __future__ import annotations

from pathlib import Path

import pytest
from asset_registry.core import fastpath
from asset_registry.core.submission import prepare, validate_submission
from asset_registry.core.validate import validate_delivery
from osgeo import gdal

from tests.helpers import COMMON, XIANGZHOU_XY, light, write_geojson

CABINET = "44040201060000001"


def lights(tmp_path: Path, cabinets: list[str]) -> Path:
    features = [
        (light(component_id=f"4404020103700000{i + 1}", cabinet_id=c), (XIANGZHOU_XY[0] + 30 * i, XIANGZHOU_XY[1]))
        for i, c in enumerate(cabinets)
    ]
    return write_geojson(tmp_path / "lights.geojson", features)


@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_a_cabinet_not_in_the_delivery_is_a_warning_naming_it(standard, profile, tmp_path, monkeypatch, exact_limit):
    """exact_limit 0: the fast path's vectorized text tests, as for a column of very many distinct values."""
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    path = lights(tmp_path, [CABINET, CABINET, "44040201060000002"])
    for fast in (True, False):
        report = validate_delivery(path, standard, profile, "streetlight", fast=fast)
        assert report.engine == ("fast" if fast else "reference")
        found = [(f.feature, f.value, f.severity) for f in report.findings]
        # once per cabinet, on the first light naming it
        assert found == [(1, CABINET, "warning"), (3, "44040201060000002", "warning")], fast
        assert report.is_valid
        said = report.findings[0].message("zh")
        assert said == f"“配电箱编号”所指的路灯配电箱 '{CABINET}' 不在本次交付中；若它已登记，请加 --dsn 对照登记库检查。"


def test_a_cabinet_in_another_layer_of_the_same_file_is_no_finding(standard, profile, tmp_path):
    cabinets = write_geojson(
        tmp_path / "cabinets.geojson", [({**COMMON, "component_id": CABINET, "name": "配电箱1"}, XIANGZHOU_XY)]
    )
    delivery = tmp_path / "delivery.gpkg"
    gdal.VectorTranslate(str(delivery), str(lights(tmp_path, [CABINET, "44040201060000002"])), layerName="lights")
    gdal.VectorTranslate(str(delivery), str(cabinets), layerName="cabinets", accessMode="append")
    submission = prepare(delivery, "zhuhai")
    by_layer = {r.layer: r for r in validate_submission(delivery, submission)}
    assert by_layer["cabinets"].family == "lighting_cabinet" and by_layer["cabinets"].findings == []
    assert [(f.rule, f.feature, f.value) for f in by_layer["lights"].findings] == [
        ("record.reference_not_delivered", 2, "44040201060000002")
    ]
