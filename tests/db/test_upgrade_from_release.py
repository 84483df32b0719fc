"""A registry made by the previous release's code, with data in it, upgraded by today's code, equals
a fresh install: what a city's database holds, not two replays of today's code.

The previous release is a commit of this repository (PREVIOUS_RELEASE), taken out with `git archive`
and run in a child process as its own `asset_registry` package. When a release is made, its commit
goes here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from asset_registry.storage import migrate

from tests.db.conftest import query
from tests.db.test_schema import _schema_dump
from tests.helpers import numbered_lights, write_geojson

REPO = Path(__file__).resolve().parents[2]
# 0.1.0 as it landed before the security work (revision 0009, db/app before its definer rules)
PREVIOUS_RELEASE = "01b679be506dca7238ec7c8653c8733a2a6998d2"

BUILD_WITH_PREVIOUS = """
import sys
from asset_registry.core.standard import Standard, load_profile
from asset_registry.storage import migrate
from asset_registry.storage.importer import import_delivery
dsn, delivery = sys.argv[1], sys.argv[2]
profile = load_profile("zhuhai")
migrate.init(dsn, profile)
import_delivery(dsn, delivery, Standard(), profile, "streetlight")
print(migrate.head_revision())
"""


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory) -> Path:
    """A folder whose `asset_registry` is the previous release's plugin/ (beside its db/ and standards/)."""
    has_commit = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"], check=False)
    if has_commit.returncode != 0:
        pytest.fail(f"the previous release {PREVIOUS_RELEASE} is not in this clone's history (a shallow clone?)")
    root = tmp_path_factory.mktemp("previous-release")
    (root / "checkout").mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS_RELEASE, "plugin", "db", "standards", "metadata.txt"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root / "checkout")], input=archive, check=True)
    (root / "site").mkdir()
    (root / "site" / "asset_registry").symlink_to(root / "checkout" / "plugin")
    return root


def test_a_registry_of_the_previous_release_upgrades_to_a_fresh_install(previous_release, empty_db, registry, profile, tmp_path):
    delivery = write_geojson(tmp_path / "lights.geojson", numbered_lights(3))
    built = subprocess.run(
        [sys.executable, "-c", BUILD_WITH_PREVIOUS, empty_db, str(delivery)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(previous_release / "site")},
    )
    assert built.returncode == 0, built.stderr
    before = query(empty_db, "SELECT component_id, created_by FROM assetreg.streetlight ORDER BY 1")
    assert len(before) == 3

    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()

    assert _schema_dump(empty_db) == _schema_dump(registry)
    assert query(empty_db, "SELECT component_id, created_by FROM assetreg.streetlight ORDER BY 1") == before
    # what the upgrade brings works on what the previous release registered
    conn = psycopg2.connect(empty_db)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM assetreg_app.family_keys WHERE table_name = 'streetlight'")
            assert cur.fetchone()[0] > 0
    finally:
        conn.close()
