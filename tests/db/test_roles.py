"""Each role can do its job and nothing more, checked by connecting as a login of that role."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from asset_registry.core.errors import InputError
from asset_registry.storage import roles
from asset_registry.storage.importing import import_delivery
from psycopg2 import sql

from tests.db.conftest import admin, query
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg


def can(dsn: str, statement: str, params=None) -> bool:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement, params)
        return True
    except psycopg2.errors.InsufficientPrivilege:
        return False
    finally:
        conn.close()


@pytest.fixture
def lights(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), standard, profile, "streetlight")
    return registry


SELECT_LIGHTS = "SELECT count(*) FROM assetreg.streetlight"
RENAME = "UPDATE assetreg.streetlight SET name = 'x' WHERE component_id = '44040201037000001'"
REPAIR = "UPDATE assetreg.streetlight SET status = 'damaged', change_date = '2026-11-20' WHERE component_id = '44040201037000001'"
DELETE = "DELETE FROM assetreg.streetlight WHERE component_id = '44040201037000002'"
NEW_GRID = (
    "INSERT INTO assetreg.unit_grid (code, geom) VALUES ('440402001001009'," " ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4547)))"
)
FORGE_HISTORY = (
    "INSERT INTO assetreg.asset_history (family, asset_uid, operation) VALUES ('streetlight', gen_random_uuid(), 'delete')"
)


def test_viewer_reads_and_changes_nothing(lights, login_as):
    viewer = login_as("assetreg_viewer")
    assert can(viewer, SELECT_LIGHTS) and can(viewer, "SELECT * FROM assetreg_app.lighting_rate_by_road_class")
    assert not can(viewer, RENAME) and not can(viewer, REPAIR) and not can(viewer, DELETE) and not can(viewer, NEW_GRID)


def test_crew_logs_condition_but_edits_nothing_else(lights, login_as):
    crew = login_as("assetreg_crew")
    assert can(crew, REPAIR)
    assert not can(crew, RENAME) and not can(crew, DELETE)
    assert not can(crew, "UPDATE assetreg.streetlight SET geom = ST_Translate(geom, 5, 0)")
    # the history trigger writes for the crew, though the crew cannot write history itself
    changed_by = query(lights, "SELECT changed_by FROM assetreg.asset_history WHERE operation = 'update'")
    assert changed_by == [(crew.split("user=")[1].split()[0],)]
    assert not can(crew, FORGE_HISTORY)


def test_editor_edits_assets_and_grids_and_cannot_rewrite_history(lights, login_as):
    editor = login_as("assetreg_editor")
    assert can(editor, RENAME) and can(editor, DELETE) and can(editor, NEW_GRID)
    assert not can(editor, FORGE_HISTORY)
    assert not can(editor, "DELETE FROM assetreg.asset_history")
    assert not can(editor, "DROP TABLE assetreg.streetlight")


def test_contractor_sees_only_its_own_submissions(lights, login_as, registry, tmp_path):
    first, second = login_as("assetreg_contractor"), login_as("assetreg_contractor")
    assert not can(first, RENAME) and not can(first, DELETE)
    for dsn in (first, second):
        result = assetreg("--lang", "en", "import", str(write_geojson(tmp_path / "d.geojson", numbered_lights(1, start=9))),
                          "--dry-run", "--dsn", dsn)  # fmt: skip
        assert result.returncode == 0, result.stderr
    own = query(first, "SELECT submitted_by FROM assetreg.submission")
    assert own == [(first.split("user=")[1].split()[0],)]
    assert len(query(registry, "SELECT 1 FROM assetreg.submission")) == 3  # the owner sees all: lights + 2 dry runs
    # a contractor cannot slip a submission in under another name
    assert not can_insert_submission_as(first, "someone_else")


def can_insert_submission_as(dsn: str, who: str) -> bool:
    try:
        return can(
            dsn,
            "INSERT INTO assetreg.submission (file_name, file_sha256, file_bytes, standard_version, profile_id, mode,"
            " submitted_by) VALUES ('x', repeat('0', 64), 0, '1.0', 'zhuhai', 'insert', %s)",
            (who,),
        )
    except psycopg2.Error as exc:  # row-level security refuses with its own error
        assert "row-level security" in str(exc)
        return False


def test_contractor_cannot_import_into_the_registry(lights, login_as, tmp_path):
    contractor = login_as("assetreg_contractor")
    result = assetreg("--lang", "en", "import", str(write_geojson(tmp_path / "d.geojson", numbered_lights(1, start=9))),
                      "--dsn", contractor)  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "permission" in result.stderr.lower()
    assert query(lights, SELECT_LIGHTS) == [(2,)]


def test_standards_office_imports_and_sees_every_submission(lights, login_as, tmp_path):
    standards = login_as("assetreg_standards")
    result = assetreg("--lang", "en", "import", str(write_geojson(tmp_path / "d.geojson", numbered_lights(1, start=9))),
                      "--dsn", standards)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(query(standards, "SELECT 1 FROM assetreg.submission")) == 2
    assert not can(standards, NEW_GRID)


def test_grant_creates_the_login_and_refuses_unknown_roles(registry):
    login = f"test_grant_{uuid.uuid4().hex[:6]}"
    try:
        result = assetreg("--lang", "en", "db", "grant", login, "assetreg_viewer", "--dsn", registry)
        assert result.returncode == 0 and "Created the login" in result.stdout
        assert query(registry, "SELECT pg_has_role(%s, 'assetreg_viewer', 'member')", (login,)) == [(True,)]
        again = assetreg("--lang", "en", "db", "grant", login, "assetreg_viewer", "--dsn", registry)
        assert again.returncode == 0 and "Created" not in again.stdout
    finally:
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))
    with pytest.raises(InputError, match="no role"):
        roles.grant(registry, "someone", "superuser")
    hostile = 'x"; DROP TABLE assetreg.streetlight; --'
    try:
        roles.grant(registry, hostile, "assetreg_viewer")
        assert query(registry, "SELECT count(*) FROM pg_roles WHERE rolname = %s", (hostile,)) == [(1,)]
        assert query(registry, "SELECT to_regclass('assetreg.streetlight') IS NOT NULL") == [(True,)]
    finally:
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(hostile)))


def test_viewer_lists_submissions_and_admin_does_everything(lights, login_as, tmp_path):
    viewer, admin_login = login_as("assetreg_viewer"), login_as("assetreg_admin")
    listing = assetreg("--lang", "en", "submissions", "--dsn", viewer)
    assert listing.returncode == 0 and "accepted" in listing.stdout, listing.stderr
    assert can(admin_login, RENAME) and can(admin_login, DELETE) and can(admin_login, NEW_GRID)
    assert len(query(admin_login, "SELECT 1 FROM assetreg.submission")) == 1
