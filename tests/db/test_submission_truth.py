"""Submissions, quarantine and attachments tell the truth (issue 11, item 5).

Each attack runs as a login of the weakest role that could try it. Who did something comes from
session_user; the records change only through the functions of db/app/50_submissions.sql.
"""

from __future__ import annotations

import json

import psycopg2
import pytest
from asset_registry.core.report import Report
from asset_registry.core.standard import Standard
from asset_registry.storage import attachments, submissions
from asset_registry.storage.connection import connection

from tests.db import test_roles
from tests.db.conftest import query
from tests.db.test_roles import can
from tests.helpers import numbered_lights, write_geojson

lights = test_roles.lights  # the fixture, shared

RENAME = "UPDATE assetreg.streetlight SET name = 'forged' WHERE component_id = '44040201037000001'"
NEW_SUBMISSION = (
    "INSERT INTO assetreg.submission (file_name, file_sha256, file_bytes, standard_version, profile_id, mode)"
    " VALUES ('x', repeat('0', 64), 0, '1.0', 'zhuhai', 'insert')"
)


def login_name(dsn: str) -> str:
    return psycopg2.extensions.parse_dsn(dsn)["user"]


def refused(dsn: str, statement: str, params=None) -> bool:
    """Whether the database refuses the statement (privilege, row-level security or a function's own check)."""
    try:
        return not can(dsn, statement, params)
    except psycopg2.Error:
        return True


def open_submission(dsn: str, tmp_path, profile, dry_run: bool = True) -> int:
    """A running submission opened by the login of ``dsn``, as the importer opens it."""
    path = write_geojson(tmp_path / "s.geojson", numbered_lights(1, start=9))
    conn = psycopg2.connect(dsn)
    try:
        return submissions.open_record(conn, path, Standard(), profile, "streetlight", "insert", dry_run)
    finally:
        conn.close()


def close_submission(dsn: str, record: int, outcome: str) -> None:
    with connection(dsn) as conn, conn, conn.cursor() as cur:
        submissions.close_record(cur, record, outcome, {"inserted": 1}, Report("s.geojson", None, "streetlight", "zhuhai", "1.0"))


def test_a_contractor_cannot_turn_its_submission_into_an_accepted_one(lights, login_as, tmp_path, profile):
    contractor = login_as("assetreg_contractor")
    record = open_submission(contractor, tmp_path, profile)
    close_submission(contractor, record, "rejected")
    assert refused(contractor, "UPDATE assetreg.submission SET outcome = 'accepted' WHERE id = %s", (record,))
    assert refused(contractor, "DELETE FROM assetreg.submission WHERE id = %s", (record,))
    with pytest.raises(psycopg2.Error):  # closed once, never again
        close_submission(contractor, record, "accepted")
    # nor a fresh one: a contractor imports nothing, so none of its submissions is accepted
    other = open_submission(contractor, tmp_path, profile, dry_run=False)
    with pytest.raises(psycopg2.Error):
        close_submission(contractor, other, "accepted")
    outcomes = query(lights, "SELECT id, outcome FROM assetreg.submission WHERE id IN (%s, %s) ORDER BY id", (record, other))
    assert outcomes == [(record, "rejected"), (other, "running")]


@pytest.mark.parametrize("role", ["assetreg_crew", "assetreg_editor", "assetreg_standards", "assetreg_admin"])
def test_no_role_writes_submissions_or_quarantine_directly(lights, login_as, role, tmp_path, profile):
    contractor, other = login_as("assetreg_contractor"), login_as(role)
    record = open_submission(contractor, tmp_path, profile)
    assert refused(other, NEW_SUBMISSION)
    assert refused(other, "UPDATE assetreg.submission SET outcome = 'failed', submitted_by = 'x' WHERE id = %s", (record,))
    assert refused(other, "DELETE FROM assetreg.submission WHERE id = %s", (record,))
    assert refused(
        other,
        "INSERT INTO assetreg.quarantine (submission_id, feature_number, properties, findings) VALUES (%s, 1, '{}', '[]')",
        (record,),
    )
    assert refused(other, "DELETE FROM assetreg.quarantine")
    with pytest.raises(psycopg2.Error):  # only the login that opened a submission closes it
        close_submission(other, record, "failed")
    assert query(lights, "SELECT outcome, submitted_by FROM assetreg.submission WHERE id = %s", (record,)) == [
        ("running", login_name(contractor))
    ]


def test_a_submission_is_recorded_as_the_session_user(lights, login_as, tmp_path, profile):
    contractor = login_as("assetreg_contractor")
    path = write_geojson(tmp_path / "s.geojson", numbered_lights(1, start=9))
    conn = psycopg2.connect(contractor)
    try:  # SET ROLE changes current_user, never session_user: the login is who submitted
        with conn, conn.cursor() as cur:
            cur.execute("SET ROLE assetreg_contractor")
        record = submissions.open_record(conn, path, Standard(), profile, "streetlight", "insert", True)
    finally:
        conn.close()
    assert query(lights, "SELECT submitted_by FROM assetreg.submission WHERE id = %s", (record,)) == [(login_name(contractor),)]


def test_an_edit_is_not_attributed_to_someone_elses_submission(lights, login_as, tmp_path, profile):
    contractor, editor = login_as("assetreg_contractor"), login_as("assetreg_editor")
    running = open_submission(contractor, tmp_path, profile)
    finished = open_submission(contractor, tmp_path, profile)
    close_submission(contractor, finished, "rejected")
    for forged in (running, finished, 999999, "x"):
        with psycopg2.connect(editor) as conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(forged),))
            cur.execute("SELECT assetreg_app.current_submission()")
            assert cur.fetchone() == (None,)
            cur.execute(RENAME.replace("forged", f"forged {forged}"))
    attributed = query(lights, "SELECT DISTINCT submission_id FROM assetreg.asset_history WHERE changed_by = %s",
                       (login_name(editor),))  # fmt: skip
    assert attributed == [(None,)]
    # nor a new asset, which the column default would register under the setting
    for forged in (running, finished):
        conn = psycopg2.connect(editor)
        try:
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn, conn.cursor() as cur:
                cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(forged),))
                cur.execute(NEW_LIGHT)
        finally:
            conn.close()
    assert query(lights, "SELECT count(*) FROM assetreg.streetlight WHERE created_submission IN (%s, %s)",
                 (running, finished)) == [(0,)]  # fmt: skip
    assert can(editor, NEW_LIGHT)  # without the setting, the editor adds it, under no submission
    assert query(lights, "SELECT created_submission FROM assetreg.streetlight WHERE component_id = '44040201037000077'") == [
        (None,)
    ]


NEW_LIGHT = (
    "INSERT INTO assetreg.streetlight (component_id, name, competent_dept_code, competent_dept_name, grid_code,"
    " status, initial_date, lamp_type, road_class, geom) VALUES ('44040201037000077', '新灯', '11440400MB2C10093Y',"
    " '珠海市城管局', '440402001001001', 'intact', '2010-01-01', 'LED', 'arterial',"
    " ST_SetSRID(ST_MakePoint(452000, 2462000), 4547))"
)


def test_an_import_still_names_its_own_submission(lights, login_as, tmp_path, standard, profile):
    from asset_registry.storage.importing import import_delivery

    editor = login_as("assetreg_editor")
    path = write_geojson(tmp_path / "u.geojson", [(dict(p, name="新名"), xy) for p, xy in numbered_lights(2)])
    result = import_delivery(editor, path, standard, profile, "streetlight", mode="update")
    assert result.updated == 2
    assert query(lights, "SELECT DISTINCT submission_id, changed_by FROM assetreg.asset_history") == [
        (result.submission_id, login_name(editor))
    ]
    assert query(lights, "SELECT outcome, submitted_by FROM assetreg.submission WHERE id = %s", (result.submission_id,)) == [
        ("accepted", login_name(editor))
    ]


def test_the_crew_cannot_say_someone_else_added_an_attachment(lights, login_as, tmp_path):
    crew = login_as("assetreg_crew")
    case_id = _a_case(lights)
    forged = (
        "INSERT INTO assetreg.attachment (work_order_id, sha256, size_bytes, media_type, uri, file_name, added_by)"
        " VALUES (%s, repeat('a', 64), 1, 'image/jpeg', 'x', 'x', 'someone_else')"
    )
    assert refused(crew, forged, (case_id,))
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    with connection(crew) as conn, conn:
        added = attachments.add(conn, photo, work_order_id=case_id)
    assert query(lights, "SELECT added_by FROM assetreg.attachment WHERE id = %s", (added.id,)) == [(login_name(crew),)]
    assert refused(crew, "UPDATE assetreg.attachment SET added_by = 'someone_else'")
    assert refused(login_as("assetreg_contractor"), "SELECT assetreg_app.attachment_add(NULL, %s, repeat('a', 64), 1,"
                   " 'image/jpeg', 'x', 'x')", (case_id,))  # fmt: skip


def _a_case(dsn: str) -> int:
    case = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "x": 500000, "y": 2460000}
    return query(dsn, "SELECT id FROM assetreg_app.case_report(%s)", (json.dumps([case]),))[0][0]
