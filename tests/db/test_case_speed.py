"""The history load's deadlines in bulk (assetreg_app.case_history_compute_due, db/app/66_case_history.sql)
are working_deadline's, on random starts: nights, lunch breaks, weekends, the 2026 holidays and make-up
working days, the exact opening and close of a period, every rule of the profile, fractional limits,
a calendar-hours limit and an urgency that is not given."""

from __future__ import annotations

import datetime as dt
import json
import random

import psycopg2
import pytest

ZONE = dt.timezone(dt.timedelta(hours=8))
EXTRA_RULES = [
    {"matter_class": "09001", "handling": {"amount": 36.5, "unit": "calendar_hours"},
     "closing": {"amount": 2.25, "unit": "working_hours"}},
    {"matter_class": "09002", "handling": {"amount": 0.5, "unit": "working_days"},
     "closing": {"amount": 0, "unit": "working_hours"}},
]  # fmt: skip
MATTER_CLASSES = ["01037", "06012", "06022", "09001", "09002", "99999"]
URGENCIES = [None, "ordinary", "serious", "emergency"]
# moments a period turns on, and the days around the 2026 Spring Festival, May Day and National Day
EDGES = ["08:30", "12:00", "14:00", "17:30", "00:00", "23:59"]
AROUND_HOLIDAYS = [dt.date(2026, 2, 13), dt.date(2026, 4, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31)]


def _random_start(rng: random.Random) -> dt.datetime:
    if rng.random() < 0.4:
        day = rng.choice(AROUND_HOLIDAYS) + dt.timedelta(days=rng.randint(0, 10))
        hour, minute = map(int, rng.choice(EDGES).split(":"))
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)
    base = dt.datetime(2025, 12, 1, tzinfo=ZONE)
    return base + dt.timedelta(seconds=rng.randint(0, 400 * 86400))


def test_bulk_deadlines_are_working_deadlines(registry):
    rng = random.Random(15)
    drawn = (
        (rng.choice(MATTER_CLASSES), rng.choice(URGENCIES), rng.choice(["handling", "closing"]), _random_start(rng))
        for _ in range(1500)
    )
    rows = list(dict.fromkeys(drawn))  # distinct, as the load lists them
    conn = psycopg2.connect(registry)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{case_time_limits,rules}',"
                " body -> 'case_time_limits' -> 'rules' || %s::jsonb)",
                (json.dumps(EXTRA_RULES),),
            )
            cur.execute(
                "CREATE TEMP TABLE case_history_due_from (matter_class text, urgency text, which text, start_at timestamptz)"
                " ON COMMIT DROP"
            )
            cur.executemany("INSERT INTO case_history_due_from VALUES (%s, %s, %s, %s)", rows)
            cur.execute("SELECT assetreg_app.case_history_compute_due()")
            cur.execute(
                "SELECT f.matter_class, f.urgency, f.which, f.start_at, d.due,"
                "       assetreg_app.case_due(f.matter_class, f.urgency, f.which, f.start_at)"
                "  FROM case_history_due_from f"
                "  LEFT JOIN case_history_due d ON d.matter_class = f.matter_class AND d.which = f.which"
                "   AND d.urgency_key = coalesce(f.urgency, '') AND d.start_at = f.start_at"
            )
            results = cur.fetchall()
            cur.execute("SELECT count(*) FROM case_history_due")
            (computed,) = cur.fetchone()
    finally:
        conn.close()
    assert len(results) == len(rows) == computed
    differing = [row for row in results if row[4] != row[5]]
    assert not differing, differing[:5]
    units_seen = {row[0] for row in results}
    assert {"09001", "09002", "01037"} <= units_seen


def test_no_login_computes_deadlines_into_the_loads_tables_itself(login_as):
    """case_history_compute_due is the load's own step: only the case flow's role (inside case_load_history) runs it."""
    for role in ("assetreg_viewer", "assetreg_editor", "assetreg_admin"):
        conn = psycopg2.connect(login_as(role))
        try:
            with conn, conn.cursor() as cur:
                cur.execute("CREATE TEMP TABLE case_history_due_from (matter_class text, urgency text, which text,"
                            " start_at timestamptz)")  # fmt: skip
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute("SELECT assetreg_app.case_history_compute_due()")
        finally:
            conn.close()
