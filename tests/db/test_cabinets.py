"""Lighting distribution cabinets (standard 1.1, revision 0017, issue 17): a family table of their own with the
same key, class column and defaults as the others, and a light names its cabinet by the cabinet's identifier."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.storage import migrate

from tests.db import test_edit_defaults
from tests.db.conftest import query
from tests.db.test_edit_defaults import DEPT, DISTRICT, GRID, X, Y, add_light, validator_errors

# areas, area defaults and two lights around XIANGZHOU_XY, as the edit-defaults tests have them
mapped = test_edit_defaults.mapped

ADD_CABINET = (
    "INSERT INTO assetreg.lighting_cabinet (name, status, geom)"
    " VALUES ('新配电箱', 'intact', ST_SetSRID(ST_MakePoint(%s, %s), 4547)) RETURNING component_id"
)


def test_cabinets_are_a_family_table_like_the_others(registry):
    assert "lighting_cabinet" in [row[0] for row in query(registry, "SELECT table_name FROM assetreg_app.family_tables()")]
    triggers = {
        row[0] for row in query(registry, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'assetreg.lighting_cabinet'::regclass")
    }
    # the living db/app code reaches it through family_tables(): defaults, identifier rule, history, location
    assert {"assign_defaults", "identifier_insert"} <= triggers and any("history" in name for name in triggers), triggers
    key = query(
        registry,
        "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
        " WHERE c.conrelid = 'assetreg.lighting_cabinet'::regclass AND c.contype = 'p'",
    )
    assert key == [("fid",)]


def test_a_new_cabinet_saved_with_its_geometry_gets_an_identifier_of_class_01060(mapped, standard, profile, tmp_path):
    made = query(mapped, ADD_CABINET, (X + 20, Y))[0][0]
    assert made == f"{DISTRICT}01060000001"
    (row,) = query(
        mapped,
        "SELECT grid_code, competent_dept_code, competent_dept_name, initial_date IS NOT NULL, located_grid"
        " FROM assetreg.lighting_cabinet WHERE component_id = %s",
        (made,),
    )
    assert row == (GRID, *DEPT, True, GRID)
    assert validator_errors(mapped, standard, profile, tmp_path, "lighting_cabinet", made) == []
    assert query(mapped, ADD_CABINET, (X + 40, Y))[0][0] == f"{DISTRICT}01060000002"


def test_a_light_names_a_cabinet_by_its_identifier_and_nothing_else(mapped):
    cabinet = query(mapped, ADD_CABINET, (X + 20, Y))[0][0]
    light = add_light(mapped)
    query(
        mapped, "UPDATE assetreg.streetlight SET cabinet_id = %s, circuit_id = 'HL02' WHERE component_id = %s", (cabinet, light)
    )
    assert query(mapped, "SELECT cabinet_id FROM assetreg.streetlight WHERE component_id = %s", (light,)) == [(cabinet,)]
    for not_a_cabinet in (light, "XZ-PDX-001"):  # another light's identifier, a contractor's own number
        with pytest.raises(psycopg2.errors.CheckViolation):
            query(mapped, "UPDATE assetreg.streetlight SET cabinet_id = %s WHERE component_id = %s", (not_a_cabinet, light))


def test_revision_0017_keeps_a_free_text_cabinet_in_the_remarks_and_downgrades(registry, empty_db, profile):
    migrate.init(empty_db, profile)
    assert migrate.downgrade(empty_db, profile, "0012") == "0012"
    assert query(empty_db, "SELECT to_regclass('assetreg.lighting_cabinet')") == [(None,)]
    for values in [("44040201037000001", "XZ-PDX-001", "旧灯"), ("44040201037000002", "44040201060000007", None)]:
        query(
            empty_db,
            "INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, grid_code, status,"
            " initial_date, lamp_type, road_class, cabinet_id, remarks, geom) VALUES (%s, '灯', '11440400MB2C10093Y', '局',"
            " '440402001001001', 'intact', '2020-01-01', 'LED', 'branch', %s, %s,"
            " ST_SetSRID(ST_MakePoint(452000, 2462000), 4547))",
            values,
        )
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    rows = query(empty_db, "SELECT component_id, cabinet_id, remarks FROM assetreg.streetlight ORDER BY 1")
    assert rows == [
        ("44040201037000001", None, "旧灯 cabinet_id: XZ-PDX-001"),
        ("44040201037000002", "44040201060000007", None),
    ]


def test_an_editor_adds_a_cabinet_as_qgis_sends_it_and_a_viewer_cannot(mapped, login_as):
    """QGIS sends the key fid as NULL for a feature added in a form: the row trigger numbers it, with the
    editor's own rights (USAGE on the family's sequences); a viewer still writes nothing."""
    as_qgis = ADD_CABINET.replace("(name, status, geom)", "(fid, uid, name, status, geom)").replace(
        "VALUES ('新配电箱'", "VALUES (NULL, NULL, '新配电箱'"
    )
    made = query(login_as("assetreg_editor"), as_qgis, (X + 60, Y))[0][0]
    assert made.startswith(f"{DISTRICT}01060")
    assert query(
        mapped, "SELECT fid IS NOT NULL, uid IS NOT NULL FROM assetreg.lighting_cabinet WHERE component_id = %s", (made,)
    ) == [(True, True)]
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        query(login_as("assetreg_viewer"), as_qgis, (X + 80, Y))
