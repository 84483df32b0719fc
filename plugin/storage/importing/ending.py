"""The one ending of every import, whatever its outcome: the rejected features kept, the submission closed."""

from __future__ import annotations

import contextlib
from typing import Any

import psycopg2

from .. import quarantine, submissions
from .request import ImportRequest
from .result import ImportResult

# outcomes whose delivery is kept: its invalid features wait in quarantine for the contractor
_KEEPS_QUARANTINE = ("accepted", "partially_accepted", "rejected")


def close(cur: Any, request: ImportRequest, result: ImportResult, outcome: str | None = None, message: str | None = None) -> None:
    """Close the submission record with the outcome (the result's own by default) and the counts.

    An accepted, partly accepted or rejected delivery keeps its invalid features in quarantine; a
    dry run keeps nothing (its comparison is rolled back) and a failed import has nothing to keep.
    """
    outcome = outcome or result.outcome
    if outcome in _KEEPS_QUARANTINE and result.report.invalid_features:
        quarantine.keep(cur, result.submission_id, request.path, result.report, request.mapping)
    submissions.close_record(cur, result.submission_id, outcome, result.counts(), result.report, message)


def close_apart(conn: Any, request: ImportRequest, result: ImportResult, outcome: str, message: str) -> None:
    """The ending in a transaction of its own, after the import's own was rolled back (refused or failed).

    A failure is recorded if the database still lets it be (it may be why the import failed).
    """
    guard = contextlib.suppress(psycopg2.Error) if outcome == "failed" else contextlib.nullcontext()
    with guard, conn, conn.cursor() as cur:
        close(cur, request, result, outcome, message)
