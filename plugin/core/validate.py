"""Validating a delivery against the standard and a city profile.

The same function serves the CLI (``assetreg validate``), the Processing
algorithm ``asset_registry:validate_submission`` and the importer.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from osgeo import ogr, osr

from .errors import InputError
from .reader import Delivery, SourceFeature, gdal_exceptions
from .report import Report
from .standard import Family, Field, Profile, Standard

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_TRUE = {"true", "t", "yes", "y", "1", "是", "有"}
_FALSE = {"false", "f", "no", "n", "0", "否", "无"}
_RANGE_KEYWORDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
_LENGTH_KEYWORDS = {"minLength", "maxLength"}
_TYPE_NAMES = {
    "string": ("文本", "text"),
    "number": ("数值", "a number"),
    "integer": ("整数", "an integer"),
    "boolean": ("是/否", "yes/no"),
}

Progress = Callable[[int, int], None]


def _format_checker() -> FormatChecker:
    """Strict ISO 8601: Python 3.11 ``fromisoformat`` alone would also accept 20240101."""
    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def is_date(instance: object) -> bool:
        if not isinstance(instance, str):
            return True
        return bool(_DATE.match(instance)) and bool(dt.date.fromisoformat(instance))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(instance: object) -> bool:
        if not isinstance(instance, str):
            return True
        return bool(_DATE_TIME.match(instance)) and bool(dt.datetime.fromisoformat(instance.replace("Z", "+00:00")))

    @checker.checks("uuid", raises=ValueError)
    def is_uuid(instance: object) -> bool:
        return not isinstance(instance, str) or bool(uuid.UUID(instance))

    return checker


def record_validator(standard: Standard, name: str) -> Draft202012Validator:
    """A validator for a record schema (inspection, work_order, delivery) with the strict formats."""
    return Draft202012Validator(standard.record_schema(name), format_checker=_format_checker())


@dataclass
class MappedFeature:
    number: int
    properties: dict[str, Any]
    geometry: ogr.Geometry | None


class FieldMapper:
    """Maps a delivery's columns onto the standard's fields, by name or by ``x-aliases``."""

    def __init__(self, family: Family, standard: Standard, source_fields: list[str]):
        lookup = {}
        for spec in family.fields:
            for name in (spec.name, *spec.aliases):
                lookup.setdefault(name.casefold(), spec)
        self.columns: dict[str, Field] = {}
        self.unknown: list[str] = []
        for column in source_fields:
            spec = lookup.get(column.casefold())
            if spec is not None and spec not in self.columns.values():
                self.columns[column] = spec
            else:
                self.unknown.append(column)
        self._codes = {spec.name: _code_lookup(standard.codelists[spec.codelist]) for spec in family.fields if spec.codelist}

    def map(self, attributes: dict[str, Any]) -> dict[str, Any]:
        properties = {}
        for column, value in attributes.items():
            spec = self.columns.get(column)
            if spec is None:
                continue
            value = self._coerce(value, spec)
            if value is not None:
                properties[spec.name] = value
        return properties

    def _coerce(self, value: Any, spec: Field) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
        if spec.codelist and isinstance(value, str):
            return self._codes[spec.name].get(value.casefold(), value)
        if spec.json_type in ("number", "integer") and isinstance(value, str):
            return _parse_number(value, spec.json_type)
        if spec.json_type == "boolean":
            return _parse_boolean(value)
        if spec.json_type == "integer" and isinstance(value, float) and value.is_integer():
            return int(value)
        if spec.json_type == "string" and isinstance(value, int | float) and not isinstance(value, bool):
            return str(int(value)) if float(value).is_integer() else str(value)
        return value


def _code_lookup(codelist: Any) -> dict[str, str]:
    """A delivered value may be the code or either label; all map to the code."""
    lookup = {}
    for code in codelist.codes:
        labels = codelist.labels.get(code, {})
        for text in (code, labels.get("zh"), labels.get("en")):
            if text:
                lookup.setdefault(text.casefold(), code)
    return lookup


def _parse_boolean(value: Any) -> Any:
    """Deliveries write yes/no as 是/否, Y/N, 1/0 or true/false; anything else stays for the type check."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return value


def _parse_number(text: str, json_type: str) -> Any:
    try:
        number = float(text)
    except ValueError:
        return text
    if json_type == "integer" and number.is_integer():
        return int(number)
    return number


class Validator:
    """Checks features of one family against the standard and one profile."""

    def __init__(self, standard: Standard, profile: Profile, family: Family):
        self.standard = standard
        self.profile = profile
        self.family = family
        self._schema_validator = Draft202012Validator(family.schema, format_checker=_format_checker())
        self._extent_transform: osr.CoordinateTransformation | None = None
        self._seen_ids: dict[str, int] = {}
        self._required = tuple(family.schema.get("required", ()))
        self._columns: dict[str, str] = {}
        self._codelist_text = {
            spec.name: _codelist_text(standard.codelists[spec.codelist]) for spec in family.fields if spec.codelist
        }

    def use_columns(self, mapper: FieldMapper) -> None:
        """Name each field in findings by the column the delivery used for it."""
        self._columns = {spec.name: column for column, spec in mapper.columns.items()}

    def _about(self, name: str | None) -> dict[str, Any]:
        """The finding entries that name a field: its title and the delivery's column."""
        if name is None or name not in self.family.field_names:
            return {"field": name}
        spec = self.family.field(name)
        return {"field": name, "column": self._columns.get(name), "label": {"zh": spec.title_zh, "en": spec.title_en}}

    def use_source_crs(self, source: osr.SpatialReference) -> None:
        target = osr.SpatialReference()
        target.ImportFromEPSG(self.profile.extent_srid)
        for srs in (source, target):
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self._extent_transform = osr.CoordinateTransformation(source, target)

    def check(self, feature: MappedFeature, report: Report) -> None:
        component_id = feature.properties.get("component_id")
        ident = component_id if isinstance(component_id, str) else None
        self._check_schema(feature, report, ident)
        self._check_identifier(feature, report, ident)
        self._check_geometry(feature, report, ident)
        self._check_duplicate(feature, report, ident)

    def _check_schema(self, feature: MappedFeature, report: Report, ident: str | None) -> None:
        # jsonschema reports each missing property with the whole "required" list; the
        # list is walked here once instead, so every finding names its one field.
        for name in self._required:
            if name not in feature.properties:
                report.add("schema.required", feature.number, component_id=ident, **self._about(name))
        for error in self._schema_validator.iter_errors(feature.properties):
            keyword = error.validator
            if keyword == "required":
                continue
            name = error.absolute_path[0] if error.absolute_path else None
            spec = self.family.field(name) if name in self.family.field_names else None
            rule, detail = self._classify(keyword, error, spec)
            report.add(rule, feature.number, component_id=ident, value=error.instance, detail=detail, **self._about(name))

    def _classify(self, keyword: str, error: Any, spec: Field | None) -> tuple[str, Any]:
        if keyword == "enum":
            if spec is not None and spec.name in self._codelist_text:
                return "schema.codelist", self._codelist_text[spec.name]
            return "schema.codelist", ", ".join(map(str, error.validator_value))
        if keyword == "pattern":
            if spec is not None and spec.name == "component_id":
                return "identifier.structure", None
            return "schema.pattern", _pattern_text(spec.schema if spec else {}, error.validator_value)
        if keyword in _RANGE_KEYWORDS:
            return "schema.range", _range_text(spec.schema if spec else {})
        if keyword in _LENGTH_KEYWORDS:
            return "schema.length", _length_text(spec.schema if spec else {})
        if keyword == "format":
            return "schema.date_format", None
        if keyword == "type":
            zh, en = _TYPE_NAMES.get(error.validator_value, (error.validator_value,) * 2)
            return "schema.type", f"{zh} / {en}"
        return "schema.type", error.message

    def _check_identifier(self, feature: MappedFeature, report: Report, ident: str | None) -> None:
        if ident is None or not re.fullmatch(r"[0-9]{17}", ident):
            return
        admin, class_code = ident[:6], ident[6:11]
        if admin not in self.profile.admin_codes:
            report.add(
                "identifier.admin_code",
                feature.number,
                component_id=ident,
                value=ident,
                detail=admin,
                **self._about("component_id"),
            )
        if self.family.class_codes and class_code not in self.family.class_codes:
            report.add(
                "identifier.class_code",
                feature.number,
                component_id=ident,
                value=ident,
                detail=self._class_text(class_code),
                **self._about("component_id"),
            )

    def _class_text(self, class_code: str) -> dict[str, str] | str:
        classes = self.standard.codelists.get("component_class")
        if classes is None or class_code not in classes.labels:
            return class_code
        return {
            "zh": f"{class_code}（{classes.label(class_code, 'zh')}）",
            "en": f"{class_code} ({classes.label(class_code, 'en')})",
        }

    def _check_geometry(self, feature: MappedFeature, report: Report, ident: str | None) -> None:
        geometry = feature.geometry
        if geometry is None or geometry.IsEmpty():
            report.add("geometry.empty", feature.number, component_id=ident)
            return
        kind = ogr.GeometryTypeToName(ogr.GT_Flatten(geometry.GetGeometryType())).replace(" ", "")
        allowed = self.family.geometry_types
        if allowed and kind.casefold() not in {t.casefold() for t in allowed}:
            report.add("geometry.wrong_type", feature.number, component_id=ident, value=kind, detail=" / ".join(allowed))
            return
        if not geometry.IsValid():
            report.add("geometry.invalid", feature.number, component_id=ident, detail="GEOS IsValid = false")
            return
        self._check_extent(geometry, feature, report, ident)

    def _check_extent(self, geometry: ogr.Geometry, feature: MappedFeature, report: Report, ident: str | None) -> None:
        if self._extent_transform is None:
            return
        point = geometry.Centroid()
        try:
            lon, lat, *_ = self._extent_transform.TransformPoint(point.GetX(), point.GetY())
        except RuntimeError:
            lon = lat = float("nan")
        min_x, min_y, max_x, max_y = self.profile.extent_bbox
        if not (min_x <= lon <= max_x and min_y <= lat <= max_y):
            report.add(
                "geometry.outside_extent", feature.number, component_id=ident, value=f"({point.GetX():.3f}, {point.GetY():.3f})"
            )

    def _check_duplicate(self, feature: MappedFeature, report: Report, ident: str | None) -> None:
        if ident is None:
            return
        first = self._seen_ids.setdefault(ident, feature.number)
        if first != feature.number:
            report.add(
                "record.duplicate_id",
                feature.number,
                component_id=ident,
                value=ident,
                detail=first,
                **self._about("component_id"),
            )


def _codelist_text(codelist: Any) -> dict[str, str]:
    """The allowed values as a contractor reads them: code and label."""
    return {
        lang: ", ".join(
            f"{code}（{codelist.label(code, lang)}）" if lang == "zh" else f"{code} ({codelist.label(code, lang)})"
            for code in codelist.codes
        )
        for lang in ("zh", "en")
    }


def _pattern_text(schema: dict[str, Any], pattern: str) -> dict[str, str] | str:
    """The field's own description of its form, when the standard gives one; else the pattern."""
    if "description" in schema and "x-description-en" in schema:
        return {"zh": schema["description"].rstrip("。"), "en": schema["x-description-en"].rstrip(".")}
    return pattern


def _range_text(schema: dict[str, Any]) -> str:
    low = (
        f"> {schema['exclusiveMinimum']}"
        if "exclusiveMinimum" in schema
        else (f">= {schema['minimum']}" if "minimum" in schema else "")
    )
    high = (
        f"< {schema['exclusiveMaximum']}"
        if "exclusiveMaximum" in schema
        else (f"<= {schema['maximum']}" if "maximum" in schema else "")
    )
    unit = f" {schema['x-unit']}" if "x-unit" in schema else ""
    return ", ".join(part for part in (low, high) if part) + unit


def _length_text(schema: dict[str, Any]) -> str:
    low, high = schema.get("minLength"), schema.get("maxLength")
    return ", ".join(part for part in (f">= {low}" if low else "", f"<= {high}" if high else "") if part)


def detect_family(standard: Standard, delivery: Delivery) -> Family:
    """Guess the family from the layer name, or from the class code of the first identifier."""
    layer = (delivery.layer_name or "").casefold()
    for family in standard.families.values():
        if family.name in layer or family.title_zh in layer:
            return family
    for source in delivery.features():
        for name, value in source.attributes.items():
            text = str(value)
            if name.casefold() in ("component_id", "glbjbsm", "objid") and len(text) == 17:
                for family in standard.families.values():
                    if text[6:11] in family.class_codes:
                        return family
        break
    raise InputError(
        "无法判断数据属于哪类部件，请用 --class 指定（例如 --class streetlight）。",
        "Cannot tell which asset family the data holds; name it with --class (for example --class streetlight).",
    )


def mapped_features(delivery: Delivery, mapper: FieldMapper) -> Iterator[MappedFeature]:
    for source in delivery.features():
        yield _mapped(source, mapper)


def _mapped(source: SourceFeature, mapper: FieldMapper) -> MappedFeature:
    return MappedFeature(source.number, mapper.map(source.attributes), source.geometry)


def validate_delivery(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None = None,
    layer: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Validate one layer of a delivery; return the report (never raises for bad data).

    Raises ``InputError`` only when the file cannot be read at all.
    """
    with Delivery(path, layer) as delivery:
        family = standard.family(family_name) if family_name else detect_family(standard, delivery)
        report = Report(
            source=str(path),
            layer=delivery.layer_name,
            family=family.name,
            profile=profile.id,
            standard_version=standard.version,
            crs=delivery.crs_label,
        )
        validator = Validator(standard, profile, family)
        _check_file(delivery, validator, report)
        mapper = FieldMapper(family, standard, delivery.field_names)
        validator.use_columns(mapper)
        for column in mapper.unknown:
            report.add("schema.unknown_field", None, column=column)
        total = delivery.feature_count()
        with gdal_exceptions():
            for feature in mapped_features(delivery, mapper):
                validator.check(feature, report)
                report.feature_count += 1
                if progress is not None and report.feature_count % 1000 == 0:
                    progress(report.feature_count, total)
        if report.feature_count == 0:
            report.add("file.empty", None)
        if progress is not None:
            progress(report.feature_count, total)
        return report


def _check_file(delivery: Delivery, validator: Validator, report: Report) -> None:
    srs = delivery.spatial_ref
    if srs is None:
        report.add("file.no_crs", None)
        return
    code = delivery.epsg
    if code not in validator.profile.accepted_srids:
        accepted = ", ".join(validator.profile.body["accepted_crs"])
        report.add("file.crs_not_accepted", None, value=delivery.crs_label, detail=accepted)
        return
    validator.use_source_crs(srs)
