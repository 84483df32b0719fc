"""Mis-declared and mixed encodings against a real registry (issue 16): nothing is imported garbled."""

from __future__ import annotations

from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.unit.test_cli import assetreg
from tests.unit.test_encodings import NAMES, shapefile


def test_a_gbk_shapefile_declared_1252_is_not_imported(registry, tmp_path):
    path = tmp_path / "lights.shp"
    shapefile(path, [name.encode("gbk") for name in NAMES], "1252", "gbk")
    for extra in ([], ["--accept-valid"]):
        result = assetreg("--lang", "en", "import", str(path), "--class", "streetlight", "--dsn", registry, *extra)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "file.encoding_misdeclared" in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight")[0][0] == 0


def test_a_utf8_redelivery_with_one_gbk_name_rewrites_no_name(registry, standard, profile, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    shapefile(first / "lights.shp", [name.encode("utf-8") for name in NAMES], "UTF-8")
    import_delivery(registry, first / "lights.shp", standard, profile, "streetlight")
    again = tmp_path / "again"
    again.mkdir()
    names = [name.encode("utf-8") for name in NAMES]
    names[2] = NAMES[2].encode("gbk")
    shapefile(again / "lights.shp", names, None)
    result = import_delivery(registry, again / "lights.shp", standard, profile, "streetlight", mode="upsert", accept_valid=True)
    assert result.rejected == 1
    stored = query(registry, "SELECT name FROM assetreg.streetlight ORDER BY component_id")
    assert [name for (name,) in stored] == NAMES  # the third kept as it was, the others not decoded as GB18030
