"""Broken or hostile files (issue 16) against a real registry: what is quarantined comes back out whole."""

from __future__ import annotations

import pytest
from asset_registry.core.reader import Delivery
from asset_registry.storage.importing import import_delivery

from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg


@pytest.fixture
def quarantined_with_fid(registry, standard, profile, tmp_path):
    """A delivery whose own column "fid" is text, as a GIS export often has; its second light is invalid."""
    delivery = numbered_lights(3)
    for number, (properties, _) in enumerate(delivery, start=1):
        properties["fid"] = f"A-{number:04d}"
    delivery[1][0]["lamp_type"] = "BAD"
    path = write_geojson(tmp_path / "with_fid.geojson", delivery)
    result = import_delivery(registry, path, standard, profile, "streetlight", accept_valid=True)
    assert result.rejected == 1
    return registry, str(result.submission_id)


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".csv"])
def test_quarantine_export_keeps_a_text_fid_column(quarantined_with_fid, tmp_path, suffix):
    dsn, submission = quarantined_with_fid
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"fix{suffix}"
    result = assetreg("--lang", "en", "quarantine", "export", submission, "--out", str(out), "--dsn", dsn)
    assert result.returncode == 0, result.stderr
    assert [path.name for path in folder.iterdir()] == [out.name]  # no partial file left beside it
    with Delivery(out) as delivery:
        [feature] = list(delivery.features())
    assert (feature.attributes["fid"], feature.attributes["lamp_type"]) == ("A-0002", "BAD")
    assert feature.attributes["chk_rules"] == "schema.codelist"
