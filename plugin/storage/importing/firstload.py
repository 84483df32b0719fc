"""A first load: a large delivery into an empty family goes straight into the family table.

The staged path writes every row twice (COPY into staging, then INSERT into the family table) and
locates every row in the server. When the family holds nothing yet there is nothing to compare a
delivery with, so the rows can go in by one COPY, located beforehand:

1. the registry's grids on the lattice of assetreg_app.grid_lattice (the temporary table grid_cell);
   a cell that lists a single grid which properly contains the cell (widened by a margin beyond the
   rounding of floor(coordinate / cell)) holds spots of that grid only, so every spot in it lies in
   that grid and no other, and grid_at would give its code; a spot in a cell the lattice does not
   list lies in no grid;
2. the client finds each light's cell from its coordinates (the same floating-point division and
   floor as the server's), and the server locates the few spots in the other cells by the lattice's
   own test (locate.lattice_located);
3. the rows go by one COPY into the family table, with their geometry carrying the registry SRID,
   their grid and the transaction's time as located_at (what the INSERT from staging writes);
4. the registry findings (registry.unknown_grid, grid_mismatch, outside_grids) come from the rows
   in the table, all of them this delivery's.

The keys and indexes are set aside and restored around the COPY as for any bulk load, the CHECKs
stay, and everything runs in the import's one transaction: a refused row, a failed restore or a
killed import leaves the family empty, as it was. Used only when the fast row writer vouches for
every row, every kept feature is a plain 2D point already in the registry CRS, the import inserts
(no dry run) and the family table is empty.
"""

from __future__ import annotations

from typing import Any

from psycopg2 import sql

from ...core import fastrows
from . import locate, rows, staging
from .area_check import area_findings
from .request import ImportRequest
from .result import ImportResult
from .staging import StagingTarget


def prepared_rows(cur: Any, target: StagingTarget, request: ImportRequest, result: ImportResult) -> Any:
    """The fast writer's rows when this delivery is a first load that may go straight in; else None."""
    family = target.family
    standard, profile = request.standard, request.profile
    if family.is_record or result.mode != "insert" or result.dry_run or family.geometry_types != ("Point",):
        return None
    cur.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(target.table))
    if cur.fetchone()[0]:
        return None  # registered assets: the staged rows are compared with them
    if not staging.is_bulk_load(cur, target, result.report.valid_count):
        return None  # a small first load: staged, keys in place
    # the server puts the grids on their lattice while the client prepares the rows
    lattice = locate.Lattice(cur.connection)
    try:
        prepared = fastrows.prepare_rows(request.path, standard, profile, family.name, result.report, request.mapping)
    finally:
        cells = lattice.result()
    if prepared is None or prepared.source_srid != profile.registry_srid or prepared.plain_points() is None:
        cur.execute("DROP TABLE grid_cell")  # the staged insert makes its own
        return None
    prepared.lattice = cells
    return prepared


def write_located_rows(prepared: Any, out: Any, srid: int, located: Any, stamp: str) -> tuple[int, int]:
    """The COPY rows of a first load (fields, geometry with its SRID, located_grid, located_at)."""
    return prepared.write(out, srid, located, stamp), srid


def load(cur: Any, target: StagingTarget, prepared: Any, result: ImportResult, registry_srid: int) -> None:
    """Locate, COPY into the family table, report the grid findings; keys set aside meanwhile."""
    family = target.family
    cur.execute("SELECT now()::text")
    stamp = cur.fetchone()[0]  # located_at, as now() in the INSERT from staging
    x, y = prepared.plain_points()
    located = locate.locate_points(cur, x, y, registry_srid, prepared.cell, *prepared.lattice)
    with staging.keys_set_aside(cur, target, True):
        _copy(cur, target, prepared, result, registry_srid, located, stamp)
        if "grid_code" in family.field_names:
            locate.grid_findings(cur, target.table, result.report)
        area_findings(cur, target.table, family, result.report)
    result.inserted = result.staged  # one COPY inserts them all or fails


def _copy(
    cur: Any, target: StagingTarget, prepared: Any, result: ImportResult, registry_srid: int, located: Any, stamp: str
) -> None:
    stream = rows.RowStream(lambda out: write_located_rows(prepared, out, registry_srid, located, stamp))
    try:
        copy = sql.SQL("COPY {table} ({fields}, geom, located_grid, located_at) FROM STDIN WITH (FORMAT csv)").format(
            table=target.table, fields=target.fields
        )
        cur.copy_expert(copy.as_string(cur), stream.rows)
        result.staged, _ = stream.written()
    finally:
        stream.close()
