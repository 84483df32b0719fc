"""The embedded default: a private PostgreSQL/PostGIS cluster the project starts itself.

It listens on 127.0.0.1 only, on its own port (55432 unless ASSETREG_PGPORT says
otherwise), with trust authentication for local connections, and keeps its
data in ASSETREG_PGDATA (default: /var/lib/asset-registry/pg for root,
~/.local/share/asset-registry/pg for anyone else). PostgreSQL refuses to run as
root, so as root the cluster belongs to the ``postgres`` system user.
"""

from __future__ import annotations

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


def server_dsn(dbname: str = "postgres") -> str:
    return f"host=127.0.0.1 port={port()} user={SUPERUSER} dbname={dbname}"


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
        raise InputError(
            "找不到 PostgreSQL 服务器程序（pg_ctl）。请先运行 make setup。",
            "PostgreSQL server programs (pg_ctl) not found. Run `make setup` first.",
        )
    return Path(candidates[-1]).parent


def _run_as_owner(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=False, capture_output=True, text=True, **kwargs)


def is_accepting(timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port()), timeout=timeout):
            return True
    except OSError:
        return False


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
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
    )
    if result.returncode != 0:
        raise InputError(
            f"无法初始化本地数据库目录 {directory}：{result.stderr.strip()}",
            f"Cannot initialise the local database directory {directory}: {result.stderr.strip()}",
        )


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
        f"-p {port()} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c synchronous_commit=off"
        f" -c shared_buffers={buffers}"
    )
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
            "start",
        ]
    )
    if result.returncode != 0 or not _wait_until_accepting():
        log = directory / "server.log"
        tail = log.read_text(errors="replace")[-800:] if log.exists() else result.stderr
        raise InputError(
            f"本地 PostgreSQL 无法启动（端口 {port()}）：\n{tail}",
            f"The local PostgreSQL did not start (port {port()}):\n{tail}",
            "端口被占用时可设置 ASSETREG_PGPORT 换一个端口。",
            "If the port is taken, choose another with ASSETREG_PGPORT.",
        )
    return server_dsn()


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
