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


def test_a_nul_in_a_value_is_never_imported_cut(registry, standard, profile, tmp_path):
    from tests.db.conftest import query

    delivery = numbered_lights(3)
    delivery[1][0]["road_name"] = "人民\u0000路"
    path = write_geojson(tmp_path / "nul.geojson", delivery)
    refused = assetreg("--lang", "en", "import", str(path), "--class", "streetlight", "--dsn", registry)
    assert refused.returncode == 1 and "schema.nul_character" in refused.stdout + refused.stderr, refused.stderr
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight")[0][0] == 0
    result = import_delivery(registry, path, standard, profile, "streetlight", accept_valid=True)
    assert result.rejected == 1
    names = query(registry, "SELECT component_id, road_name FROM assetreg.streetlight ORDER BY 1")
    assert names == [("44040201037000001", "人民路"), ("44040201037000003", "人民路")]
    sql = "SELECT properties->>'road_name' FROM assetreg.quarantine WHERE submission_id = %s"
    [(kept,)] = query(registry, sql, (result.submission_id,))
    assert kept == "人民␀路"
