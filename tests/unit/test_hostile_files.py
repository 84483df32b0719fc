"""Broken or hostile files (issue 16): a clear finding or refusal, never a traceback, nothing garbled."""

from __future__ import annotations

import pytest
from asset_registry.core.validate import validate_delivery

from tests.helpers import park, square, write_geojson
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
