"""`db downgrade` keeps what it cannot restore: no other session writes meanwhile, the history
triggers stay, and a step that loses data needs --force and says what it loses."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.storage import migrate, roles
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import take_snapshot
from psycopg2 import sql

from tests.db.conftest import admin, query
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg


@pytest.fixture
def login_as(registry):
    """login_as(role) -> (login, DSN) of a new login holding that role (dropped afterwards)."""
    created = []

    def make(role: str) -> tuple[str, str]:
        login = f"test_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:6]}"
        roles.grant(registry, login, role)
        created.append(login)
        return login, psycopg2.extensions.make_dsn(registry, user=login)

    yield make
    for login in created:
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


@pytest.fixture
def lights(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(3)), standard, profile, "streetlight")
    return registry


def revision(dsn: str) -> str:
    return query(dsn, "SELECT version_num FROM assetreg.alembic_version")[0][0]


def test_downgrade_is_refused_while_another_session_is_connected(registry, profile, login_as):
    viewer, viewer_dsn = login_as("assetreg_viewer")
    other = psycopg2.connect(viewer_dsn, application_name="qgis")
    try:
        with pytest.raises(RefusedError) as refused:
            migrate.downgrade(registry, profile, "0008")
        assert "1 other session" in refused.value.en and viewer in refused.value.en and "qgis" in refused.value.en
        assert "1 个" in refused.value.zh and viewer in refused.value.zh
        assert revision(registry) == migrate.head_revision()
    finally:
        other.close()
    assert migrate.downgrade(registry, profile, "0008") == "0008"


@pytest.mark.parametrize("target", ["0008", "0002"])
def test_an_older_revision_still_records_history(lights, profile, login_as, target):
    registry = lights
    assert migrate.downgrade(registry, profile, target) == target
    editor, editor_dsn = login_as("assetreg_editor")
    query(editor_dsn, "UPDATE assetreg.streetlight SET name = 'renamed' WHERE component_id = '44040201037000001'")
    query(editor_dsn, "DELETE FROM assetreg.streetlight WHERE component_id = '44040201037000002'")
    history = query(
        registry,
        "SELECT component_id, operation, changed_by, new_values ->> 'name' FROM assetreg.asset_history ORDER BY id",
    )
    assert history == [
        ("44040201037000001", "update", editor, "renamed"),
        ("44040201037000002", "delete", editor, None),
    ]
    migrate.upgrade(registry, profile)  # and back: the app schema is whole again
    assert query(registry, "SELECT to_regprocedure('assetreg_app.kpi_tally_refresh()') IS NOT NULL") == [(True,)]


def test_below_the_history_table_a_downgrade_needs_force(registry, profile):
    with pytest.raises(RefusedError, match="--force") as refused:
        migrate.downgrade(registry, profile, "0001")
    assert "history" in refused.value.en and "历史" in refused.value.zh
    assert revision(registry) == migrate.head_revision()
    warnings = []
    assert migrate.downgrade(registry, profile, "0001", force=True, warn=lambda said: warnings.append(said.text("en"))) == "0001"
    assert any("history" in warning for warning in warnings)


def test_a_step_that_loses_data_needs_force_and_names_what_it_loses(lights, profile):
    registry = lights
    with connection(registry) as conn:
        take_snapshot(conn, "2026-10")
    snapshots = query(registry, "SELECT count(*) FROM assetreg.kpi_snapshot")[0][0]
    assert snapshots > 0
    with pytest.raises(RefusedError, match="--force") as refused:
        migrate.downgrade(registry, profile, "0004")
    assert f"kpi_snapshot: {snapshots} rows" in refused.value.en and f"kpi_snapshot：{snapshots} 行" in refused.value.zh
    # nothing happened: the revision, the snapshots and the app schema are as they were
    assert revision(registry) == migrate.head_revision()
    assert query(registry, "SELECT count(*) FROM assetreg.kpi_snapshot")[0][0] == snapshots
    assert query(registry, "SELECT to_regprocedure('assetreg_app.kpi_tally_refresh()') IS NOT NULL") == [(True,)]

    warnings = []
    assert migrate.downgrade(registry, profile, "0004", force=True, warn=lambda said: warnings.append(said.text("en"))) == "0004"
    assert len(warnings) == 1 and f"kpi_snapshot: {snapshots} rows" in warnings[0]


def test_a_step_that_loses_nothing_needs_no_force(lights, profile):
    assert migrate.downgrade(lights, profile, "0006") == "0006"


def test_the_command_refuses_without_force_and_warns_with_it(lights):
    registry = lights
    with connection(registry) as conn:
        take_snapshot(conn, "2026-10")
    refused = assetreg("--lang", "en", "db", "downgrade", "0004", "--dsn", registry)
    assert refused.returncode == 1 and "kpi_snapshot" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    forced = assetreg("--lang", "en", "db", "downgrade", "0004", "--force", "--dsn", registry)
    assert forced.returncode == 0, forced.stderr
    assert "kpi_snapshot" in forced.stderr and "0004" in forced.stdout
