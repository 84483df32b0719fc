"""The fast validation path for GeoJSON deliveries: the reference path's findings, found faster.

The reference path (``validate.validate_delivery``) reads a delivery through OGR one feature at a
time and checks each feature with jsonschema: about 7,000 features a second, two and a half
minutes for a million streetlights. Most features of a delivery are clean, so here

1. the C extension ``_fastscan`` reads the GeoJSON into columns (kinds, numbers, distinct strings);
2. OGR opens a skeleton of the file (its top-level members and one feature per distinct order of
   keys, every value null), so the layer name, the CRS and the field order are exactly the ones
   the reference path sees;
3. each distinct value of a column is judged once with the reference's own mapper, schema and
   checks (columns with very many distinct values get conservative vectorized tests first), and
   numpy screens the features: a feature is clean only if it certainly gives no finding of its own;
4. the features that are not certainly clean go to the reference ``Validator`` (validator.py) as a
   ``FeatureBatch`` built from the columns, the same batch type the reference reader hands it, so
   their findings are the reference's own; the validator's public face is all this path reads of it
   (which fields each cross-field rule reads, the identifier check, the geometry's transformation);
5. the cross-record rules (duplicate identifiers, same spot) are computed over all features at once.

``fast_validate`` returns None, and the caller takes the reference path, whenever the input holds
something this path does not reproduce exactly: a mapping profile, a family that is not Point-only,
values GDAL would type or convert in a way not modelled here, JSON the scanner refuses.
"""

from __future__ import annotations

import contextlib
import json
import math
import mmap
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from osgeo import gdal, ogr, osr

from . import references
from .errors import InputError
from .geometry_checks import transformation
from .mapping import PLACEHOLDERS, MappingProfile, city_placeholders
from .reader import MAX_COLUMNS, Delivery, SourceFeature, gdal_exceptions
from .references import check_references
from .report import Report
from .standard import Family, Field, Profile, Standard
from .validator import FeatureBatch, Progress, Validator, detect_family, format_checker, start_report

try:
    import numpy as np
except ImportError:  # no numpy: the reference path does the work
    np = None
try:
    from . import _fastscan
except ImportError:  # no compiler at install time (the plugin zip): GeoJSON takes the reference path,
    _fastscan = None  # Shapefiles still the Arrow path of fastshape.py, which needs numpy only

ENGINE = "fast"
# the layout of _fastscan.scan's result this module reads; a scanner built from another version of
# _fastscan.c (pip install -e . not rerun) is not used
SCAN_FORMAT = 1

# value kinds, geometry codes and string flags as _fastscan.c writes them
K_ABSENT, K_NULL, K_STRING, K_REAL, K_TRUE, K_FALSE, K_NESTED, K_INT = range(8)
G_NONE, G_POINT, G_OTHER = 0, 1, 2
F_NONASCII, F_EDGE_SPACE, F_NUL, F_DATE_MARK = 1, 2, 4, 8

# Up to this many distinct values a column is judged value by value with the reference code;
# beyond, vectorized tests clear what they can and the rest is judged value by value.
EXACT_LIMIT = 5000
# Geometries other than plain points are parsed by OGR one by one; past this many the reference
# path is as quick.
MAX_OTHER_GEOMETRIES = 200_000
# a text longer than every placeholder cannot be one, whatever its case
PLACEHOLDER_LENGTH = max(len(text) for text in PLACEHOLDERS)
_FAMILY_KEYWORDS = {"$id", "$schema", "type", "title", "description", "properties", "required", "additionalProperties"}
_ANNOTATIONS = {"title", "description", "$comment", "examples", "default"}
_STRING_RECIPE = {"type", "pattern", "minLength", "maxLength"}
_NUMBER_RECIPE = {"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
# OGR types a text column as Date when every value is a date; such values come back unchanged
# only in this form (the reference reads dates back as YYYY-MM-DD)
_STRICT_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
_PATTERN_ATOM = re.compile(r"\[([0-9A-Za-z-]+)\]|([0-9A-Za-z])")
_PATTERN_COUNT = re.compile(r"\{([0-9]+)\}")
_IDENTIFIER_DIGITS = 17


class Decline(Exception):
    """Something the fast path does not reproduce exactly: the reference path takes over."""


# scans kept while an import validates and then writes its rows from the same file (keeping_scans)
_kept_scans: dict[tuple, dict[str, Any]] | None = None


@contextlib.contextmanager
def keeping_scans() -> Iterator[None]:
    """Within it, a file scanned once is not scanned again while it is unchanged (same inode, size, mtime).

    An import validates the delivery and then writes its rows from it: one scan serves both.
    Outside it nothing is kept, so a validation alone holds no memory after it returns.
    """
    global _kept_scans
    outer = _kept_scans
    if outer is None:
        _kept_scans = {}
    try:
        yield
    finally:
        if outer is None:
            _kept_scans = None


def scan(file: Path) -> dict[str, Any]:
    """_fastscan.scan of the file, or the scan kept of it (keeping_scans)."""
    kept = _kept_scans
    if kept is None:
        return _fastscan.scan(file)
    status = file.stat()
    key = (str(file.resolve()), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    if key not in kept:
        kept.clear()  # one file at a time
        kept[key] = _fastscan.scan(file)
    return kept[key]


def available() -> bool:
    """Whether the compiled scanner (of the version this module reads) and numpy are importable."""
    return _fastscan is not None and np is not None and getattr(_fastscan, "FORMAT", None) == SCAN_FORMAT


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
    """The report ``validate_delivery`` would give, or None when the reference path must run instead."""
    if not available():
        return None
    mapping = mapping or MappingProfile()
    file = Path(path)
    if file.suffix.casefold() not in (".geojson", ".json") or not without_conversions(mapping) or not file.is_file():
        return None
    chosen = family_name or mapping.family
    if chosen is not None and (chosen not in standard.families or standard.families[chosen].geometry_types != ("Point",)):
        return None
    try:
        scanned = scan(file)
    except (ValueError, OSError, MemoryError):
        return None
    if len(scanned["keys"]) > MAX_COLUMNS:
        return None  # the reference path refuses it (reader.too_many_columns) before OGR reads its schema
    try:
        return ScannedLayer(path, scanned, standard, profile, chosen, layer, mapping, today).report(progress)
    except (Decline, InputError, RuntimeError):
        return None


def without_conversions(mapping: MappingProfile) -> bool:
    """A mapping may only ignore columns or name the family: everything else changes values."""
    return not (
        mapping.columns
        or mapping.values
        or mapping.units
        or mapping.dates
        or mapping.constants
        or mapping.templates
        or mapping.geometry
    )


# -- columns --------------------------------------------------------------------------------------


class Column:
    """One property key of the file, as _fastscan read it, and the values OGR would give for it."""

    def __init__(self, key: str, raw: dict[str, Any]):
        self.key = key
        self.kinds = np.frombuffer(raw["kinds"], np.uint8)
        self.numbers = np.frombuffer(raw["numbers"], np.float64) if raw["numbers"] is not None else None
        self.codes = np.frombuffer(raw["codes"], np.int32) if raw["codes"] is not None else None
        self.blob = raw["blob"]
        self.offsets = np.frombuffer(raw["offsets"], np.int64)
        self.cplen = np.frombuffer(raw["cplen"], np.int32)
        self.flags = np.frombuffer(raw["flags"], np.uint8)
        self.distinct = len(self.offsets) - 1
        self._texts: dict[int, str] = {}
        self._type: str | None = None

    def text(self, u: int) -> str:
        text = self._texts.get(u)
        if text is None:
            text = self._texts[u] = self.blob[self.offsets[u] : self.offsets[u + 1]].decode("utf-8")
        return text

    @property
    def ogr_type(self) -> str:
        """The field type OGR's GeoJSON driver gives the column: int, real, string, date or empty."""
        if self._type is None:
            self._type = self._infer_type()
        return self._type

    def _infer_type(self) -> str:
        present = np.bincount(self.kinds, minlength=8) > 0
        booleans = present[K_TRUE] or present[K_FALSE]
        if present[K_NESTED] or (booleans and (present[K_STRING] or present[K_REAL] or present[K_INT])):
            raise Decline  # lists, JSON objects, booleans among other values: OGR converts them in ways not modelled here
        if booleans:
            return "bool"  # an Integer field of subtype Boolean: OGR hands over True and False
        if self.distinct and (self.flags & F_NUL).any():
            raise Decline  # OGR cuts a text at U+0000
        strings, reals, integers = present[K_STRING], present[K_REAL], present[K_INT]
        if integers and (np.abs(self.numbers[self.kinds == K_INT]) > 2.0**53).any():
            raise Decline
        if strings and reals:
            raise Decline  # OGR writes such reals as text with its own precision
        if strings and integers:
            return "string"
        if reals:
            return "real"
        if integers:
            return "int"
        if strings:
            return self._text_or_date()
        return "empty"

    def _text_or_date(self) -> str:
        """A text column is a Date field when every value parses as a date; one other text makes it text."""
        if ((self.flags & F_DATE_MARK) == 0).any():
            return "string"  # GDAL reads no date or time without one of - / :
        undecided: list[str] = []
        for u in range(self.distinct):
            text = self.text(u)
            if not _STRICT_DATE.fullmatch(text):
                undecided.append(text)
        for start in range(0, len(undecided), 256):
            if _ogr_reads_text(undecided[start : start + 256]):
                return "string"
        if undecided:
            raise Decline  # a Date, DateTime or Time column whose values OGR would rewrite
        return "date"

    def values_at(self, rows: Any) -> list[Any]:
        """value() for many features at once."""
        kinds = self.kinds[rows].tolist()
        codes = self.codes[rows].tolist() if self.codes is not None else None
        numbers = self.numbers[rows].tolist() if self.numbers is not None else None
        kind_of = self.ogr_type
        values: list[Any] = []
        for j, kind in enumerate(kinds):
            if kind == K_STRING:
                values.append(self.text(codes[j]))
            elif kind == K_INT:
                number = int(numbers[j])
                values.append(str(number) if kind_of == "string" else float(number) if kind_of == "real" else number)
            elif kind == K_REAL:
                values.append(numbers[j])
            elif kind in (K_TRUE, K_FALSE):
                values.append(kind == K_TRUE)
            else:
                values.append(None)
        return values

    def value(self, i: int) -> Any:
        """The attribute value the reference path gets from OGR for feature i (None: unset or null)."""
        kind = self.kinds[i]
        if kind == K_STRING:
            return self.text(int(self.codes[i]))
        if kind == K_INT:
            number = int(self.numbers[i])
            kind_of = self.ogr_type
            return str(number) if kind_of == "string" else float(number) if kind_of == "real" else number
        if kind == K_REAL:
            return float(self.numbers[i])
        if kind in (K_TRUE, K_FALSE):
            return bool(kind == K_TRUE)
        return None


def _ogr_reads_text(texts: list[str]) -> bool:
    """Whether OGR's GeoJSON driver types any of these values as plain text (not a date or time)."""
    properties = {f"v{i}": text for i, text in enumerate(texts)}
    body = json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": properties, "geometry": None}]}
    )
    name = f"/vsimem/assetreg_fastpath_{id(texts)}.geojson"
    with gdal_exceptions():
        gdal.FileFromMemBuffer(name, body.encode("utf-8"))
        try:
            dataset = gdal.OpenEx(name, gdal.OF_VECTOR)
            definition = dataset.GetLayer(0).GetLayerDefn()
            return any(definition.GetFieldDefn(i).GetType() == ogr.OFTString for i in range(definition.GetFieldCount()))
        finally:
            dataset = None
            gdal.Unlink(name)


# -- judging values -----------------------------------------------------------------------------


@dataclass
class _Judged:
    """Per feature: whether the field gives no finding, whether it ends up in the properties, and its value."""

    good: Any  # bool per feature
    present: Any  # bool per feature
    ids: Any  # int32 per feature: index into values, -1 when absent or not kept
    values: list[Any]
    distinct: _Distinct | None = None  # of the texts


@dataclass
class _Distinct:
    """Per distinct value of a column: the same, plus the identifier it gives (component_id only)."""

    good: Any
    present: Any
    values: list[Any] | None
    ident_keys: Any = None  # int64: the 17 digits as a number, -1 none, -2 another text (in ident_texts)
    ident_texts: dict[int, str] | None = None


def _fixed_pattern(pattern: str) -> list[Any] | None:
    """A pattern such as ^[0-9A-H]{2}[0-9]{6}$ as one 256-entry table per character; None for anything else."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        return None
    body, position, tables = pattern[1:-1], 0, []
    while position < len(body):
        atom = _PATTERN_ATOM.match(body, position)
        if atom is None:
            return None
        table = np.zeros(256, bool)
        if atom.group(1):
            items, i = atom.group(1), 0
            while i < len(items):
                if i + 2 < len(items) and items[i + 1] == "-":
                    low, high = items[i], items[i + 2]
                    if not (low.isalnum() and high.isalnum() and low <= high):
                        return None
                    table[ord(low) : ord(high) + 1] = True
                    i += 3
                elif items[i].isalnum():
                    table[ord(items[i])] = True
                    i += 1
                else:
                    return None
        else:
            table[ord(atom.group(2))] = True
        position = atom.end()
        count = _PATTERN_COUNT.match(body, position)
        if count is not None:
            position = count.end()
        tables.extend([table] * (int(count.group(1)) if count is not None else 1))
    return tables


def _constraints(schema: dict[str, Any]) -> set[str]:
    return {key for key in schema if key not in _ANNOTATIONS and not key.startswith("x-")}


# -- the run ----------------------------------------------------------------------------------------


class _FirstFeature:
    """What detect_family reads of a delivery: the layer name and the first feature."""

    def __init__(self, layer_name: str | None, attributes: dict[str, Any]):
        self.layer_name = layer_name
        self._attributes = attributes

    def features(self) -> Iterator[SourceFeature]:
        yield SourceFeature(1, self._attributes, None)


class ScannedLayer:
    def keep_request(
        self,
        path: str | Path,
        standard: Standard,
        profile: Profile,
        family_name: str | None,
        layer: str | None,
        mapping: MappingProfile,
        today: Any,
    ) -> None:
        """What was asked of the layer, as the reference path is asked it (the screen and checks read these)."""
        self.source = path
        self.path = Path(path)
        self.standard = standard
        self.profile = profile
        self.family_name = family_name
        self.layer = layer
        self.mapping = mapping
        self.today = today

    def __init__(
        self,
        path: str | Path,
        scanned: dict[str, Any],
        standard: Standard,
        profile: Profile,
        family_name: str | None,
        layer: str | None,
        mapping: MappingProfile,
        today: Any,
    ):
        self.keep_request(path, standard, profile, family_name, layer, mapping, today)
        self.scanned = scanned
        self.n = scanned["count"]
        if self.n == 0:
            raise Decline  # an empty collection: the reference path is instant
        self.keys: list[str] = scanned["keys"]
        if set(scanned["columns"]) != set(self.keys):
            raise Decline
        self.columns = {key: Column(key, raw) for key, raw in scanned["columns"].items()}
        geometry = scanned["geometry"]
        self.gtype = np.frombuffer(geometry["type"], np.uint8)
        self.gz = np.frombuffer(geometry["z"], np.uint8)
        self.gx = np.frombuffer(geometry["x"], np.float64)
        self.gy = np.frombuffer(geometry["y"], np.float64)
        spans = zip(
            np.frombuffer(geometry["span_feature"], np.int64).tolist(),
            np.frombuffer(geometry["span_start"], np.int64).tolist(),
            np.frombuffer(geometry["span_end"], np.int64).tolist(),
            strict=True,
        )
        self.spans = {feature: (start, end) for feature, start, end in spans}
        if len(self.spans) > MAX_OTHER_GEOMETRIES:
            raise Decline

    # -- the whole run ---------------------------------------------------------------------------

    def report(self, progress: Progress | None) -> Report:
        with self.opened() as delivery:
            report = self._validate(delivery)
        if progress is not None:
            progress(report.feature_count, report.feature_count)
        return report

    @contextlib.contextmanager
    def opened(self) -> Iterator[Delivery]:
        """The skeleton opened by OGR (layer, CRS, field order as the reference sees them), geometries readable."""
        with contextlib.ExitStack() as stack:
            handle = stack.enter_context(self.path.open("rb"))
            self._text = stack.enter_context(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)) if self.spans else b""
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="assetreg-fastpath-")))
            skeleton = directory / self.path.name
            skeleton.write_text(self._skeleton(), encoding="utf-8")
            delivery = stack.enter_context(Delivery(skeleton))
            if self.layer is not None and self.layer != delivery.layer_name:
                raise Decline
            yield delivery

    def _skeleton(self) -> str:
        """The file as OGR's schema reading sees it: top-level members, and each key order once."""
        members = ['"type": "FeatureCollection"']
        for name in ("name", "crs"):
            if self.scanned[name] is not None:
                members.append(f'"{name}": ' + self.scanned[name].decode("utf-8"))
        # without a "crs" member GDAL assumes WGS 84, in 3D when a geometry has Z
        point = '{"type": "Point", "coordinates": [0, 0%s]}' % (", 0" if self.scanned["crs"] is None and self._any_3d() else "")
        features = []
        for position, sequence in enumerate(self.scanned["sequences"]):
            properties = ", ".join(f"{json.dumps(self.keys[k], ensure_ascii=False)}: null" for k in sequence)
            geometry = point if position == 0 else "null"
            features.append(f'{{"type": "Feature", "properties": {{{properties}}}, "geometry": {geometry}}}')
        return "{" + ", ".join(members) + ', "features": [\n' + ",\n".join(features) + "\n]}\n"

    def _any_3d(self) -> bool:
        if self.gz.any():
            return True
        return any(geometry is not None and geometry.Is3D() for geometry in map(self.other_geometry, self.spans))

    def _validate(self, delivery: Delivery) -> Report:
        field_names = delivery.field_names
        if sorted(field_names) != sorted(self.keys):
            raise Decline
        family = self.standard.family(self.family_name) if self.family_name else self._detect_family(delivery)
        if family.geometry_types != ("Point",) or _constraints(family.schema) - _FAMILY_KEYWORDS:
            raise Decline
        # the reference checks for the features the screen cannot clear; the cross-record rules are
        # computed here over all features at once
        validator = Validator(self.standard, self.profile, family, self.today, cross_record=False)
        if city_placeholders(self.profile, family) or self.profile.required_fields(family.name):
            raise Decline  # the city's placeholders and required fields: the reference checks them
        if validator.geometry.ruler.geographic:
            raise Decline  # the same-spot grid of a geographic registry is not square: the reference path's
        report, mapper = start_report(self.source, delivery, self.standard, self.profile, family, self.mapping, validator)
        report.feature_count = self.n

        self.family, self.validator, self.mapper = family, validator, mapper
        self.source_srs = delivery.spatial_ref
        self.by_field = {spec.name: self.columns[column] for column, spec in mapper.columns.items()}
        self.crossfield_fields = self._crossfield_fields()
        clean, judged = self._screen()
        ident_keys, ident_texts = self._identifiers(judged.get("component_id"))
        self._check_suspects(np.flatnonzero(~clean), [key for key in field_names if key in mapper.columns], report)
        identifiers = self._duplicates(report, ident_keys, ident_texts)
        self._same_spots(report, clean, ident_keys, ident_texts)
        self._note_references(report, clean, judged, ident_keys, ident_texts)
        self._note_circuits(report, clean, ident_keys, ident_texts)
        report.identifiers = identifiers  # type: ignore[assignment]
        check_references([report], self.standard)  # (sorts)
        report.engine = ENGINE
        return report

    def _detect_family(self, delivery: Delivery) -> Family:
        attributes = {}
        for key in delivery.field_names:
            if key.casefold() in ("component_id", "glbjbsm", "objid"):
                value = self.columns[key].value(0)
                if value is not None:
                    attributes[key] = value
        return detect_family(self.standard, _FirstFeature(delivery.layer_name, attributes))  # type: ignore[arg-type]

    def _crossfield_fields(self) -> set[str]:
        return {name for _, groups in self.validator.crossfield.rules for group in groups for name in group}

    # -- screening -------------------------------------------------------------------------------

    def _screen(self) -> tuple[Any, dict[str, _Judged]]:
        """Which features certainly give no finding of their own, and each field's values."""
        clean = self._geometry_clean()
        judged: dict[str, _Judged] = {}
        for spec in self.family.fields:
            column = self.by_field.get(spec.name)
            if column is None:
                if spec.required:
                    clean[:] = False
                continue
            result = judged[spec.name] = self._judge(column, spec)
            clean &= result.good
            if spec.required:
                clean &= result.present
        clean &= ~self._crossfield_findings(judged)
        return clean, judged

    def _judge(self, column: Column, spec: Field) -> _Judged:
        n, kinds = self.n, column.kinds
        good, present = np.ones(n, bool), np.zeros(n, bool)
        ids = np.full(n, -1, np.int32)
        values: list[Any] = []
        distinct = None
        kind_of = column.ogr_type
        if kind_of in ("string", "date"):
            texts = kinds == K_STRING
            if texts.all():
                # every feature gives a text (the usual column): whole arrays, no scatter through row numbers
                distinct = self._judge_texts(column, spec)
                good, present = distinct.good[column.codes], distinct.present[column.codes]
                if distinct.values is not None:
                    ids = np.where(present, column.codes, -1).astype(np.int32, copy=False)
                    values = distinct.values
            elif texts.any():
                rows = np.flatnonzero(texts)
                distinct = self._judge_texts(column, spec)
                codes = column.codes[rows]
                good[rows] = distinct.good[codes]
                present[rows] = distinct.present[codes]
                if distinct.values is not None:
                    ids[rows] = np.where(distinct.present[codes], codes, -1)
                    values = distinct.values
            numbers = kinds == K_INT  # integers in a text column: OGR hands them over as text
            good[numbers] = False
            present[numbers] = True
        elif kind_of in ("int", "real", "bool"):
            if kind_of == "bool":
                rows = np.flatnonzero((kinds == K_TRUE) | (kinds == K_FALSE))
                truth, inverse = np.unique(kinds[rows] == K_TRUE, return_inverse=True)
                judged = self._judge_booleans(column, spec, truth.tolist())
            else:
                rows = np.flatnonzero((kinds == K_INT) | (kinds == K_REAL))
                bits, inverse = _unique_inverse(column.numbers[rows].view(np.int64))
                judged = self._judge_numbers(column, spec, bits.view(np.float64))
            good[rows] = judged.good[inverse]
            present[rows] = judged.present[inverse]
            if judged.values is not None:
                ids[rows] = np.where(judged.present[inverse], inverse, -1)
                values = judged.values
        return _Judged(good, present, ids, values, distinct)

    def _exact(self, column: Column, spec: Field, value: Any) -> tuple[bool, bool, Any]:
        """One delivered value through the reference mapper, schema and identifier checks: (no finding, kept, mapped value)."""
        mapped = self.mapper.map({column.key: value})
        good = not mapped.placeholders and mapped.legacy_id is None
        result = mapped.properties.get(spec.name)
        if result is None:
            return good, False, None
        good = good and self._field_validator(spec).is_valid(result)
        if good and spec.name == "component_id" and isinstance(result, str):
            good = not _fires(self.validator.check_identifier, result)
        return good, True, result

    def _field_validator(self, spec: Field) -> Draft202012Validator:
        cache = self.__dict__.setdefault("_validators", {})
        if spec.name not in cache:
            cache[spec.name] = Draft202012Validator(spec.schema, format_checker=format_checker())
        return cache[spec.name]

    def _judge_texts(self, column: Column, spec: Field) -> _Distinct:
        d = column.distinct
        certain = None
        # a reference (a light's cabinet) keeps its values: core/references.py looks each up
        if d > EXACT_LIMIT and spec.name not in self.crossfield_fields and not spec.references:
            certain = self._text_recipe(column, spec)
        if certain is None:
            outcome = [self._exact(column, spec, column.text(u)) for u in range(d)]
            good = np.fromiter((o[0] for o in outcome), bool, d)
            present = np.fromiter((o[1] for o in outcome), bool, d)
            values = [o[2] for o in outcome]
            distinct = _Distinct(good, present, values)
            if spec.name == "component_id":
                self._ident_of_values(distinct, values)
            return distinct
        certain, keys = certain
        good, present = certain.copy(), certain.copy()
        ident_texts: dict[int, str] = {}
        for u in np.flatnonzero(~certain).tolist():
            good[u], present[u], value = self._exact(column, spec, column.text(u))
            if keys is not None:
                keys[u], text = _ident_key(value)
                if text is not None:
                    ident_texts[u] = text
        return _Distinct(good, present, None, keys, ident_texts)

    def _ident_of_values(self, distinct: _Distinct, values: list[Any]) -> None:
        keys = np.full(len(values), -1, np.int64)
        texts: dict[int, str] = {}
        for u, value in enumerate(values):
            keys[u], text = _ident_key(value)
            if text is not None:
                texts[u] = text
        distinct.ident_keys, distinct.ident_texts = keys, texts

    def _text_recipe(self, column: Column, spec: Field) -> tuple[Any, Any] | None:
        """Distinct texts that certainly give no finding, by vectorized tests; None when the field's schema is beyond them."""
        schema = spec.schema
        if spec.codelist or schema.get("type") != "string" or _constraints(schema) - _STRING_RECIPE:
            return None
        tables = _fixed_pattern(schema["pattern"]) if "pattern" in schema else None
        if "pattern" in schema and tables is None:
            return None
        identifier = spec.name == "component_id"
        if identifier and (
            tables is None or len(tables) != _IDENTIFIER_DIGITS or not all(t[48:58].all() and t.sum() == 10 for t in tables)
        ):
            return None
        longest = schema.get("maxLength", np.iinfo(np.int32).max)
        certain = (
            ((column.flags & (F_EDGE_SPACE | F_NUL)) == 0)
            & (column.cplen > max(PLACEHOLDER_LENGTH, schema.get("minLength", 0) - 1))
            & (column.cplen <= longest)
        )
        keys = np.full(column.distinct, -1, np.int64) if identifier else None
        if tables is not None:
            width = len(tables)
            certain &= ((column.flags & F_NONASCII) == 0) & (np.diff(column.offsets) == width)
            blob = np.frombuffer(column.blob, np.uint8)
            rows = np.flatnonzero(certain)
            for start in range(0, len(rows), 1 << 16):
                chunk = rows[start : start + (1 << 16)]
                text = blob[column.offsets[chunk][:, None] + np.arange(width)]
                ok = np.ones(len(chunk), bool)
                for position, table in enumerate(tables):
                    ok &= table[text[:, position]]
                if identifier:
                    ok &= self._identifier_parts_ok(text)
                    digits = text.astype(np.int64) - 48
                    keys[chunk] = np.where(ok, digits @ (10 ** np.arange(width - 1, -1, -1, dtype=np.int64)), -1)
                certain[chunk] = ok
        return certain, keys

    def _identifier_parts_ok(self, text: Any) -> Any:
        """The administrative and class codes of 17-digit identifiers, as Validator._check_identifier checks them."""
        digits = text.astype(np.int64) - 48
        admin = digits[:, :6] @ (10 ** np.arange(5, -1, -1, dtype=np.int64))
        allowed = [int(code) for code in self.profile.admin_codes if len(code) == 6 and code.isascii() and code.isdigit()]
        ok = np.isin(admin, allowed)
        if self.family.class_codes:
            classes = digits[:, 6:11] @ (10 ** np.arange(4, -1, -1, dtype=np.int64))
            codes = [int(code) for code in self.family.class_codes if len(code) == 5 and code.isascii() and code.isdigit()]
            ok &= np.isin(classes, codes)
        return ok

    def _judge_numbers(self, column: Column, spec: Field, numbers: Any) -> _Distinct:
        schema = spec.schema
        if (
            len(numbers) > EXACT_LIMIT
            and spec.name not in self.crossfield_fields
            and spec.name != "component_id"
            and not spec.codelist
            and spec.json_type in ("number", "integer")
            and not _constraints(schema) - _NUMBER_RECIPE
        ):
            ok = np.isfinite(numbers)
            if spec.json_type == "integer":
                ok &= np.floor(numbers) == numbers
            with np.errstate(invalid="ignore"):
                for keyword, test in (
                    ("minimum", np.greater_equal),
                    ("maximum", np.less_equal),
                    ("exclusiveMinimum", np.greater),
                    ("exclusiveMaximum", np.less),
                ):
                    if keyword in schema:
                        ok &= test(numbers, float(schema[keyword]))
            good, present = ok.copy(), np.ones(len(numbers), bool)
            for u in np.flatnonzero(~ok).tolist():
                good[u], present[u], _ = self._exact(column, spec, self._number(column, numbers[u]))
            return _Distinct(good, present, None)
        outcome = [self._exact(column, spec, self._number(column, number)) for number in numbers.tolist()]
        good = np.fromiter((o[0] for o in outcome), bool, len(outcome))
        present = np.fromiter((o[1] for o in outcome), bool, len(outcome))
        return _Distinct(good, present, [o[2] for o in outcome])

    def _judge_booleans(self, column: Column, spec: Field, truths: list[bool]) -> _Distinct:
        outcome = [self._exact(column, spec, truth) for truth in truths]
        good = np.fromiter((o[0] for o in outcome), bool, len(outcome))
        present = np.fromiter((o[1] for o in outcome), bool, len(outcome))
        return _Distinct(good, present, [o[2] for o in outcome])

    @staticmethod
    def _number(column: Column, number: float) -> Any:
        return int(number) if column.ogr_type == "int" else float(number)

    def _crossfield_findings(self, judged: dict[str, _Judged]) -> Any:
        """Features where a cross-field rule of crossfield.py fires, each distinct combination asked once."""
        flagged = np.zeros(self.n, bool)
        for check, groups in self.validator.crossfield.rules:
            for names in groups:
                parts = [judged.get(name) for name in names]
                if all(part is None for part in parts):
                    continue
                key = np.zeros(self.n, np.int64)
                stride = 1
                for part in parts:
                    ids = part.ids.astype(np.int64) + 1 if part is not None else np.zeros(self.n, np.int64)
                    key += ids * stride
                    stride *= (len(part.values) + 1) if part is not None else 1
                combos, inverse = _unique_inverse(key)
                fires = np.zeros(len(combos), bool)
                for c, combo in enumerate(combos.tolist()):
                    properties = {}
                    for name, part in zip(names, parts, strict=True):
                        size = (len(part.values) + 1) if part is not None else 1
                        index, combo = combo % size - 1, combo // size
                        if part is not None and index >= 0:
                            properties[name] = part.values[index]
                    fires[c] = _fires(check, properties)
                flagged |= fires[inverse]
        return flagged

    def _geometry_clean(self) -> Any:
        """2D points inside the city (or any 2D point when positions are not checked)."""
        clean = (self.gtype == G_POINT) & (self.gz == 0) & np.isfinite(self.gx) & np.isfinite(self.gy)
        checks = self.validator.geometry
        if not checks.checks_positions:
            return clean
        near = checks.near_zero
        clean &= ~((np.abs(self.gx) <= near) & (np.abs(self.gy) <= near))
        rectangle = _inner_rectangle(self.source_srs, self.profile)
        if rectangle is None:
            return np.zeros(self.n, bool)
        left, bottom, right, top = rectangle
        return clean & (self.gx >= left) & (self.gx <= right) & (self.gy >= bottom) & (self.gy <= top)

        return None

    # -- identifiers -----------------------------------------------------------------------------

    def _identifiers(self, judged: _Judged | None) -> tuple[Any, dict[int, str]]:
        """Per feature, the identifier the reference would see: its 17 digits as a number, or a text."""
        keys = np.full(self.n, -1, np.int64)
        texts: dict[int, str] = {}
        column = self.by_field.get("component_id")
        if judged is None or column is None:
            return keys, texts
        distinct = judged.distinct
        kinds = column.kinds
        if column.ogr_type in ("string", "date") and distinct is not None:
            rows = np.flatnonzero(kinds == K_STRING)
            codes = column.codes[rows]
            keys[rows] = distinct.ident_keys[codes]
            for row in rows[keys[rows] == -2].tolist():
                texts[row] = distinct.ident_texts[int(column.codes[row])]
        # numbers given for the identifier: few, and suspects anyway
        for row in np.flatnonzero((kinds == K_INT) | (kinds == K_REAL)).tolist():
            mapped = self.mapper.map({column.key: column.value(row)})
            keys[row], text = _ident_key(mapped.properties.get("component_id"))
            if text is not None:
                texts[row] = text
        return keys, texts

    def _duplicates(self, report: Report, keys: Any, texts: dict[int, str]) -> _Identifiers:
        """record.duplicate_id over all features; the identifiers with their first feature."""
        about = self.validator.about("component_id")
        rows = np.flatnonzero(keys >= 0)
        unique, first_position, inverse = np.unique(keys[rows], return_index=True, return_inverse=True)
        first_row = rows[first_position]
        firsts = first_row[inverse]
        found = [(int(rows[j]), f"{int(keys[rows[j]]):017d}", int(firsts[j])) for j in np.flatnonzero(firsts != rows).tolist()]
        seen: dict[str, int] = {}
        for row in sorted(texts):
            ident = texts[row]
            first = seen.setdefault(ident, row)
            if first != row:
                found.append((row, ident, first))
        for row, ident, first in found:
            report.add("record.duplicate_id", row + 1, component_id=ident, **about, value=ident, detail=first + 1)
        return _Identifiers(unique, first_row, seen)

    def _note_references(self, report: Report, clean: Any, judged: dict, keys: Any, texts: dict[int, str]) -> None:
        """report.references of the cleared features, as Validator._note_references notes the others' (the
        suspects went through it): a cleared feature's reference, where present, is well formed."""
        for spec in self.family.fields:
            column = judged.get(spec.name)
            if not spec.references or column is None:
                continue
            named = report.references.setdefault(spec.name, {})
            for row in np.flatnonzero(clean & column.present & (column.ids >= 0)).tolist():
                value = column.values[int(column.ids[row])]
                ident = f"{int(keys[row]):017d}" if keys[row] >= 0 else texts.get(row)
                named.setdefault(value, []).append((row + 1, ident))

    def _note_circuits(self, report: Report, clean: Any, keys: Any, texts: dict[int, str]) -> None:
        """report.circuits and report.circuit_counts of the cleared features, as Validator._note_circuits notes
        the others'."""
        rows = np.flatnonzero(clean)
        if not len(rows):
            return

        def ident(row: int) -> str | None:
            # made only for the rows that name a circuit or count them: a per-feature text for a
            # million features cost more than the rest of the cross-record rules together
            return f"{int(keys[row]):017d}" if keys[row] >= 0 else texts.get(row)

        fields = references.circuit_fields(self.standard, self.family)
        if fields is not None and fields[0] in self.by_field:
            circuit, cabinet = fields
            circuits = self.by_field[circuit].values_at(rows)
            cabinets = self.by_field[cabinet].values_at(rows) if cabinet in self.by_field else [None] * len(circuits)
            for row, named, given in zip(rows.tolist(), cabinets, circuits, strict=True):
                if references.circuit_text(given) is not None:
                    references.note_circuit(report, row + 1, ident(row), named, given)
        if references.counts_circuits(self.family) and references.CIRCUIT_COUNT in self.by_field:
            counts = self.by_field[references.CIRCUIT_COUNT].values_at(rows)
            for row, value in zip(rows.tolist(), counts, strict=True):
                count = references.circuit_count(value)
                if count is not None and (named := ident(row)) is not None:
                    report.circuit_counts.setdefault(named, count)
        report.circuits.sort()

    # -- suspects ----------------------------------------------------------------------------------

    def _check_suspects(self, rows: Any, keys: list[str], report: Report) -> None:
        """The reference Validator on every feature the screen did not clear."""
        with gdal_exceptions():
            for start in range(0, len(rows), 1 << 16):
                self.validator.check_batch(self.batch(rows[start : start + (1 << 16)], keys), report)

    def batch(self, rows: Any, keys: list[str]) -> FeatureBatch:
        """These features (rows, 0-based) as the validator reads them: the values OGR would give, OGR's geometries."""
        geometries = zip(
            rows.tolist(),
            self.gtype[rows].tolist(),
            self.gz[rows].tolist(),
            self.gx[rows].tolist(),
            self.gy[rows].tolist(),
            strict=True,
        )
        return FeatureBatch(
            [row + 1 for row in rows.tolist()],
            {key: self.columns[key].values_at(rows) for key in keys},
            [self._geometry(row, kind, z, x, y) for row, kind, z, x, y in geometries],
        )

    def _geometry(self, row: int, kind: int, z: int, x: float, y: float) -> ogr.Geometry | None:
        if kind == G_NONE:
            return None
        if kind == G_POINT and not z:
            point = ogr.Geometry(ogr.wkbPoint)
            point.AddPoint_2D(x, y)
            return point
        return self.other_geometry(row)

    def other_geometry(self, row: int) -> ogr.Geometry | None:
        """OGR's own reading of a geometry that is not a plain 2D point (the driver reads it the same way)."""
        start, end = self.spans[row]
        try:
            with gdal_exceptions():
                return ogr.CreateGeometryFromJson(bytes(self._text[start:end]).decode("utf-8"))
        except RuntimeError:
            raise Decline from None

    # -- same spot -------------------------------------------------------------------------------

    def _same_spots(self, report: Report, clean: Any, keys: Any, texts: dict[int, str]) -> None:
        """record.same_spot with the grid of GeometryChecks._same_spot, over every feature that reached it."""
        checks = self.validator.geometry
        tolerance = checks.tolerance_m
        if not tolerance or checks.to_registry is None:
            return
        size = checks.ruler.cell(tolerance)[0]  # the tolerance in the registry CRS's units (projected, see _validate)
        distance = checks.ruler.distance
        rows = np.flatnonzero(clean)
        rx, ry, exact = self._registry_xy(rows)
        recorded = checks.positions
        if recorded:
            members = np.concatenate([rows, np.array([number - 1 for number, _, _ in recorded], np.int64)])
            mx = np.concatenate([rx, np.array([x for _, x, _ in recorded], np.float64)])
            my = np.concatenate([ry, np.array([y for _, _, y in recorded], np.float64)])
            known = np.concatenate([np.full(len(rows), exact), np.ones(len(recorded), bool)])
            order = np.argsort(members, kind="stable")
            members, mx, my, known = members[order], mx[order], my[order], known[order]
        else:  # no suspect reached the check: the cleared features alone, already in order (no copies)
            members, mx, my, known = rows, rx, ry, np.full(len(rows), exact)
        near = self._near_others(mx, my, size)
        coarse = size * 1.001
        cells: dict[tuple[int, int], list[tuple[int, float, float]]] = {}
        with gdal_exceptions():
            for m in np.flatnonzero(near).tolist():
                row = int(members[m])
                if known[m]:
                    x, y = float(mx[m]), float(my[m])
                else:
                    x, y = checks.to_registry.TransformPoint(float(self.gx[row]), float(self.gy[row]))[:2]
                cell = (math.floor(x / coarse), math.floor(y / coarse))
                fine = (math.floor(x / size), math.floor(y / size))
                best = None
                for dx in (-1, 0, 1):
                    for dy in (-1, 0, 1):
                        for other, ox, oy in cells.get((cell[0] + dx, cell[1] + dy), ()):
                            if distance(ox, oy, x, y) < tolerance:
                                # the reference walks its cells from (-1, -1) to (1, 1), each in feature order
                                rank = (math.floor(ox / size) - fine[0] + 1) * 3 + (math.floor(oy / size) - fine[1] + 1)
                                if best is None or (rank, other) < best:
                                    best = (rank, other)
                if best is not None:
                    ident = f"{int(keys[row]):017d}" if keys[row] >= 0 else texts.get(row)
                    report.add("record.same_spot", row + 1, component_id=ident, field=None, value=tolerance, detail=best[1] + 1)
                cells.setdefault(cell, []).append((row, x, y))

    def _registry_xy(self, rows: Any) -> tuple[Any, Any, bool]:
        """Positions in the registry CRS: exactly the input when the transformation is the identity."""
        x, y = self.gx[rows], self.gy[rows]
        transform = self.validator.geometry.to_registry
        if len(rows) == 0:
            return x, y, True
        sample = np.unique(np.linspace(0, len(rows) - 1, min(len(rows), 2000)).astype(np.int64))
        with gdal_exceptions():
            points = [(float(x[i]), float(y[i])) for i in sample.tolist()]
            if all(tuple(transform.TransformPoint(*point)[:2]) == point for point in points):
                return x, y, True
            moved = np.array(transform.TransformPoints(np.column_stack([x, y])), dtype=np.float64)
        return moved[:, 0], moved[:, 1], False

    @staticmethod
    def _near_others(x: Any, y: Any, size: float) -> Any:
        """Members with another member in a neighbouring cell of a grid slightly coarser than the tolerance."""
        count = len(x)
        near = np.zeros(count, bool)
        if count < 2:
            return near
        coarse = size * 1.001
        cx, cy = np.floor(x / coarse), np.floor(y / coarse)
        if not (np.isfinite(cx).all() and np.isfinite(cy).all()):
            raise Decline
        cx = (cx - cx.min() + 1).astype(np.int64)
        cy = (cy - cy.min() + 1).astype(np.int64)
        height = int(cy.max()) + 2
        if float(cx.max() + 2) * height >= 2.0**62:
            raise Decline
        key = cx * height + cy
        del cx, cy  # a million features: each array here is 8 MB, the peak of a validation
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        del key
        # the same column of cells (this cell and the ones above and below): more than itself. The keys
        # are sorted, so the nearest others are the sorted neighbours (no search needed)
        hit = np.zeros(count, bool)
        hit[1:] = ordered[:-1] >= ordered[1:] - 1
        hit[:-1] |= ordered[1:] <= ordered[:-1] + 1
        # the next column: a member there makes both sides near
        low = np.searchsorted(ordered, ordered + height - 1, "left")
        high = np.searchsorted(ordered, ordered + height + 1, "right")
        some = high > low
        hit |= some
        # every member in [low, high) of another is near it: +1 where such a range starts, -1 where it ends
        marks = np.bincount(low[some], minlength=count + 1) - np.bincount(high[some], minlength=count + 1)
        hit |= np.cumsum(marks[:-1]) > 0
        near[order] = hit
        return near


_RECTANGLES: dict[tuple[Any, ...], tuple[float, float, float, float] | None] = {}


def _inner_rectangle(source: osr.SpatialReference, profile: Profile) -> tuple[float, float, float, float] | None:
    """A rectangle in the layer's CRS whose every point lies inside the city's extent (left, bottom, right, top).

    Its outline is checked, with a margin, through the same transformation the reference builds,
    and a map projection carries a closed outline inside the extent to a region inside it.
    """
    key = (source.ExportToWkt(["FORMAT=WKT2_2019"]), profile.extent_srid, tuple(profile.extent_bbox))
    if key not in _RECTANGLES:
        try:
            with gdal_exceptions():
                _RECTANGLES[key] = _fit_rectangle(source, profile)
        except RuntimeError:
            _RECTANGLES[key] = None
    return _RECTANGLES[key]


def _fit_rectangle(source: osr.SpatialReference, profile: Profile) -> tuple[float, float, float, float] | None:
    min_x, min_y, max_x, max_y = profile.extent_bbox
    forward = transformation(source, profile.extent_srid)
    extent = osr.SpatialReference()
    extent.ImportFromEPSG(profile.extent_srid)
    extent.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = source.Clone()
    layer.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    back = osr.CoordinateTransformation(extent, layer)
    steps = np.linspace(0.0, 1.0, 1025)

    def image(transform: osr.CoordinateTransformation, xs: Any, ys: Any) -> Any:
        return np.array(transform.TransformPoints(np.column_stack([xs, ys])), dtype=np.float64)[:, :2]

    lon, lat = min_x + steps * (max_x - min_x), min_y + steps * (max_y - min_y)
    left = image(back, np.full_like(lat, min_x), lat)[:, 0].max()
    right = image(back, np.full_like(lat, max_x), lat)[:, 0].min()
    bottom = image(back, lon, np.full_like(lon, min_y))[:, 1].max()
    top = image(back, lon, np.full_like(lon, max_y))[:, 1].min()
    margin = 1e-7 * max(max_x - min_x, max_y - min_y)
    for shrink in (1e-6, 1e-4, 1e-2):
        width, height = right - left, top - bottom
        if not (np.isfinite([left, right, bottom, top]).all() and width > 0 and height > 0):
            return None
        x0, x1, y0, y1 = left + shrink * width, right - shrink * width, bottom + shrink * height, top - shrink * height
        xs, ys = x0 + steps * (x1 - x0), y0 + steps * (y1 - y0)
        outline = np.concatenate(
            [
                image(forward, np.full_like(ys, x0), ys),
                image(forward, np.full_like(ys, x1), ys),
                image(forward, xs, np.full_like(xs, y0)),
                image(forward, xs, np.full_like(xs, y1)),
            ]
        )
        if (
            np.isfinite(outline).all()
            and (outline[:, 0] > min_x + margin).all()
            and (outline[:, 0] < max_x - margin).all()
            and (outline[:, 1] > min_y + margin).all()
            and (outline[:, 1] < max_y - margin).all()
        ):
            return float(x0), float(y0), float(x1), float(y1)
    return None


def _unique_inverse(values: Any) -> tuple[Any, Any]:
    """np.unique(values, return_inverse=True) of integers: one sort, then each value found among the few
    distinct ones (np.unique's argsort and scatter cost twice as much for a column of a handful of values)."""
    distinct = np.unique(values)
    return distinct, np.searchsorted(distinct, values)


def _fires(check: Any, subject: Any) -> bool:
    """Whether a reference check, called as ``check(subject, add)``, reports anything."""
    hits: list[Any] = []
    check(subject, lambda *args, **kwargs: hits.append(args))
    return bool(hits)


def _ident_key(value: Any) -> tuple[int, str | None]:
    """An identifier as the duplicate check compares it: 17 ASCII digits as a number (-1 none, -2 see the text)."""
    if not isinstance(value, str):
        return -1, None
    if len(value) == _IDENTIFIER_DIGITS and value.isascii() and value.isdigit():
        return int(value), None
    return -2, value


class _Identifiers(Mapping):
    """report.identifiers (identifier -> first feature number), built only when someone reads it."""

    def __init__(self, keys: Any, first_rows: Any, texts: dict[str, int]):
        self._keys, self._first_rows, self._texts = keys, first_rows, texts
        self._data: dict[str, int] | None = None

    def _mapping(self) -> dict[str, int]:
        if self._data is None:
            entries = [(row, f"{key:017d}") for row, key in zip(self._first_rows.tolist(), self._keys.tolist(), strict=True)]
            entries += [(row, ident) for ident, row in self._texts.items()]
            entries.sort()
            self._data = {ident: row + 1 for row, ident in entries}
        return self._data

    def __getitem__(self, key: str) -> int:
        if self._data is not None:
            return self._data[key]
        # one identifier (an import's few registry findings) without making the dict of them all:
        # 17 digits are among the sorted numbers, anything else among the texts (the two never overlap)
        number, text = _ident_key(key)
        if number >= 0:
            position = int(np.searchsorted(self._keys, number))
            if position < len(self._keys) and int(self._keys[position]) == number:
                return int(self._first_rows[position]) + 1
        elif text is not None and text in self._texts:
            return self._texts[text] + 1
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._keys) + len(self._texts)

    def __repr__(self) -> str:
        return f"_Identifiers({len(self)} identifiers)"


__all__ = ["ENGINE", "Column", "Decline", "ScannedLayer", "available", "fast_validate", "keeping_scans", "scan"]
