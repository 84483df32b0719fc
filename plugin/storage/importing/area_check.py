"""registry.area_mismatch (issue 16 item 7): an area a delivery states that disagrees with where the asset lies.

A delivery states its asset's district (the first six digits of a 17-digit identifier), street and
community (street_code, community_code). Where the registry knows the area at the position, by the unit
grid the asset is located in (a grid code nests community, street and district, DOMAIN.md section 2) or,
outside every grid, by the loaded administrative areas, a stated code that differs is a finding (a
warning: the import keeps the delivered value; the position decides where the registry locates it).
Nothing is found where neither grids nor areas are loaded.
"""

from __future__ import annotations

from typing import Any

from psycopg2 import sql

from ...core.messages import both
from ...core.report import Report
from ...core.standard import Family

RULE = "registry.area_mismatch"
# (level, the field that states it, the expression of the stated code, the length of the code)
_STATED = (
    ("district", "component_id", "CASE WHEN r.component_id ~ '^[0-9]{17}$' THEN left(r.component_id, 6) END", 6),
    ("street", "street_code", "r.street_code", 9),
    ("community", "community_code", "r.community_code", 12),
)


def area_findings(cur: Any, rows: sql.Composable, family: Family, report: Report) -> None:
    """The findings of rows (component_id, the area fields, geom, located_grid), in the registry CRS."""
    stated = [entry for entry in _STATED if entry[1] in family.field_names]
    if not stated:
        return
    cur.execute("SELECT EXISTS (SELECT 1 FROM assetreg.unit_grid) OR EXISTS (SELECT 1 FROM assetreg.admin_area)")
    if not cur.fetchone()[0]:
        return  # nothing loaded says where an asset lies: a first import before the areas costs nothing
    spot = sql.SQL("r.geom" if family.geometry_types == ("Point",) else "ST_PointOnSurface(r.geom)")
    values = sql.SQL(", ").join(
        sql.SQL("({level}, {field}, {given}, {length})").format(
            level=sql.Literal(level), field=sql.Literal(field), given=sql.SQL(given), length=sql.Literal(length)
        )
        for level, field, given, length in stated
    )
    # a row its grid locates and whose every stated code agrees with it needs no more: the rest is a row
    # test, so an import of rows that agree pays one scan
    suspect = sql.SQL(" OR ").join(
        sql.SQL("{given} <> left(r.located_grid, {length})").format(given=sql.SQL(given), length=sql.Literal(length))
        for _, _, given, length in stated
    )
    # the spatial look-ups the planner cannot tell will rarely run inflate its estimate until it compiles the
    # statement (JIT): 0.4 s of a 0.5 s check on 100,000 rows; off for this statement, as the import had it after
    cur.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
    jit = cur.fetchone()[0]
    cur.execute(
        sql.SQL(
            "SELECT r.component_id, s.field, s.given, l.code, a.name"
            " FROM (SELECT * FROM {rows} r WHERE r.located_grid IS NULL OR {suspect}) r"
            " CROSS JOIN LATERAL (VALUES {values}) s(level, field, given, length)"
            " CROSS JOIN LATERAL (SELECT coalesce(left(r.located_grid, s.length),"
            "   (SELECT min(a.code) FROM assetreg.admin_area a WHERE a.level = s.level AND ST_Intersects(a.geom, {spot})))"
            "   AS code) l"
            " LEFT JOIN assetreg.admin_area a ON a.code = l.code"
            " WHERE s.given IS NOT NULL AND l.code IS NOT NULL AND s.given <> l.code"
            " ORDER BY 1, 2"
        ).format(rows=rows, values=values, spot=spot, suspect=suspect)
    )
    found = cur.fetchall()
    cur.execute("SELECT set_config('jit', %s, true)", (jit,))
    for component_id, field, given, located, name in found:
        label = both("area_defaults.district_of_identifier") if field == "component_id" else family.field(field).titles
        report.add(
            RULE,
            report.identifiers.get(component_id),
            component_id=component_id,
            field=field,
            value=given,
            label=label,
            detail=both("area_defaults.area_located", code=located, name=name or ""),
        )
    report.sort()
