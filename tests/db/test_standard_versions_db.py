"""A delivery names the version of the standard it follows; the registry records it with the submission."""

from __future__ import annotations

import json

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, bridge, write_geojson
from tests.unit.test_cli import assetreg


def _delivery(directory, version: str, start: int):
    directory.mkdir()
    # bridges: the same in 1.0 and 1.1 (a light differs, in its cabinet_id, and a 1.0 light is refused)
    x, y = XIANGZHOU_XY
    bridges = [(bridge(component_id=f"44040202009{n:06d}"), (x + 50 * n, y)) for n in (start, start + 1)]
    path = write_geojson(directory / "bridges.geojson", bridges)
    envelope = {
        "delivery_id": f"ZH-2026-{version}",
        "deliverer_name": "某测绘有限公司",
        "standard_version": version,
        "profile": "zhuhai",
        "crs": "EPSG:4547",
        "files": [{"path": "bridges.geojson", "family": "bridge"}],
    }
    (directory / "delivery.json").write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    return path


def test_deliveries_to_1_0_and_1_1_import_and_the_submission_says_which(registry, tmp_path):
    for version, start in (("1.0", 101), ("1.1", 201)):
        result = assetreg("--lang", "en", "import", str(_delivery(tmp_path / version, version, start)), "--dsn", registry)
        assert result.returncode == 0, result.stderr
    assert query(registry, "SELECT standard_version, outcome FROM assetreg.submission ORDER BY id") == [
        ("1.0", "accepted"),
        ("1.1", "accepted"),
    ]


def test_an_import_whose_envelope_names_an_unknown_version_is_refused_before_the_registry_is_touched(registry, tmp_path):
    result = assetreg("--lang", "en", "import", str(_delivery(tmp_path / "x", "9.9", 301)), "--dsn", registry)
    assert result.returncode == 2 and "follows version '9.9' of the standard" in result.stderr
    assert "Traceback" not in result.stderr
    assert query(registry, "SELECT count(*) FROM assetreg.submission") == [(0,)]
