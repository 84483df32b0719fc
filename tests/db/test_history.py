"""History: every change of an asset, from imports and from plain SQL edits, and the asset as it was."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import psycopg2
import pytest
from asset_registry.core.errors import InputError
from asset_registry.storage import history, migrate
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.db.test_schema import _schema_dump
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

ASSET = "44040201037000001"


def now(dsn: str) -> datetime:
    return query(dsn, "SELECT clock_timestamp()")[0][0]


def edit(dsn: str, statement: str, application: str = "QGIS") -> None:
    conn = psycopg2.connect(dsn, application_name=application)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def test_history_of_an_asset_through_import_edit_and_delete(registry, standard, profile, tmp_path):
    imported = import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(2)), standard, profile)
    after_import = now(registry)
    time.sleep(0.05)
    edit(registry, f"UPDATE assetreg.streetlight SET lamp_power_w = 90 WHERE component_id = '{ASSET}'")
    after_edit = now(registry)
    time.sleep(0.05)
    edit(registry, f"DELETE FROM assetreg.streetlight WHERE component_id = '{ASSET}'", "psql")

    entries = history.history(registry, ASSET)
    assert [e.operation for e in entries] == ["insert", "update", "delete"]
    assert entries[0].submission_id == imported.submission_id and entries[0].changed_by == "postgres"
    assert entries[1].edit_session.startswith("QGIS:") and entries[1].changed_fields() == ["lamp_power_w"]
    assert (entries[1].old_values["lamp_power_w"], entries[1].new_values["lamp_power_w"]) == (120, 90)
    assert entries[2].edit_session.startswith("psql:") and entries[2].old_values["lamp_power_w"] == 90

    before_everything = datetime(2000, 1, 1, tzinfo=UTC)
    assert history.as_of(registry, ASSET, before_everything) is None
    assert history.as_of(registry, ASSET, after_import)["lamp_power_w"] == 120
    as_edited = history.as_of(registry, ASSET, after_edit)
    assert as_edited["lamp_power_w"] == 90 and as_edited["geom"]["type"] == "Point"
    assert history.as_of(registry, ASSET, now(registry)) is None  # deleted by now
    assert history.as_of(registry, str(entries[0].asset_uid), after_import)["component_id"] == ASSET


def test_an_unchanged_rewrite_leaves_no_history(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(2)), standard, profile)
    edit(registry, "UPDATE assetreg.streetlight SET name = name")
    assert query(registry, "SELECT count(*) FROM assetreg.asset_history WHERE operation = 'update'") == [(0,)]
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight WHERE updated_at > created_at") == [(0,)]


def test_history_command(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "a.geojson", numbered_lights(1)), standard, profile)
    edit(registry, f"UPDATE assetreg.streetlight SET status = 'damaged' WHERE component_id = '{ASSET}'")
    shown = assetreg("--lang", "en", "history", ASSET, "--dsn", registry)
    assert shown.returncode == 0, shown.stderr
    assert "insert" in shown.stdout and "status: intact → damaged" in shown.stdout
    past = assetreg("--lang", "en", "history", ASSET, "--at", "2001-01-01T00:00+08:00", "--dsn", registry)
    assert past.returncode == 0 and "did not exist" in past.stdout
    unknown = assetreg("--lang", "en", "history", "44040201037999999", "--dsn", registry)
    assert unknown.returncode == 2 and "no record" in unknown.stderr and "Traceback" not in unknown.stderr
    with pytest.raises(InputError):
        history.history(registry, "not an asset")


def test_upgrade_from_the_first_revision_keeps_assets_starts_history_and_equals_a_fresh_install(
    empty_db, registry, profile, standard
):
    migrate.upgrade(empty_db, profile, "0001")
    edit(
        empty_db,
        "INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, grid_code,"
        " status, initial_date, lamp_type, road_class, geom) VALUES ('44040201037000001', '老路灯', '11440400MB2C10093Y',"
        " '珠海市城管局', '440402001001001', 'intact', '2010-01-01', 'LED', 'arterial',"
        " ST_SetSRID(ST_MakePoint(452000, 2462000), 4547))",
    )
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    assert query(empty_db, "SELECT created_session FROM assetreg.streetlight") == [("revision 0002",)]
    assert [e.operation for e in history.history(empty_db, ASSET)] == ["insert"]
    assert history.as_of(empty_db, ASSET, now(empty_db))["name"] == "老路灯"
    query(empty_db, "DELETE FROM assetreg.streetlight")
    assert _schema_dump(empty_db) == _schema_dump(registry)
    # history survives a rebuild of the app schema (every upgrade does one)
    migrate.upgrade(empty_db, profile)
    assert query(empty_db, "SELECT operation FROM assetreg.asset_history") == [("delete",)]
    assert [e.operation for e in history.history(empty_db, ASSET)] == ["insert", "delete"]
