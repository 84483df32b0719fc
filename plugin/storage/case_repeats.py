"""Repeated complaints (重复投诉, issue 15): the cases of a period that repeat an earlier case about the same
asset, or of the same matter class near by, within the city profile's days and metres
(indicators.cases.repeats). The definition is db/app/71_case_repeats.sql; this module only reads it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from psycopg2.extras import RealDictCursor

from ..core.citytime import in_city_time
from .errors import refusals

# the columns a person reads of the list (JSON gives every column but the geometry)
LIST_COLUMNS = ("case_no", "reported_at", "matter_code", "status", "earlier_case_no", "same_asset", "distance_m", "days_after")


@dataclass
class RepeatList:
    period: str
    start: datetime
    end: datetime
    distance_m: float
    days: float
    zone: str  # the city's time zone, in which its people read the times
    crs: str  # the registry CRS of the points ('EPSG:4547')
    rows: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The list for JSON, every time in the city's zone with its offset."""
        data = in_city_time(asdict(self), self.zone)
        data["rows"] = [in_city_time(row, self.zone) for row in self.rows]
        return data


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}


def repeated_cases(conn: Any, period: str | None = None, with_geometry: bool = False) -> RepeatList:
    """The repeated cases reported in the period (YYYY-MM or FROM/TO days; default this month), each with
    the earlier case it repeats; with_geometry adds the point as WKB hex (geom_wkb)."""
    with refusals(conn), conn.cursor(cursor_factory=RealDictCursor) as cur:
        period, start, end = _bounds(cur, period)
        cur.execute(
            "SELECT r.distance_m, r.days, p.body ->> 'timezone' AS zone, p.body ->> 'registry_crs' AS crs"
            " FROM assetreg_app.case_repeat_rule() r, assetreg.city_profile p"
        )
        rule = cur.fetchone()
        cur.execute(
            "SELECT r.id, r.case_no, r.reported_at, r.matter_code, r.status, r.located_grid, r.handling_unit,"
            " r.earlier_id, r.earlier_case_no, r.earlier_reported_at, r.same_asset, r.distance_m, r.days_after,"
            " r.earlier_cases, CASE WHEN %(geom)s THEN encode(ST_AsBinary(r.geom), 'hex') END AS geom_wkb"
            " FROM assetreg_app.case_repeats(%(start)s, %(end)s) r ORDER BY r.reported_at, r.id",
            {"start": start, "end": end, "geom": with_geometry},
        )
        rows = [_plain(row) for row in cur.fetchall()]
    if not with_geometry:
        for row in rows:
            del row["geom_wkb"]
    return RepeatList(period, start, end, float(rule["distance_m"]), float(rule["days"]), rule["zone"], rule["crs"], rows)


def _bounds(cur: Any, period: str | None) -> tuple[str, datetime, datetime]:
    """The period (default: this month in the city's time zone) and its bounds, as the indicators take them
    (assetreg_app.kpi_period refuses a malformed or reversed one)."""
    cur.execute(
        "SELECT q.period, m.period_start, m.period_end"
        " FROM (SELECT coalesce(%s, to_char(now() AT TIME ZONE (p.body ->> 'timezone'), 'YYYY-MM')) AS period"
        "       FROM assetreg.city_profile p) q, LATERAL assetreg_app.kpi_period(q.period) m",
        (period,),
    )
    row = cur.fetchone()
    return row["period"], row["period_start"], row["period_end"]


def _counts(cur: Any, start: datetime, end: datetime, group_by: str) -> dict[str | None, dict[str, Any]]:
    cur.execute("SELECT * FROM assetreg_app.kpi_case_repeats(%s, %s, %s)", (start, end, group_by))
    return {None if row["is_total"] else row["group_code"]: _plain(row) for row in cur.fetchall()}


def repeat_counts(conn: Any, period: str | None, group_by: str) -> tuple[str, list[dict[str, Any]]]:
    """The period and its repeated cases per group of the case indicators (reported, repeated, repeat_rate),
    the total last."""
    with refusals(conn), conn.cursor(cursor_factory=RealDictCursor) as cur:
        period, start, end = _bounds(cur, period)
        return period, list(_counts(cur, start, end, group_by).values())


def add_repeat_counts(cur: Any, rows: list[dict[str, Any]], start: datetime, end: datetime, group_by: str) -> None:
    """Put the count of repeated cases (``repeated``) into each row of the case indicators, by its group."""
    counts = _counts(cur, start, end, group_by)
    for row in rows:
        found = counts.get(None if row.get("is_total") else row.get("group_code"))
        row["repeated"] = found["repeated"] if found else 0
