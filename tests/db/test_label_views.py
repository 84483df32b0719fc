"""The views the registry project's label layers read (db/app/12_label_views.sql, issue 17): one per family
table, the key, the identifier and the geometry only, read as the user who reads them, written by no one."""

from __future__ import annotations

import psycopg2
import pytest

from tests.db.conftest import query


def test_every_family_has_a_narrow_label_view(registry):
    families = [name for (name,) in query(registry, "SELECT table_name FROM assetreg_app.family_tables()")]
    assert {"streetlight", "road_segment", "tree", "bridge", "park", "park_facility"} <= set(families)
    for family in families:
        columns = query(
            registry,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'assetreg_app' AND table_name = %s"
            " ORDER BY ordinal_position",
            (f"{family}_label",),
        )
        assert [name for (name,) in columns] == ["fid", "component_id", "geom"], family
        view = f"assetreg_app.{family}_label"
        [(options,)] = query(registry, "SELECT reloptions FROM pg_class WHERE oid = %s::regclass", (view,))
        assert options == ["security_invoker=true"], family


def test_the_label_view_shows_the_rows_of_its_table_and_takes_no_writes(registry, login_as):
    query(
        registry,
        "SET session_replication_role = replica;"
        " INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, grid_code,"
        " status, initial_date, lamp_type, road_class, geom)"
        " VALUES ('44040201037000001', 'light', '11440400MB2C10093Y', 'dept', '440402001001001', 'intact',"
        " '2020-01-01', 'LED', 'branch', ST_SetSRID(ST_MakePoint(430000, 2450000), 4547))",
    )
    viewer, editor = login_as("assetreg_viewer"), login_as("assetreg_editor")
    [(fid,)] = query(registry, "SELECT fid FROM assetreg.streetlight")
    assert query(viewer, "SELECT fid, component_id FROM assetreg_app.streetlight_label") == [(fid, "44040201037000001")]
    # an editor writes the table itself, never through the view (it is only read)
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(editor, "UPDATE assetreg_app.streetlight_label SET component_id = '44040201037000002'")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(editor, "DELETE FROM assetreg_app.streetlight_label")
    assert query(registry, "SELECT component_id FROM assetreg.streetlight") == [("44040201037000001",)]
