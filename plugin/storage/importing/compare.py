"""Comparing staged assets with the registry (new, changed, unchanged, conflicting, deleted) and promoting them."""

from __future__ import annotations

from typing import Any

import psycopg2
from psycopg2 import sql

from ...core.errors import InputError, RefusedError
from ...core.report import Report
from ...core.standard import Family, Profile, Standard
from .. import inspections
from . import locate, staging
from .area_check import area_findings
from .request import Area
from .result import ImportResult
from .staging import StagingTarget

_MAX_LISTED = 10
_DRY_RUN_SAMPLES = 20


def compare_records(
    cur: Any,
    standard: Standard,
    record: Family,
    profile: Profile,
    source_srid: int,
    result: ImportResult,
    accept_valid: bool,
) -> None:
    """Inspection records: resolved to their assets; unknown components refused or set aside, numbers registered refused."""
    inspections.prepare(cur, standard, record, source_srid, profile.registry_srid)
    unknown = inspections.unknown_components(cur, result.report)
    result.rejected = len(result.report.invalid_features)
    result.conflicts = inspections.already_registered(cur)
    if not result.dry_run:
        inspections.refuse_unknown(unknown, accept_valid)
        inspections.refuse_registered(result.conflicts)
    inspections.set_aside_unknown(cur)
    cur.execute("SELECT count(*) FILTER (WHERE NOT registered) FROM prepared")
    result.inserted = cur.fetchone()[0]


def area_geometry(cur: Any, area: Area, registry_srid: int) -> Any:
    if area.code is not None:
        cur.execute(
            "SELECT geom FROM assetreg.admin_area WHERE code = %(code)s"
            " UNION ALL SELECT geom FROM assetreg.unit_grid WHERE code = %(code)s LIMIT 1",
            {"code": area.code},
        )
        row = cur.fetchone()
        if row is None:
            raise RefusedError("import.unknown_area", code=area.code)
        return row[0]
    try:
        cur.execute("SAVEPOINT area")
        cur.execute("SELECT ST_Transform(ST_GeomFromText(%s, %s), %s)", (area.wkt, area.srid, registry_srid))
        geometry = cur.fetchone()[0]
        cur.execute("RELEASE SAVEPOINT area")
    except psycopg2.Error as exc:
        cur.execute("ROLLBACK TO SAVEPOINT area")
        raise InputError("import.area_unreadable", reason=first_line(exc)) from None
    return geometry


def classify(cur: Any, target: StagingTarget, result: ImportResult, area_geom: Any) -> None:
    cur.execute(
        "SELECT count(*) FILTER (WHERE target_uid IS NULL),"
        " count(*) FILTER (WHERE cardinality(changed) > 0),"
        " count(*) FILTER (WHERE cardinality(changed) = 0) FROM prepared"
    )
    new, changed, unchanged = cur.fetchone()
    result.unchanged = unchanged
    if result.mode == "insert":
        result.conflicts = _ids(cur, "SELECT component_id FROM prepared WHERE target_uid IS NOT NULL ORDER BY 1")
    elif result.mode == "update":
        result.conflicts = _ids(cur, "SELECT component_id FROM prepared WHERE target_uid IS NULL ORDER BY 1")
    elif area_geom is not None:
        result.conflicts = _ids(
            cur,
            "SELECT component_id FROM prepared WHERE NOT ST_Intersects(%s, ST_PointOnSurface(geom)) ORDER BY 1",
            (area_geom,),
        )
        _judge_deletions(cur, target, result, area_geom)
    result.inserted = 0 if result.mode == "update" else new
    result.updated = 0 if result.mode == "insert" else changed
    if result.dry_run:
        cur.execute("SELECT f, count(*) FROM prepared, unnest(changed) AS f GROUP BY f ORDER BY 2 DESC, 1")
        result.changed_fields = dict(cur.fetchall())
        cur.execute(
            "SELECT component_id, changed FROM prepared WHERE cardinality(changed) > 0 ORDER BY component_id LIMIT %s",
            (_DRY_RUN_SAMPLES,),
        )
        result.changed_samples = [(row[0], list(row[1])) for row in cur.fetchall()]


def _judge_deletions(cur: Any, target: StagingTarget, result: ImportResult, area_geom: Any) -> None:
    """Which assets of the area replace-area deletes: those the delivery does not mention at all.

    A delivered row mentions the asset its identifier names, whether it was imported or rejected:
    a rejected row is a correction the contractor still owes, not a removal. A rejected row whose
    identifier cannot be trusted (missing, malformed, of another city or family, or repeated) might
    be any asset of the area, so while the delivery has one, nothing is deleted (result.withheld
    says how many would have been); the rows with their findings wait in quarantine to be fixed.
    """
    mentioned, result.unidentified = rejected_identifiers(result.report, target.family.identifier)
    cur.execute(
        sql.SQL(
            "SELECT t.component_id, t.component_id = ANY(%s) FROM {table} t"
            " WHERE ST_Intersects(%s, ST_PointOnSurface(t.geom))"
            " AND NOT EXISTS (SELECT 1 FROM prepared p WHERE p.component_id = t.component_id) ORDER BY 1"
        ).format(table=target.table),
        (sorted(mentioned), area_geom),
    )
    absent = []
    for component_id, is_mentioned in cur.fetchall():
        if is_mentioned:
            result.kept_rejected += 1
        else:
            absent.append(component_id)
    if result.unidentified:
        result.withheld = len(absent)
    else:
        result.deleted_ids = absent
    result.deleted = len(result.deleted_ids)


def rejected_identifiers(report: Report, identifier: str) -> tuple[set[str], int]:
    """The identifiers the rejected features name, and how many rejected features name none to trust.

    A rejected feature's identifier is trusted when it is a text and no error of that feature is
    about the identifier itself (structure, administrative or class code, duplicate, missing).
    """
    named: dict[int, str | None] = {}
    doubted: set[int] = set()
    for finding in report.errors:
        if finding.feature is None:
            continue
        if isinstance(finding.component_id, str):
            named.setdefault(finding.feature, finding.component_id)
        if finding.field == identifier:
            doubted.add(finding.feature)
    trusted = {feature: ident for feature, ident in named.items() if feature not in doubted}
    return set(trusted.values()), len(report.invalid_features) - len(trusted)


def refuse_unconfirmed_deletion(result: ImportResult, confirm_delete: bool) -> None:
    if confirm_delete or result.dry_run or not result.deleted_ids:
        return
    raise RefusedError("import.deletion_unconfirmed", count=len(result.deleted_ids), ids=_listed(result.deleted_ids))


def _ids(cur: Any, query: str, params: tuple = ()) -> list[str]:
    cur.execute(query, params)
    return [row[0] for row in cur.fetchall()]


def refuse_conflicts(result: ImportResult) -> None:
    if not result.conflicts or result.dry_run:
        return
    count, listed = len(result.conflicts), _listed(result.conflicts)
    if result.mode == "insert":
        raise RefusedError("import.conflict.registered", count=count, ids=listed)
    if result.mode == "update":
        raise RefusedError("import.conflict.not_registered", count=count, ids=listed)
    raise RefusedError("import.conflict.outside_area", count=count, ids=listed)  # replace-area


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:_MAX_LISTED]) + (" …" if len(ids) > _MAX_LISTED else "")


def inserts_directly(cur: Any, target: StagingTarget, result: ImportResult) -> bool:
    """An insert none of whose components is registered goes from the staging table into the registry.

    Nothing needs comparing then: every staged row is new. Otherwise (a conflict to refuse, other
    modes, a dry run) the staged rows are first prepared and classified (prepare_staged).
    """
    if result.mode != "insert" or result.dry_run:
        return False
    # an empty table (a first load) holds none of them: no join of the whole delivery to find that out
    cur.execute(
        sql.SQL(
            "SELECT EXISTS (SELECT 1 FROM {table}) AND EXISTS ("
            "SELECT 1 FROM stage s JOIN {table} t ON t.component_id = s.component_id)"
        ).format(table=target.table)
    )
    return not cur.fetchone()[0]


def insert_staged(cur: Any, target: StagingTarget, result: ImportResult, source_srid: int, registry_srid: int) -> None:
    """One INSERT of the staged rows, located on the way; the registry findings come from the rows it inserted."""
    fields = target.family.field_names
    located = locate.located(cur, sql.Identifier("s", "spot"), result.staged)
    insert = sql.SQL(
        "INSERT INTO {table} ({fields}, geom, located_grid, located_at)"
        " SELECT {staged_fields}, s.geom, {located}, now() FROM {staged} s"
    ).format(
        table=target.table,
        fields=target.fields,
        staged_fields=sql.SQL(", ").join(sql.Identifier("s", name) for name in fields),
        located=located,
        staged=staging.staged(target, source_srid, registry_srid),
    )
    with staging.keys_set_aside(cur, target, staging.is_bulk_load(cur, target, result.staged)):
        if "grid_code" in fields:
            # the grid findings of the rows it inserted, as registry_findings finds them for prepared rows
            inserted = sql.SQL("WITH inserted AS ({insert} RETURNING component_id, grid_code, located_grid) ").format(
                insert=insert
            )
            locate.grid_findings(cur, sql.Identifier("inserted"), result.report, before=inserted)
        else:
            cur.execute(insert)
    inserted_rows = sql.SQL("(SELECT * FROM {table} t WHERE t.component_id IN (SELECT component_id FROM stage))")
    area_findings(cur, inserted_rows.format(table=target.table), target.family, result.report)
    result.inserted = result.staged  # every staged row is new, and one statement inserts them all or fails


def merge(cur: Any, target: StagingTarget, result: ImportResult) -> None:
    """Set-based promotion; the location is assigned here, so the row triggers stay silent."""
    if result.mode != "update":
        with staging.keys_set_aside(cur, target, staging.is_bulk_load(cur, target, result.inserted)):
            cur.execute(
                sql.SQL(
                    "INSERT INTO {table} ({fields}, geom, located_grid, located_at)"
                    " SELECT {fields}, geom, located_grid, now() FROM prepared WHERE target_uid IS NULL"
                ).format(table=target.table, fields=target.fields)
            )
            result.inserted = cur.rowcount
    if result.mode != "insert":
        assignments = sql.SQL(", ").join(
            sql.SQL("{name} = p.{name}").format(name=sql.Identifier(name))
            for name in (*target.family.field_names, "geom", "located_grid")
        )
        cur.execute(
            sql.SQL(
                "UPDATE {table} t SET {assignments}, located_at = now(), updated_at = now()"
                " FROM prepared p WHERE t.uid = p.target_uid AND cardinality(p.changed) > 0"
            ).format(table=target.table, assignments=assignments)
        )
        result.updated = cur.rowcount
    if result.deleted_ids:
        # exactly what _judge_deletions found (and the caller confirmed): the family is locked since
        cur.execute(
            sql.SQL("DELETE FROM {table} WHERE component_id = ANY(%s)").format(table=target.table),
            (result.deleted_ids,),
        )
        result.deleted = cur.rowcount


def first_line(exc: psycopg2.Error) -> str:
    return (exc.pgerror or str(exc)).strip().splitlines()[0]
