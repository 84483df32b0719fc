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

import io
import threading
from typing import Any

from psycopg2 import sql

from ...core import fastrows
from ...core.fastpath import np
from ...core.standard import Family
from . import locate, rows, staging

# the widening of a cell, relative to its size and to its coordinates, beyond any rounding of the division
_MARGIN_OF_CELL = 1e-6
_MARGIN_OF_COORDINATE = 1e-12


def prepared_rows(cur: Any, target: Any, request: Any, result: Any) -> Any:
    """The fast writer's rows when this delivery is a first load that may go straight in; else None."""
    family: Family = target.family
    standard, profile = request.standard, request.profile
    if family.is_record or result.mode != "insert" or result.dry_run or family.geometry_types != ("Point",):
        return None
    cur.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(target.table))
    if cur.fetchone()[0]:
        return None  # registered assets: the staged rows are compared with them
    if not staging.is_bulk_load(cur, target, result.report.valid_count):
        return None  # a small first load: staged, keys in place
    # the server puts the grids on their lattice while the client prepares the rows
    lattice = _Lattice(cur.connection)
    try:
        prepared = fastrows.prepare_rows(request.path, standard, profile, family.name, result.report, request.mapping)
    finally:
        cells = lattice.result()
    if prepared is None or prepared.source_srid != profile.registry_srid or prepared.plain_points() is None:
        cur.execute("DROP TABLE grid_cell")  # the staged insert makes its own
        return None
    prepared.lattice = cells
    return prepared


class _Lattice:
    """grid_cell and its cells (locate.grid_lattice, _cells), made by a thread on the import's connection."""

    def __init__(self, conn: Any):
        self._value: tuple[float | None, list] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(conn,), name="grid-lattice", daemon=True)
        self._thread.start()

    def _run(self, conn: Any) -> None:
        try:
            with conn.cursor() as cur:
                cell = locate.grid_lattice(cur)
                self._value = cell, _cells(cur, cell)
        except BaseException as exc:  # handed to the thread that waits for it
            self._error = exc

    def result(self) -> tuple[float | None, list]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def write_located_rows(prepared: Any, out: Any, srid: int, located: Any, stamp: str) -> tuple[int, int]:
    """The COPY rows of a first load (fields, geometry with its SRID, located_grid, located_at)."""
    return prepared.write(out, srid, located, stamp), srid


def load(cur: Any, target: Any, prepared: Any, result: Any, registry_srid: int) -> None:
    """Locate, COPY into the family table, report the grid findings; keys set aside meanwhile."""
    family: Family = target.family
    cur.execute("SELECT now()::text")
    stamp = cur.fetchone()[0]  # located_at, as now() in the INSERT from staging
    x, y = prepared.plain_points()
    located = _locate(cur, x, y, registry_srid, prepared.cell, *prepared.lattice)
    cur.execute("SELECT assetreg_app.suspend_for_bulk_load(%s)", (family.table,))
    stream = rows.RowStream(lambda out: write_located_rows(prepared, out, registry_srid, located, stamp))
    try:
        copy = sql.SQL("COPY {table} ({fields}, geom, located_grid, located_at) FROM STDIN WITH (FORMAT csv)").format(
            table=target.table, fields=target.fields
        )
        cur.copy_expert(copy.as_string(cur), stream.rows)
        result.staged, _ = stream.written()
    finally:
        stream.close()
    if "grid_code" in family.field_names:
        _grid_findings(cur, target, result)
    cur.execute("SELECT assetreg_app.restore_after_bulk_load(%s)", (family.table,))
    result.inserted = result.staged  # one COPY inserts them all or fails


def _cells(cur: Any, cell: float | None) -> list:
    """Each cell of grid_cell once, (cx, cy, the code of the grid every spot in it lies in, or None)."""
    if cell is None:
        return []
    cur.execute(
        "WITH cells AS (SELECT cx, cy, count(*) AS listed, min(code) AS code FROM grid_cell GROUP BY cx, cy)"
        " SELECT c.cx, c.cy, CASE WHEN c.listed = 1 AND ST_ContainsProperly(g.geom, ST_MakeEnvelope("
        "   c.cx * %(cell)s - m.m, c.cy * %(cell)s - m.m, (c.cx + 1) * %(cell)s + m.m, (c.cy + 1) * %(cell)s + m.m,"
        "   ST_SRID(g.geom))) THEN c.code END"
        " FROM cells c JOIN grid_cell g ON g.cx = c.cx AND g.cy = c.cy AND g.code = c.code"
        " CROSS JOIN LATERAL (SELECT %(cell)s * %(of_cell)s"
        "   + (abs(c.cx) + abs(c.cy) + 2) * %(cell)s * %(of_coordinate)s AS m) m",
        {"cell": cell, "of_cell": _MARGIN_OF_CELL, "of_coordinate": _MARGIN_OF_COORDINATE},
    )
    return cur.fetchall()


def _locate(cur: Any, x: Any, y: Any, srid: int, cell_of: Any, cell: float | None, listed: list) -> Any:
    """Per light, the CSV cell of its grid (b"" for none), as grid_at gives it; cell_of writes a code as a CSV cell."""
    located = np.full(len(x), b"", object)
    if cell is None or not len(x) or not listed:
        return located  # no grids: nothing is located
    lx = np.array([row[0] for row in listed], np.float64)
    ly = np.array([row[1] for row in listed], np.float64)
    codes = np.empty(len(listed), object)
    codes[:] = [None if row[2] is None else cell_of(row[2]) for row in listed]
    # each cell as one number (the lattice is a small rectangle of cells), sorted for the look-up
    x0, y0, height = lx.min(), ly.min(), ly.max() - ly.min() + 1
    keys = (lx - x0) * height + (ly - y0)
    order = np.argsort(keys)
    keys, codes = keys[order], codes[order]
    px, py = np.floor(x / cell), np.floor(y / cell)
    inside = (px >= x0) & (px <= lx.max()) & (py >= y0) & (py <= ly.max())
    spots = np.flatnonzero(inside)
    wanted = (px[spots] - x0) * height + (py[spots] - y0)
    position = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[position] == wanted
    spots, position = spots[found], position[found]  # the others lie in cells no grid reaches: in no grid
    code = codes[position]
    pure = np.array([c is not None for c in code.tolist()], bool)
    located[spots[pure]] = code[pure]
    _locate_in_server(cur, located, spots[~pure], x, y, srid, cell, cell_of)
    return located


def _locate_in_server(cur: Any, located: Any, spots: Any, x: Any, y: Any, srid: int, cell: float, cell_of: Any) -> None:
    """The spots in cells near a grid's edge, located by the lattice's test in the server."""
    if not len(spots):
        return
    cur.execute("CREATE TEMP TABLE spot (n integer, geom geometry) ON COMMIT DROP")
    geometries = fastrows.point_cells(x[spots], y[spots], srid)
    lines = b"\n".join(b"%d,%s" % pair for pair in zip(spots.tolist(), geometries, strict=True))
    cur.copy_expert("COPY spot (n, geom) FROM STDIN WITH (FORMAT csv)", io.BytesIO(lines + b"\n"))
    cur.execute(
        sql.SQL("SELECT s.n, {located} FROM spot s").format(located=locate.lattice_located(sql.Identifier("s", "geom"), cell))
    )
    for n, code in cur.fetchall():
        located[n] = b"" if code is None else cell_of(code)
    cur.execute("DROP TABLE spot")


def _grid_findings(cur: Any, target: Any, result: Any) -> None:
    """registry.unknown_grid, grid_mismatch and outside_grids, from the rows just loaded (the table was empty)."""
    cur.execute(
        sql.SQL(
            "SELECT t.component_id, t.grid_code, t.located_grid, g.code IS NOT NULL"
            " FROM {table} t LEFT JOIN assetreg.unit_grid g ON g.code = t.grid_code"
            " WHERE EXISTS (SELECT 1 FROM assetreg.unit_grid)"
            "   AND (g.code IS NULL OR t.grid_code IS DISTINCT FROM t.located_grid)"
            " ORDER BY 1"
        ).format(table=target.table)
    )
    for component_id, grid_code, located, known in cur.fetchall():
        locate.add_grid_finding(result.report, component_id, grid_code, located, known)
    result.report.sort()
