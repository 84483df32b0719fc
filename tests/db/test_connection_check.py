"""Testing a connection (storage/connection_check.py, `assetreg db check`): the login, the registry roles it
holds and the registry's standard; a superuser warned about; failures said in words with their exit codes."""

from __future__ import annotations

import subprocess
import sys

import psycopg2
import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.storage.connection_check import check_connection

pytestmark = pytest.mark.db


def assetreg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "asset_registry.cli", *args], capture_output=True, text=True, timeout=120)


def test_a_viewer_sees_its_role_and_the_standard(registry, login_as, profile):
    checked = check_connection(login_as("assetreg_viewer"))
    assert checked.roles == ("assetreg_viewer",) and not checked.superuser
    assert (checked.profile, checked.standard_version) == (profile.id, profile.standard_version)


def test_a_login_without_a_registry_role_is_told_so(registry, login_as):
    from asset_registry.storage.localpg import run_as_superuser
    from psycopg2 import sql

    dsn = login_as("assetreg_viewer")
    login = psycopg2.extensions.parse_dsn(dsn)["user"]
    run_as_superuser(sql.SQL("REVOKE assetreg_viewer FROM {}").format(sql.Identifier(login)))
    checked = check_connection(dsn)
    assert checked.roles == () and checked.standard_version is None
    assert checked.lines()[1].text("en") == (
        "Registry role: none (this login holds no registry role: it can connect, but neither read nor edit)"
    )


def test_the_superuser_is_warned_about(registry):
    checked = check_connection(registry)
    assert checked.superuser and checked.lines()[-1].text("en").startswith("Warning: postgres is a database superuser.")


def test_a_database_that_is_not_a_registry_is_refused(empty_db):
    with pytest.raises(RefusedError) as refused:
        check_connection(empty_db)
    assert refused.value.id == "connection.not_a_registry"


def test_a_server_that_is_not_there(tmp_path):
    with pytest.raises(InputError) as refused:
        check_connection(f"host={tmp_path} port=5999 dbname=x")
    assert refused.value.id == "connection.server_down"


def test_the_command_exits_0_for_an_editor_1_for_a_superuser_2_when_it_cannot_connect(registry, login_as, tmp_path):
    editor = assetreg("--lang", "en", "db", "check", "--dsn", login_as("assetreg_editor"))
    assert editor.returncode == 0, editor.stderr
    assert "Registry role: GIS staff: edit assets, areas and grids; import" in editor.stdout
    superuser = assetreg("--lang", "en", "db", "check", "--dsn", registry)
    assert superuser.returncode == 1 and "Warning: postgres is a database superuser." in superuser.stdout
    down = assetreg("--lang", "en", "db", "check", "--dsn", f"host={tmp_path} port=5999 dbname=x")
    assert down.returncode == 2 and "Cannot reach the database server" in down.stderr and "Traceback" not in down.stderr


def test_the_local_default_without_its_registry_says_how_to_make_it(server, monkeypatch):
    from asset_registry.storage import connection

    monkeypatch.setattr(connection, "DEMO_DATABASE", "assetreg_conn_no_demo_here")  # a local default never made
    with pytest.raises(InputError) as refused:
        check_connection(connection.resolve_dsn(None))
    assert refused.value.message("en").startswith("The local demo registry does not exist yet.")
