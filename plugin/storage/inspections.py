"""Promoting inspection records (巡查记录) into the registry, set-based, in the import's transaction.

The staged records are resolved to the assets they name (one join over every family table by
component_id), located (the grid at their position, else their asset's grid), and inserted
with the submission they came with. What they found about the asset's condition (status
found, PCI and grade, BCI and grade, vigour: core/condition.py derives which fields) updates
the asset by one UPDATE per family, so the history triggers record it with the submission.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from psycopg2 import sql

from ..core.condition import STATUS_CHANGE_DATE, STATUS_FIELD, condition_mapping
from ..core.errors import RefusedError
from ..core.report import Report
from ..core.standard import Family, Standard
from .names import SCHEMA

UNKNOWN_COMPONENT = "registry.unknown_component"
_MAX_LISTED = 10


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:_MAX_LISTED]) + (" …" if len(ids) > _MAX_LISTED else "")


def prepare(cur: Any, standard: Standard, record: Family, source_srid: int, registry_srid: int) -> None:
    """The staged records (temp table ``stage``) as ``prepared``: in the registry CRS, with their asset and grid."""
    fields = sql.SQL(", ").join(sql.Identifier(name) for name in record.field_names)
    assets = sql.SQL(" UNION ALL ").join(
        sql.SQL(
            "SELECT {family} AS asset_family, uid AS asset_uid, component_id, located_grid AS asset_grid FROM {table}"
        ).format(family=sql.Literal(family.name), table=sql.Identifier(SCHEMA, family.table))
        for family in standard.families.values()
    )
    geometry = sql.SQL(
        "ST_Force2D(ST_SetSRID(geom, %(registry)s))"
        if source_srid == registry_srid
        else "ST_Transform(ST_SetSRID(ST_Force2D(geom), %(source)s), %(registry)s)"
    )
    cur.execute(
        sql.SQL(
            "CREATE TEMP TABLE prepared ON COMMIT DROP AS"
            " WITH staged AS (SELECT stage_row, {fields}, {geometry} AS geom FROM stage),"
            " resolved AS (SELECT s.*, a.asset_family, a.asset_uid, a.asset_grid"
            "  FROM staged s LEFT JOIN ({assets}) a ON a.component_id = s.component_id)"
            # the grid at the position where the record was taken; without one, its asset's grid
            " SELECT DISTINCT ON (r.stage_row) r.*, coalesce(g.code, r.asset_grid) AS located_grid,"
            "  EXISTS (SELECT 1 FROM {inspections} i WHERE i.inspection_id = r.inspection_id) AS registered"
            " FROM resolved r LEFT JOIN assetreg.unit_grid g ON r.geom IS NOT NULL AND ST_Intersects(g.geom, r.geom)"
            " ORDER BY r.stage_row, g.code"
        ).format(fields=fields, geometry=geometry, assets=assets, inspections=sql.Identifier(SCHEMA, record.table)),
        {"source": source_srid, "registry": registry_srid},
    )
    cur.execute("DROP TABLE stage")


def unknown_components(cur: Any, report: Report) -> list[str]:
    """registry.unknown_component for every record naming a component the registry does not hold."""
    cur.execute(
        "SELECT inspection_id, component_id FROM prepared"
        " WHERE component_id IS NOT NULL AND asset_uid IS NULL ORDER BY component_id, inspection_id"
    )
    return report_unknown_components(report, cur.fetchall())


def report_unknown_components(report: Report, rows: Iterable[tuple[str, str]]) -> list[str]:
    """A finding per (record identifier, component_id) naming no registered asset; the unknown ids, once each."""
    unknown: list[str] = []
    for identifier, component_id in rows:
        report.add(
            UNKNOWN_COMPONENT,
            report.identifiers.get(identifier),
            component_id=component_id,
            field="component_id",
            value=component_id,
        )
        if component_id not in unknown:
            unknown.append(component_id)
    report.sort()
    return unknown


def refuse_unknown(unknown: list[str], accept_valid: bool) -> None:
    if unknown and not accept_valid:
        raise RefusedError("inspection.unknown_components", count=len(unknown), components=_listed(unknown))


def set_aside_unknown(cur: Any) -> int:
    """With --accept-valid: records of unknown components leave the promotion (they are in quarantine)."""
    cur.execute("DELETE FROM prepared WHERE component_id IS NOT NULL AND asset_uid IS NULL")
    return cur.rowcount


def already_registered(cur: Any) -> list[str]:
    cur.execute("SELECT inspection_id FROM prepared WHERE registered ORDER BY 1")
    return [row[0] for row in cur.fetchall()]


def refuse_registered(registered: list[str]) -> None:
    if registered:
        raise RefusedError("inspection.already_registered", count=len(registered), records=_listed(registered))


def update_condition(cur: Any, standard: Standard, record: Family, timezone: str) -> int:
    """Each asset takes what its latest record of this delivery found, unless a later inspection is registered.

    One UPDATE per family, over the fields core/condition.py derives; a field the record leaves
    empty keeps the asset's value. A change of status dates itself (change_date) on the day
    of the inspection, in the city's time zone. Runs before the records are inserted, so
    "a later inspection" means one registered before this delivery.
    """
    # only the families this delivery inspected: an UPDATE needs the privilege on its columns even
    # when it changes no row, and the crew may change a streetlight's status, not a road's PCI
    cur.execute("SELECT DISTINCT asset_family FROM prepared WHERE asset_family IS NOT NULL")
    inspected = {row[0] for row in cur.fetchall()}
    updated = 0
    for family in standard.families.values():
        mapping = condition_mapping(record, family) if family.name in inspected else {}
        if not mapping:
            continue
        found = {target: sql.SQL("coalesce(l.{}, t.{})").format(sql.Identifier(source), sql.Identifier(target))
                 for source, target in mapping.items()}  # fmt: skip
        assignments = [sql.SQL("{} = {}").format(sql.Identifier(target), value) for target, value in found.items()]
        status_source = next((source for source, target in mapping.items() if target == STATUS_FIELD), None)
        if status_source is not None and STATUS_CHANGE_DATE in family.field_names:
            assignments.append(
                sql.SQL(
                    "{date} = CASE WHEN l.{status} IS NOT NULL AND l.{status} IS DISTINCT FROM t.status"
                    " THEN (l.inspected_at AT TIME ZONE %(timezone)s)::date ELSE t.{date} END"
                ).format(date=sql.Identifier(STATUS_CHANGE_DATE), status=sql.Identifier(status_source))
            )
        current = sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(target)) for target in found)
        cur.execute(
            sql.SQL(
                "UPDATE {table} t SET {assignments}, updated_at = now()"
                " FROM (SELECT DISTINCT ON (asset_uid) * FROM prepared WHERE asset_family = %(family)s"
                "       ORDER BY asset_uid, inspected_at DESC, stage_row DESC) l"
                " WHERE t.uid = l.asset_uid"
                "   AND NOT EXISTS (SELECT 1 FROM {inspections} i"
                "                    WHERE i.asset_uid = l.asset_uid AND i.inspected_at > l.inspected_at)"
                "   AND ROW({current}) IS DISTINCT FROM ROW({found})"
            ).format(
                table=sql.Identifier(SCHEMA, family.table),
                assignments=sql.SQL(", ").join(assignments),
                inspections=sql.Identifier(SCHEMA, record.table),
                current=current,
                found=sql.SQL(", ").join(found.values()),
            ),
            {"family": family.name, "timezone": timezone},
        )
        updated += cur.rowcount
    return updated


def insert(cur: Any, record: Family) -> int:
    # current_submission() as a sub-select: looked up once for the statement, not once per record
    fields = sql.SQL(", ").join(sql.Identifier(name) for name in record.field_names)
    cur.execute(
        sql.SQL(
            "INSERT INTO {table} ({fields}, asset_family, asset_uid, geom, located_grid, located_at, submission_id)"
            " SELECT {fields}, asset_family, asset_uid, geom, located_grid, now(), (SELECT assetreg_app.current_submission())"
            " FROM prepared ORDER BY stage_row"
        ).format(table=sql.Identifier(SCHEMA, record.table), fields=fields)
    )
    return cur.rowcount
