"""Cases (案卷, 数字城管 work orders): report, link assets, move through the life cycle, list, show.

The life cycle is enforced by the database (db/app/65_cases.sql): every change goes through
one of its functions, which checks the stage, the version the caller last saw and the caller's
role, and writes an event. This module only calls them; their refusals (a message id and its parameters) become
RefusedError or InputError through storage/errors.py.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg2
import psycopg2.extras
from psycopg2 import sql

from ..core.errors import InputError, RefusedError
from ..core.messages import bilingual, in_each_language, listing, msg
from ..core.standard import Standard
from . import errors
from .names import SCHEMA

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
    "return",
)
FINISHED = ("closed", "cancelled", "refused")
STREETLIGHT_FAULT = "01037"


@contextlib.contextmanager
def refusals(conn: Any) -> Iterator[None]:
    """Run database calls; a refusal of the case functions becomes a user error (the transaction is rolled back).
    EXECUTE not granted (42501 without a message of ours): the role has no case action at all."""
    with errors.refusals(conn, not_granted="storage.case.role_may_not_change"):
        yield


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
    """Link more assets to a case, on the version the caller last saw; returns the new version."""
    return _change_links(conn, "case_link_assets", case_id, version, assets)


def unlink_assets(conn: Any, case_id: int, version: int, assets: Iterable[dict[str, str]]) -> int:
    """Unlink assets from a case, on the version the caller last saw; returns the new version."""
    return _change_links(conn, "case_unlink_assets", case_id, version, assets)


def _change_links(conn: Any, function: str, case_id: int, version: int, assets: Iterable[dict[str, str]]) -> int:
    statement = sql.SQL("SELECT assetreg_app.{}(%s, %s, %s::jsonb)").format(sql.Identifier(function))
    with refusals(conn), conn.cursor() as cur:
        cur.execute(statement, (case_id, version, json.dumps(list(assets))))
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


@dataclass(frozen=True)
class AllowedAction:
    action: str
    to_status: str
    needs_reason: bool


def allowed_actions(conn: Any, case_id: int) -> list[AllowedAction]:
    """What the connected login may do on the case at its stage, as the database answers it
    (assetreg_app.case_allowed_actions): the same rules case_transition enforces, never a copy."""
    with conn.cursor() as cur:
        cur.execute("SELECT action, to_status, needs_reason FROM assetreg_app.case_allowed_actions(%s)", (case_id,))
        return [AllowedAction(*row) for row in cur.fetchall()]


def links_changeable(conn: Any, case_id: int) -> bool:
    """Whether the connected login may link or unlink assets of the case now."""
    with conn.cursor() as cur:
        cur.execute(
            "SELECT assetreg_app.case_links_changeable(status) FROM assetreg.work_order WHERE id = %s",
            (case_id,),
        )
        row = cur.fetchone()
    return bool(row and row[0])


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
            raise RefusedError("storage.case.not_found", case_id=case_id)
        values = {key: _times_listed(key, value) for key, value in row.items() if key != "geom"}
        cur.execute(
            "SELECT family, component_id, asset_uid::text AS asset_uid FROM assetreg.work_order_asset"
            " WHERE work_order_id = %s ORDER BY family, component_id",
            (case_id,),
        )
        assets = [dict(asset) for asset in cur.fetchall()]
        cur.execute(
            "SELECT version, at, actor, action, from_status, to_status, reason, payload FROM assetreg_app.case_events"
            " WHERE work_order_id = %s ORDER BY id",
            (case_id,),
        )
        events = [CaseEvent(**event) for event in cur.fetchall()]
    return Case(values, assets, events)


def _times_listed(key: str, value: Any) -> Any:
    """A list of earlier step times (standard 1.1's x-separator, revision 0032) as its moments, for printing each in
    the city's zone like every other time; anything else as it is."""
    separator = _time_lists().get(key)
    if separator is None or not isinstance(value, str):
        return value
    try:
        return [datetime.fromisoformat(item.strip().replace("Z", "+00:00")) for item in value.split(separator)]
    except ValueError:
        return value  # not as the validator let it in: shown as stored


@functools.cache
def _time_lists() -> dict[str, str]:
    """The case fields that list several times, with their separator."""
    record = Standard().delivery_class("work_order")
    listed = [spec for spec in record.fields if spec.list_separator and spec.format_of_items == "date-time"]
    return {spec.name: spec.list_separator for spec in listed}


# -- cases about registered assets (QGIS selection, the CLI's --matter-class, the night patrol) ---------

MATTER_CLASSES = "matter_class"
_COMPONENT_ID = re.compile(r"^[0-9]{17}$")
_CASE_DETAILS = ("urgency", "address", "reporter_name", "reporter_contact")


def registry_timezone(conn: Any) -> str:
    """The city's time zone, as the registry's profile says (times are shown in it, with their offset)."""
    with conn.cursor() as cur:
        cur.execute("SELECT body ->> 'timezone' FROM assetreg.city_profile")
        row = cur.fetchone()
    return row[0] if row and row[0] else "UTC"


def matter_classes_for(standard: Standard, family: str | None = None) -> tuple[str, ...]:
    """The matter classes of the standard's code list, in its order; with a family, those the code list
    assigns to it (each label names the family its matter concerns)."""
    codelist = standard.codelists[MATTER_CLASSES]
    return tuple(code for code in codelist.codes if family is None or codelist.labels[code].get("family") == family)


def _check_matter_class(standard: Standard, matter_class: str, families: Iterable[str]) -> None:
    codelist = standard.codelists[MATTER_CLASSES]
    if matter_class not in codelist.codes:
        raise InputError("storage.case.unknown_matter_class", matter_class=matter_class, version=standard.version)
    concerns = codelist.labels[matter_class].get("family")
    for family in sorted(set(families)):
        if concerns and concerns != family:
            fitting = matter_classes_for(standard, family)
            raise InputError(
                "storage.case.matter_class_of_another_family",
                matter_class=matter_class,
                label=in_each_language(lambda lang: codelist.label(matter_class, lang)),
                family=standard.family(family).named(),
                choices=listing(
                    in_each_language(lambda lang, code=code: f"{code} {codelist.label(code, lang)}") for code in fitting
                ),
            )


def asset_cases(
    standard: Standard,
    assets: Iterable[dict[str, str]],
    matter_class: str,
    source: str,
    description: str,
    one_per_asset: bool = False,
    **details: Any,
) -> list[dict[str, Any]]:
    """The cases (as report_cases takes them) about registered assets: one case linking them all, or one
    per asset. The matter code is the assets' district (the first 6 digits of a component identifier,
    DOMAIN.md section 2) followed by the matter class, which must concern the assets' family. A case
    linking assets of several districts is refused: a district's platform dispatches it.

    details: urgency, address, reporter_name, reporter_contact (empty ones are left out)."""
    unique: dict[tuple[str, str], dict[str, str]] = {}
    for asset in assets:
        family, component_id = asset.get("family") or "", (asset.get("component_id") or "").strip()
        if family not in standard.families:
            known = ", ".join(standard.families)
            raise InputError("storage.case.unknown_family", family=family, known=known)
        if not _COMPONENT_ID.match(component_id):
            raise InputError("storage.case.invalid_component_id", component_id=component_id)
        unique[(family, component_id)] = {"family": standard.family(family).table, "component_id": component_id}
    if not unique:
        raise InputError("storage.case.no_assets_selected")
    _check_matter_class(standard, matter_class, (family for family, _ in unique))
    common: dict[str, Any] = {"source": source, "description": description}
    common.update({key: value for key, value in details.items() if key in _CASE_DETAILS and value})
    linked = [unique[key] for key in sorted(unique)]
    groups = [[asset] for asset in linked] if one_per_asset else [linked]
    cases = []
    for group in groups:
        districts = sorted({asset["component_id"][:6] for asset in group})
        if len(districts) > 1:
            raise RefusedError(
                "storage.case.several_districts",
                districts=listing(districts),
            )
        cases.append({"matter_code": districts[0] + matter_class, **common, "assets": group})
    return cases


def unknown_assets(conn: Any, assets: Iterable[dict[str, str]]) -> list[str]:
    """The assets ({family (table), component_id}) the registry does not hold, as 'family:component_id'."""
    by_family: dict[str, list[str]] = {}
    for asset in assets:
        by_family.setdefault(asset["family"], []).append(asset["component_id"])
    unknown = []
    with conn.cursor() as cur:
        for family, ids in sorted(by_family.items()):
            # one query per family (a handful), whatever the number of assets
            statement = sql.SQL(
                "SELECT x FROM unnest(%s::text[]) AS x"
                " WHERE NOT EXISTS (SELECT 1 FROM {} a WHERE a.component_id = x) ORDER BY x"
            ).format(sql.Identifier(SCHEMA, family))
            cur.execute(statement, (sorted(set(ids)),))
            unknown += [f"{family}:{row[0]}" for row in cur.fetchall()]
    return unknown


def report_asset_cases(
    conn: Any,
    standard: Standard,
    assets: Iterable[dict[str, str]],
    matter_class: str,
    source: str,
    description: str,
    one_per_asset: bool = False,
    **details: Any,
) -> list[ReportedCase]:
    """Report the cases of asset_cases in one transaction (all or none), after refusing, by name, the
    assets the registry does not hold (the database would refuse them too, but only the first)."""
    cases = asset_cases(standard, assets, matter_class, source, description, one_per_asset, **details)
    unknown = unknown_assets(conn, [asset for case in cases for asset in case["assets"]])
    if unknown:
        conn.rollback()  # end the read of the check: the connection stays usable, nothing was written
        more = f" (+{len(unknown) - 10})" if len(unknown) > 10 else ""
        raise RefusedError("storage.case.assets_not_in_registry", assets=", ".join(unknown[:10]), more=more)
    return report_cases(conn, cases)


def record_outages(conn: Any, family: str, component_ids: Iterable[str], description: str) -> int:
    """Report one streetlight-fault case per component (source: patrol), linked to it; refuse unknown components."""
    assets = [{"family": family, "component_id": component_id} for component_id in component_ids]
    return len(report_asset_cases(conn, Standard(), assets, STREETLIGHT_FAULT, "patrol", description, one_per_asset=True))


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
# The step that moves a case on along the main path, from every stage that has one: towards
# closing, a deferred case resumed, a closed one rated (the one step that stays legal forever).
NEXT_STEP = {stage: steps[0] for stage, steps in _TO_CLOSED.items()} | {"closed": "rate", "deferred": "resume"}


def close_work_orders(conn: Any, component_ids: Iterable[str], maintainer: str = "—", notes: str | None = None) -> int:
    """Close the open cases of these components through every remaining stage (each one an event),
    for repairs already done; returns how many cases were closed. The notes are stored in both
    languages unless given."""
    notes = notes if notes is not None else bilingual(msg("storage.case.repaired"))
    with conn.cursor() as cur:
        cur.execute(
            "SELECT DISTINCT w.id, w.version, w.status FROM assetreg.work_order w"
            " JOIN assetreg.work_order_asset a ON a.work_order_id = w.id"
            " WHERE a.component_id = ANY(%s) AND w.status = ANY(%s) ORDER BY w.id",
            (sorted(set(component_ids)), list(_TO_CLOSED)),
        )
        open_cases = cur.fetchall()
    # the unit in charge of the asset if the registry knows one (一派到位), else the one given here
    payloads = {"dispatch": {"fallback_maintainer": maintainer}, "handle": {"notes": notes}}
    for case_id, version, status in open_cases:
        for action in _TO_CLOSED[status]:
            version = transition(conn, case_id, version, action, payload=payloads.get(action))
    return len(open_cases)


# -- cases from inspection findings ---------------------------------------------------------------

# A finding that still stands (its asset's latest inspection of that kind) and calls for a case:
# a light found unlit at night, or an asset found in one of the profile's defect states. One that
# an open case of its asset covers already, or a case reported since the finding, is left alone,
# so running this again creates nothing twice.
_STANDING_FINDINGS = """
SELECT i.inspection_id, i.kind, i.asset_family, i.component_id, i.inspected_at, i.lit, i.status_found
  FROM assetreg.inspection i
 WHERE i.asset_uid IS NOT NULL AND i.superseded_at IS NULL
   AND ((i.kind = 'lighting_patrol' AND i.lit IS FALSE) OR i.status_found = ANY (%(defects)s))
   AND (%(submission)s::bigint IS NULL OR i.submission_id = %(submission)s)
   AND (%(since)s::timestamptz IS NULL OR i.inspected_at >= %(since)s)
   AND NOT EXISTS (SELECT 1 FROM assetreg.work_order_asset l JOIN assetreg.work_order w ON w.id = l.work_order_id
                    WHERE l.asset_uid = i.asset_uid
                      AND (w.status NOT IN ('closed', 'cancelled', 'refused') OR w.reported_at >= i.inspected_at))
 ORDER BY i.component_id, i.inspection_id
"""


@dataclass
class FindingCases:
    findings: list[dict[str, Any]]  # the standing findings, each with the case it became (or would become)
    reported: list[ReportedCase]  # empty on a dry run


def matter_class_of(standard: Standard, family: str, component_id: str) -> str | None:
    """The matter class of a component's own trouble: its class code where the code list has it as a
    matter of its family ("<component> 异常" reuses the component's class), else the family's first."""
    fitting = matter_classes_for(standard, family)
    own = component_id[6:11]
    return own if own in fitting else (fitting[0] if fitting else None)


def _finding_case(standard: Standard, finding: dict[str, Any]) -> dict[str, Any]:
    when = finding["inspected_at"].strftime("%Y-%m-%d %H:%M")
    if finding["kind"] == "lighting_patrol" and finding["lit"] is False:
        found = msg("storage.case.found_unlit")
    else:
        found = msg("storage.case.found_status", status=finding["status_found"])
    matter = matter_class_of(standard, finding["asset_family"], finding["component_id"])
    return {
        "matter_code": finding["component_id"][:6] + (matter or ""),
        "source": "patrol" if finding["kind"] == "lighting_patrol" else "inspection",
        "description": bilingual(msg("storage.case.finding", found=found, inspection=finding["inspection_id"], when=when)),
        "assets": [{"family": finding["asset_family"], "component_id": finding["component_id"]}],
        "inspection_id": finding["inspection_id"],  # kept in the report event's payload
    }


def cases_from_findings(
    conn: Any,
    standard: Standard,
    profile: Any,
    submission: int | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
) -> FindingCases:
    """One case per standing finding (unlit light, damaged or lost asset) of the inspections, reported
    in one transaction; ``submission`` or ``since`` narrows the inspections looked at."""
    defects = profile.body["inspection_findings"]["defect_statuses"]
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(_STANDING_FINDINGS, {"defects": defects, "submission": submission, "since": since})
        findings = [dict(row) for row in cur.fetchall()]
    cases = [_finding_case(standard, finding) for finding in findings]
    for finding, case in zip(findings, cases, strict=True):
        finding["matter_code"] = case["matter_code"]
    if dry_run or not cases:
        conn.rollback()
        return FindingCases(findings, [])
    return FindingCases(findings, report_cases(conn, cases))
