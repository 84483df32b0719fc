"""The embedded default: a private PostgreSQL/PostGIS cluster the project starts itself.

It listens on no network address at all: only on a Unix socket inside its own data directory
(ASSETREG_PGDATA, default /var/lib/asset-registry/pg for root, ~/.local/share/asset-registry/pg
for anyone else), which is mode 0700, so only the cluster's owner (and root) can reach it;
its port number (55432 unless ASSETREG_PGPORT says otherwise) names the socket. Whoever
reaches the socket may already read the data files, so the socket trusts them; a TCP
connection, if someone turns TCP on, needs a password. PostgreSQL refuses to run as root,
so as root the cluster belongs to the ``postgres`` system user.

Two logins: the cluster's superuser ``postgres``, for creating and upgrading registries
(``assetreg db init/upgrade``), tests and benchmarks; and the daily login, named after the OS
user, with the registry role assetreg_admin, which the command line and QGIS use by default.
Every commit is synchronous: a change the server acknowledged survives a crash.
"""

from __future__ import annotations

import getpass
import glob
import os
import pwd
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from ..core.errors import InputError

DEFAULT_PORT = 55432
SUPERUSER = "postgres"
# A city's years of cases load in one transaction that writes several GB of WAL (about 4 kB a case). With the
# server's defaults (max_wal_size 1GB, a checkpoint every 5 min) that load ran a checkpoint every few seconds,
# each followed by a full image of every page it touched again. Checkpoints spaced out (at most every 30 min or
# 8 GB of WAL) and full page images compressed keep the WAL out of the way; the cost: up to 8 GB more disk for
# WAL, and a longer recovery after a crash (replaying up to that much). Commits stay synchronous and durable.
# wal_level stays replica: minimal would save nothing here (it skips WAL only for tables created in the same
# transaction) and would forbid a standby or WAL archiving of the registry.
BULK_WAL_SETTINGS = "-c max_wal_size=8GB -c checkpoint_timeout=30min -c wal_compression=lz4"


def port() -> int:
    return int(os.environ.get("ASSETREG_PGPORT", DEFAULT_PORT))


def data_dir() -> Path:
    configured = os.environ.get("ASSETREG_PGDATA")
    if configured:
        return Path(configured)
    if os.geteuid() == 0:
        return Path("/var/lib/asset-registry/pg")
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "asset-registry" / "pg"


def socket_dir() -> Path:
    return data_dir()


def server_dsn(dbname: str = "postgres") -> str:
    """The superuser's DSN: schema changes, tests and benchmarks, never daily work."""
    return f"host={socket_dir()} port={port()} user={SUPERUSER} dbname={dbname}"


def daily_login() -> str:
    """The registry login of the OS user (never the superuser's name)."""
    name = getpass.getuser()
    return "assetreg_local" if name == SUPERUSER else name


def daily_dsn(dbname: str) -> str:
    return f"host={socket_dir()} port={port()} user={daily_login()} dbname={dbname}"


def ensure_daily_login(dbname: str) -> None:
    """The daily login exists and holds assetreg_admin, once the registry's roles exist."""
    from psycopg2 import sql

    login = daily_login()
    run_as_superuser(
        sql.SQL(
            "DO $$ BEGIN"
            " IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {login_text}) THEN"
            "  CREATE ROLE {login} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF;"
            " IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'assetreg_admin') THEN"
            "  GRANT assetreg_admin TO {login}; END IF;"
            " END $$"
        ).format(login=sql.Identifier(login), login_text=sql.Literal(login)),
        dbname,
    )


def run_as_superuser(statement: Any, dbname: str = "postgres") -> None:
    """Run one statement on the local server as its superuser, outside any transaction (databases,
    roles, extensions: what the tests and benchmarks make and drop)."""
    import psycopg2  # only here: starting and stopping the server needs no driver

    conn = psycopg2.connect(server_dsn(dbname))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def _bin_dir() -> Path:
    configured = os.environ.get("ASSETREG_PG_BIN")
    if configured:
        return Path(configured)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise InputError("server.pg_ctl_missing")
    return Path(candidates[-1]).parent


def _run_as_owner(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)


def socket_path() -> Path:
    return socket_dir() / f".s.PGSQL.{port()}"


def is_accepting(timeout: float = 0.5) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(timeout)
            probe.connect(str(socket_path()))
            return True
    except OSError:
        return False


def stopped_behind(reason: str) -> bool:
    """Whether a failure to connect (libpq's words) was at this server's socket while it is not running."""
    return f'"{socket_path()}"' in reason and not is_accepting()


def _prepare_data_dir(directory: Path) -> None:
    directory.parent.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        directory.mkdir(mode=0o700, exist_ok=True)
        os.chown(directory, owner.pw_uid, owner.pw_gid)
        os.chown(directory.parent, owner.pw_uid, owner.pw_gid)
    else:
        directory.mkdir(mode=0o700, exist_ok=True)


def _initdb(directory: Path) -> None:
    _prepare_data_dir(directory)
    result = _run_as_owner(
        [
            str(_bin_dir() / "initdb"),
            "-D",
            str(directory),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
    )
    if result.returncode != 0:
        raise InputError("server.initdb_failed", directory=directory, reason=result.stderr.strip())


def ensure_running() -> str:
    """Start the local cluster if it is not running; return a DSN for its maintenance database."""
    if is_accepting():
        return server_dsn()
    directory = data_dir()
    if not (directory / "PG_VERSION").exists():
        _initdb(directory)
    # a registry's working set (a city's lights, a month of cases) fits in 1 GB of buffers; the
    # server's default of 128 MB would read it again from the file system at every query
    buffers = os.environ.get("ASSETREG_PG_SHARED_BUFFERS", "1GB")
    options = (
        f"-p {port()} -c listen_addresses='' -c unix_socket_directories='{socket_dir()}'"
        f" -c unix_socket_permissions=0700 -c synchronous_commit=on -c shared_buffers={buffers} {BULK_WAL_SETTINGS}"
    )
    # a server started by an earlier version (on 127.0.0.1, without its socket) starts again as this one
    verb = "restart" if _is_running(directory) else "start"
    result = _run_as_owner(
        [
            str(_bin_dir() / "pg_ctl"),
            "-D",
            str(directory),
            "-l",
            str(directory / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "-m",
            "fast",
            verb,
        ]
    )
    if result.returncode != 0 or not _wait_until_accepting():
        log = directory / "server.log"
        tail = log.read_text(errors="replace")[-800:] if log.exists() else result.stderr
        raise InputError("server.start_failed", port=port(), log=tail)
    return server_dsn()


def _is_running(directory: Path) -> bool:
    if not (directory / "postmaster.pid").exists():
        return False
    return _run_as_owner([str(_bin_dir() / "pg_ctl"), "-D", str(directory), "status"]).returncode == 0


def _wait_until_accepting(seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if is_accepting():
            return True
        time.sleep(0.2)
    return False


def stop() -> bool:
    directory = data_dir()
    if not (directory / "PG_VERSION").exists():
        return False
    result = _run_as_owner([str(_bin_dir() / "pg_ctl"), "-D", str(directory), "-m", "fast", "-w", "stop"])
    return result.returncode == 0
