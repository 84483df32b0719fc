"""The steps the cities describe (issue 15): supervise or urge a case, reply to its reporter, handle it
on the spot, count the steps, load responsibility areas. The database enforces each
(db/app/67_case_steps.sql); this module only calls it. A return (回退) and a dispatch by
responsibility are transitions of storage/workorders.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg2.extras

from .workorders import refusals


def _call(conn: Any, statement: str, params: tuple[Any, ...]) -> int:
    with refusals(conn), conn.cursor() as cur:
        cur.execute(statement, params)
        new_version = cur.fetchone()[0]
    conn.commit()
    return new_version


def supervise(conn: Any, case_id: int, version: int, kind: str, note: str | None = None) -> int:
    """督办 (kind 'supervise') or 催办 ('urge') an open case; the stage stays; returns the new version."""
    return _call(conn, "SELECT assetreg_app.case_supervise(%s, %s, %s, %s)", (case_id, version, kind, note))


def reply(conn: Any, case_id: int, version: int, channel: str, text: str, at: datetime | None = None) -> int:
    """Record the reply to the reporter (a reply_channel code, its text, when: now if not given)."""
    return _call(conn, "SELECT assetreg_app.case_reply(%s, %s, %s, %s, %s)", (case_id, version, channel, text, at))


def on_the_spot(conn: Any, case_id: int, version: int, notes: str | None, attachment_id: int | None = None) -> int:
    """即知即办: the collector who reported the case handles and closes it, with a note or an attachment."""
    return _call(conn, "SELECT assetreg_app.case_on_the_spot(%s, %s, %s, %s)", (case_id, version, notes, attachment_id))


@dataclass(frozen=True)
class StepCount:
    step: str
    who: str
    cases: int
    events: int


def step_counts(conn: Any, period_from: datetime, period_to: datetime) -> list[StepCount]:
    """Returns and supervisions per unit, on-the-spot closures per collector, in [period_from, period_to)."""
    with refusals(conn), conn.cursor() as cur:
        cur.execute("SELECT * FROM assetreg_app.case_step_counts(%s, %s)", (period_from, period_to))
        return [StepCount(*row) for row in cur.fetchall()]


def supervision_counts(events: list[Any]) -> dict[str, int]:
    """How often a case was supervised and urged, from its events (wo show)."""
    counts = {"supervise": 0, "urge": 0}
    for event in events:
        if event.action in counts:
            counts[event.action] += 1
    return counts


def step_indicator(conn: Any, period_from: datetime, period_to: datetime, group_by: str) -> list[dict[str, Any]]:
    """Returns, supervisions, urgings and on-the-spot closures per group, grouped like the case indicators,
    with the total last (assetreg_app.kpi_case_steps)."""
    with refusals(conn), conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT * FROM assetreg_app.kpi_case_steps(%s, %s, %s)", (period_from, period_to, group_by))
        return [dict(row) for row in cur.fetchall()]
