"""Locating assets in their unit grid, as assetreg_app.grid_at does, and the registry's grid findings."""

from __future__ import annotations

from typing import Any

from psycopg2 import sql

from ...core.report import Report
from ...core.standard import Family

# from this many rows on, locating goes through the lattice of grid cells, whose making costs a few tenths of a second
LATTICE_MIN_ROWS = 20_000


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


def registry_findings(cur: Any, family: Family, report: Report) -> None:
    """registry.unknown_grid and registry.grid_mismatch for the staged features (the registry's grids loaded)."""
    if "grid_code" not in family.field_names:
        return
    cur.execute(
        "SELECT p.component_id, p.grid_code, p.located_grid, g.code IS NOT NULL"
        " FROM prepared p LEFT JOIN assetreg.unit_grid g ON g.code = p.grid_code"
        " WHERE EXISTS (SELECT 1 FROM assetreg.unit_grid)"
        "   AND (g.code IS NULL OR p.grid_code IS DISTINCT FROM p.located_grid)"
        " ORDER BY 1"
    )
    for component_id, grid_code, located, known in cur.fetchall():
        add_grid_finding(report, component_id, grid_code, located, known)
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
            detail={"zh": f"几何位于 {located}", "en": f"the geometry lies in {located}"},
        )
