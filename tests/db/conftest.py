"""Database tier: a real PostgreSQL/PostGIS, the project's own local cluster, started here.

Each test gets its own database, cloned from a template migrated once per session.
"""

from __future__ import annotations

import os
import uuid

import psycopg2
import pytest
from asset_registry.storage import localpg, migrate
from psycopg2 import sql

admin = localpg.run_as_superuser


def drop_database(name: str) -> None:
    admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def server() -> str:
    return localpg.ensure_running()


@pytest.fixture(scope="session")
def template_db(server, profile):
    name = f"assetreg_test_template_{os.getpid()}"
    drop_database(name)
    migrate.init(localpg.server_dsn(name), profile)
    yield name
    drop_database(name)


def new_database(template: str | None, prefix: str = "assetreg_test") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    if template:
        admin(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    else:
        admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


@pytest.fixture
def registry(template_db):
    """DSN of a fresh, migrated registry."""
    name = new_database(template_db)
    yield localpg.server_dsn(name)
    drop_database(name)


@pytest.fixture
def second_registry(template_db):
    """A second fresh registry: files exported from the first imported into it, or one file loaded two ways."""
    name = new_database(template_db)
    yield localpg.server_dsn(name)
    drop_database(name)


@pytest.fixture
def login_as(registry):
    """login_as(role) -> DSN of a new login holding that role, on the registry (dropped afterwards)."""
    from asset_registry.storage import roles

    created = []

    def make(role: str) -> str:
        login = f"test_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:6]}"
        roles.grant(registry, login, role)
        created.append(login)
        return psycopg2.extensions.make_dsn(registry, user=login)

    yield make
    database = psycopg2.extensions.parse_dsn(registry)["dbname"]
    for login in created:
        admin(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(login)), dbname=database)
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


@pytest.fixture
def empty_db(server):
    """DSN of an empty database (no extension, no tables)."""
    name = new_database(None)
    yield localpg.server_dsn(name)
    drop_database(name)


@pytest.fixture
def demo_db(server):
    name = new_database(None, prefix="assetreg_test_demo")
    yield localpg.server_dsn(name)
    drop_database(name)


def query(dsn: str, statement: str, params=None):
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


CASE_TABLES = ("work_order", "work_order_asset", "work_order_event")


def outside_the_flow(dsn: str, statement: str, params=None):
    """What a fixture does to cases that the flow never would (move a case's moments into the past,
    empty the case tables): as the superuser, with the flow's guard (65_cases.sql) off for this one
    transaction only; every other trigger still fires."""
    guards = "DISABLE TRIGGER only_through_the_flow, DISABLE TRIGGER only_through_the_flow_truncate"
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            for table in CASE_TABLES:
                cur.execute(f"ALTER TABLE assetreg.{table} {guards}")
            cur.execute(statement, params)
            rows = cur.fetchall() if cur.description else None
            for table in CASE_TABLES:
                cur.execute(f"ALTER TABLE assetreg.{table} {guards.replace('DISABLE', 'ENABLE')}")
            return rows
    finally:
        conn.close()
