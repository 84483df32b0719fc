"""Cases (案卷, 数字城管 work orders): report, link assets, move through the life cycle, list, show.

The life cycle is enforced by the database (db/app/65_cases.sql): every change goes through
one of its functions, which checks the stage, the version the caller last saw and the caller's
role, and writes an event. This module only calls them and turns their refusals (SQLSTATE
AR0xx, English message, Chinese detail) into RefusedError or InputError.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg2
import psycopg2.extras

from ..core.errors import InputError, RefusedError

# The actions of assetreg_app.case_transitions, in the order of the flow.
ACTIONS = (
    "accept",
    "refuse",
    "register",
    "dispatch",
    "start",
    "handle",
    "verify",
    "rework",
    "close",
    "defer",
    "resume",
    "cancel",
    "rate",
)
FINISHED = ("closed", "cancelled", "refused")
STREETLIGHT_FAULT = "01037"


@contextlib.contextmanager
def refusals(conn: Any) -> Iterator[None]:
    """Run database calls; a refusal of the case functions becomes a user error (the transaction is rolled back)."""
    try:
        yield
    except psycopg2.Error as exc:
        code = exc.pgcode or ""
        if not code.startswith("AR"):
            raise
        conn.rollback()
        diag = exc.diag
        error = InputError if code == "AR001" else RefusedError
        raise error(diag.message_detail or diag.message_primary, diag.message_primary) from None


@dataclass(frozen=True)
class ReportedCase:
    id: int
    case_no: str
    version: int


def report_cases(conn: Any, cases: Iterable[dict[str, Any]]) -> list[ReportedCase]:
    """Report one or several cases at once (all or none); each starts as reported, version 1.

    Each case: matter_code, source, description; optionally case_no, urgency, address,
    reporter_name, reporter_contact, x and y (registry CRS), assets [{family, component_id}]."""
    with refusals(conn), conn.cursor() as cur:
        cur.execute("SELECT id, case_no, version FROM assetreg_app.case_report(%s::jsonb)", (json.dumps(list(cases)),))
        reported = [ReportedCase(*row) for row in cur.fetchall()]
    conn.commit()
    return reported


def link_assets(conn: Any, case_id: int, version: int, assets: Iterable[dict[str, str]]) -> int:
    """Link more assets to a case; returns the new version."""
    with refusals(conn), conn.cursor() as cur:
        cur.execute("SELECT assetreg_app.case_link_assets(%s, %s, %s::jsonb)", (case_id, version, json.dumps(list(assets))))
        new_version = cur.fetchone()[0]
    conn.commit()
    return new_version


def transition(
    conn: Any, case_id: int, version: int, action: str, reason: str | None = None, payload: dict[str, Any] | None = None
) -> int:
    """One step of the life cycle, on the version the caller last saw; returns the new version."""
    with refusals(conn), conn.cursor() as cur:
        cur.execute(
            "SELECT assetreg_app.case_transition(%s, %s, %s, %s, %s::jsonb)",
            (case_id, version, action, reason, json.dumps(payload or {})),
        )
        new_version = cur.fetchone()[0]
    conn.commit()
    return new_version


@dataclass
class CaseEvent:
    version: int
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str
    reason: str | None
    payload: dict[str, Any] | None


@dataclass
class Case:
    values: dict[str, Any]
    assets: list[dict[str, Any]] = field(default_factory=list)
    events: list[CaseEvent] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


_LISTED = (
    "id, case_no, matter_code, matter_class, source, urgency, status, version, description, handling_unit, crew, "
    "reported_at, handling_deadline, closing_deadline, handled_at, closed_at, rework_count, satisfaction, "
    "located_grid, located_district, handling_overdue, closing_overdue, overdue"
)


def list_cases(
    conn: Any,
    status: Iterable[str] = (),
    overdue: bool | None = None,
    matter_class: str | None = None,
    area: str | None = None,
    component_id: str | None = None,
    limit: int = 100,
) -> list[Case]:
    """Cases, newest first, filtered by status, overdue now, matter class, area code (a prefix of the
    located grid: district, street, community or grid) and linked component."""
    conditions, params = ["true"], []
    if status := tuple(status):
        conditions.append("status = ANY(%s)")
        params.append(list(status))
    if overdue is not None:
        conditions.append("overdue = %s")
        params.append(overdue)
    if matter_class:
        conditions.append("matter_class = %s")
        params.append(matter_class)
    if area:
        conditions.append("starts_with(located_grid, %s)")
        params.append(area)
    if component_id:
        conditions.append(
            "EXISTS (SELECT 1 FROM assetreg.work_order_asset a WHERE a.work_order_id = o.id AND a.component_id = %s)"
        )
        params.append(component_id)
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            f"SELECT {_LISTED} FROM assetreg_app.case_overview o WHERE {' AND '.join(conditions)} ORDER BY id DESC LIMIT %s",
            (*params, limit),
        )
        return [Case(dict(row)) for row in cur.fetchall()]


def show_case(conn: Any, case_id: int) -> Case:
    """A case with its linked assets and every event."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT o.*, ST_AsText(o.geom) AS location FROM assetreg_app.case_overview o WHERE o.id = %s", (case_id,))
        row = cur.fetchone()
        if row is None:
            raise RefusedError(f"没有案卷 {case_id}。", f"There is no case {case_id}.")
        values = {key: value for key, value in row.items() if key != "geom"}
        cur.execute(
            "SELECT family, component_id, asset_uid::text AS asset_uid FROM assetreg.work_order_asset"
            " WHERE work_order_id = %s ORDER BY family, component_id",
            (case_id,),
        )
        assets = [dict(asset) for asset in cur.fetchall()]
        cur.execute(
            "SELECT version, at, actor, action, from_status, to_status, reason, payload FROM assetreg.work_order_event"
            " WHERE work_order_id = %s ORDER BY id",
            (case_id,),
        )
        events = [CaseEvent(**event) for event in cur.fetchall()]
    return Case(values, assets, events)


# -- outages (the demo's night patrol, and the lighting rate) ----------------------------------


def record_outages(conn: Any, family: str, component_ids: Iterable[str], description: str) -> int:
    """Report one streetlight-fault case per component (source: patrol), linked to it; refuse unknown components."""
    ids = sorted(set(component_ids))
    with conn.cursor() as cur:
        cur.execute(
            "SELECT array_agg(x) FROM unnest(%s::text[]) AS x "
            "WHERE NOT EXISTS (SELECT 1 FROM assetreg.streetlight s WHERE s.component_id = x)",
            (ids,),
        )
        unknown = cur.fetchone()[0]
    if unknown:
        raise RefusedError(
            f"登记库中没有这些部件：{', '.join(unknown[:10])}",
            f"These components are not in the registry: {', '.join(unknown[:10])}",
        )
    cases = [
        {
            "matter_code": component_id[:6] + STREETLIGHT_FAULT,
            "source": "patrol",
            "description": description,
            "assets": [{"family": family, "component_id": component_id}],
        }
        for component_id in ids
    ]
    return len(report_cases(conn, cases))


# The remaining steps from each open stage to closed, for a repair that is already done.
_TO_CLOSED = {
    "reported": ("accept", "register", "dispatch", "start", "handle", "verify", "close"),
    "accepted": ("register", "dispatch", "start", "handle", "verify", "close"),
    "registered": ("dispatch", "start", "handle", "verify", "close"),
    "dispatched": ("start", "handle", "verify", "close"),
    "handling": ("handle", "verify", "close"),
    "handled": ("verify", "close"),
    "verified": ("close",),
}


def close_work_orders(conn: Any, component_ids: Iterable[str], maintainer: str = "—", notes: str = "已修复 / repaired") -> int:
    """Close the open cases of these components through every remaining stage (each one an event),
    for repairs already done; returns how many cases were closed."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT w.id, w.version, w.status FROM assetreg.work_order w"
            " JOIN assetreg.work_order_asset a ON a.work_order_id = w.id"
            " WHERE a.component_id = ANY(%s) AND w.status = ANY(%s) ORDER BY w.id",
            (sorted(set(component_ids)), list(_TO_CLOSED)),
        )
        open_cases = cur.fetchall()
    payloads = {"dispatch": {"maintainer": maintainer}, "handle": {"notes": notes}}
    for case_id, version, status in open_cases:
        for action in _TO_CLOSED[status]:
            version = transition(conn, case_id, version, action, payload=payloads.get(action))
    return len(open_cases)
