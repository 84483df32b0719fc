"""Importing historical cases (standard 1.1 work_order records, as a platform exports them).

The validated records are COPied into a temporary staging table with the case table's column types,
put into the registry CRS, and checked for components the registry does not hold (reported like an
inspection's, refused unless --accept-valid). Everything else happens in the database, through the
case flow's role: assetreg_app.case_load_history (db/app/66_case_history.sql) rebuilds each case's
events from its step times, computes the deadlines the platform did not record, and leaves a case
number already registered from the same record as it is.
"""

from __future__ import annotations

from typing import IO, Any

from psycopg2 import sql

from ..core.errors import RefusedError
from ..core.report import Report
from ..core.standard import Family, Standard
from .inspections import report_unknown_components
from .names import CASE_FIELDS_HELD_ELSEWHERE, CASE_TABLE, SCHEMA

STAGE = "case_history_stage"
_MAX_LISTED = 10
FLOW_ROLE = "assetreg_case_flow"


def stage_rows(cur: Any, record: Family, rows: IO[str]) -> None:
    """The delivered rows in a temporary table typed as the case table (the fields it holds elsewhere as text)."""
    columns = [
        sql.SQL("NULL::text AS {}").format(sql.Identifier(name)) if name in CASE_FIELDS_HELD_ELSEWHERE else sql.Identifier(name)
        for name in record.field_names
    ]
    cur.execute(
        sql.SQL("CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA").format(
            stage=sql.Identifier(STAGE), columns=sql.SQL(", ").join(columns), table=sql.Identifier(SCHEMA, CASE_TABLE)
        )
    )
    # keyed by stage_row: the load reads the cases in that order, so that each case's steps are ordered by themselves
    cur.execute(
        sql.SQL(
            "ALTER TABLE {} ADD COLUMN geom geometry, ADD COLUMN stage_row bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        ).format(sql.Identifier(STAGE))
    )
    fields = sql.SQL(", ").join(sql.Identifier(name) for name in record.field_names)
    copy = sql.SQL("COPY {} ({}, geom) FROM STDIN WITH (FORMAT csv)").format(sql.Identifier(STAGE), fields)
    cur.copy_expert(copy.as_string(cur), rows)
    # the load joins it to every case and event: without its statistics the plans are priced at millions of rows
    cur.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(STAGE)))


def to_registry_crs(cur: Any, source_srid: int, registry_srid: int) -> None:
    geometry = (
        "ST_Force2D(ST_SetSRID(geom, %(registry)s))"
        if source_srid == registry_srid
        else "ST_Transform(ST_SetSRID(ST_Force2D(geom), %(source)s), %(registry)s)"
    )
    cur.execute(
        sql.SQL("UPDATE {} SET geom = " + geometry + " WHERE geom IS NOT NULL").format(sql.Identifier(STAGE)),
        {"source": source_srid, "registry": registry_srid},
    )


def unknown_components(cur: Any, standard: Standard, report: Report) -> list[str]:
    """registry.unknown_component for every case naming a component the registry does not hold; those
    cases leave the staging table (refused, or with --accept-valid kept in quarantine)."""
    known = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT component_id FROM {}").format(sql.Identifier(SCHEMA, family.table))
        for family in standard.families.values()
    )
    cur.execute(
        sql.SQL(
            "SELECT case_no, component_id FROM {stage} s WHERE component_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM ({known}) k WHERE k.component_id = s.component_id) ORDER BY 2, 1"
        ).format(stage=sql.Identifier(STAGE), known=known)
    )
    unknown = report_unknown_components(report, cur.fetchall())
    cur.execute(
        sql.SQL("DELETE FROM {stage} s WHERE component_id IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM ({known}) k WHERE k.component_id = s.component_id)"
        ).format(stage=sql.Identifier(STAGE), known=known)
    )  # fmt: skip
    return unknown


def counts(cur: Any) -> tuple[int, int, int]:
    """(staged cases, of which registered already, of those the ones whose collector the record adds): a
    re-import's registered cases are left unchanged, but for a collector a later export fills in (what a dry run
    reports; the load itself also refuses any other difference)."""
    cur.execute(
        sql.SQL(
            "SELECT count(*), count(w.id), count(w.id) FILTER (WHERE w.collector_code IS NULL AND s.collector_code IS NOT NULL)"
            " FROM {} s LEFT JOIN {} w ON w.case_no = s.case_no"
        ).format(sql.Identifier(STAGE), sql.Identifier(SCHEMA, CASE_TABLE))
    )
    staged, registered, filled = cur.fetchone()
    return staged, registered, filled


def load(cur: Any) -> tuple[int, int, int]:
    """Hand the staged cases to the case flow: (loaded, unchanged, updated: registered cases whose collector a
    later export filled in)."""
    cur.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(STAGE), sql.Identifier(FLOW_ROLE)))
    cur.execute("SELECT loaded, unchanged, updated FROM assetreg_app.case_load_history()")
    loaded, unchanged, updated = cur.fetchone()
    return loaded, unchanged, updated


def refuse_unknown(unknown: list[str], accept_valid: bool) -> None:
    if unknown and not accept_valid:
        raise RefusedError(
            "case_history.unknown_components",
            count=len(unknown),
            components=", ".join(unknown[:_MAX_LISTED]) + (" …" if len(unknown) > _MAX_LISTED else ""),
        )
