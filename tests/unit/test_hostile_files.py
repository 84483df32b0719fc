"""Broken or hostile files (issue 16): a clear finding or refusal, never a traceback, nothing garbled."""

from __future__ import annotations

import pytest
from asset_registry.core.validate import validate_delivery

from tests.helpers import numbered_lights, park, square, write_geojson
from tests.unit.test_cli import assetreg


def unclosed(geometry: dict) -> dict:
    """The polygon with the last point of its outer ring left off."""
    rings = geometry["coordinates"]
    return {**geometry, "coordinates": [rings[0][:-1], *rings[1:]]}


# -- an unclosed polygon ring -------------------------------------------------------------------------


@pytest.mark.parametrize("fast", [True, False])
def test_an_unclosed_ring_is_a_finding_naming_its_ends(tmp_path, standard, profile, fast):
    closed = square(452000, 2462000)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(452500, 2462000)["coordinates"], unclosed(square(452800, 2462000))["coordinates"]],
    }
    features = [
        (park(component_id="44040204013000001"), closed),
        (park(component_id="44040204013000002"), unclosed(square(452200, 2462000))),
        (park(component_id="44040204013000003"), multi),
    ]
    path = write_geojson(tmp_path / "parks.geojson", features)
    report = validate_delivery(path, standard, profile, "park", fast=fast)
    assert [(f.rule, f.feature) for f in report.findings] == [("geometry.invalid", 2), ("geometry.invalid", 3)]
    second = report.findings[0]
    assert "(452200, 2462000)" in second.message("en") and "(452200, 2462100)" in second.message("en")
    assert "not closed" in second.message("en") and "未闭合" in second.message("zh")


def test_an_unclosed_ring_exits_1_on_the_command_line(tmp_path):
    path = write_geojson(tmp_path / "park.geojson", [(park(), unclosed(square(452000, 2462000)))])
    result = assetreg("--lang", "en", "validate", str(path), "--class", "park")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "GEOSException" not in result.stderr
    assert "geometry.invalid" in result.stdout and "not closed" in result.stdout


# -- a delivery's own "fid" column --------------------------------------------------------------------


@pytest.mark.parametrize("fid", ["A-0001", 7, "12"])
def test_the_error_layer_keeps_a_delivery_column_named_fid(tmp_path, standard, profile, fid):
    from asset_registry.core.error_layer import write_error_layer
    from asset_registry.core.reader import Delivery

    features = numbered_lights(3)
    for properties, _ in features:
        properties["fid"] = fid
    features[1][0]["lamp_type"] = "BAD"
    path = write_geojson(tmp_path / "lights.geojson", features)
    report = validate_delivery(path, standard, profile, "streetlight")
    out = tmp_path / "errors.gpkg"
    assert write_error_layer(report, out) == 1
    with Delivery(out) as layer:
        [feature] = list(layer.features())
    assert (feature.attributes["fid"], feature.attributes["chk_feature"]) == (str(fid), 2)


def test_the_error_layer_command_with_a_text_fid_writes_a_layer(tmp_path):
    features = numbered_lights(2)
    for number, (properties, _) in enumerate(features, start=1):
        properties["FID"] = f"A-{number}"
    features[0][0]["lamp_type"] = "BAD"
    path = write_geojson(tmp_path / "lights.geojson", features)
    out = tmp_path / "errors.gpkg"
    result = assetreg("--lang", "en", "validate", str(path), "--error-layer", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "1 failing features written" in result.stdout
    from asset_registry.core.reader import Delivery

    with Delivery(out) as layer:
        assert [feature.attributes["FID"] for feature in layer.features()] == ["A-1"]
