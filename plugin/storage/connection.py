"""Which database to talk to, and opening connections with messages a person understands.

Order: ``--dsn``; else ASSETREG_DSN; else the libpq environment (PGSERVICE,
PGHOST, PGDATABASE, …); else the local demo database of the embedded server,
which is started on demand, as the OS user's daily login (a registry admin, never a
superuser). Creating and upgrading the local registry uses the server's superuser
(``schema_dsn``); elsewhere, whoever runs ``assetreg db init/upgrade`` must own the registry.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

from ..core.errors import InputError
from . import localpg

DEMO_DATABASE = "assetreg_demo"
LIBPQ_VARIABLES = ("PGSERVICE", "PGHOST", "PGDATABASE", "PGPORT", "PGUSER")


# Turns a DSN that names credentials libpq cannot read (a QGIS auth configuration, ``authcfg=``) into one it
# can; the QGIS side installs it (qgis_common/credentials.py), the command line has none.
_credentials: Callable[[str], str] | None = None


def set_credentials_resolver(resolver: Callable[[str], str] | None) -> None:
    global _credentials
    _credentials = resolver


def libpq_dsn(dsn: str) -> str:
    """The DSN psycopg2 connects with: an ``authcfg=`` expanded into its login and password when a resolver
    is installed."""
    if _credentials is not None and "authcfg=" in dsn:
        return _credentials(dsn)
    return dsn


def resolve_dsn(dsn: str | None = None) -> str:
    if dsn:
        return dsn
    if os.environ.get("ASSETREG_DSN"):
        return os.environ["ASSETREG_DSN"]
    if any(os.environ.get(name) for name in LIBPQ_VARIABLES):
        return ""  # libpq reads its own environment
    return localpg.daily_dsn(DEMO_DATABASE)


def is_local_default(dsn: str) -> bool:
    return dsn in (localpg.daily_dsn(DEMO_DATABASE), localpg.server_dsn(DEMO_DATABASE))


def schema_dsn(dsn: str) -> str:
    """The DSN that creates, upgrades and drops the registry: the local server's superuser for
    the local default, else the DSN as given."""
    return localpg.server_dsn(DEMO_DATABASE) if is_local_default(dsn) else dsn


_daily_login_checked: set[str] = set()


def _start_local(dsn: str) -> None:
    localpg.ensure_running()
    if dsn == localpg.daily_dsn(DEMO_DATABASE) and dsn not in _daily_login_checked:
        if database_exists(localpg.server_dsn(DEMO_DATABASE)):
            localpg.ensure_daily_login(DEMO_DATABASE)
        _daily_login_checked.add(dsn)


def start_if_local(dsn: str) -> None:
    """Start the local server (and make the daily login) when ``dsn`` is the local default."""
    if is_local_default(dsn):
        _start_local(dsn)


def describe(dsn: str) -> str:
    """The DSN without a password, for messages."""
    if not dsn:
        return "libpq environment (PGSERVICE/PGHOST/…)"
    parts = [part for part in dsn.split() if not part.lower().startswith("password=")]
    return " ".join(parts)


def _connection_error(dsn: str, exc: Exception) -> InputError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if localpg.stopped_behind(reason):
        # only the local default starts the server on demand; another database of it waits to be asked
        return InputError("db.local_server_stopped", database=describe(dsn), folder=localpg.data_dir())
    return InputError("db.cannot_connect", database=describe(dsn), reason=reason)


def connect(dsn: str, autostart: bool = True) -> psycopg2.extensions.connection:
    if autostart and is_local_default(dsn):
        _start_local(dsn)
    try:
        connection = psycopg2.connect(libpq_dsn(dsn), application_name="assetreg")
    except psycopg2.OperationalError as exc:
        raise _connection_error(dsn, exc) from None
    return connection


@contextlib.contextmanager
def connection(dsn: str, autostart: bool = True) -> Iterator[psycopg2.extensions.connection]:
    conn = connect(dsn, autostart)
    try:
        yield conn
    finally:
        conn.close()


def engine(dsn: str):
    """A SQLAlchemy engine over the same libpq DSN, for alembic: the schema's changes, so on the
    local default as the server's superuser (schema_dsn)."""
    # imported here: the QGIS side uses this module without SQLAlchemy installed
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    if is_local_default(dsn):
        localpg.ensure_running()
        dsn = schema_dsn(dsn)
    # NullPool: each command opens what it needs and leaves no idle session behind
    # (an idle session would block DROP DATABASE and CREATE DATABASE … TEMPLATE).
    return create_engine(
        "postgresql+psycopg2://", poolclass=NullPool, creator=lambda: psycopg2.connect(dsn, application_name="assetreg")
    )


def database_name(dsn: str) -> str:
    with connection(dsn) as conn:
        return conn.get_dsn_parameters()["dbname"]


def _maintenance_connection(dsn: str) -> psycopg2.extensions.connection:
    """A connection to the 'postgres' database of the server the DSN names (as its superuser, locally)."""
    if is_local_default(dsn):
        localpg.ensure_running()
        dsn = schema_dsn(dsn)
    maintenance = psycopg2.extensions.make_dsn(libpq_dsn(dsn), dbname="postgres")
    try:
        conn = psycopg2.connect(maintenance, application_name="assetreg")
    except psycopg2.OperationalError as exc:
        raise _connection_error(maintenance, exc) from None
    conn.autocommit = True
    return conn


def _database_in(dsn: str) -> str | None:
    params = psycopg2.extensions.parse_dsn(dsn) if dsn else {}
    return params.get("dbname") or os.environ.get("PGDATABASE")


def database_exists(dsn: str) -> bool:
    name = _database_in(dsn)
    conn = _maintenance_connection(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return cur.fetchone() is not None
    finally:
        conn.close()


def create_database_if_missing(dsn: str) -> bool:
    """Create the database named in the DSN on its server; True if it was created."""
    name = _database_in(dsn)
    if not name:
        return False
    conn = _maintenance_connection(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone():
                return False
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    finally:
        conn.close()


def drop_database(dsn: str) -> None:
    name = _database_in(dsn)
    conn = _maintenance_connection(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()
