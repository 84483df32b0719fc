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
        properties.update({"fid": f"A-{number:04d}", "Remarks": "upper", "remarks": "lower"})
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
    # written names differ by more than case: the second is numbered
    assert (feature.attributes["Remarks"], feature.attributes["remarks_2"]) == ("upper", "lower")


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


def test_a_dsn_naming_the_stopped_local_server_says_how_to_start_it(tmp_path):
    """A server of its own (folder and port), started and stopped by the command line as a user would."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from tests.db.test_local_server import _free_port

    folder = Path(tempfile.mkdtemp(prefix="assetreg-pg-"))  # not under pytest's folder, which the server may not enter
    env = {k: v for k, v in os.environ.items() if k not in ("ASSETREG_DSN", "PGHOST", "PGSERVICE", "PGDATABASE", "PGUSER")}
    env.update(ASSETREG_PGDATA=str(folder / "pg"), ASSETREG_PGPORT=str(_free_port()), ASSETREG_PG_SHARED_BUFFERS="128MB")
    dsn = f"host={env['ASSETREG_PGDATA']} port={env['ASSETREG_PGPORT']} user=postgres dbname=postgres"
    try:
        assert assetreg("server", "start", env=env).returncode == 0
        assert assetreg("server", "stop", env=env).returncode == 0
        for command in (("db", "status"), ("export", "--class", "streetlight", "--out", str(tmp_path / "x.gpkg"))):
            english = assetreg("--lang", "en", *command, "--dsn", dsn, env=env)
            assert english.returncode == 2, english.stderr
            assert "is not running" in english.stderr and "assetreg server start" in english.stderr
            chinese = assetreg(*command, "--dsn", dsn, env=env)
            assert chinese.returncode == 2 and "没有运行" in chinese.stderr and "assetreg server start" in chinese.stderr
            assert "Traceback" not in english.stderr + chinese.stderr
        assert assetreg("server", "start", env=env).returncode == 0
        running = assetreg("--lang", "en", "db", "status", "--dsn", dsn, env=env)
        assert "is not running" not in running.stderr and "assetreg server start" not in running.stderr
    finally:
        assetreg("server", "stop", env=env)
        shutil.rmtree(folder, ignore_errors=True)


def test_an_unclosed_ring_is_refused_or_quarantined_never_a_traceback(registry, standard, profile, tmp_path):
    from tests.db.conftest import query
    from tests.helpers import park, square

    closed = square(452000, 2462000)
    unclosed = square(452200, 2462000)
    unclosed["coordinates"] = [unclosed["coordinates"][0][:-1]]
    delivery = [(park(component_id="44040204013000001"), closed), (park(component_id="44040204013000002"), unclosed)]
    path = write_geojson(tmp_path / "parks.geojson", delivery)
    refused = assetreg("--lang", "en", "import", str(path), "--class", "park", "--dsn", registry)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    accepted = assetreg("--lang", "en", "import", str(path), "--class", "park", "--accept-valid", "--dsn", registry)
    assert accepted.returncode == 0 and "Traceback" not in accepted.stderr, accepted.stderr
    assert query(registry, "SELECT component_id FROM assetreg.park") == [("44040204013000001",)]
    out = tmp_path / "fix.gpkg"
    submission = query(registry, "SELECT max(submission_id) FROM assetreg.quarantine")[0][0]
    exported = assetreg("quarantine", "export", str(submission), "--out", str(out), "--dsn", registry)
    assert exported.returncode == 0 and "Traceback" not in exported.stderr, exported.stderr
