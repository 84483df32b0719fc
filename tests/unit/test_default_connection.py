"""Which login daily work uses by default: never the server's superuser."""

from __future__ import annotations

import psycopg2.extensions
import pytest
from asset_registry.storage import connection, localpg


@pytest.fixture
def no_configured_database(monkeypatch, tmp_path):
    for name in ("ASSETREG_DSN", *connection.LIBPQ_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSETREG_PGDATA", str(tmp_path / "pg"))


def test_the_default_is_the_os_users_login_on_the_local_socket(no_configured_database, tmp_path):
    default = psycopg2.extensions.parse_dsn(connection.resolve_dsn(None))
    assert default["user"] == localpg.daily_login() != localpg.SUPERUSER
    assert default["host"] == str(tmp_path / "pg")  # a socket in the owner-only data folder, no network address
    assert connection.is_local_default(connection.resolve_dsn(None))


def test_schema_changes_of_the_local_default_use_the_superuser_and_nothing_else_does(no_configured_database):
    daily = connection.resolve_dsn(None)
    assert psycopg2.extensions.parse_dsn(connection.schema_dsn(daily))["user"] == localpg.SUPERUSER
    elsewhere = "host=db.example port=5432 dbname=registry user=li_ming"
    assert connection.schema_dsn(elsewhere) == elsewhere


def test_the_daily_login_never_takes_the_superusers_name(monkeypatch):
    monkeypatch.setattr(localpg.getpass, "getuser", lambda: "postgres")
    assert localpg.daily_login() == "assetreg_local"
