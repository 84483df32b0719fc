"""Faults: a killed import, a lost connection, two imports at once, hostile column names."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.submissions import fail_abandoned, list_submissions

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson

REPO = Path(__file__).resolve().parents[2]


def start_import(dsn: str, path: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "asset_registry.cli", "--lang", "en", "import", str(path), "--dsn", dsn, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def registry_state(dsn: str) -> tuple:
    return (
        query(dsn, "SELECT component_id, name, ST_AsText(geom) FROM assetreg.streetlight ORDER BY 1"),
        query(dsn, "SELECT count(*) FROM assetreg.asset_history")[0][0],
        query(dsn, "SELECT count(*) FROM assetreg.quarantine")[0][0],
    )


def wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def blocked_in_promotion(dsn: str):
    """Hold the quarantine table so that an import with an invalid feature stops inside its promotion."""
    holder = psycopg2.connect(dsn)
    with holder.cursor() as cur:
        cur.execute("LOCK TABLE assetreg.quarantine IN ACCESS EXCLUSIVE MODE")
    return holder


def waiting_import_backend(dsn: str) -> int | None:
    rows = query(
        dsn,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        " AND query LIKE 'SELECT assetreg_app.quarantine_keep(%%'",
    )
    return rows[0][0] if rows else None


def backend_gone(dsn: str, pid: int) -> bool:
    return not query(dsn, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))


@pytest.fixture
def held(registry, standard, profile, tmp_path):
    """A registry holding two lights, and a delivery of 300 more with one invalid feature."""
    import_delivery(registry, write_geojson(tmp_path / "held.geojson", numbered_lights(2)), standard, profile, "streetlight")
    delivery = numbered_lights(300, start=10)
    delivery[5][0]["lamp_type"] = "BAD"
    return registry, write_geojson(tmp_path / "delivery.geojson", delivery)


def test_an_import_killed_during_promotion_leaves_the_registry_as_it_was(held):
    registry, delivery = held
    before = registry_state(registry)
    holder = blocked_in_promotion(registry)
    child = start_import(registry, delivery, "--accept-valid")
    try:
        pid = wait_for(lambda: waiting_import_backend(registry))
        # the import has inserted the new lights and their history, uncommitted, and waits
        assert query(registry, "SELECT outcome FROM assetreg.submission ORDER BY id DESC LIMIT 1") == [("running",)]
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        holder.rollback()
        holder.close()
    wait_for(lambda: backend_gone(registry, pid))
    assert registry_state(registry) == before
    assert fail_abandoned(registry) == 1
    outcome, message = query(registry, "SELECT outcome, message FROM assetreg.submission ORDER BY id DESC LIMIT 1")[0]
    assert outcome == "failed" and "interrupted" in message

    again = start_import(registry, delivery, "--accept-valid")  # the same delivery goes through afterwards
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert len(registry_state(registry)[0]) == 2 + 299


def test_a_lost_connection_is_a_clear_message_and_changes_nothing(held):
    registry, delivery = held
    before = registry_state(registry)
    holder = blocked_in_promotion(registry)
    child = start_import(registry, delivery, "--accept-valid")
    try:
        pid = wait_for(lambda: waiting_import_backend(registry))
        query(registry, "SELECT pg_terminate_backend(%s)", (pid,))
        out, err = child.communicate(timeout=60)
    finally:
        holder.rollback()
        holder.close()
    assert child.returncode == 2
    assert "connection to the database" in err and "was lost" in err and "Traceback" not in err
    assert registry_state(registry) == before
    listing = subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", "--lang", "en", "submissions", "--dsn", registry],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert listing.returncode == 0 and "failed" in listing.stdout


def waiting_for_family_lock(dsn: str) -> int | None:
    rows = query(
        dsn,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        " AND query LIKE 'LOCK TABLE%%'",
    )
    return rows[0][0] if rows else None


def test_listing_as_another_login_leaves_a_running_import_running(registry, standard, profile, tmp_path, login_as):
    """pg_stat_activity hides another login's backend_start: a live import is known by the lock it holds."""
    editor, crew = login_as("assetreg_editor"), login_as("assetreg_crew")
    path = write_geojson(tmp_path / "lights.geojson", numbered_lights(3))
    holder = psycopg2.connect(registry)  # holds the family: the editor's import waits inside its transaction
    with holder.cursor() as cur:
        cur.execute("LOCK TABLE assetreg.streetlight IN SHARE ROW EXCLUSIVE MODE")
    outcome: list = []
    importing = threading.Thread(
        target=lambda: outcome.append(import_delivery(editor, path, standard, profile, "streetlight").outcome)
    )
    importing.start()
    try:
        wait_for(lambda: waiting_for_family_lock(registry))
        listed = list_submissions(crew)  # the crew may mark abandoned imports failed, and sees every submission
        assert [row.outcome for row in listed] == ["running"]
        assert fail_abandoned(crew) == 0
    finally:
        holder.rollback()
        holder.close()
        importing.join(60)
    assert outcome == ["accepted"]
    assert query(registry, "SELECT outcome FROM assetreg.submission") == [("accepted",)]
    # the lock went with the import's connection; nothing of it is left held
    assert query(registry, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == [(0,)]


def lights_in_rows(count: int, start: int = 1) -> list:
    """Lights 30 m apart in rows of 100, inside the Zhuhai extent however many."""
    x0, y0 = XIANGZHOU_XY
    return [
        (light(component_id=f"44040201037{serial:06d}"), (x0 + serial % 100 * 30.0, y0 + serial // 100 * 30.0))
        for serial in range(start, start + count)
    ]


def test_concurrent_imports_serialize_and_lose_nothing(registry, tmp_path):
    first = write_geojson(tmp_path / "a.geojson", lights_in_rows(1500, start=1))
    second = write_geojson(tmp_path / "b.geojson", lights_in_rows(1500, start=1501))
    children = [start_import(registry, first), start_import(registry, second)]
    results = [child.communicate(timeout=300) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    assert query(registry, "SELECT count(*), count(DISTINCT component_id) FROM assetreg.streetlight") == [(3000, 3000)]
    registered = query(registry, "SELECT count(DISTINCT created_submission), count(*) FROM assetreg.streetlight")
    assert registered == [(2, 3000)]


def test_concurrent_inserts_of_the_same_assets_let_one_win(registry, tmp_path):
    same = [write_geojson(tmp_path / f"{name}.geojson", lights_in_rows(1500)) for name in ("a", "b")]
    children = [start_import(registry, path) for path in same]
    results = [child.communicate(timeout=300) for child in children]
    assert sorted(child.returncode for child in children) == [0, 1]
    refused = results[[child.returncode for child in children].index(1)]
    assert "already holds 1500 components" in refused[1] and "Traceback" not in refused[1]
    assert query(registry, "SELECT count(*), count(DISTINCT component_id) FROM assetreg.streetlight") == [(1500, 1500)]
    outcomes = query(registry, "SELECT outcome FROM assetreg.submission ORDER BY outcome")
    assert outcomes == [("accepted",), ("rejected",)]


def test_hostile_column_names_are_data(registry, standard, profile, tmp_path):
    hostile = {
        'name"; DROP TABLE assetreg.streetlight; --': "x",
        "lamp_type') ; DELETE FROM assetreg.submission; --": "LED",
        "备注'||pg_sleep(10)||'": "y",
    }
    path = write_geojson(tmp_path / "hostile.geojson", [({**light(), **hostile}, XIANGZHOU_XY)])
    result = import_delivery(registry, path, standard, profile, "streetlight")
    assert result.inserted == 1
    assert sorted(f.column for f in result.report.warnings) == sorted(hostile)
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(1,)]
    assert query(registry, "SELECT count(*) FROM assetreg.submission") == [(1,)]


def test_a_row_writer_failing_part_way_rolls_back_and_marks_the_submission_failed(
    registry, standard, profile, tmp_path, monkeypatch
):
    from asset_registry.core.errors import InputError
    from asset_registry.storage.importing import rows as importer_rows

    original = importer_rows.write_rows

    def breaks_after_some_rows(*args):
        out = args[6]
        original(*args)  # every row goes out, then the file turns out unreadable
        out.flush()
        raise InputError("environment.os_error", reason="the file broke half-way")

    monkeypatch.setattr(importer_rows, "write_rows", breaks_after_some_rows)
    with pytest.raises(InputError, match="half-way"):
        import_delivery(registry, write_geojson(tmp_path / "a.geojson", lights_in_rows(500)), standard, profile)
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(0,)]
    failed = [("failed", "File or system error: the file broke half-way")]
    assert query(registry, "SELECT outcome, message FROM assetreg.submission") == failed


def test_a_first_load_writer_failing_part_way_rolls_back_and_marks_the_submission_failed(
    registry, standard, profile, tmp_path, monkeypatch
):
    from asset_registry.core.errors import InputError
    from asset_registry.storage.importing import firstload, staging

    from tests.db.test_import_modes import constraints_and_indexes

    monkeypatch.setattr(staging, "BULK_LOAD_MIN", 2)  # an empty family and enough lights: straight in
    before = constraints_and_indexes(registry)
    original = firstload.write_located_rows

    def breaks_after_some_rows(rows, out, *rest):
        original(rows, out, *rest)
        out.flush()
        raise InputError("environment.os_error", reason="the file broke half-way")

    monkeypatch.setattr(firstload, "write_located_rows", breaks_after_some_rows)
    with pytest.raises(InputError, match="half-way"):
        import_delivery(registry, write_geojson(tmp_path / "a.geojson", lights_in_rows(500)), standard, profile)
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight") == [(0,)]
    assert constraints_and_indexes(registry) == before
    failed = [("failed", "File or system error: the file broke half-way")]
    assert query(registry, "SELECT outcome, message FROM assetreg.submission") == failed


# the CLI with a first load from two lights on (its threshold is 50,000)
FIRST_LOAD_CLI = (
    "import sys\nfrom asset_registry.storage.importing import staging\nfrom asset_registry import cli\n"
    "staging.BULK_LOAD_MIN = 2\nsys.exit(cli.main(sys.argv[1:]))\n"
)


def test_a_first_load_killed_before_its_commit_leaves_the_family_empty_and_its_keys_in_place(registry, tmp_path):
    from tests.db.test_import_modes import constraints_and_indexes

    delivery = lights_in_rows(300)
    delivery[5][0]["lamp_type"] = "BAD"  # kept in quarantine after the load, where the import is held
    path = write_geojson(tmp_path / "first.geojson", delivery)
    before, keys = registry_state(registry), constraints_and_indexes(registry)
    holder = blocked_in_promotion(registry)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", FIRST_LOAD_CLI, "--lang", "en", "import", str(path), "--dsn", registry, "--accept-valid"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        pid = wait_for(lambda: waiting_import_backend(registry))
        # the lights are in the family table, uncommitted, with its keys set aside
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        holder.rollback()
        holder.close()
    wait_for(lambda: backend_gone(registry, pid))
    assert registry_state(registry) == before
    assert constraints_and_indexes(registry) == keys
    assert fail_abandoned(registry) == 1

    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "299 new" in again.stdout
    assert query(registry, "SELECT count(*) FROM assetreg.streetlight WHERE located_at IS NOT NULL") == [(299,)]
    assert constraints_and_indexes(registry) == keys
