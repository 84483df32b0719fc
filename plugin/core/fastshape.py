"""The fast validation path for Shapefiles (loose or zipped): the reference path's findings, found faster.

The reference path reads a Shapefile through OGR one feature at a time, asking OGR for each of its fields
one by one, maps every feature in Python and screens it with jsonschema: about 1,000 features a second
for 20 columns on a loaded machine (bench/validate.py; profiled: OGR's per-field calls, the mapper and the
per-feature schema check take nearly all of it). Here

1. the Shapefile is opened by the reference reader (``Delivery``: the zip's caps, the .cpg's check, the
   layer, its CRS and field order are the reference's own), and the family and the column mapping are
   made as the reference makes them;
2. the mapped columns are read from the .dbf in blocks of records, each field a fixed-width slice that
   numpy views as bytes and trims as OGR's driver does (spaces on both sides, the text cut at a NUL, empty
   or "*" as null), numbers parsed once per distinct text; the points come from the .shp as one array.
   Where the file holds anything this does not read as OGR would (deleted records, a shape that is not a
   point, text in an encoding OGR recodes, a number only OGR's parser takes), OGR itself reads the mapped
   columns and the points through its Arrow stream instead (slower: about 25,000 features a second);
3. each column is laid out as the GeoJSON scanner lays out its columns (a code per feature into the
   column's distinct texts, or numbers), so the screen, the reference checks of the features it does
   not clear and the cross-record rules of fastpath.py run unchanged.

``fast_validate`` returns None, and the caller takes the reference path, whenever the layer holds
something this path does not reproduce exactly: a mapping that converts values, fields other than text,
integers and reals, geometries other than 2D points, values read with the marks of a mixed encoding.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from osgeo import ogr

from . import fastpath
from .errors import InputError
from .fastpath import G_NONE, G_POINT, K_INT, K_NULL, K_REAL, K_STRING, Column, Decline, ScannedLayer, np
from .mapping import FieldMapper, MappingProfile
from .reader import Delivery
from .report import Report
from .standard import Family, Profile, Standard
from .validator import Progress, detect_family

SUFFIXES = (".shp", ".zip")
# OGR field types whose values the Arrow stream gives as the features do: text, integers, reals
_FIELD_TYPES = {ogr.OFTString: "string", ogr.OFTInteger: "int", ogr.OFTInteger64: "int", ogr.OFTReal: "real"}
# a little-endian 2D point in WKB: byte order, type, x, y (numpy packs it without padding: 21 bytes)
_WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")]) if np is not None else None
# bytes Python's str.isspace() takes for a space (what the GeoJSON scanner's F_EDGE_SPACE tests), in ASCII
_ASCII_SPACES = np.array([9, 10, 11, 12, 13, 28, 29, 30, 31, 32], np.uint8) if np is not None else None
_DATE_MARKS = np.array([ord("-"), ord("/"), ord(":")], np.uint8) if np is not None else None
# a .shp's point record: record header (big-endian number and length in 16-bit words), type, x, y
_SHP_POINT = (
    np.dtype([("number", ">i4"), ("words", ">i4"), ("type", "<i4"), ("x", "<f8"), ("y", "<f8")]) if np is not None else None
)
_SHP_HEADER = 100
DBF_BLOCK = 65536  # records of the .dbf read at a time
# the numbers OGR's parser and Python's read alike (OGR stops at what it cannot read; Python refuses it)
_INTEGER_TEXT = re.compile(rb"[-+]?[0-9]+")
_REAL_TEXT = re.compile(rb"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
# .dbf field types and the OGR types read from them here
_DBF_TYPES = {"string": b"C", "int": b"NF", "real": b"NF"}


class OnlyOgrReads(Exception):
    """The .dbf or .shp holds what only OGR's driver reads right: its Arrow stream reads the layer instead."""


def fast_validate(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None = None,
    layer: str | None = None,
    mapping: MappingProfile | None = None,
    today: Any = None,
    progress: Progress | None = None,
) -> Report | None:
    """The report ``validate_delivery`` would give for a Shapefile, or None when the reference path must run."""
    if not fastpath.available():
        return None
    mapping = mapping or MappingProfile()
    file = Path(path)
    if file.suffix.casefold() not in SUFFIXES or not fastpath._without_conversions(mapping) or not file.is_file():
        return None
    chosen = family_name or mapping.family
    if chosen is not None and (chosen not in standard.families or standard.families[chosen].geometry_types != ("Point",)):
        return None
    try:
        return ShapefileLayer(path, standard, profile, chosen, layer, mapping, today).report(progress)
    except (Decline, InputError, RuntimeError):
        return None  # the reference path gives the same refusal, or its findings


class TypedColumn(Column):
    """A column whose OGR type the layer's definition gives (a .dbf's field), not inferred from its values."""

    def __init__(self, key: str, raw: dict[str, Any], ogr_type: str):
        super().__init__(key, raw)
        self._type = ogr_type


class ShapefileLayer(ScannedLayer):
    """ScannedLayer over the columns OGR's Arrow stream gives, the Shapefile itself opened by the reference reader."""

    def __init__(
        self,
        path: str | Path,
        standard: Standard,
        profile: Profile,
        family_name: str | None,
        layer: str | None,
        mapping: MappingProfile,
        today: Any,
    ):
        self.source = path
        self.path = Path(path)
        self.standard = standard
        self.profile = profile
        self.family_name = family_name
        self.layer = layer
        self.mapping = mapping
        self.today = today
        self.spans: dict[int, tuple[int, int]] = {}  # every geometry is a plain point (or none)
        self._text = b""
        self._family: Family | None = None

    @contextlib.contextmanager
    def opened(self) -> Iterator[Delivery]:
        with Delivery(self.path, self.layer) as delivery:
            if delivery.driver_name != "ESRI Shapefile" or delivery.mixed_encoding or delivery.nul_marked:
                raise Decline  # values read with marks the reference's reading puts in
            family = self.standard.family(self.family_name) if self.family_name else detect_family(self.standard, delivery)
            mapper = FieldMapper(
                family, self.standard, delivery.field_names, self.mapping, delivery.geometry_columns, city=self.profile
            )
            self._family = family
            names = [column for column in delivery.field_names if column in mapper.columns]
            try:
                self._read_files(delivery, names)
            except OnlyOgrReads:
                self._read(delivery, names)
            yield delivery

    def _detect_family(self, delivery: Delivery) -> Family:
        return self._family

    # -- reading ---------------------------------------------------------------------------------

    def _read_files(self, delivery: Delivery, names: list[str]) -> None:
        """The mapped columns from the .dbf and the points from the .shp, read as OGR's driver reads them."""
        types = delivery.field_types()
        kinds = {name: _FIELD_TYPES.get(types[name]) for name in names}
        if None in kinds.values():
            raise Decline
        utf8 = delivery.source_encoding.replace("-", "").upper() in ("", "UTF8")
        with contextlib.ExitStack() as stack:
            dbf, shp = (stack.enter_context(opened) for opened in _parts(self.path))
            count, record_length, fields = _dbf_header(dbf)
            if len(fields) != len(delivery.field_names):
                raise OnlyOgrReads
            slices = {}
            for name in names:
                kind, start, width = fields[delivery.field_names.index(name)]
                if kind not in _DBF_TYPES[kinds[name]] or width == 0:
                    raise OnlyOgrReads
                slices[name] = (start, width)
            points = _shp_points(shp, count)
            builders = {name: _StringColumn(utf8) if kinds[name] == "string" else _NumberColumn(kinds[name]) for name in names}
            for block in _dbf_blocks(dbf, count, record_length):
                for name, (start, width) in slices.items():
                    builders[name].add_cells(*_distinct_cells(block[:, start : start + width]))
        if count == 0:
            raise Decline  # an empty layer: the reference path is instant
        self.n = count
        self.keys = delivery.field_names
        self.columns = {name: TypedColumn(name, builder.raw(), kinds[name]) for name, builder in builders.items()}
        self.gtype = np.full(count, G_POINT, np.uint8)
        self.gx, self.gy = points["x"].astype(np.float64), points["y"].astype(np.float64)
        self.gz = np.zeros(count, np.uint8)

    def _read(self, delivery: Delivery, names: list[str]) -> None:
        types = delivery.field_types()
        kinds = {name: _FIELD_TYPES.get(types[name]) for name in names}
        if None in kinds.values():
            raise Decline  # dates and other types: OGR's Arrow stream gives them in another form than its features
        builders = {name: _StringColumn() if kinds[name] == "string" else _NumberColumn(kinds[name]) for name in names}
        points = _Points()
        for count, batch, geometries in delivery.column_batches(names):
            for name, builder in builders.items():
                builder.add(batch[name])
            points.add(geometries, count)
        self.n = points.count
        if self.n == 0:
            raise Decline  # an empty layer: the reference path is instant
        self.keys = delivery.field_names
        self.columns = {name: TypedColumn(name, builder.raw(), kinds[name]) for name, builder in builders.items()}
        self.gtype, self.gx, self.gy = points.arrays()
        self.gz = np.zeros(self.n, np.uint8)


class _StringColumn:
    """A text column as the GeoJSON scanner lays one out: per feature its kind and a code into the distinct texts."""

    def __init__(self, utf8: bool = True) -> None:
        self.utf8 = utf8  # whether the bytes are UTF-8 as OGR hands them over (else only ASCII is read here)
        self.kinds: list[Any] = []
        self.codes: list[Any] = []
        self.index: dict[bytes, int] = {}
        self.pieces: list[bytes] = []
        self.lengths: list[Any] = []
        self.cplen: list[Any] = []
        self.flags: list[Any] = []

    def add(self, values: Any) -> None:
        data, null = np.ma.getdata(values), np.ma.getmaskarray(values)
        if data.dtype.kind != "S":
            raise Decline
        codes = np.full(len(data), -1, np.int32)
        present = ~null
        distinct, inverse = np.unique(data[present], return_inverse=True)
        known = len(self.index)
        ids = np.fromiter((self.index.setdefault(text, len(self.index)) for text in distinct.tolist()), np.int32, len(distinct))
        codes[present] = ids[inverse]
        new = distinct[ids >= known]  # in the order their ids were given
        if len(new):
            self._describe(new)
        self.codes.append(codes)
        self.kinds.append(np.where(present, K_STRING, K_NULL).astype(np.uint8))

    def add_cells(self, texts: Any, inverse: Any) -> None:
        """A block of records: the distinct texts of its cells (trimmed; maybe repeated) and each record's index there."""
        known = len(self.index)
        ids = np.fromiter(
            (self.index.setdefault(text, len(self.index)) if text else -1 for text in texts.tolist()), np.int32, len(texts)
        )
        fresh = ids >= known
        # the new ids in order (known, known + 1 …), each text once though trimming may have made it twice
        _, first = np.unique(ids[fresh], return_index=True)
        if len(first):
            self._describe(texts[fresh][first])
        codes = ids[inverse]
        self.codes.append(codes)
        self.kinds.append(np.where(codes >= 0, K_STRING, K_NULL).astype(np.uint8))

    def _describe(self, texts: Any) -> None:
        """Length in bytes and in code points and the scanner's flags of each new distinct text, vectorized."""
        width = texts.dtype.itemsize
        matrix = texts.view(np.uint8).reshape(len(texts), width)
        lengths = np.char.str_len(texts).astype(np.int64)
        used = np.arange(width) < lengths[:, None]
        flags = np.where((matrix >= 0x80).any(axis=1), fastpath.F_NONASCII, 0)
        flags |= np.where(np.isin(matrix, _DATE_MARKS).any(axis=1), fastpath.F_DATE_MARK, 0)
        head = matrix[:, 0]
        tail = matrix[np.arange(len(texts)), np.maximum(lengths - 1, 0)]
        flags |= np.where(np.isin(head, _ASCII_SPACES) | np.isin(tail, _ASCII_SPACES), fastpath.F_EDGE_SPACE, 0)
        cplen = (((matrix & 0xC0) != 0x80) & used).sum(axis=1)
        for i in np.flatnonzero(flags & fastpath.F_NONASCII).tolist():
            if not self.utf8:
                raise OnlyOgrReads  # text OGR recodes (GBK, a code page …): its recoding is its own
            try:
                text = texts[i].decode("utf-8")
            except UnicodeDecodeError:
                raise Decline from None  # OGR hands over undecodable bytes: the reference marks them
            if text[0].isspace() or text[-1].isspace():
                flags[i] |= fastpath.F_EDGE_SPACE
        self.pieces.append(b"".join(texts.tolist()))
        self.lengths.append(lengths)
        self.cplen.append(cplen.astype(np.int32))
        self.flags.append(flags.astype(np.uint8))

    def raw(self) -> dict[str, Any]:
        lengths = np.concatenate(self.lengths) if self.lengths else np.zeros(0, np.int64)
        offsets = np.zeros(len(lengths) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return {
            "kinds": _joined(self.kinds, np.uint8),
            "numbers": None,
            "codes": _joined(self.codes, np.int32),
            "blob": b"".join(self.pieces),
            "offsets": offsets,
            "cplen": _joined(self.cplen, np.int32),
            "flags": _joined(self.flags, np.uint8),
        }


class _NumberColumn:
    """An integer or real column: per feature its kind and its number."""

    def __init__(self, kind: str):
        self.kind = K_INT if kind == "int" else K_REAL
        self.kinds: list[Any] = []
        self.numbers: list[Any] = []

    def add(self, values: Any) -> None:
        data, null = np.ma.getdata(values), np.ma.getmaskarray(values)
        if data.dtype.kind not in "iuf":
            raise Decline
        numbers = data.astype(np.float64)
        if self.kind == K_INT and (np.abs(data[~null]) > 2**53).any():
            raise Decline  # not exact as a float: the screen's numbers would differ from the reference's
        self.numbers.append(numbers)
        self.kinds.append(np.where(null, K_NULL, self.kind).astype(np.uint8))

    def add_cells(self, distinct: Any, inverse: Any) -> None:
        """A block of records: the distinct texts of a number field's cells (trimmed) and each record's index there;
        null when empty or starred, else parsed once per distinct text."""
        pattern = _INTEGER_TEXT if self.kind == K_INT else _REAL_TEXT
        numbers, null = np.zeros(len(distinct)), np.zeros(len(distinct), bool)
        for i, text in enumerate(distinct.tolist()):
            if not text or text.startswith(b"*"):
                null[i] = True
            elif pattern.fullmatch(text):
                number = int(text) if self.kind == K_INT else float(text)
                if self.kind == K_INT and abs(number) > 2**53:
                    raise Decline
                numbers[i] = number
            else:
                raise OnlyOgrReads  # OGR reads what it can of it, with a warning
        self.numbers.append(numbers[inverse])
        self.kinds.append(np.where(null[inverse], K_NULL, self.kind).astype(np.uint8))

    def raw(self) -> dict[str, Any]:
        empty = np.zeros(0, np.int32)
        return {
            "kinds": _joined(self.kinds, np.uint8),
            "numbers": _joined(self.numbers, np.float64),
            "codes": None,
            "blob": b"",
            "offsets": np.zeros(1, np.int64),
            "cplen": empty,
            "flags": np.zeros(0, np.uint8),
        }


class _Points:
    """The layer's points (x, y), or none: anything else is declined."""

    def __init__(self) -> None:
        self.count = 0
        self.types: list[Any] = []
        self.xs: list[Any] = []
        self.ys: list[Any] = []

    def add(self, wkb: Any, count: int) -> None:
        self.count += count
        if wkb is None:
            raise Decline  # a layer without geometry
        data, null = np.ma.getdata(wkb), np.ma.getmaskarray(wkb)
        if data.dtype.kind == "V" and data.dtype.itemsize == _WKB_POINT.itemsize:
            raw = data[~null].tobytes()
        else:
            given = [value for value, missing in zip(data.tolist(), null.tolist(), strict=True) if not missing]
            if any(len(value) != _WKB_POINT.itemsize for value in given):
                raise Decline  # 3D, or not a point
            raw = b"".join(given)
        points = np.frombuffer(raw, _WKB_POINT)
        if (points["order"] != 1).any() or (points["type"] != 1).any() or np.isnan(points["x"]).any():
            raise Decline  # another byte order, another type, or an empty point
        x, y = np.zeros(count), np.zeros(count)
        x[~null], y[~null] = points["x"], points["y"]
        self.xs.append(x)
        self.ys.append(y)
        self.types.append(np.where(null, G_NONE, G_POINT).astype(np.uint8))

    def arrays(self) -> tuple[Any, Any, Any]:
        return _joined(self.types, np.uint8), _joined(self.xs, np.float64), _joined(self.ys, np.float64)


def _joined(parts: list[Any], dtype: Any) -> Any:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


# -- the files -----------------------------------------------------------------------------------------


def _parts(path: Path) -> tuple[Any, Any]:
    """Context managers opening the .dbf and the .shp: beside a loose .shp, or the one Shapefile of a zip."""
    if path.suffix.casefold() == ".shp":
        dbf = next((path.with_suffix(s) for s in (".dbf", ".DBF") if path.with_suffix(s).is_file()), None)
        if dbf is None:
            raise OnlyOgrReads
        return dbf.open("rb"), path.open("rb")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    shapefiles = [name for name in names if name.casefold().endswith(".shp")]
    if len(shapefiles) != 1:
        raise OnlyOgrReads
    stem = shapefiles[0][:-4]
    dbf = next((name for name in names if name[:-4] == stem and name[-4:].casefold() == ".dbf"), None)
    if dbf is None:
        raise OnlyOgrReads
    return _member(path, dbf), _member(path, shapefiles[0])


@contextlib.contextmanager
def _member(path: Path, name: str) -> Iterator[IO[bytes]]:
    with zipfile.ZipFile(path) as archive, archive.open(name) as member:
        yield member


def _dbf_header(dbf: IO[bytes]) -> tuple[int, int, list[tuple[bytes, int, int]]]:
    """Read the whole header: records, record length, and each field's (type, start in the record, width)."""
    header = dbf.read(32)
    if len(header) < 32:
        raise OnlyOgrReads
    count = int.from_bytes(header[4:8], "little")
    header_length = int.from_bytes(header[8:10], "little")
    record_length = int.from_bytes(header[10:12], "little")
    descriptors = dbf.read(max(header_length - 32, 0))
    fields, start = [], 1  # a record starts with its deletion flag
    for offset in range(0, len(descriptors) - 31, 32):
        descriptor = descriptors[offset : offset + 32]
        if descriptor[0] == 0x0D:
            break
        fields.append((descriptor[11:12], start, descriptor[16]))
        start += descriptor[16]
    if start != record_length or len(descriptors) != header_length - 32:
        raise OnlyOgrReads  # a header whose length and fields disagree
    return count, record_length, fields


def _dbf_blocks(dbf: IO[bytes], count: int, record_length: int) -> Iterator[Any]:
    """The records, DBF_BLOCK at a time, each block a (records x bytes) array; a deleted record is OGR's to skip."""
    left = count
    while left:
        size = min(DBF_BLOCK, left)
        data = dbf.read(size * record_length)
        if len(data) < size * record_length:
            raise OnlyOgrReads  # fewer records than the header says
        block = np.frombuffer(data, np.uint8).reshape(size, record_length)
        if (block[:, 0] != 0x20).any():
            raise OnlyOgrReads
        yield block
        left -= size


def _distinct_cells(field: Any) -> tuple[Any, Any]:
    """A field's cells in a block (records x width bytes): its distinct cells, trimmed as OGR reads them, and each
    record's index into them. Rows are told apart by a 64-bit hash of their bytes, every record then compared
    with its hash's first row (a collision takes numpy's exact, slower, sort of the texts)."""
    _, first, inverse = np.unique(_row_keys(field), return_index=True, return_inverse=True)
    if not (field[first][inverse] == field).all():
        texts = np.ascontiguousarray(field).view(f"S{field.shape[1]}").ravel()
        _, first, inverse = np.unique(texts, return_index=True, return_inverse=True)
    return _trimmed(field[first]), inverse


def _row_keys(field: Any) -> Any:
    """A 64-bit hash of each row's bytes (a sort of integers is many times faster than one of texts)."""
    records, width = field.shape
    words = -(-width // 8)
    padded = np.zeros((records, words * 8), np.uint8)
    padded[:, :width] = field
    lanes = padded.view("<u8")
    key = lanes[:, 0].copy()
    for lane in range(1, words):
        key *= np.uint64(0x9E3779B97F4A7C15)
        key ^= lanes[:, lane] + (key >> np.uint64(29))
    return key


def _trimmed(field: Any) -> Any:
    """A field's bytes as OGR's driver reads them: cut at the first NUL, spaces trimmed on both sides."""
    nul = field == 0
    if nul.any():
        field = np.where(np.maximum.accumulate(nul, axis=1), 0, field).astype(np.uint8)  # all NUL from the first on
    texts = np.ascontiguousarray(field).view(f"S{field.shape[1]}").ravel()  # numpy drops trailing NULs
    return np.char.strip(texts, b" ")


def _shp_points(shp: IO[bytes], count: int) -> Any:
    """The .shp's points (x, y) when every record is one 2D point, one per record of the .dbf."""
    header = shp.read(_SHP_HEADER)
    if len(header) < _SHP_HEADER or int.from_bytes(header[32:36], "little") != 1:
        raise OnlyOgrReads  # not a Point shapefile
    data = shp.read(count * _SHP_POINT.itemsize + 1)
    if len(data) != count * _SHP_POINT.itemsize:
        raise OnlyOgrReads  # null shapes, or not as many shapes as records
    points = np.frombuffer(data, _SHP_POINT)
    if (points["words"] != 10).any() or (points["type"] != 1).any() or np.isnan(points["x"]).any() or np.isnan(points["y"]).any():
        raise OnlyOgrReads
    return points
