"""Inspection records come only through an import (db/app/46_inspection_guard.sql, issue 13): a login of each
registry role tries to write one directly and is refused in words; an import by the same login goes through;
the admin keeps the direct way for corrections."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.storage.errors import refusal
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, tree, write_geojson

TREE = "44040204002000001"
DIRECT = (
    "INSERT INTO assetreg.inspection (inspection_id, kind, component_id, inspected_at, asset_family, asset_uid)"
    " SELECT %s, 'tree_survey', component_id, now(), 'tree', uid FROM assetreg.tree"
)


@pytest.fixture
def a_tree(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "t.geojson", [(tree(), XIANGZHOU_XY)]), standard, profile)
    return registry


def write_directly(dsn: str, record_id: str) -> psycopg2.Error | None:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(DIRECT, (record_id,))
    except psycopg2.Error as refused:
        return refused
    finally:
        conn.close()
    return None


@pytest.mark.parametrize("role", ["assetreg_crew", "assetreg_editor", "assetreg_standards"])
def test_a_role_that_records_inspections_writes_them_only_through_an_import(a_tree, login_as, role, standard, profile, tmp_path):
    dsn = login_as(role)
    refused = write_directly(dsn, "DIRECT-1")
    assert refused is not None and refused.pgcode == "AR040"
    said = refusal(refused)
    assert "只能通过导入" in said.message("zh") and "only through an import" in said.message("en")
    if role == "assetreg_crew":
        return  # a crew's tree survey may not change the tree's vigour, which the import writes; its patrols it imports
    survey = {"inspection_id": "S-1", "kind": "tree_survey", "component_id": TREE,
              "inspected_at": "2026-04-02T10:00:00+08:00", "status_found": "damaged"}  # fmt: skip
    result = import_delivery(dsn, write_geojson(tmp_path / "s.geojson", [(survey, None)]), standard, profile, "inspection")
    assert result.inserted == 1
    assert query(a_tree, "SELECT inspection_id, asset_family FROM assetreg.inspection") == [("S-1", "tree")]


def test_a_viewer_and_a_contractor_may_not_write_them_at_all(a_tree, login_as):
    for role in ("assetreg_viewer", "assetreg_contractor"):
        refused = write_directly(login_as(role), f"DIRECT-{role}")
        assert refused is not None and refused.pgcode in ("42501", "AR040")
    assert query(a_tree, "SELECT count(*) FROM assetreg.inspection") == [(0,)]


def test_the_admin_corrects_records_directly(a_tree, login_as):
    assert write_directly(login_as("assetreg_admin"), "FIXED-1") is None
    assert query(a_tree, "SELECT inspection_id, submission_id FROM assetreg.inspection") == [("FIXED-1", None)]
