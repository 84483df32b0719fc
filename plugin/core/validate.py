"""Validating a delivery against the standard and a city profile.

The same function serves the CLI (``assetreg validate``), the Processing
algorithm ``asset_registry:validate_submission`` and the importer.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from osgeo import ogr, osr

from .crossfield import CrossFieldChecks
from .errors import InputError
from .geometry_checks import GeometryChecks
from .given import given
from .mapping import FieldMapper, MappingProfile, Placeholder
from .messages import LANGS, msg, text
from .reader import Delivery, GeometrySource, gdal_exceptions
from .report import Report
from .standard import Family, Field, Profile, Standard

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_RANGE_KEYWORDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
_LENGTH_KEYWORDS = {"minLength", "maxLength"}
# what a schema.type finding says a value should have been
_TYPE_NAMES = {
    "string": msg("validate.type_name.string"),
    "number": msg("validate.type_name.number"),
    "integer": msg("validate.type_name.integer"),
    "boolean": msg("validate.type_name.boolean"),
}
# the Chinese full stop that ends the standard's description of a field, dropped where a finding quotes it
_CHINESE_FULL_STOP = re.compile(r"\u3002+$")
# how a value of each string format is written, shown in a schema.date_format finding
_FORMAT_FORMS = {"date": "YYYY-MM-DD", "date-time": "YYYY-MM-DDThh:mm:ss±hh:mm"}

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
    attributes: dict[str, Any] = field(default_factory=dict)  # as delivered
    placeholders: list[Placeholder] = field(default_factory=list)
    legacy_id: str | None = None


class Validator:
    """Checks features of one family (or deliverable record) against the standard and one profile."""

    def __init__(self, standard: Standard, profile: Profile, family: Family, today: dt.date | None = None):
        self.standard = standard
        self.profile = profile
        self.family = family
        self._schema_validator = Draft202012Validator(family.schema, format_checker=_format_checker())
        self._seen_ids: dict[str, int] = {}
        self._required = tuple(family.schema.get("required", ()))
        self._columns: dict[str, str] = {}
        self._codelist_text = {
            spec.name: _codelist_text(standard.codelists[spec.codelist]) for spec in family.fields if spec.codelist
        }
        tolerances = standard.manifest.get("accuracy_classes", {}).get("tolerance_m", {})
        self.geometry = GeometryChecks(profile, family, tolerances.get(family.accuracy_class))
        self.crossfield = CrossFieldChecks(profile, family, today)
        self._check_columns: tuple[str, str] | None = None

    @property
    def identifiers(self) -> dict[str, int]:
        """Every identifier (``family.identifier``) seen so far, with the number of the first feature that carried it."""
        return self._seen_ids

    def use_mapper(self, mapper: FieldMapper) -> None:
        """Name each field in findings by the column the delivery used for it."""
        self._columns = {spec.name: column for column, spec in mapper.columns.items()}
        geometry = mapper.profile.geometry
        if geometry.get("check_x") and geometry.get("check_y"):
            self._check_columns = (geometry["check_x"], geometry["check_y"])

    def use_source_crs(self, source: osr.SpatialReference) -> None:
        self.geometry.use_source_crs(source)

    def _about(self, name: str | None) -> dict[str, Any]:
        """The finding entries that name a field: its title and the delivery's column."""
        if name is None or name not in self.family.field_names:
            return {"field": name}
        spec = self.family.field(name)
        return {"field": name, "column": self._columns.get(name), "label": {"zh": spec.title_zh, "en": spec.title_en}}

    def check(self, feature: MappedFeature, report: Report) -> None:
        properties = feature.properties
        self._legacy_identifier(feature, report)
        component_id = properties.get("component_id")
        ident = component_id if isinstance(component_id, str) else None

        def add(rule: str, field: str | None = None, **details: Any) -> None:
            report.add(rule, feature.number, component_id=ident, **self._about(field), **details)

        for placeholder in feature.placeholders:
            add("schema.placeholder", placeholder.field, value=placeholder.value)
        self._check_schema(feature, add)
        self._check_identifier(ident, add)
        if self._needs_geometry(feature):
            self.geometry.check(feature.geometry, feature.number, add)
        if self._check_columns is not None:
            x_column, y_column = self._check_columns
            self.geometry.attribute_mismatch(
                feature.geometry, feature.attributes.get(x_column), feature.attributes.get(y_column), add
            )
        self.crossfield.check(properties, add)
        self._check_duplicate(feature, add)

    def _needs_geometry(self, feature: MappedFeature) -> bool:
        """A family's feature always; a record only when it has one or lacks the field that locates it instead."""
        has_geometry = feature.geometry is not None and not feature.geometry.IsEmpty()
        instead = self.family.geometry_required_unless
        return has_geometry or instead is None or feature.properties.get(instead) is None

    def _legacy_identifier(self, feature: MappedFeature, report: Report) -> None:
        if feature.legacy_id is not None:
            current = feature.properties["component_id"]
            report.add(
                "identifier.legacy",
                feature.number,
                component_id=current,
                value=feature.legacy_id,
                detail=current,
                **self._about("component_id"),
            )

    def _check_schema(self, feature: MappedFeature, add: Any) -> None:
        # jsonschema reports each missing property with the whole "required" list; the
        # list is walked here once instead, so every finding names its one field.
        missing = [name for name in self._required if name not in feature.properties]
        for name in missing:
            add("schema.required", name)
        for error in self._schema_validator.iter_errors(feature.properties):
            keyword = error.validator
            if keyword == "required":
                # a condition's "then: required" (lit for a lighting patrol, …): name the fields it misses
                for name in error.validator_value:
                    if name not in feature.properties and name not in missing:
                        missing.append(name)
                        add("schema.required", name)
                continue
            name = error.absolute_path[0] if error.absolute_path else None
            spec = self.family.field(name) if name in self.family.field_names else None
            rule, detail = self._classify(keyword, error, spec)
            add(rule, name, value=error.instance, detail=detail)

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
            return "schema.date_format", _FORMAT_FORMS.get(error.validator_value, error.validator_value)
        if keyword == "type":
            name = _TYPE_NAMES.get(error.validator_value)
            return "schema.type", name.both() if name is not None else {lang: error.validator_value for lang in LANGS}
        return "schema.type", error.message

    def _check_identifier(self, ident: str | None, add: Any) -> None:
        if ident is None or not re.fullmatch(r"[0-9]{17}", ident):
            return
        admin, class_code = ident[:6], ident[6:11]
        if admin not in self.profile.admin_codes:
            add("identifier.admin_code", "component_id", value=ident, detail=admin)
        if self.family.class_codes and class_code not in self.family.class_codes:
            add("identifier.class_code", "component_id", value=ident, detail=self._class_text(class_code))

    def _class_text(self, class_code: str) -> dict[str, str] | str:
        classes = self.standard.codelists.get("component_class")
        if classes is None or class_code not in classes.labels:
            return class_code
        return {
            lang: text("validate.code_with_label", lang, code=class_code, label=classes.label(class_code, lang)) for lang in LANGS
        }

    def _check_duplicate(self, feature: MappedFeature, add: Any) -> None:
        """Two features with one identifier: a family's component_id, a record's own id (inspection_id)."""
        key = self.family.identifier
        ident = feature.properties.get(key)
        if not isinstance(ident, str):
            return
        first = self._seen_ids.setdefault(ident, feature.number)
        if first != feature.number:
            add("record.duplicate_id", key, value=ident, detail=first)


def _codelist_text(codelist: Any) -> dict[str, str]:
    """The allowed values as a contractor reads them: code and label."""
    return {
        lang: ", ".join(
            text("validate.code_with_label", lang, code=code, label=codelist.label(code, lang)) for code in codelist.codes
        )
        for lang in LANGS
    }


def _pattern_text(schema: dict[str, Any], pattern: str) -> dict[str, str] | str:
    """The field's own description of its form, when the standard gives one; else the pattern."""
    if "description" in schema and "x-description-en" in schema:
        return {"zh": _CHINESE_FULL_STOP.sub("", schema["description"]), "en": schema["x-description-en"].rstrip(".")}
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
    raise InputError("validate.family_unknown")


def mapped_features(delivery: Delivery, mapper: FieldMapper) -> Iterator[MappedFeature]:
    for source in delivery.features():
        mapped = mapper.map(source.attributes, source.number)
        yield MappedFeature(
            source.number, mapped.properties, source.geometry, source.attributes, mapped.placeholders, mapped.legacy_id
        )


def validate_delivery(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None = None,
    layer: str | None = None,
    progress: Progress | None = None,
    mapping: MappingProfile | None = None,
    today: dt.date | None = None,
    fast: bool = True,
) -> Report:
    """Validate one layer of a delivery; return the report (never raises for bad data).

    Raises ``InputError`` only when the file cannot be read at all or the call is wrong.
    With ``fast`` (the default), a GeoJSON that fastpath.py reproduces exactly is validated
    there, with the same findings; ``fast=False`` always takes the reference path below.
    """
    if fast:
        from .fastpath import fast_validate

        report = fast_validate(path, standard, profile, family_name, layer, mapping, today, progress)
        if report is not None:
            return report
    mapping = mapping or MappingProfile()
    with Delivery(path, layer, GeometrySource.from_mapping(mapping.geometry)) as delivery:
        chosen = family_name or mapping.family
        family = standard.delivery_class(chosen) if chosen else detect_family(standard, delivery)
        report = Report(
            source=str(path),
            layer=delivery.layer_name,
            family=family.name,
            profile=profile.id,
            standard_version=standard.version,
            crs=delivery.crs_label,
            mapping=mapping.source,
        )
        for note in delivery.notes:
            report.add(note.rule, None, value=note.value, detail=note.detail)
        validator = Validator(standard, profile, family, today)
        _check_file(delivery, validator, report)
        mapper = FieldMapper(family, standard, delivery.field_names, mapping, delivery.geometry_columns)
        _refuse_unknown_targets(mapper, family)
        validator.use_mapper(mapper)
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
        report.identifiers = validator.identifiers
        report.sort()
        return report


def _refuse_unknown_targets(mapper: FieldMapper, family: Family) -> None:
    if mapper.unknown_targets:
        family_title = given(family.title_zh, family.title_en.lower())
        raise InputError("validate.mapping_unknown_fields", family=family_title, names=", ".join(mapper.unknown_targets))


def _check_file(delivery: Delivery, validator: Validator, report: Report) -> None:
    srs = delivery.spatial_ref
    if srs is None:
        # a table of records without positions needs no CRS; positions without one cannot be checked
        if delivery.has_positions or validator.family.geometry_required_unless is None:
            report.add("file.no_crs", None)
        return
    code = delivery.epsg
    if code not in validator.profile.accepted_srids:
        accepted = ", ".join(validator.profile.body["accepted_crs"])
        report.add("file.crs_not_accepted", None, value=delivery.crs_label, detail=accepted)
        return
    validator.use_source_crs(srs)
