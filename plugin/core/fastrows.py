"""The fast row writer for imports: the importer's COPY rows, written from the fast path's columns.

The importer's reference row writer (``storage.importing.importer.write_rows``) reads the delivery again
through OGR and maps every feature with ``FieldMapper``: about 7,000 features a second, so it takes
longer than everything else of a million-feature import. Its rows are the values of
``family.field_names`` (after mapping and coercion) as ``csv.writer`` writes them, then the geometry
as hex ISO WKB. Here

1. the C scanner reads the GeoJSON into columns, and OGR opens the same skeleton as the fast
   validation path (fastpath.py), so the layer, the CRS and the column order are the reference's;
   a Shapefile (loose or zipped) is read into the same columns through OGR's Arrow stream, as its
   fast validation path reads it (fastshape.py; an import reads it once for both);
2. each distinct value of a mapped column goes once through the reference ``FieldMapper`` and once
   through ``csv.writer``; a plain text field with very many distinct values (identifiers, names)
   takes its text as it is where the mapper certainly keeps it unchanged and CSV needs no quotes;
3. 2D points are written as WKB by numpy; any other geometry is OGR's own reading of its JSON;
4. rows are joined from the cells, in file order, skipping the features the report lists as invalid.

``fast_copy_rows`` returns None, and the caller runs the reference writer, whenever the output
could differ from the reference's by a byte: what ``fast_validate`` declines for its own reasons
(GDAL typing or converting values in ways not modelled there), a mapping with templates or geometry
columns, a family that is not Point-only, a kept feature without geometry, coordinates whose
literal OGR might read differently (negative zero, beyond 2**53), a file that changed since it
was validated.
"""

from __future__ import annotations

import binascii
import csv
import io
from pathlib import Path
from typing import IO, Any

from . import fastpath, fastshape
from .errors import InputError
from .fastpath import (
    F_EDGE_SPACE,
    F_NUL,
    G_NONE,
    G_POINT,
    K_FALSE,
    K_INT,
    K_REAL,
    K_STRING,
    K_TRUE,
    PLACEHOLDER_LENGTH,
    Column,
    Decline,
    ScannedLayer,
    available,
    np,
)
from .mapping import FieldMapper, MappingProfile, city_placeholders
from .reader import gdal_exceptions
from .report import Report
from .standard import Family, Field, Profile, Standard

# rows joined and written per step: memory stays bounded, each join is still long enough to be cheap
CHUNK_ROWS = 1 << 16
# the 16 digits of a legacy identifier are rewritten by the mapper; such texts are mapped one by one
_LEGACY_IDENTIFIER_LENGTH = 16
# characters that make csv.writer (QUOTE_MINIMAL, the "excel" dialect) quote a field
_CSV_SPECIAL = np.array([ord(","), ord('"'), ord("\r"), ord("\n")], np.uint8) if np is not None else None
# beyond this an integer literal may reach OGR through int64 and a real one through strtod
_EXACT_COORDINATE = 2.0**53
# ISO WKB of a 2D point: byte order (little endian), then type 1
_POINT_HEADER = bytes([1, 1, 0, 0, 0])
# EWKB of a 2D point with its SRID (PostGIS's extension: the type's flag 0x20000000, then the SRID)
_EWKB_POINT_HEADER = bytes([1, 1, 0, 0, 0x20])


def fast_copy_rows(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None,
    report: Report,
    mapping: MappingProfile | None,
    out: IO[str],
) -> tuple[int, int] | None:
    """Write the rows the reference row writer would write (byte for byte); return (count, source EPSG).

    None, with nothing written, when this writer cannot guarantee the reference's output.
    """
    rows = prepare_rows(path, standard, profile, family_name, report, mapping)
    if rows is None:
        return None
    return rows.write(out), rows.source_srid


def prepare_rows(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None,
    report: Report,
    mapping: MappingProfile | None,
) -> _Rows | None:
    """Every cell of the reference writer's rows, ready to write; None when this writer cannot guarantee them."""
    mapping = mapping or MappingProfile()
    file = Path(path)
    # a Shapefile (loose or zipped) is read through OGR's Arrow stream (fastshape.py), a GeoJSON by the scanner
    shapefile = file.suffix.casefold() in fastshape.SUFFIXES
    if not (fastshape.available() if shapefile else available()):
        return None
    if not (shapefile or file.suffix.casefold() in (".geojson", ".json")) or not file.is_file():
        return None
    if mapping.templates or mapping.geometry:
        return None  # templates read several columns and the feature number; geometry columns only exist in tables
    family = standard.families.get(family_name or report.family)
    if family is None or family.geometry_types != ("Point",):
        return None
    if city_placeholders(profile, family):
        return None  # the city's own placeholders (0, 9999 …) are the reference mapper's to drop
    try:
        if shapefile:
            run: ScannedLayer = fastshape.ShapefileLayer(path, standard, profile, family.name, report.layer, mapping, None)
        else:
            run = ScannedLayer(path, fastpath.scan(file), standard, profile, family.name, report.layer, mapping, None)
    except (ValueError, OSError, MemoryError, Decline):
        return None
    try:
        with run.opened() as delivery, gdal_exceptions():
            rows = _Rows(run, delivery, standard, family, mapping, report, profile)
            rows.source_srid = delivery.epsg
        return rows
    except (Decline, InputError, RuntimeError):
        return None


class _Rows:
    """Every cell of the rows, prepared before anything is written (so declining leaves ``out`` untouched)."""

    def __init__(
        self,
        run: ScannedLayer,
        delivery: Any,
        standard: Standard,
        family: Family,
        mapping: MappingProfile,
        report: Report,
        city: Profile,
    ):
        self.run = run
        self.n = run.n
        if report.feature_count != self.n:
            raise Decline  # the file is not the one that was validated
        field_names = delivery.field_names
        if sorted(field_names) != sorted(run.keys):
            raise Decline
        self.mapping = mapping
        self.mapper = FieldMapper(family, standard, field_names, mapping, delivery.geometry_columns, city=city)
        if self.mapper.unknown_targets:
            raise Decline
        self.cell = _CsvCell()
        self.kept = np.ones(self.n, bool)
        invalid = np.array([number - 1 for number in report.invalid_features if 1 <= number <= self.n], np.int64)
        self.kept[invalid] = False
        # with no value in the feature, a field still gets the profile's constant, if any
        absent = self.mapper.map({}).properties
        by_field = {spec.name: run.columns[column] for column, spec in self.mapper.columns.items()}
        self.fields: list[tuple[Any, Any]] = []
        for spec in family.fields:
            column = by_field.get(spec.name)
            default = self.cell(absent.get(spec.name))
            if column is None:
                self.fields.append((np.array([default], object), np.zeros(self.n, np.int32)))
            else:
                self.fields.append(self._field_cells(column, spec, default))
        self.others = self._other_geometries()
        self.source_srid: int | None = None

    # -- attributes ------------------------------------------------------------------------------

    def _field_cells(self, column: Column, spec: Field, default: bytes) -> tuple[Any, Any]:
        """The distinct cells of one field, and per feature the index of its cell."""
        kinds = column.kinds
        kind_of = column.ogr_type  # raises Decline for what OGR would convert in ways not modelled
        ids = np.zeros(self.n, np.int32)
        cells = [default]
        if kind_of in ("string", "date"):
            rows = np.flatnonzero(kinds == K_STRING)
            if len(rows):
                ids[rows] = column.codes[rows] + len(cells)
                cells.extend(self._text_cells(column, spec))
        if kind_of in ("string", "int", "real"):
            rows = np.flatnonzero((kinds == K_INT) | (kinds == K_REAL))
            if len(rows):
                _, first, inverse = np.unique(column.numbers[rows].view(np.int64), return_index=True, return_inverse=True)
                ids[rows] = inverse + len(cells)
                cells.extend(self._mapped_cell(column, spec, column.value(int(rows[i]))) for i in first.tolist())
        if kind_of == "bool":
            rows = np.flatnonzero((kinds == K_TRUE) | (kinds == K_FALSE))
            if len(rows):
                ids[rows] = (kinds[rows] == K_TRUE) + len(cells)
                cells.extend(self._mapped_cell(column, spec, truth) for truth in (False, True))
        table = np.empty(len(cells), object)
        table[:] = cells
        return table, ids

    def _mapped_cell(self, column: Column, spec: Field, value: Any) -> bytes:
        """A delivered value through the reference mapper (fields map independently), as csv.writer writes it."""
        return self.cell(self.mapper.map({column.key: value}).properties.get(spec.name))

    def _text_cells(self, column: Column, spec: Field) -> list[bytes]:
        """The cell of each distinct text of a column."""
        blob, offsets = column.blob, column.offsets.tolist()
        if column.distinct <= fastpath.EXACT_LIMIT or not self._keeps_plain_text(spec):
            return [self._mapped_cell(column, spec, column.text(u)) for u in range(column.distinct)]
        # The mapper keeps a text of a plain text field as it is unless it has edge spaces (stripped),
        # is a placeholder or empty (dropped), or, for the identifier, has 16 digits (the legacy form).
        unchanged = ((column.flags & (F_EDGE_SPACE | F_NUL)) == 0) & (column.cplen > PLACEHOLDER_LENGTH)
        if spec.name == "component_id":
            unchanged &= column.cplen != _LEGACY_IDENTIFIER_LENGTH
        # the distinct texts holding a character CSV quotes: few, so found from where those characters are
        special = np.flatnonzero(np.isin(np.frombuffer(blob, np.uint8), _CSV_SPECIAL))
        quoted = np.zeros(column.distinct, bool)
        quoted[np.searchsorted(column.offsets, special, "right") - 1] = True
        unquoted = unchanged & ~quoted
        cells = [blob[offsets[u] : offsets[u + 1]] for u in range(column.distinct)]
        for u in np.flatnonzero(~unquoted).tolist():
            cells[u] = self._mapped_cell(column, spec, column.text(u))
        return cells

    def _keeps_plain_text(self, spec: Field) -> bool:
        """Whether the mapper's only change to a text of this field is stripping (and dropping placeholders)."""
        mapping = self.mapping
        return (
            spec.codelist is None
            and spec.json_type == "string"
            and spec.name not in mapping.values
            and spec.name not in mapping.units
            and spec.name not in mapping.dates
        )

    # -- geometry --------------------------------------------------------------------------------

    def _other_geometries(self) -> dict[int, bytes]:
        """Hex ISO WKB of the kept features that are not plain 2D points, from OGR's own reading of their JSON."""
        run = self.run
        plain = (run.gtype == G_POINT) & (run.gz == 0)
        if (self.kept & (run.gtype == G_NONE)).any():
            raise Decline  # the reference writer cannot write a feature without geometry either
        points = self.kept & plain
        x, y = run.gx[points], run.gy[points]
        for values in (x, y):
            # OGR reads the literal -0 as +0, and very large integer literals through int64
            if not (np.abs(values) < _EXACT_COORDINATE).all() or (np.signbit(values) & (values == 0)).any():
                raise Decline
        others = {}
        for row in np.flatnonzero(self.kept & ~plain).tolist():
            geometry = run.other_geometry(row)
            if geometry is None:
                raise Decline
            others[row] = geometry.ExportToIsoWkb().hex().encode("ascii")
        return others

    def plain_points(self) -> tuple[Any, Any] | None:
        """x and y of the kept features, in file order, when every one is a plain 2D point (else None)."""
        if self.others:
            return None
        rows = np.flatnonzero(self.kept)
        return self.run.gx[rows], self.run.gy[rows]

    def _geometry_cells(self, rows: Any, srid: int | None = None) -> list[bytes]:
        """Hex ISO WKB of the rows' geometries; with srid, of plain 2D points as EWKB carrying it."""
        cells = point_cells(self.run.gx[rows], self.run.gy[rows], srid)
        if self.others:
            if srid is not None:
                raise ValueError("only plain points are written with their SRID")
            for j, row in enumerate(rows.tolist()):
                other = self.others.get(row)
                if other is not None:
                    cells[j] = other
        return cells

    # -- writing ---------------------------------------------------------------------------------

    def write(self, out: IO[str], srid: int | None = None, located: Any = None, stamp: Any = None) -> int:
        """The rows; for a first load (storage/importing/firstload.py) the geometry with its SRID, then per kept feature
        the cell of its grid (``located``, in the order of the kept features) and one time stamp."""
        rows = np.flatnonzero(self.kept)
        tail = [] if stamp is None else [self.cell(stamp)]
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            columns = [table[ids[chunk]].tolist() for table, ids in self.fields]
            columns.append(self._geometry_cells(chunk, srid))
            if located is not None:
                columns.append(located[start : start + len(chunk)].tolist())
            if tail:
                columns.append(tail * len(chunk))
            lines = b"\r\n".join(map(b",".join, zip(*columns, strict=True)))
            out.write(lines.decode("utf-8"))
            out.write("\r\n")
        return len(rows)


def point_cells(x: Any, y: Any, srid: int | None = None) -> list[bytes]:
    """2D points as hex ISO WKB, or with srid as hex EWKB (PostGIS's form that carries the SRID)."""
    header = _POINT_HEADER if srid is None else _EWKB_POINT_HEADER + srid.to_bytes(4, "little")
    wkb = np.empty((len(x), len(header) + 16), np.uint8)
    wkb[:, : len(header)] = np.frombuffer(header, np.uint8)
    wkb[:, len(header) : len(header) + 8] = np.ascontiguousarray(x, "<f8").view(np.uint8).reshape(-1, 8)
    wkb[:, len(header) + 8 :] = np.ascontiguousarray(y, "<f8").view(np.uint8).reshape(-1, 8)
    return np.frombuffer(binascii.hexlify(wkb.tobytes()), f"S{2 * wkb.shape[1]}").tolist()


class _CsvCell:
    """A value as csv.writer writes it inside a row: the reference writer's own module decides the quoting."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def __call__(self, value: Any) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        # a second field, so that an empty value is not the one-field row csv writes as ""
        self._writer.writerow([value, ""])
        text = self._buffer.getvalue()
        if not text.endswith(",\r\n"):
            raise Decline
        return text[:-3].encode("utf-8")


__all__ = ["fast_copy_rows", "point_cells", "prepare_rows"]
