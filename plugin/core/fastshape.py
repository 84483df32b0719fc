"""The fast validation path for Shapefiles (loose or zipped): the reference path's findings, found faster.

The reference path reads a Shapefile through OGR one feature at a time, asking OGR for each of its fields
one by one, maps every feature in Python and screens it with jsonschema: about 1,000 features a second
for 20 columns on a loaded machine (bench/validate.py; profiled: OGR's per-field calls, the mapper and the
per-feature schema check take nearly all of it). Here

1. the Shapefile is opened by the reference reader (``Delivery``: the zip's caps, the .cpg's check, the
   layer, its CRS and field order are the reference's own), and the family and the column mapping are
   made as the reference makes them;
2. OGR reads only the mapped columns and the points, in batches, through its Arrow stream into numpy
   arrays (the values are the ones its features give: the driver decodes and trims the .dbf's text);
3. each column is laid out as the GeoJSON scanner lays out its columns (a code per feature into the
   column's distinct texts, or numbers), so the screen, the reference checks of the features it does
   not clear and the cross-record rules of fastpath.py run unchanged.

``fast_validate`` returns None, and the caller takes the reference path, whenever the layer holds
something this path does not reproduce exactly: a mapping that converts values, fields other than text,
integers and reals, geometries other than 2D points, values read with the marks of a mixed encoding.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
# the first byte in UTF-8 of every non-ASCII character str.isspace() takes (U+0085, U+00A0, U+1680,
# U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000; tests/unit/test_fastshape.py checks the list)
_SPACE_LEADS = np.array([0xC2, 0xE1, 0xE2, 0xE3], np.uint8) if np is not None else None


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
    if not available():
        return None
    mapping = mapping or MappingProfile()
    file = Path(path)
    if file.suffix.casefold() not in SUFFIXES or not fastpath.without_conversions(mapping) or not file.is_file():
        return None
    chosen = family_name or mapping.family
    if chosen is not None and (chosen not in standard.families or standard.families[chosen].geometry_types != ("Point",)):
        return None
    try:
        return ShapefileLayer(path, standard, profile, chosen, layer, mapping, today).report(progress)
    except (Decline, InputError, RuntimeError):
        return None  # the reference path gives the same refusal, or its findings


def available() -> bool:
    """Whether OGR offers its Arrow stream as numpy arrays (GDAL >= 3.6 with numpy): the compiled GeoJSON
    scanner is not needed, so the plugin zip, which ships none, takes this path too."""
    return np is not None and hasattr(ogr.Layer, "GetArrowStreamAsNumPy")


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
        self.keep_request(path, standard, profile, family_name, layer, mapping, today)
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
            self._read(delivery, [column for column in delivery.field_names if column in mapper.columns])
            yield delivery

    def _detect_family(self, delivery: Delivery) -> Family:
        return self._family

    # -- reading ---------------------------------------------------------------------------------

    def _read(self, delivery: Delivery, names: list[str]) -> None:
        """The named columns and the points, read once: an import's validation and its rows share one reading
        (fastpath.keeping_scans), the zip inflated once."""
        kept = fastpath._kept_scans
        key = None
        if kept is not None:
            status = self.path.stat()
            key = ("shapefile", str(self.path.resolve()), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
            key += (delivery.layer_name, tuple(names))
            if key in kept:
                self.__dict__.update(kept[key])
                return
        self._read_columns(delivery, names)
        if key is not None:
            kept.clear()  # one file at a time
            kept[key] = {name: getattr(self, name) for name in ("n", "keys", "columns", "gtype", "gx", "gy", "gz")}

    def _read_columns(self, delivery: Delivery, names: list[str]) -> None:
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
    """A text column as the GeoJSON scanner lays one out: per feature its kind and a code into the distinct texts.

    Each batch keeps only its distinct texts (few, for most columns), found by a 64-bit hash of each; the
    codes are made global once, at the end, by one sort of the batches' distinct texts' hashes. No Python
    object per feature or per distinct text: a million identifiers cost what their numpy arrays cost.
    Every hash match is checked against the texts themselves (a collision falls back to sorting them).
    """

    def __init__(self) -> None:
        self.kinds: list[Any] = []
        self.codes: list[Any] = []  # per batch: into all batches' distinct texts, in batch order
        self.texts: list[Any] = []  # per batch: its distinct texts (numpy bytes), in the order of their hashes
        self.entries = 0

    def add(self, values: Any) -> None:
        data, null = np.ma.getdata(values), np.ma.getmaskarray(values)
        if data.dtype.kind != "S":
            raise Decline
        present = ~null
        distinct, inverse = distinct_texts(data[present])
        codes = np.full(len(data), -1, np.int32)  # 4 bytes a feature: a million features, ten columns, 40 MB
        codes[present] = inverse + self.entries
        self.entries += len(distinct)
        self.codes.append(codes)
        self.texts.append(distinct)
        self.kinds.append(np.where(present, K_STRING, K_NULL).astype(np.uint8))

    def raw(self) -> dict[str, Any]:
        # (the batches' texts are padded to the widest: hashed again, as a hash depends on the padding)
        distinct, inverse = distinct_texts(np.concatenate(self.texts) if self.texts else np.zeros(0, "S1"))
        codes = _joined(self.codes, np.int32)
        given = codes >= 0
        codes[given] = inverse[codes[given]]
        lengths, cplen, flags = describe_texts(distinct)
        offsets = np.zeros(len(distinct) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return {
            "kinds": _joined(self.kinds, np.uint8),
            "numbers": None,
            "codes": codes,
            "blob": _packed(distinct, lengths),
            "offsets": offsets,
            "cplen": cplen,
            "flags": flags,
        }


def _text_hashes(texts: Any) -> Any:
    """A 64-bit hash of each fixed-width text, vectorized over its 8-byte words (multiply and xor-shift)."""
    count, width = len(texts), texts.dtype.itemsize
    if width and width % 8 == 0 and texts.flags.c_contiguous:
        words = texts.view("<u8").reshape(count, width // 8)
    else:
        padded = np.zeros((count, max(-(-width // 8), 1) * 8), np.uint8)
        if width:
            padded[:, :width] = np.ascontiguousarray(texts).view(np.uint8).reshape(count, width)
        words = padded.view("<u8")
    hashes = np.full(count, 0x9E3779B97F4A7C15, np.uint64)
    for word in words.T:
        hashes ^= word
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(31)
    return hashes


def distinct_texts(texts: Any) -> tuple[Any, Any]:
    """(the distinct texts, each text's index among them): one quicksort of the hashes (np.unique's return_index
    takes a stable sort, slower), each hash match then checked against the texts themselves."""
    count = len(texts)
    if count == 0:
        return texts[:0], np.zeros(0, np.intp)
    hashes = _text_hashes(texts)
    order = np.argsort(hashes)
    ordered = hashes[order]
    starts = np.ones(count, bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    inverse = np.empty(count, np.intp)
    inverse[order] = np.cumsum(starts) - 1
    distinct = texts[order[starts]]  # one occurrence of each hash, in the order of the hashes
    if not (distinct[inverse] == texts).all():
        distinct, inverse = np.unique(texts, return_inverse=True)  # a collision: sort the texts themselves
        inverse = inverse.reshape(-1)  # numpy 2 keeps the input's shape
    return distinct, inverse


def describe_texts(texts: Any) -> tuple[Any, Any, Any]:
    """Length in bytes and in code points and the scanner's flags of each distinct text, vectorized."""
    count, width = len(texts), texts.dtype.itemsize
    if count == 0 or width == 0:
        return np.zeros(count, np.int64), np.zeros(count, np.int32), np.zeros(count, np.uint8)
    matrix = texts.view(np.uint8).reshape(count, width)
    lengths = np.char.str_len(texts).astype(np.int64)
    used = np.arange(width) < lengths[:, None]
    nonascii = (matrix >= 0x80).any(axis=1)
    flags = np.where(nonascii, fastpath.F_NONASCII, 0)
    flags |= np.where(np.isin(matrix, _DATE_MARKS).any(axis=1), fastpath.F_DATE_MARK, 0)
    head = matrix[:, 0]
    rows = np.arange(count)
    tail = matrix[rows, np.maximum(lengths - 1, 0)]
    flags |= np.where(np.isin(head, _ASCII_SPACES) | np.isin(tail, _ASCII_SPACES), fastpath.F_EDGE_SPACE, 0)
    cplen = (((matrix & 0xC0) != 0x80) & used).sum(axis=1)
    if nonascii.any():
        # OGR hands over undecodable bytes: the reference marks them. Texts joined by an ASCII byte decode
        # whole exactly when each decodes (a cut sequence meets the byte, a stray continuation follows it)
        try:
            b"\n".join(texts[nonascii].tolist()).decode("utf-8")
        except UnicodeDecodeError:
            raise Decline from None
        # a text beginning or ending with a non-ASCII space (U+00A0, U+3000 ...): only those whose first or
        # last character starts with a lead byte such spaces have are decoded to look
        leads = np.isin(head, _SPACE_LEADS)
        leads |= matrix[rows, np.maximum(lengths - 2, 0)] == 0xC2
        leads |= np.isin(matrix[rows, np.maximum(lengths - 3, 0)], _SPACE_LEADS)
        for i in np.flatnonzero(nonascii & leads).tolist():
            text = texts[i].decode("utf-8")
            if text[0].isspace() or text[-1].isspace():
                flags[i] |= fastpath.F_EDGE_SPACE
    return lengths, cplen.astype(np.int32), flags.astype(np.uint8)


def _packed(texts: Any, lengths: Any) -> bytes:
    """The texts one after the other (the blob the offsets point into), without their padding."""
    count, width = len(texts), texts.dtype.itemsize
    if count == 0 or width == 0:
        return b""
    matrix = texts.view(np.uint8).reshape(count, width)
    return matrix[np.arange(width) < lengths[:, None]].tobytes()


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
