"""Locating assets in their unit grid, as assetreg_app.grid_at does, and the registry's grid findings."""

from __future__ import annotations

import io
import threading
from typing import Any

from psycopg2 import sql

from ...core import fastrows
from ...core.fastpath import np
from ...core.messages import both
from ...core.report import Report
from ...core.standard import Family
from .area_check import area_findings

# from this many rows on, locating goes through the lattice of grid cells, whose making costs a few tenths of a second
LATTICE_MIN_ROWS = 20_000
# the widening of a cell, relative to its size and to its coordinates, beyond any rounding of the division
_MARGIN_OF_CELL = 1e-6
_MARGIN_OF_COORDINATE = 1e-12


def located(cur: Any, spot: sql.Composable, rows: int) -> sql.Composable:
    """The grid a spot lies in, as assetreg_app.grid_at says (the lowest code on a boundary), for many rows at once.

    A few rows: grid_at's own query. Many: the grids on a lattice of cells (assetreg_app.grid_lattice,
    db/app/20_location.sql), each spot tested only against the grids listed in its own cell, found
    by an index on the cell rather than a spatial index scan per row.
    """
    if rows < LATTICE_MIN_ROWS:
        return sql.SQL("(SELECT min(g.code) FROM assetreg.unit_grid g WHERE ST_Intersects(g.geom, {spot}))").format(spot=spot)
    return lattice_located(spot, grid_lattice(cur))


def grid_lattice(cur: Any) -> float | None:
    """The temporary table grid_cell: the registry's grids on the lattice of assetreg_app.grid_lattice; its cell size."""
    cur.execute("CREATE TEMP TABLE grid_cell ON COMMIT DROP AS SELECT * FROM assetreg_app.grid_lattice()")
    cur.execute("CREATE INDEX ON grid_cell (cx, cy)")
    cur.execute("ANALYZE grid_cell")
    cur.execute("SELECT max(cell) FROM grid_cell")
    return cur.fetchone()[0]


def lattice_located(spot: sql.Composable, cell: float | None) -> sql.Composable:
    if cell is None:
        return sql.SQL("NULL::text")  # no grids: nothing is located
    return sql.SQL(
        "(SELECT min(c.code) FROM grid_cell c WHERE c.cx = floor(ST_X({spot}) / {cell})"
        " AND c.cy = floor(ST_Y({spot}) / {cell}) AND ST_Intersects(c.geom, {spot}))"
    ).format(spot=spot, cell=sql.SQL("{}::double precision").format(sql.Literal(cell)))


# -- locating in the client: a first load's points, by their cell of the lattice (firstload.py) ----------


class Lattice:
    """grid_cell and its cells (grid_lattice, lattice_cells), made by a thread on the import's connection."""

    def __init__(self, conn: Any):
        self._value: tuple[float | None, list] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(conn,), name="grid-lattice", daemon=True)
        self._thread.start()

    def _run(self, conn: Any) -> None:
        try:
            with conn.cursor() as cur:
                cell = grid_lattice(cur)
                self._value = cell, lattice_cells(cur, cell)
        except BaseException as exc:  # handed to the thread that waits for it
            self._error = exc

    def result(self) -> tuple[float | None, list]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def lattice_cells(cur: Any, cell: float | None) -> list:
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


def locate_points(cur: Any, x: Any, y: Any, srid: int, cell_of: Any, cell: float | None, listed: list) -> Any:
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
    locate_in_server(cur, located, spots[~pure], x, y, srid, cell, cell_of)
    return located


def locate_in_server(cur: Any, located: Any, spots: Any, x: Any, y: Any, srid: int, cell: float, cell_of: Any) -> None:
    """The spots in cells near a grid's edge, located by the lattice's test in the server."""
    if not len(spots):
        return
    cur.execute("CREATE TEMP TABLE spot (n integer, geom geometry) ON COMMIT DROP")
    geometries = fastrows.point_cells(x[spots], y[spots], srid)
    lines = b"\n".join(b"%d,%s" % pair for pair in zip(spots.tolist(), geometries, strict=True))
    cur.copy_expert("COPY spot (n, geom) FROM STDIN WITH (FORMAT csv)", io.BytesIO(lines + b"\n"))
    cur.execute(sql.SQL("SELECT s.n, {located} FROM spot s").format(located=lattice_located(sql.Identifier("s", "geom"), cell)))
    for n, code in cur.fetchall():
        located[n] = b"" if code is None else cell_of(code)
    cur.execute("DROP TABLE spot")


def registry_findings(cur: Any, family: Family, report: Report) -> None:
    """registry.unknown_grid and registry.grid_mismatch for the staged features (the registry's grids loaded),
    and registry.area_mismatch (area_check.py)."""
    if "grid_code" in family.field_names:
        grid_findings(cur, sql.Identifier("prepared"), report)
    area_findings(cur, sql.Identifier("prepared"), family, report)


def grid_findings(cur: Any, rows: sql.Composable, report: Report, before: sql.Composable | None = None) -> None:
    """registry.unknown_grid, grid_mismatch and outside_grids of rows (component_id, grid_code, located_grid).

    rows: the prepared rows, the rows a statement inserted (``before`` then holds the WITH that
    inserts them), or a family table that holds only this delivery's rows (a first load).
    """
    cur.execute(
        sql.SQL(
            "{before}SELECT r.component_id, r.grid_code, r.located_grid, g.code IS NOT NULL"
            " FROM {rows} r LEFT JOIN assetreg.unit_grid g ON g.code = r.grid_code"
            " WHERE EXISTS (SELECT 1 FROM assetreg.unit_grid)"
            "   AND (g.code IS NULL OR r.grid_code IS DISTINCT FROM r.located_grid)"
            " ORDER BY 1"
        ).format(before=before or sql.SQL(""), rows=rows)
    )
    for component_id, grid_code, located_grid, known in cur.fetchall():
        add_grid_finding(report, component_id, grid_code, located_grid, known)
    report.sort()


def add_grid_finding(report: Report, component_id: str, grid_code: str | None, located: str | None, known: bool) -> None:
    feature = report.identifiers.get(component_id)
    if not known:
        report.add("registry.unknown_grid", feature, component_id=component_id, field="grid_code", value=grid_code)
    elif located is None:
        report.add("registry.outside_grids", feature, component_id=component_id, field="grid_code", value=grid_code)
    else:
        report.add(
            "registry.grid_mismatch",
            feature,
            component_id=component_id,
            field="grid_code",
            value=grid_code,
            detail=both("import.grid_located", grid=located),
        )
