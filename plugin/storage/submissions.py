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
from .digest import file_sha256

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
    """Open and commit a 'running' record, by this login, locked by this connection for as long as it lives.

    digest: the file's SHA-256 and size. The database function names who and which backend and takes
    the lock before the record is committed, so no other session ever sees it running without its lock."""
    sha256, size = digest if digest is not None else file_sha256(path)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT assetreg_app.submission_open(%s, %s, %s, %s, %s, %s, %s, %s)",
                (family, Path(path).name, sha256, size, standard.version, profile.id, mode, dry_run),
            )
            return cur.fetchone()[0]
    finally:
        conn.autocommit = False


def close_record(cur: Any, record: int, outcome: str, counts: dict[str, int], report: Report, message: str | None = None) -> None:
    """End this login's running record with its outcome (once: the database refuses a second time)."""
    cur.execute(
        "SELECT assetreg_app.submission_close(%s, %s, %s, %s, %s)",
        (record, outcome, json.dumps(counts), json.dumps(report.to_dict(), ensure_ascii=False, default=str), message),
    )


def fail_abandoned(dsn: str) -> int:
    """Mark failed every 'running' submission whose import is gone (its lock is free); return how many."""
    with connection(dsn) as conn, conn, conn.cursor() as cur:
        cur.execute("SELECT has_function_privilege('assetreg_app.submission_fail_abandoned()', 'EXECUTE')")
        if not cur.fetchone()[0]:
            return 0  # a login without a registry role reads the records as they are
        cur.execute("SELECT assetreg_app.submission_fail_abandoned()")
        return cur.fetchone()[0]


def list_submissions(dsn: str, limit: int = 20) -> list[SubmissionRow]:
    fail_abandoned(dsn)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM assetreg.submission ORDER BY id DESC LIMIT %s", (limit,))
        return [SubmissionRow(*row) for row in cur.fetchall()]


def stored_report(dsn: str, submission: int) -> Report | None:
    """The validation report a submission was closed with (None while it runs, or when it has none)."""
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT report FROM assetreg.submission WHERE id = %s", (submission,))
        row = cur.fetchone()
    return Report.from_dict(row[0]) if row and row[0] else None
