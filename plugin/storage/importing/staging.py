"""The staging table: the delivery's rows COPied in, then prepared (registry CRS, matched, compared, located)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from psycopg2 import sql

from ...core.standard import Family
from ..names import SCHEMA
from . import locate

# from this many new assets on, and at least as many as the family holds, keys and spatial index are set aside
BULK_LOAD_MIN = 50_000


@dataclass
class StagingTarget:
    family: Family
    table: sql.Composable
    fields: sql.Composable

    @classmethod
    def of(cls, family: Family) -> StagingTarget:
        return cls(
            family,
            sql.Identifier(SCHEMA, family.table),
            sql.SQL(", ").join(sql.Identifier(name) for name in family.field_names),
        )


def stage_rows(cur: Any, target: StagingTarget, rows: IO[str]) -> None:
    cur.execute(
        sql.SQL("CREATE TEMP TABLE stage ON COMMIT DROP AS SELECT {fields} FROM {table} WITH NO DATA").format(
            fields=target.fields, table=target.table
        )
    )
    cur.execute("ALTER TABLE stage ADD COLUMN geom geometry, ADD COLUMN stage_row bigint GENERATED ALWAYS AS IDENTITY")
    copy = sql.SQL("COPY stage ({fields}, geom) FROM STDIN WITH (FORMAT csv)").format(fields=target.fields)
    cur.copy_expert(copy.as_string(cur), rows)


def prepare_staged(cur: Any, target: StagingTarget, source_srid: int, registry_srid: int, rows: int | None = None) -> None:
    """Staged rows in the registry CRS, matched to the registered asset, with the fields that differ and the grid."""
    if rows is None:
        cur.execute("SELECT count(*) FROM stage")
        rows = cur.fetchone()[0]
    located = locate.located(cur, sql.Identifier("s", "spot"), rows)
    changed = sql.SQL(", ").join(
        sql.SQL("CASE WHEN s.{name} IS DISTINCT FROM t.{name} THEN {label} END").format(
            name=sql.Identifier(name), label=sql.Literal(name)
        )
        for name in (*target.family.field_names, "geom")
    )
    cur.execute(
        sql.SQL(
            "CREATE TEMP TABLE prepared ON COMMIT DROP AS"
            " SELECT s.stage_row, {fields}, s.geom, {located} AS located_grid, t.uid AS target_uid,"
            "  CASE WHEN t.uid IS NOT NULL THEN array_remove(ARRAY[{changed}]::text[], NULL) END AS changed"
            " FROM {staged} s LEFT JOIN {table} t ON t.component_id = s.component_id"
        ).format(
            fields=sql.SQL(", ").join(sql.Identifier("s", name) for name in target.family.field_names),
            located=located,
            staged=staged(target, source_srid, registry_srid),
            changed=changed,
            table=target.table,
        ),
    )
    cur.execute("DROP TABLE stage")


def staged(target: StagingTarget, source_srid: int, registry_srid: int) -> sql.Composable:
    """The staged rows with their geometry in the registry CRS and the spot that locates it, each computed once."""
    # a delivery in the registry CRS needs no transformation
    geometry = (
        sql.SQL("ST_Force2D(ST_SetSRID(geom, {registry}))")
        if source_srid == registry_srid
        else sql.SQL("ST_Transform(ST_SetSRID(ST_Force2D(geom), {source}), {registry})")
    ).format(source=sql.Literal(source_srid), registry=sql.Literal(registry_srid))
    # the point assetreg_app.grid_at locates a geometry by: the point itself, a point on a line, inside a polygon
    spot = sql.SQL("geom" if target.family.geometry_types == ("Point",) else "ST_PointOnSurface(geom)")
    # OFFSET 0 keeps each level a subquery of its own, so that its expressions are not repeated above it
    return sql.SQL(
        "(SELECT *, {spot} AS spot FROM (SELECT stage_row, {fields}, {geometry} AS geom FROM stage OFFSET 0) g OFFSET 0)"
    ).format(spot=spot, fields=target.fields, geometry=geometry)


def is_bulk_load(cur: Any, target: StagingTarget, new: int) -> bool:
    """At least as many new assets as the table holds: set keys and spatial index aside (db/app/35_bulk.sql).

    The suspension takes the table's exclusive lock until the commit, so readers wait;
    a first load or a doubling is worth that, a routine re-delivery is not.
    """
    if new < BULK_LOAD_MIN:
        return False
    cur.execute(sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT %s) held").format(target.table), (new + 1,))
    return cur.fetchone()[0] <= new


@contextlib.contextmanager
def keys_set_aside(cur: Any, target: StagingTarget, bulk: bool) -> Iterator[None]:
    """For a bulk load, the family's keys and spatial index set aside while rows go in, then restored.

    Not restored when the block fails: the transaction is lost then, and the suspension with it.
    """
    if bulk:
        cur.execute("SELECT assetreg_app.suspend_for_bulk_load(%s)", (target.family.table,))
    yield
    if bulk:
        cur.execute("SELECT assetreg_app.restore_after_bulk_load(%s)", (target.family.table,))
