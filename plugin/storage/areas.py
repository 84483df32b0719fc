"""Administrative areas and unit grids: loading them, and locating every asset again afterwards.

A file of areas has one layer of polygons with the columns ``level`` (district, street,
community or grid), ``code`` and ``name``; the parent of an area is the area whose code
is its prefix (a grid code nests community, street and district, DOMAIN.md section 2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from osgeo import ogr

from ..core.errors import InputError, RefusedError
from ..core.messages import msg
from ..core.reader import gdal_exceptions
from ..core.standard import Profile
from .connection import connection
from .errors import refusal
from .names import AREA_LEVELS

_Row = tuple[str, str, str, bytes]

LEVELS = (*AREA_LEVELS, "grid")
_CODE_LENGTH = {"district": 6, "street": 9, "community": 12, "grid": 15}


@dataclass
class AreaLoad:
    counts: dict[str, int]
    relocated: int


def read_polygon_file(path: Path, row: Callable[[Path, int, ogr.Feature], _Row]) -> tuple[list[_Row], int]:
    """``row(path, number, feature)`` per feature of the file's first layer, and the layer's EPSG code.

    Shared by the administrative and the responsibility areas: both refuse a file without a CRS
    and stop at the first bad feature.
    """
    with gdal_exceptions():
        try:
            dataset = ogr.Open(str(path))
        except RuntimeError as exc:
            raise InputError("areas.unreadable", path=path, reason=exc) from None
        layer = dataset.GetLayer(0)
        epsg = _epsg(layer)
        if epsg is None:
            raise InputError("areas.no_crs", path=path)
        return [row(path, number, feature) for number, feature in enumerate(layer, start=1)], epsg


def _epsg(layer: ogr.Layer) -> int | None:
    reference = layer.GetSpatialRef()
    if reference is None:
        return None
    reference.AutoIdentifyEPSG()
    code = reference.GetAuthorityCode(None)
    return int(code) if code else None


def multipolygon_wkb(geometry: ogr.Geometry | None) -> bytes | None:
    """The polygon as multipolygon WKB, or None when the feature has no polygon."""
    if geometry is None or ogr.GT_Flatten(geometry.GetGeometryType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
        return None
    return ogr.ForceToMultiPolygon(geometry.Clone()).ExportToIsoWkb()


def _row(path: Path, number: int, feature: ogr.Feature) -> _Row:
    def text(name: str) -> str:
        index = feature.GetFieldIndex(name)
        return str(feature.GetField(index)).strip() if index >= 0 and feature.IsFieldSetAndNotNull(index) else ""

    level, code, name = text("level"), text("code"), text("name")
    wkb = multipolygon_wkb(feature.GetGeometryRef())
    problem = None
    if level not in LEVELS:
        problem = msg("areas.unknown_level", level=level, levels=", ".join(LEVELS))
    elif not (code.isdigit() and len(code) == _CODE_LENGTH[level]):
        problem = msg("areas.bad_code", level=level, digits=_CODE_LENGTH[level], code=repr(code))
    elif wkb is None:
        problem = msg("areas.not_a_polygon")
    if problem:
        raise InputError("areas.bad_feature", path=path, number=number, problem=problem)
    return level, code, name or code, wkb


def _parent_code(level: str, code: str) -> str | None:
    if level == LEVELS[0]:
        return None
    return code[: _CODE_LENGTH[LEVELS[LEVELS.index(level) - 1]]]


def load_areas(dsn: str, path: str | Path, profile: Profile) -> AreaLoad:
    """Upsert the file's areas and grids, then locate every asset again; all in one transaction."""
    rows, epsg = read_polygon_file(Path(path), _row)
    counts = {level: sum(1 for row in rows if row[0] == level) for level in LEVELS}
    geometry = "ST_Multi(ST_Transform(ST_GeomFromWKB(%s, %s), %s))"
    with connection(dsn) as conn:
        try:
            with conn, conn.cursor() as cur:
                for level in AREA_LEVELS:  # parents before children
                    cur.executemany(
                        "INSERT INTO assetreg.admin_area (code, level, name, parent_code, geom)"
                        f" VALUES (%s, %s, %s, (SELECT code FROM assetreg.admin_area WHERE code = %s), {geometry})"
                        " ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, name = EXCLUDED.name,"
                        " parent_code = EXCLUDED.parent_code, geom = EXCLUDED.geom",
                        [
                            (code, level, name, _parent_code(level, code), wkb, epsg, profile.registry_srid)
                            for lvl, code, name, wkb in rows
                            if lvl == level
                        ],
                    )
                cur.executemany(
                    f"INSERT INTO assetreg.unit_grid (code, name, geom) VALUES (%s, %s, {geometry})"
                    " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geom = EXCLUDED.geom",
                    [(code, name, wkb, epsg, profile.registry_srid) for lvl, code, name, wkb in rows if lvl == "grid"],
                )
                cur.execute("SELECT assetreg_app.relocate_all()")
                relocated = cur.fetchone()[0]
        except psycopg2.Error as exc:
            refused = refusal(exc)
            detail = msg(refused.id, **refused.params) if refused else (exc.pgerror or str(exc)).strip().splitlines()[0]
            raise RefusedError("areas.database_refused", reason=detail) from None
    return AreaLoad(counts, relocated)
