"""Exporting one asset family of the registry as a delivery that conforms to the standard.

The file holds exactly the standard's fields, under the standard's names, with the
standard's types (code-list codes, YYYY-MM-DD dates, integers, numbers, booleans), so
``assetreg validate`` passes it and ``assetreg import`` reads it back without a mapping.
Rows are streamed from a server-side cursor and written through OGR batch by batch:
memory stays bounded however large the registry is.

Formats: GeoPackage (one layer named after the family), GeoJSON (with its CRS named) and
CSV (UTF-8, geometry as WKT in a column named ``WKT``, the CRS in a ``.prj`` beside it,
which OGR's CSV driver reads back). People open the CSV in a spreadsheet, so a text that would
run there as a formula is written with a leading quote (core/csvcells.py), which the reader
takes off again: the round trip stays exact. ``csv_raw`` writes the values as they are.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.extensions
from osgeo import gdal, ogr, osr
from psycopg2 import sql

from ..core.csvcells import guard_cell
from ..core.errors import InputError
from ..core.messages import Message, given, msg
from ..core.outputs import writable_target
from ..core.reader import gdal_exceptions
from ..core.standard import Family, Field, Profile, Standard
from .connection import connection
from .names import SCHEMA

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    driver: str
    suffix: str
    typed_dates: bool  # whether the format has a date type; else dates are YYYY-MM-DD text
    typed_booleans: bool  # whether the format has a boolean type; else booleans are true/false text
    layer_options: tuple[str, ...] = ()


FORMATS = {
    "gpkg": ExportFormat("gpkg", "GPKG", ".gpkg", typed_dates=True, typed_booleans=True),
    # RFC7946=NO keeps the registry's projected CRS, named in the "crs" member that the validator reads
    "geojson": ExportFormat(
        "geojson", "GeoJSON", ".geojson", typed_dates=False, typed_booleans=True, layer_options=("RFC7946=NO",)
    ),
    # no .csvt: every column is text, as contractors deliver CSV; the reader types values by the standard
    "csv": ExportFormat(
        "csv", "CSV", ".csv", typed_dates=False, typed_booleans=False, layer_options=("GEOMETRY=AS_WKT", "CREATE_CSVT=NO")
    ),
}
SUFFIX_FORMATS = {".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson", ".csv": "csv"}
BATCH_ROWS = 10_000


def format_for_path(path: str | Path) -> str:
    """The export format a file name asks for by its suffix."""
    suffix = Path(path).suffix.casefold()
    if suffix not in SUFFIX_FORMATS:
        raise InputError("export.format_unknown_from_name", path=path, formats=", ".join(FORMATS))
    return SUFFIX_FORMATS[suffix]


def export_family(
    dsn: str,
    standard: Standard,
    profile: Profile,
    family_name: str,
    path: str | Path,
    fmt: str,
    area: str | None = None,
    crs: str | int | None = None,
    progress: Progress | None = None,
    area_file: str | Path | None = None,
    overwrite: bool = False,
    csv_raw: bool = False,
) -> int:
    """Write the registered assets of one family to ``path``; return how many were written.

    ``area`` is the code of an administrative area (district, street, community) or of a unit
    grid; ``area_file`` a polygon file. Either keeps the assets whose geometry intersects it.
    ``crs`` (EPSG:n) must be one of the profile's accepted CRSs; the default is the registry's.
    The file appears only when the export is complete: it is written under a temporary name
    beside the target and renamed at the end.
    """
    family = standard.family(family_name)
    export_format = _format(fmt)
    target_srid = _target_srid(profile, crs)
    out = writable_target(Path(path), overwrite)
    if area is not None and area_file is not None:
        raise InputError("export.area_and_area_file")
    area_wkb = _area_file_geometry(Path(area_file), profile.registry_srid) if area_file is not None else None
    with connection(dsn) as conn:
        # one snapshot for the count and the rows: the progress total is the number written
        conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        try:
            with conn:
                if area is not None:
                    area_wkb = _registered_area(conn, area)
                rows = _AssetRows(conn, family, target_srid, profile.registry_srid, area_wkb)
                with _OutputFile(out, export_format, guard_formulas=not csv_raw) as writer:
                    return writer.write(family, target_srid, rows, progress)
        except psycopg2.errors.UndefinedTable:
            raise _not_initialised(family) from None


# -- parameters ---------------------------------------------------------------


def _format(fmt: str) -> ExportFormat:
    if fmt not in FORMATS:
        raise InputError("export.unsupported_format", format=fmt, formats=", ".join(FORMATS))
    return FORMATS[fmt]


def _target_srid(profile: Profile, crs: str | int | None) -> int:
    if crs is None:
        return profile.registry_srid
    text = str(crs).strip()
    code = text.split(":", 1)[1] if text.casefold().startswith("epsg:") else text
    accepted = ", ".join(profile.body["accepted_crs"])
    if not code.isdigit() or int(code) not in profile.accepted_srids:
        raise InputError(
            "export.crs_not_accepted",
            crs=crs,
            city=given(profile.name_zh, profile.name_en),
            accepted=accepted,
        )
    return int(code)


def _not_initialised(family: Family) -> InputError:
    return InputError("export.not_initialised", family=family.named(), table=f"{SCHEMA}.{family.table}")


# -- the area filter ------------------------------------------------------------


def _registered_area(conn: Any, code: str) -> bytes:
    """The outline of an administrative area or a unit grid, by its code."""
    with conn.cursor() as cur:
        cur.execute(
            sql.SQL(
                "SELECT ST_AsBinary(geom) FROM {admin} WHERE code = %(code)s"
                " UNION ALL SELECT ST_AsBinary(geom) FROM {grid} WHERE code = %(code)s"
            ).format(admin=sql.Identifier(SCHEMA, "admin_area"), grid=sql.Identifier(SCHEMA, "unit_grid")),
            {"code": code},
        )
        row = cur.fetchone()
    if row is None:
        raise InputError("export.unknown_area", code=code)
    return bytes(row[0])


def _area_file_geometry(path: Path, registry_srid: int) -> bytes:
    """The polygons of a file as one multipolygon in the registry's CRS, as WKB.

    Overlapping or self-crossing parts are left for ST_MakeValid in the query: only the
    question "does an asset touch this area" is asked of them.
    """

    def unusable(reason: Message) -> InputError:
        return InputError("export.area_file_unusable", path=path, reason=reason)

    if not path.is_file():
        raise unusable(msg("export.area_file_missing"))
    with gdal_exceptions():
        try:
            dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
            layer = dataset.GetLayer(0) if dataset is not None and dataset.GetLayerCount() else None
            if layer is None:
                raise unusable(msg("export.area_file_no_layer"))
            source_srs = layer.GetSpatialRef()
            if source_srs is None:
                raise unusable(msg("export.area_file_no_crs"))
            polygons = ogr.Geometry(ogr.wkbMultiPolygon)
            for feature in layer:
                geometry = feature.GetGeometryRef()
                if geometry is None:
                    continue
                flat = ogr.GT_Flatten(geometry.GetGeometryType())
                if flat == ogr.wkbPolygon:
                    polygons.AddGeometry(geometry)
                elif flat == ogr.wkbMultiPolygon:
                    for index in range(geometry.GetGeometryCount()):
                        polygons.AddGeometry(geometry.GetGeometryRef(index))
                else:
                    raise unusable(msg("export.area_file_not_polygons"))
            if polygons.IsEmpty():
                raise unusable(msg("export.area_file_no_polygon"))
            polygons.Transform(osr.CoordinateTransformation(_traditional(source_srs.Clone()), _srs(registry_srid)))
        except RuntimeError as exc:
            raise unusable(msg("export.area_file_unreadable", reason=exc)) from None
        return bytes(polygons.ExportToWkb())


# -- reading the registry ------------------------------------------------------------


class _AssetRows:
    """The assets to export, counted and then streamed from a server-side cursor."""

    def __init__(self, conn: Any, family: Family, target_srid: int, registry_srid: int, area_wkb: bytes | None):
        self._conn = conn
        self._table = sql.Identifier(SCHEMA, family.table)
        self._columns = sql.SQL(", ").join(sql.Identifier(name) for name in family.field_names)
        self._params: dict[str, Any] = {"target": target_srid, "registry": registry_srid}
        self._where = sql.SQL("")
        if area_wkb is not None:
            self._params["area"] = psycopg2.Binary(area_wkb)
            # MakeValid: a hand-drawn area file may cross itself; intersecting with it must not fail
            self._where = sql.SQL("WHERE ST_Intersects(geom, ST_MakeValid(ST_GeomFromWKB(%(area)s, %(registry)s)))")

    def count(self) -> int:
        with self._conn.cursor() as cur:
            cur.execute(
                sql.SQL("SELECT count(*) FROM {table} {where}").format(table=self._table, where=self._where), self._params
            )
            return cur.fetchone()[0]

    def batches(self) -> Iterator[list[tuple]]:
        # a named cursor lives on the server: only one batch at a time is held here
        with self._conn.cursor(name=f"assetreg_export_{uuid.uuid4().hex}") as cur:
            cur.itersize = BATCH_ROWS
            cur.execute(
                sql.SQL(
                    "SELECT {columns}, ST_AsBinary(ST_Transform(geom, %(target)s)) FROM {table} {where} ORDER BY component_id"
                ).format(columns=self._columns, table=self._table, where=self._where),
                self._params,
            )
            while batch := cur.fetchmany(BATCH_ROWS):
                yield batch


# -- writing the file ---------------------------------------------------------------


def _srs(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return _traditional(srs)


def _traditional(srs: osr.SpatialReference) -> osr.SpatialReference:
    # PostGIS hands out x/y (easting/northing, longitude/latitude), whatever the EPSG axis order
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


class _OutputFile:
    """The file being written: under a temporary name beside the target until it is complete."""

    def __init__(self, out: Path, export_format: ExportFormat, guard_formulas: bool = True):
        self.out = out
        self.format = export_format
        # only CSV: the other formats keep their types, and no spreadsheet reads them as typed-in text
        self.guard_formulas = guard_formulas and export_format.name == "csv"
        # the CSV driver takes a name without .csv for a folder, so the temporary name keeps the suffix
        self.partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial{export_format.suffix}")
        self.dataset = None

    def __enter__(self) -> _OutputFile:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.dataset = None  # closing flushes the file
        if exc_type is not None:
            for leftover in (self.partial, self._sidecar(self.partial)):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _sidecar(self, path: Path) -> Path:
        return path.with_suffix(".prj")

    def write(self, family: Family, target_srid: int, rows: _AssetRows, progress: Progress | None) -> int:
        total = rows.count()
        srs = _srs(target_srid)
        try:
            written = self._write_features(family, srs, rows, total, progress)
        except RuntimeError as exc:  # GDAL's own failures: a full disk, a file that cannot be created
            raise InputError("export.cannot_write", path=self.out, reason=exc) from None
        if self.format.name == "csv":
            # OGR's CSV driver has no place for a CRS in the file itself but reads a .prj beside it
            self._sidecar(self.partial).write_text(srs.ExportToWkt(), encoding="utf-8")
            os.replace(self._sidecar(self.partial), self._sidecar(self.out))
        os.replace(self.partial, self.out)
        return written

    def _write_features(
        self, family: Family, srs: osr.SpatialReference, rows: _AssetRows, total: int, progress: Progress | None
    ) -> int:
        with gdal_exceptions():
            layer = self._create_layer(family, srs)
            definition = layer.GetLayerDefn()
            setters = [self._setter(spec) for spec in family.fields]
            written = 0
            if progress is not None:
                progress(0, total)
            for batch in rows.batches():
                written += self._write_batch(layer, definition, setters, batch)
                if progress is not None:
                    progress(written, total)
            layer = None
            self.dataset = None  # closing writes what the driver still holds
        return written

    def _create_layer(self, family: Family, srs: osr.SpatialReference) -> ogr.Layer:
        self.dataset = ogr.GetDriverByName(self.format.driver).CreateDataSource(str(self.partial))
        geometry_type = _ogr_geometry_type(family)
        layer = self.dataset.CreateLayer(family.name, srs, geometry_type, list(self.format.layer_options))
        for spec in family.fields:
            layer.CreateField(self._field_definition(spec))
        return layer

    def _field_definition(self, spec: Field) -> ogr.FieldDefn:
        definition = ogr.FieldDefn(spec.name, _ogr_field_type(spec, self.format))
        if spec.json_type == "boolean" and self.format.typed_booleans:
            definition.SetSubType(ogr.OFSTBoolean)
        if spec.json_type == "string" and "maxLength" in spec.schema and spec.format is None:
            definition.SetWidth(int(spec.schema["maxLength"]))
        return definition

    def _setter(self, spec: Field) -> Callable[[ogr.Feature, int, Any], None]:
        """How one field's database value goes into an OGR feature."""
        if spec.format == "date":
            # a GeoPackage date field parses the ISO form; elsewhere the ISO form is the value
            return lambda feature, index, value: feature.SetField(index, value.isoformat())
        if spec.json_type == "boolean":
            if self.format.typed_booleans:
                return lambda feature, index, value: feature.SetField(index, int(value))
            return lambda feature, index, value: feature.SetField(index, "true" if value else "false")
        if self.guard_formulas:
            # texts only: a numeric field's -3.5 is the number -3.5, and the CSV writes it as such
            return lambda feature, index, value: feature.SetField(index, guard_cell(value))
        return lambda feature, index, value: feature.SetField(index, value)

    def _write_batch(self, layer: ogr.Layer, definition: ogr.FeatureDefn, setters: list, batch: list[tuple]) -> int:
        transactional = self.dataset.TestCapability(ogr.ODsCTransactions)
        if transactional:  # GeoPackage: one transaction per batch instead of one per feature
            self.dataset.StartTransaction()
        for *values, wkb in batch:
            feature = ogr.Feature(definition)
            for index, (setter, value) in enumerate(zip(setters, values, strict=True)):
                if value is not None:  # absent, not null: an optional field the asset has no value for
                    setter(feature, index, value)
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(bytes(wkb)))
            layer.CreateFeature(feature)
        if transactional:
            self.dataset.CommitTransaction()
        return len(batch)


def _ogr_field_type(spec: Field, export_format: ExportFormat) -> int:
    if spec.format == "date":
        return ogr.OFTDate if export_format.typed_dates else ogr.OFTString
    if spec.json_type == "integer":
        largest = max(abs(spec.schema.get("minimum", 0)), abs(spec.schema.get("maximum", 2**63)))
        return ogr.OFTInteger if largest < 2**31 else ogr.OFTInteger64
    if spec.json_type == "number":
        return ogr.OFTReal
    if spec.json_type == "boolean":
        return ogr.OFTInteger if export_format.typed_booleans else ogr.OFTString
    return ogr.OFTString


def _ogr_geometry_type(family: Family) -> int:
    """The family's one geometry type, or any geometry when the standard allows several."""
    if len(family.geometry_types) == 1:
        return getattr(ogr, f"wkb{family.geometry_types[0]}")
    return ogr.wkbUnknown
