"""Indicators read from the app schema (db/app/70_indicators.sql holds the one definition of each).

A table of indicators is a list of rows (dicts, keyed by the SQL function's columns) for one
indicator, grouping and period. A past month that has a snapshot is read from it, so its
figures stay as they were when the month was closed; ``live=True`` computes them anew.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import psycopg2.extensions
from psycopg2.extras import RealDictCursor

from ..core.errors import InputError
from .errors import refusals

ASSET_GROUPINGS = ("city", "district", "street", "community", "grid", "maintainer", "road_class")
CASE_GROUPINGS = ("city", "district", "street", "community", "grid", "maintainer")
# the units ranked against each other (assetreg_app.kpi_ranking_groupings)
RANKING_GROUPINGS = ("district", "street", "community", "grid", "maintainer")
# indicator → (groupings it takes, its default grouping)
INDICATORS: dict[str, tuple[tuple[str, ...], str]] = {
    "lighting": (ASSET_GROUPINGS, "road_class"),
    "intactness": (ASSET_GROUPINGS, "city"),
    "cases": (CASE_GROUPINGS, "district"),
    "ranking": (RANKING_GROUPINGS, "district"),
    "steps": (CASE_GROUPINGS, "district"),  # returns, supervisions, urgings, on the spot, replies
    "persons": (("person",), "person"),  # collectors and crews, one row per login
}

# the indicators that count assets from the asset tally
TALLIED = ("lighting", "intactness", "ranking")


@dataclass
class KpiTable:
    indicator: str
    group_by: str
    period: str
    at: datetime
    source: str  # 'live' or 'snapshot'
    rows: list[dict[str, Any]] = field(default_factory=list)
    drill: str | None = None  # the group drilled into ('' for all)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


@dataclass
class LightingRow:
    road_class: str | None  # None: the total over all road classes
    label_zh: str
    label_en: str
    lights_should_be_on: int
    lights_on: int
    lighting_rate: float | None
    target: float | None
    meets_target: bool | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def lighting_rate_by_road_class(conn: Any) -> list[LightingRow]:
    """The lighting rate now, by road class, with the total last (the demo's and QGIS's view)."""
    table = indicator_table(conn, "lighting", "road_class", live=True)
    return [
        LightingRow(
            road_class=row["group_code"],
            label_zh=row["label_zh"],
            label_en=row["label_en"],
            lights_should_be_on=row["lights_should_be_on"],
            lights_on=row["lights_on"],
            lighting_rate=row["lighting_rate"],
            target=row["target"],
            meets_target=row["meets_target"],
        )
        for row in table.rows
    ]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """SQL numerics as floats (JSON, CSV and the tests compare them as such)."""
    return {key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}


def check_grouping(indicator: str, group_by: str | None) -> str:
    if indicator not in INDICATORS:
        raise InputError("kpi.unknown_indicator", indicator=indicator, allowed=", ".join(INDICATORS))
    allowed, default = INDICATORS[indicator]
    group_by = group_by or default
    if group_by not in allowed:
        raise InputError("kpi.invalid_grouping", indicator=indicator, group_by=group_by, allowed=", ".join(allowed))
    return group_by


# when the cases of a period are measured: at the period's end (at most now), or now (db/app/70_indicators.sql)
AS_OF = ("period_end", "now")


def any_period(first_day: str, last_day: str) -> str:
    """The key of a period of days, both included (--from/--to): 'YYYY-MM-DD/YYYY-MM-DD'; the database
    checks it (assetreg_app.kpi_period) and refuses a malformed or reversed one."""
    return f"{first_day}/{last_day}"


def _check_as_of(as_of: str) -> str:
    if as_of not in AS_OF:
        raise InputError("kpi.invalid_as_of", as_of=as_of, allowed=", ".join(AS_OF))
    return as_of


def _period_bounds(cur: Any, period: str | None, as_of: str = "period_end") -> tuple[str, datetime, datetime, datetime]:
    """The period (default: this month, in the city's time zone), its bounds and the moment it is measured at
    (as_of: its end, at most now, or now)."""
    cur.execute(
        "SELECT m.period, m.period_start, m.period_end, assetreg_app.kpi_as_of_time(%(as_of)s, m.period_end) AS at_time,"
        " m.period_start > now() AS not_begun, q.timezone"
        " FROM (SELECT coalesce(%(period)s, to_char(now() AT TIME ZONE (p.body ->> 'timezone'), 'YYYY-MM')) AS period,"
        "              p.body ->> 'timezone' AS timezone"
        "       FROM assetreg.city_profile p) q, LATERAL (SELECT q.period, b.* FROM assetreg_app.kpi_period(q.period) b) m",
        {"period": period, "as_of": _check_as_of(as_of)},
    )
    row = cur.fetchone()
    if row["not_begun"]:
        raise InputError("kpi.period_not_begun", period=row["period"])
    # the moment in the city's own time, as its people read it (the end of October is 1 November 00:00)
    at = row["at_time"].astimezone(ZoneInfo(row["timezone"]))
    return row["period"], row["period_start"], row["period_end"], at


def _live_rows(cur: Any, indicator: str, group_by: str, start: datetime, end: datetime, at: datetime) -> None:
    calls = {
        "lighting": "SELECT * FROM assetreg_app.kpi_lighting(%(at)s, %(by)s, %(start)s)",
        "intactness": "SELECT * FROM assetreg_app.kpi_intactness(%(by)s)",
        "cases": "SELECT * FROM assetreg_app.kpi_cases(%(start)s, %(end)s, %(by)s, %(at)s)",
        "ranking": "SELECT * FROM assetreg_app.kpi_ranking(%(start)s, %(end)s, %(by)s, %(at)s)",
        "steps": "SELECT * FROM assetreg_app.kpi_steps(%(start)s, %(end)s, %(by)s)",
        "persons": "SELECT * FROM assetreg_app.kpi_persons(%(start)s, %(end)s, %(at)s)",
    }
    cur.execute(calls[indicator], {"at": at, "by": group_by, "start": start, "end": end})


def refresh_tallies(conn: Any) -> int:
    """Bring the asset tally, the lights' off spans and the patrol tally up to date
    (db/app/68_tally.sql, 69_lights_off.sql, 69_patrol_tally.sql); returns how many were rebuilt.

    On a connection with no transaction open, the refresh is committed at once, so that its
    locks are not held while the caller reads; inside the caller's transaction it stays there.
    """
    idle = conn.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_IDLE
    with conn.cursor() as cur:
        cur.execute(
            "SELECT assetreg_app.kpi_tally_refresh() + assetreg_app.kpi_light_off_refresh()"
            " + assetreg_app.kpi_patrol_tally_refresh()"
        )
        rebuilt = cur.fetchone()[0]
    if idle:
        conn.commit()
    return rebuilt


def indicator_table(
    conn: Any,
    indicator: str,
    group_by: str | None = None,
    period: str | None = None,
    live: bool = False,
    as_of: str = "period_end",
) -> KpiTable:
    group_by = check_grouping(indicator, group_by)
    if indicator in TALLIED:
        with refusals(conn):
            refresh_tallies(conn)
    with refusals(conn), conn.cursor(cursor_factory=RealDictCursor) as cur:
        period, start, end, at = _period_bounds(cur, period, as_of)
        if not live:  # a snapshot keeps the groupings kpi_take_snapshot names; others are computed
            snapshot = _snapshot_rows(cur, period, indicator, group_by, as_of)
            if snapshot is not None:
                rows, taken_at = snapshot
                _with_repeats(cur, indicator, rows, start, end, group_by)
                return KpiTable(indicator, group_by, period, taken_at, "snapshot", rows)
        _live_rows(cur, indicator, group_by, start, end, at)
        rows = [_plain(row) for row in cur.fetchall()]
        _with_repeats(cur, indicator, rows, start, end, group_by)
    return KpiTable(indicator, group_by, period, at, "live", rows)


def _with_repeats(cur: Any, indicator: str, rows: list[dict[str, Any]], start: datetime, end: datetime, group_by: str) -> None:
    """The case indicators carry the count of repeated complaints of the period (storage/case_repeats.py),
    counted from the cases as registered, in a snapshot too (a case's report time, place and assets stay)."""
    if indicator == "cases":
        from .case_repeats import add_repeat_counts

        add_repeat_counts(cur, rows, start, end, group_by)


def indicator_board(
    conn: Any, group_by: str | None = None, period: str | None = None, live: bool = False, as_of: str = "period_end"
) -> dict[str, KpiTable]:
    """Every indicator that takes the grouping (default district), for one period: the table a
    manager reads. Each is computed once, the ranking from the lighting and cases rows of the
    same table (kpi_board); a past month with a snapshot is read from it unless ``live``."""
    if group_by == "person":  # nothing else is grouped by person, and the persons by nothing else
        return {"persons": indicator_table(conn, "persons", "person", period, live, as_of)}
    group_by = check_grouping("lighting", group_by or "district")
    with refusals(conn):
        refresh_tallies(conn)
    tables: dict[str, KpiTable] = {}
    with refusals(conn), conn.cursor(cursor_factory=RealDictCursor) as cur:
        period, start, end, at = _period_bounds(cur, period, as_of)
        wanted = [name for name, (groupings, _) in INDICATORS.items() if group_by in groupings]
        if not live:
            for name in wanted:
                snapshot = _snapshot_rows(cur, period, name, group_by, as_of)
                if snapshot is not None:
                    tables[name] = KpiTable(name, group_by, period, snapshot[1], "snapshot", snapshot[0])
        if len(tables) < len(wanted):
            cur.execute(
                "SELECT assetreg_app.kpi_board(%(start)s, %(end)s, %(by)s, %(at)s) AS board",
                {"start": start, "end": end, "by": group_by, "at": at},
            )
            board = cur.fetchone()["board"]
            for name in wanted:
                tables.setdefault(name, KpiTable(name, group_by, period, at, "live", [_plain(row) for row in board[name]]))
        if "cases" in tables:
            _with_repeats(cur, "cases", tables["cases"].rows, start, end, group_by)
    return {name: tables[name] for name in wanted}


def _snapshot_rows(
    cur: Any, period: str, indicator: str, group_by: str, as_of: str = "period_end"
) -> tuple[list[dict[str, Any]], datetime] | None:
    """The kept rows, when the period has a snapshot that measured the cases at the moment asked for."""
    cur.execute(
        "SELECT figures, taken_at FROM assetreg.kpi_snapshot"
        " WHERE period = %s AND indicator = %s AND group_by = %s AND as_of = %s",
        (period, indicator, group_by, as_of),
    )
    found = cur.fetchall()
    if not found:
        return None
    order = {"ranking": lambda r: r["rank"]}.get(
        indicator, lambda r: (r.get("family") or "", r["is_total"], r["group_code"] or "")
    )
    rows = sorted((_plain(item["figures"]) for item in found), key=order)
    return rows, max(item["taken_at"] for item in found)


def drill_down(
    conn: Any,
    indicator: str,
    group_by: str | None,
    group_code: str | None,
    period: str | None = None,
    as_of: str = "period_end",
) -> KpiTable:
    """What is behind a figure: the lights off, the assets not intact, the cases of the period."""
    group_by = check_grouping(indicator, group_by)
    calls = {
        "lighting": "SELECT * FROM assetreg_app.kpi_lighting_drill(%(at)s, %(by)s, %(code)s)",
        "intactness": "SELECT * FROM assetreg_app.kpi_intactness_drill(%(by)s, %(code)s)",
        "cases": "SELECT * FROM assetreg_app.kpi_cases_drill(%(start)s, %(end)s, %(by)s, %(code)s, %(at)s)",
    }
    if indicator == "ranking":
        raise InputError("kpi.ranking_has_no_drill_down")
    if indicator not in calls:  # the steps and the persons are counts, each of its own events
        raise InputError("kpigroups.no_drill_down", indicator=indicator, allowed=", ".join(calls))
    with refusals(conn), conn.cursor(cursor_factory=RealDictCursor) as cur:
        period, start, end, at = _period_bounds(cur, period, as_of)
        cur.execute(calls[indicator], {"at": at, "by": group_by, "code": group_code, "start": start, "end": end})
        rows = [_plain(row) for row in cur.fetchall()]
    return KpiTable(indicator, group_by, period, at, "live", rows, drill=group_code or "")


def take_snapshot(conn: Any, period: str, replace: bool = False, as_of: str = "period_end") -> int:
    """Keep every indicator of a period (a month, or FROM/TO days), the cases measured at the period's end
    or now (as_of); returns the rows written."""
    with refusals(conn, not_granted="kpi.snapshot_not_allowed"), conn.cursor() as cur:
        cur.execute("SELECT assetreg_app.kpi_take_snapshot(%s, %s, %s)", (period, replace, _check_as_of(as_of)))
        written = cur.fetchone()[0]
    conn.commit()
    return written


def snapshot_trend(conn: Any, indicator: str, group_by: str, group_code: str | None, months: int = 12) -> list[dict[str, Any]]:
    """The kept figures of one group (None: the total) over the last months that have a snapshot."""
    with conn.cursor(cursor_factory=RealDictCursor) as cur:
        cur.execute(
            # an intactness row is kept under FAMILY:GROUP (one row per family and group)
            "SELECT period, figures FROM assetreg.kpi_snapshot"
            " WHERE indicator = %(indicator)s AND group_by = %(by)s"
            "   AND CASE WHEN indicator = 'intactness' THEN substr(group_code, strpos(group_code, ':') + 1)"
            "            ELSE group_code END = %(key)s"
            "   AND period IN (SELECT DISTINCT period FROM assetreg.kpi_snapshot ORDER BY period DESC LIMIT %(months)s)"
            " ORDER BY period, group_code",
            {"indicator": indicator, "by": group_by, "key": "*" if group_code is None else group_code, "months": months},
        )
        return [{"period": row["period"], **_plain(row["figures"])} for row in cur.fetchall()]
