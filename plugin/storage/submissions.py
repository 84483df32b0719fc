"""Submission records: one per delivery, written before the import starts and closed when it ends.

A record opens in its own committed transaction on the connection that will run the
promotion, and that connection holds a session advisory lock keyed by the record's id until
it closes: an import is alive exactly while its lock is held. If it disappears (the import
was killed, the connection lost) while the record says "running", the lock goes with it, and
the next import or listing marks the record failed. A lock is seen the same by every login,
unlike pg_stat_activity, which hides the backend_start of other users' sessions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.report import Report
from ..core.standard import Profile, Standard
from .connection import connection

# The advisory lock of a submission: the two-key form, whose first key names what is locked
# (the one-key form and other first keys are other locks of the registry).
_LOCK_KEY = "hashtext('assetreg.submission'), ({id})::integer"
_COLUMNS = "id, family, file_name, file_sha256, submitted_by, submitted_at, finished_at, mode, outcome, counts, message"


@dataclass
class SubmissionRow:
    id: int
    family: str | None
    file_name: str
    file_sha256: str
    submitted_by: str
    submitted_at: datetime
    finished_at: datetime | None
    mode: str
    outcome: str
    counts: dict[str, int] | None
    message: str | None


def open_record(
    conn: Any,
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family: str | None,
    mode: str,
    dry_run: bool,
    digest: tuple[str, int] | None = None,
) -> int:
    """Insert and commit a 'running' record, locked by this connection for as long as it lives.

    digest: the file's SHA-256 and size. The lock is taken before the record is committed, so no
    other session ever sees the record running without its lock held.
    """
    from .importer import file_sha256

    sha256, size = digest if digest is not None else file_sha256(path)
    with conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO assetreg.submission (family, file_name, file_sha256, file_bytes, standard_version, profile_id,"
            " mode, backend_pid, backend_start)"
            " SELECT %s, %s, %s, %s, %s, %s, %s, pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()"
            " RETURNING id",
            (family, Path(path).name, sha256, size, standard.version, profile.id, mode + (" (dry run)" if dry_run else "")),
        )
        record = cur.fetchone()[0]
        # a session lock: it outlives this transaction and is released when the connection closes
        cur.execute(f"SELECT pg_advisory_lock({_LOCK_KEY.format(id='%s')})", (record,))
    return record


def close_record(cur: Any, record: int, outcome: str, counts: dict[str, int], report: Report, message: str | None = None) -> None:
    cur.execute(
        "UPDATE assetreg.submission SET outcome = %s, finished_at = clock_timestamp(), counts = %s, report = %s,"
        " message = %s WHERE id = %s",
        (outcome, json.dumps(counts), json.dumps(report.to_dict(), ensure_ascii=False, default=str), message, record),
    )


def fail_abandoned(dsn: str) -> int:
    """Mark failed every 'running' submission whose import is gone (its lock is free); return how many."""
    with connection(dsn) as conn, conn, conn.cursor() as cur:
        cur.execute("SELECT has_table_privilege('assetreg.submission', 'UPDATE')")
        if not cur.fetchone()[0]:
            return 0  # a viewer reads the records as they are; the next importer marks them
        cur.execute(
            "UPDATE assetreg.submission s SET outcome = 'failed', finished_at = clock_timestamp(),"
            " message = 'The import was interrupted (process killed or connection lost); the registry is unchanged.'"
            # the transaction-level form: a lock taken here is released when this transaction ends; the CASE
            # makes sure it is only tried for running records, however the planner orders the conditions
            " WHERE s.outcome = 'running' AND CASE WHEN s.outcome = 'running'"
            f" THEN pg_try_advisory_xact_lock({_LOCK_KEY.format(id='s.id')}) END"
        )
        return cur.rowcount


def list_submissions(dsn: str, limit: int = 20) -> list[SubmissionRow]:
    fail_abandoned(dsn)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM assetreg.submission ORDER BY id DESC LIMIT %s", (limit,))
        return [SubmissionRow(*row) for row in cur.fetchall()]
