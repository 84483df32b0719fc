"""What the indicators panel and the monthly bulletin read beside the indicators themselves: the shapes
of the areas a figure is mapped on, the positions of the cases behind a figure, and the matter classes
reported most. The indicators come from storage/kpi.py only (one definition, db/app/70_indicators.sql).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import refusals
from .names import AREA_LEVELS, SCHEMA

# the groupings of an indicator that are areas on the map
MAPPED_GROUPINGS = (*AREA_LEVELS, "grid")


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    wkb: bytes


def area_shapes(conn: Any, level: str) -> list[Shape]:
    """The polygons of one level of areas (district, street, community or unit grid), by code."""
    if level == "grid":
        statement = f"SELECT code, name, ST_AsBinary(geom) FROM {SCHEMA}.unit_grid ORDER BY code"
        params: tuple = ()
    elif level in AREA_LEVELS:
        statement = f"SELECT code, name, ST_AsBinary(geom) FROM {SCHEMA}.admin_area WHERE level = %s ORDER BY code"
        params = (level,)
    else:
        return []
    with refusals(conn), conn.cursor() as cur:
        cur.execute(statement, params)
        return [Shape(code, name or code, bytes(wkb)) for code, name, wkb in cur.fetchall() if wkb is not None]


@dataclass(frozen=True)
class CasePoint:
    id: int
    case_no: str
    matter_code: str
    status: str
    wkb: bytes | None


def case_points(conn: Any, ids: list[int]) -> list[CasePoint]:
    """Where the cases lie (the cases a drill-down lists), in the order of ``ids``."""
    if not ids:
        return []
    with refusals(conn), conn.cursor() as cur:
        cur.execute(
            f"SELECT id, case_no, matter_code, status, ST_AsBinary(geom) FROM {SCHEMA}.work_order"
            " WHERE id = ANY(%s) ORDER BY array_position(%s, id)",
            (ids, ids),
        )
        return [CasePoint(i, no, matter, status, bytes(wkb) if wkb is not None else None) for i, no, matter, status, wkb in cur]


def matters_reported(conn: Any, period: str, limit: int = 10) -> list[tuple[str, int]]:
    """The matter classes reported most in a month (the most repeated problems), most first."""
    with refusals(conn), conn.cursor() as cur:
        cur.execute(
            f"SELECT w.matter_class, count(*) FROM {SCHEMA}.work_order w, assetreg_app.kpi_month(%s) m"
            " WHERE w.reported_at >= m.period_start AND w.reported_at < m.period_end"
            " GROUP BY w.matter_class ORDER BY count(*) DESC, w.matter_class LIMIT %s",
            (period, limit),
        )
        return [(code, int(count)) for code, count in cur.fetchall()]


def kept_periods(conn: Any, months: int = 12) -> list[str]:
    """The months that have a snapshot, latest first."""
    with refusals(conn), conn.cursor() as cur:
        cur.execute(f"SELECT DISTINCT period FROM {SCHEMA}.kpi_snapshot ORDER BY period DESC LIMIT %s", (months,))
        return [period for (period,) in cur.fetchall()]
