"""The cases panel's list: the cases a filter (core/case_panel.CaseFilter) selects, newest first, and
how many of them are at each stage. One query each, set-based, read through assetreg_app.case_overview
(the personal fields hidden from the roles that do not handle cases; overdue computed, never stored).

Speed on millions of cases (bench/desktop_cases.py), wherever the open cases lie in the table (a city that
moved years of history in has them scattered, one per page): the open cases have partial indexes of their own
(revision 0018), by stage and id and by district, stage and id, so the newest cases of an open stage are read
in id order from a small index, and the counts per stage of the open cases from the index alone. A list of
several open stages is one branch per stage, merged newest first. A finished stage, or none, is most of the
cases: the primary key walked back finds the newest at once. A period is served by work_order_reported_at_idx,
an asset identifier by work_order_asset_component_idx, a case number by work_order_case_no_key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import psycopg2.extras

from ..core.case_panel import FINISHED_STAGES, CaseFilter
from ..core.standard import Standard
from . import workorders

LIST_LIMIT = 500
_COMPONENT_ID = re.compile(r"^[0-9]{16,17}$")  # 17 digits, or a legacy 16-digit identifier

LISTED_COLUMNS = (
    "id",
    "case_no",
    "status",
    "version",
    "matter_class",
    "source",
    "urgency",
    "located_district",
    "address",
    "handling_unit",
    "crew",
    "reported_at",
    "handling_deadline",
    "closing_deadline",
    "handling_overdue",
    "closing_overdue",
    "overdue",
)


@dataclass
class CaseListing:
    rows: list[dict[str, Any]]
    counts: dict[str, int]  # stage → number of cases the filter selects at that stage
    truncated: bool  # more cases than LIST_LIMIT: the newest are listed


def _conditions(selected: CaseFilter) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []

    def add(condition: str, *values: Any) -> None:
        conditions.append(condition)
        params.extend(values)

    if len(selected.stages) == 1:  # equal, not ANY: an index on (…, status, id) then gives the id order (PostgreSQL 15)
        add("o.status = %s", selected.stages[0])
    elif selected.stages:
        add("o.status = ANY(%s)", list(selected.stages))
    if selected.overdue == "handling":
        add("o.handling_overdue")
    elif selected.overdue == "closing":
        add("o.closing_overdue")
    elif selected.overdue == "any":
        add("o.overdue")
    for column in ("matter_class", "source"):
        if value := getattr(selected, column):
            add(f"o.{column} = %s", value)
    if selected.district:
        add("o.located_district = %s", selected.district)
    if selected.maintainer:
        add("o.handling_unit = %s", selected.maintainer)
    if selected.reported_from:
        add("o.reported_at >= %s", selected.reported_from)
    if selected.reported_to:
        add("o.reported_at < %s", selected.reported_to)
    if selected.mine:
        add(
            "(o.reported_by = session_user OR o.crew = session_user OR EXISTS (SELECT 1 FROM assetreg.work_order_event e"
            " WHERE e.work_order_id = o.id AND e.actor = session_user))"
        )
    term = selected.search.strip()
    if _COMPONENT_ID.match(term):
        add("o.id IN (SELECT a.work_order_id FROM assetreg.work_order_asset a WHERE a.component_id = %s)", term)
    elif term:
        # a case number exactly (its unique index), or a part of the address
        add("(o.case_no = %s OR o.address ILIKE %s)", term.upper(), "%" + _like_escaped(term) + "%")
    return conditions, params


def _like_escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(conditions: list[str]) -> str:
    return " AND ".join(conditions) or "true"


def _listing_query(selected: CaseFilter, limit: int) -> tuple[str, list[Any]]:
    """The list's SQL, newest first. Several open stages: a branch per stage, each a backward scan of the open
    cases' index for its stage (work_order_open_district_idx, work_order_open_stage_idx), merged (Merge Append)
    so that only the newest few of each are read; one stage, or stages among which a finished one, one scan."""
    columns = ", ".join(f"o.{column}" for column in LISTED_COLUMNS)
    if len(selected.stages) > 1 and not set(selected.stages) & set(FINISHED_STAGES):
        # each branch ordered and limited itself: PostgreSQL 15 merges such branches lazily, where it would
        # sort every open case of the bare union's branches
        branches, params = [], []
        for stage in selected.stages:
            conditions, values = _conditions(replace(selected, stages=(stage,)))
            where = _where(conditions)
            branches.append(f"(SELECT {columns} FROM assetreg_app.case_overview o WHERE {where} ORDER BY o.id DESC LIMIT %s)")
            params.extend([*values, limit])
        union = " UNION ALL ".join(branches)
        return f"SELECT * FROM ({union}) o ORDER BY o.id DESC LIMIT %s", [*params, limit]
    conditions, params = _conditions(selected)
    where = _where(conditions)
    return f"SELECT {columns} FROM assetreg_app.case_overview o WHERE {where} ORDER BY o.id DESC LIMIT %s", [*params, limit]


def list_panel_cases(conn: Any, selected: CaseFilter, limit: int = LIST_LIMIT) -> CaseListing:
    """The cases of the filter, newest first (at most ``limit``), and the counts per stage of the same
    filter over every stage. A finished stage is counted only within a period (or with another narrowing
    filter): counting every closed case of years is what nobody asked the panel for, and the slow part."""
    query, params = _listing_query(selected, limit + 1)
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(query, params)
        rows = [dict(row) for row in cur.fetchall()]
    return CaseListing(rows[:limit], stage_counts(conn, selected), len(rows) > limit)


def stage_counts(conn: Any, selected: CaseFilter) -> dict[str, int]:
    """Cases per stage for the filter without its stage choice; finished stages only when the filter
    has a period (see list_panel_cases)."""
    unstaged = selected.without_stages()
    conditions, params = _conditions(unstaged)
    if not (unstaged.reported_from or unstaged.reported_to):
        # named, not "not finished": a list of stages is what the status index serves
        conditions.append("o.status = ANY(%s)")
        params.append(list(open_stages()))
    with conn.cursor() as cur:
        cur.execute(
            f"SELECT o.status, count(*) FROM assetreg_app.case_overview o WHERE {_where(conditions)} GROUP BY o.status",
            params,
        )
        return dict(cur.fetchall())


def open_stages() -> tuple[str, ...]:
    """The stages of the standard's status code list that are not finished, in its order."""
    codes = Standard().codelists["work_order_status"].codes
    return tuple(code for code in codes if code not in FINISHED_STAGES)


def case_locations(conn: Any, case_id: int) -> list[dict[str, Any]]:
    """The assets of a case (family table, component identifier), for selecting them on the map."""
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(
            "SELECT family, component_id FROM assetreg.work_order_asset WHERE work_order_id = %s ORDER BY family, component_id",
            (case_id,),
        )
        return [dict(row) for row in cur.fetchall()]


def maintainers(conn: Any) -> list[str]:
    """The handling units cases were dispatched to, for the maintainer filter."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT handling_unit FROM assetreg.work_order WHERE handling_unit IS NOT NULL"
            " AND status = ANY(%s) ORDER BY 1",
            (list(open_stages()),),
        )
        return [row[0] for row in cur.fetchall()]


def limit_units(conn: Any, matter_class: str | None, urgency: str | None) -> dict[str, str | None]:
    """The unit of the handling and the closing limit of a matter class and urgency, as the registry's profile
    says (assetreg_app.case_time_limit): calendar hours run through nights and holidays, the others in working
    time, and the time left before a deadline is counted on the same clock."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT assetreg_app.case_time_limit(%(matter)s, %(urgency)s, 'handling') ->> 'unit',"
            " assetreg_app.case_time_limit(%(matter)s, %(urgency)s, 'closing') ->> 'unit'",
            {"matter": matter_class, "urgency": urgency},
        )
        handling, closing = cur.fetchone()
    return {"handling": handling, "closing": closing}


@dataclass
class PanelCase:
    """What the panel shows of one case, read together: the case with its events, the actions the login may
    take at its stage, whether its assets may be linked or unlinked, and the units of its time limits."""

    case: workorders.Case
    allowed: list[workorders.AllowedAction]
    links_open: bool
    units: dict[str, str | None]


def panel_case(conn: Any, case_id: int) -> PanelCase:
    case = workorders.show_case(conn, case_id)
    return PanelCase(
        case,
        workorders.allowed_actions(conn, case_id),
        workorders.links_changeable(conn, case_id),
        limit_units(conn, case.matter_class, case.urgency),
    )
