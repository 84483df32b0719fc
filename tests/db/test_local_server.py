"""The embedded server as an attacker on the same machine meets it, and the daily login it gives.

A cluster of its own (its own folder and port), started by the command line as a user would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from asset_registry.storage import localpg

from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def own_cluster():
    """ASSETREG_PGDATA/PGPORT of a new cluster, the registry made by `assetreg db init` (the local default)."""
    folder = Path(tempfile.mkdtemp(prefix="assetreg-pg-"))
    env = {k: v for k, v in os.environ.items() if k not in ("ASSETREG_DSN", "PGHOST", "PGSERVICE", "PGDATABASE", "PGUSER")}
    env.update(ASSETREG_PGDATA=str(folder / "pg"), ASSETREG_PGPORT=str(_free_port()), ASSETREG_PG_SHARED_BUFFERS="128MB")
    init = assetreg("--lang", "en", "db", "init", env=env)
    assert init.returncode == 0, init.stderr
    yield env
    assetreg("server", "stop", env=env)
    shutil.rmtree(folder, ignore_errors=True)


def _as(env: dict, user: str) -> str:
    return f"host={env['ASSETREG_PGDATA']} port={env['ASSETREG_PGPORT']} user={user} dbname=assetreg_demo"


def test_the_default_connection_is_a_registry_login_not_a_superuser(own_cluster, tmp_path):
    env = own_cluster
    delivery = write_geojson(tmp_path / "lights.geojson", numbered_lights(2))
    imported = assetreg("--lang", "en", "import", str(delivery), env=env)
    assert imported.returncode == 0, imported.stderr
    login = localpg.daily_login()
    superuser = _as(env, "postgres")
    conn = psycopg2.connect(superuser)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT submitted_by FROM assetreg.submission")
            assert cur.fetchall() == [(login,)]  # the import ran as the daily login
            cur.execute(
                "SELECT rolsuper, rolcreaterole, rolcreatedb, pg_has_role(rolname, 'assetreg_admin', 'member')"
                " FROM pg_roles WHERE rolname = %s",
                (login,),
            )
            assert cur.fetchall() == [(False, False, False, True)]
    finally:
        conn.close()
    reported = assetreg(
        "--lang", "en", "wo", "create", "--matter-code", "44040201037", "--source", "patrol", "--description", "灯不亮",
        "--asset", "streetlight:44040201037000001", env=env,
    )  # fmt: skip
    assert reported.returncode == 0, reported.stderr
    # what a QGIS layer on the case table would try, on the same default connection
    daily = psycopg2.connect(_as(env, login))
    try:
        with pytest.raises(psycopg2.Error, match="permission denied|refusal.case.only_through_the_flow"), daily.cursor() as cur:
            cur.execute("UPDATE assetreg.work_order SET status = 'closed'")
    finally:
        daily.close()


def test_the_server_listens_on_no_network_and_only_its_owner_reaches_its_socket(own_cluster):
    env = own_cluster
    folder = Path(env["ASSETREG_PGDATA"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with socket.socket() as probe, pytest.raises(OSError):
        probe.settimeout(2)
        probe.connect(("127.0.0.1", int(env["ASSETREG_PGPORT"])))
    if os.geteuid() != 0:
        pytest.skip("trying as another OS user needs root")
    other = subprocess.run(
        ["runuser", "-u", "nobody", "--", shutil.which("psql") or "/usr/bin/psql", _as(env, "postgres"), "-c", "SELECT 1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert other.returncode != 0 and "Permission denied" in other.stderr, other.stderr


def test_an_acknowledged_commit_is_synchronous(own_cluster):
    conn = psycopg2.connect(_as(own_cluster, "postgres"))
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW synchronous_commit")
            assert cur.fetchone() == ("on",)
            cur.execute("SHOW fsync")
            assert cur.fetchone() == ("on",)
    finally:
        conn.close()


def test_checkpoints_are_spaced_out_for_bulk_loads(own_cluster):
    """A history load's WAL (GBs) does not force a checkpoint every few seconds (localpg.BULK_WAL_SETTINGS)."""
    conn = psycopg2.connect(_as(own_cluster, "postgres"))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT name, setting, unit FROM pg_catalog.pg_settings"
                        " WHERE name IN ('max_wal_size', 'checkpoint_timeout', 'wal_compression', 'wal_level')"
                        " ORDER BY name")  # fmt: skip
            assert cur.fetchall() == [
                ("checkpoint_timeout", "1800", "s"),
                ("max_wal_size", "8192", "MB"),
                ("wal_compression", "lz4", None),
                ("wal_level", "replica", None),
            ]
    finally:
        conn.close()


def test_acknowledged_case_transitions_survive_a_crash(own_cluster):
    env = own_cluster
    daily = psycopg2.connect(_as(env, localpg.daily_login()))
    try:
        with daily.cursor() as cur:
            cur.execute(
                "SELECT id FROM assetreg_app.case_report("
                '\'[{"matter_code": "44040201037", "source": "patrol", "description": "crash"}]\')'
            )
            case_id = cur.fetchone()[0]
        daily.commit()
        version = 1
        for action in ("accept", "register"):
            with daily.cursor() as cur:
                cur.execute("SELECT assetreg_app.case_transition(%s, %s, %s)", (case_id, version, action))
                version = cur.fetchone()[0]
            daily.commit()  # acknowledged
    finally:
        daily.close()
    postmaster = int((Path(env["ASSETREG_PGDATA"]) / "postmaster.pid").read_text().split()[0])
    # the server crashes right after acknowledging: every process of it at once, as a power cut would
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    processes = [postmaster, *map(int, children)]
    for pid in processes:
        with contextlib.suppress(ProcessLookupError):  # a child may already have gone with its postmaster
            os.kill(pid, 9)
    deadline = time.monotonic() + 20
    while any(Path(f"/proc/{pid}").exists() for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    started = assetreg("server", "start", env=env)
    assert started.returncode == 0, started.stderr
    conn = psycopg2.connect(_as(env, "postgres"))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT status, version FROM assetreg.work_order WHERE id = %s", (case_id,))
            assert cur.fetchone() == ("registered", 3)
    finally:
        conn.close()
