"""Responsibility areas (责任区, 谁主管谁负责): polygons each with the unit responsible for the cases in it.

A file of responsibility areas has one layer of polygons with the columns ``code``, ``name`` and
``maintainer`` (the responsible unit). Loaded like the administrative areas (storage/areas.py):
all the file's areas or none, each upserted by its code. A dispatch without a named maintainer
takes the unit of the area a case lies in (db/app/67_case_steps.sql).
"""

from __future__ import annotations

from pathlib import Path

import psycopg2
from osgeo import ogr

from ..core.errors import InputError, RefusedError
from ..core.messages import msg
from ..core.standard import Profile
from .areas import multipolygon_wkb, read_polygon_file
from .connection import connection
from .errors import refusal

_COLUMNS = ("code", "name", "maintainer")


def _row(path: Path, number: int, feature: ogr.Feature) -> tuple[str, str, str, bytes]:
    def value(name: str) -> str:
        index = feature.GetFieldIndex(name)
        return str(feature.GetField(index)).strip() if index >= 0 and feature.IsFieldSetAndNotNull(index) else ""

    code, name, maintainer = (value(column) for column in _COLUMNS)
    wkb = multipolygon_wkb(feature.GetGeometryRef())
    missing = [column for column, given in zip(("code", "maintainer"), (code, maintainer), strict=False) if not given]
    if missing:
        problem = msg("responsibility_areas.missing", columns=", ".join(missing))
    elif wkb is None:
        problem = msg("areas.not_a_polygon")
    else:
        return code, name or code, maintainer, wkb
    raise InputError("areas.bad_feature", path=path, number=number, problem=problem)


def read_responsibility_areas(path: Path) -> tuple[list[tuple[str, str, str, bytes]], int]:
    """(code, name, maintainer, WKB) per feature, and the layer's EPSG code."""
    return read_polygon_file(path, _row)


def load_responsibility_areas(dsn: str, path: str | Path, profile: Profile) -> int:
    """Upsert the file's responsibility areas in one transaction; returns how many were loaded."""
    rows, epsg = read_responsibility_areas(Path(path))
    geometry = "ST_Multi(ST_Transform(ST_GeomFromWKB(%s, %s), %s))"
    with connection(dsn) as conn:
        try:
            with conn, conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO assetreg.responsibility_area (code, name, maintainer, geom) VALUES (%s, %s, %s, {geometry})"
                    " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, maintainer = EXCLUDED.maintainer,"
                    " geom = EXCLUDED.geom",
                    [(code, name, maintainer, wkb, epsg, profile.registry_srid) for code, name, maintainer, wkb in rows],
                )
        except psycopg2.Error as exc:
            refused = refusal(exc)
            detail = msg(refused.id, **refused.params) if refused else (exc.pgerror or str(exc)).strip().splitlines()[0]
            raise RefusedError("areas.database_refused", reason=detail) from None
    return len(rows)
