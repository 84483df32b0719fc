"""The validator: the checks of one family (or deliverable record) against the standard and a city profile.

Either reader hands it the features of a layer as a FeatureBatch, column by column: the reference
path (validate.py) reads them through OGR, the fast path (fastpath.py) from the C scanner's columns
for the features its screen could not clear. Both start a layer's report the same way (start_report).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from osgeo import ogr, osr

from . import references, strict_formats
from .crossfield import CrossFieldChecks
from .errors import InputError
from .geometry_checks import GeometryChecks, members_text
from .mapping import FieldMapper, Malformed, MappingProfile, Placeholder
from .messages import LANGS, msg, text
from .reader import BAD_BYTES_MARK, NUL_MARK, Delivery
from .report import Report
from .schema_screen import SchemaScreen
from .standard import Family, Field, Profile, Standard, epsg_code

# what a long validation reports as it goes: (features done, features in all)
Progress = Callable[[int, int], None]

_DATE, _DATE_TIME = strict_formats.DATE, strict_formats.DATE_TIME
_RANGE_KEYWORDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
_LENGTH_KEYWORDS = {"minLength", "maxLength"}
# what a schema.type finding says a value should have been
TYPE_NAMES = {
    "string": msg("validate.type_name.string"),
    "number": msg("validate.type_name.number"),
    "integer": msg("validate.type_name.integer"),
    "boolean": msg("validate.type_name.boolean"),
}
# the Chinese full stop that ends the standard's description of a field, dropped where a finding quotes it
_CHINESE_FULL_STOP = re.compile(r"\u3002+$")
# how a value of each string format is written, shown in a schema.date_format finding
FORMAT_FORMS = {"date": "YYYY-MM-DD", "date-time": "YYYY-MM-DDThh:mm:ss±hh:mm"}


def format_checker() -> FormatChecker:
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
    return Draft202012Validator(standard.record_schema(name), format_checker=format_checker())


@dataclass
class MappedFeature:
    number: int
    properties: dict[str, Any]
    geometry: ogr.Geometry | None
    attributes: dict[str, Any] = field(default_factory=dict)  # as delivered
    placeholders: list[Placeholder] = field(default_factory=list)
    legacy_id: str | None = None
    malformed: list[Malformed] = field(default_factory=list)  # values a template of the mapping could not take


@dataclass
class FeatureBatch:
    """Features of one layer, column by column, as either reader produces them for the validator.

    numbers: each feature's number (1-based, as a contractor counts); columns: per delivered column,
    its value in each feature (None where unset or null); geometries: each feature's geometry.
    """

    numbers: list[int]
    columns: dict[str, list[Any]]
    geometries: list[ogr.Geometry | None]

    @classmethod
    def of_features(cls, features: list[Any], keys: list[str]) -> FeatureBatch:
        """A batch of reader.SourceFeature (number, attributes, geometry), columns in the layer's order."""
        columns = {key: [feature.attributes.get(key) for feature in features] for key in keys}
        return cls([f.number for f in features], columns, [f.geometry for f in features])

    def __len__(self) -> int:
        return len(self.numbers)

    def features(self) -> Iterator[tuple[int, dict[str, Any], ogr.Geometry | None]]:
        """Each feature's number, attributes (the set ones, in column order) and geometry."""
        columns = list(self.columns.items())
        for j, number in enumerate(self.numbers):
            attributes = {}
            for key, values in columns:
                value = values[j]
                if value is not None:
                    attributes[key] = value
            yield number, attributes, self.geometries[j]


class Validator:
    """Checks features of one family (or deliverable record) against the standard and one profile."""

    def __init__(
        self, standard: Standard, profile: Profile, family: Family, today: dt.date | None = None, cross_record: bool = True
    ):
        """cross_record: whether check() looks across features (duplicate identifiers, same spot); without it the
        geometry checks record where each feature stands (geometry.positions) for the caller to compare at once."""
        self.standard = standard
        self.profile = profile
        self.family = family
        checker = format_checker()
        self._schema_validator = Draft202012Validator(family.schema, format_checker=checker)
        self._schema_screen = SchemaScreen(family.schema, checker)  # the records it clears skip the walk below
        self._seen_ids: dict[str, int] = {}
        self._required = tuple(family.schema.get("required", ()))
        self._profile_required = profile.required_fields(family.name)
        self._references = {spec.name: re.compile(spec.schema.get("pattern", ".*")) for spec in family.fields if spec.references}
        self._circuit_fields = references.circuit_fields(standard, family)
        self._counts_circuits = references.counts_circuits(family)
        self._profile_name = {"zh": profile.name_zh, "en": profile.name_en}
        self._columns: dict[str, str] = {}
        self._codelist_text = {
            spec.name: codelist_text(standard.codelists[spec.codelist]) for spec in family.fields if spec.codelist
        }
        tolerances = standard.manifest.get("accuracy_classes", {}).get("tolerance_m", {})
        self.geometry = GeometryChecks(profile, family, tolerances.get(family.accuracy_class), record_positions=not cross_record)
        self.cross_record = cross_record
        self._mapper: FieldMapper | None = None
        # handed each mapped feature before it is checked (the importer keeps them: the file is read once)
        self.keep: Callable[[MappedFeature], None] | None = None
        self.crossfield = CrossFieldChecks(profile, family, today)
        self._check_columns: tuple[str, str] | None = None
        self.nul_marked = False  # the delivery's reader marked texts that held U+0000 (reader.NUL_MARK)
        self.mixed_encoding = False  # ... or values in another encoding than the file's UTF-8 (reader.BAD_BYTES_MARK)
        self.text_encoding = "UTF-8"  # the file's encoding, which those values are not in

    @property
    def schema_screen(self) -> SchemaScreen:
        return self._schema_screen

    @property
    def required_fields(self) -> tuple[str, ...]:
        """The fields a record cannot be without: the standard's, then the city profile's."""
        return (*self._required, *self._profile_required)

    @property
    def notes_other_records(self) -> bool:
        """Whether check() notes what a record names of others (a cabinet, circuits) for the cross-record rules."""
        return bool(self._references) or self._circuit_fields is not None or self._counts_circuits

    @property
    def identifiers(self) -> dict[str, int]:
        """Every identifier (``family.identifier``) seen so far, with the number of the first feature that carried it."""
        return self._seen_ids

    def use_mapper(self, mapper: FieldMapper) -> None:
        """Map the delivered attributes with this mapper, naming each field in findings by the delivery's column."""
        self._mapper = mapper
        self._columns = {spec.name: column for column, spec in mapper.columns.items()}
        geometry = mapper.profile.geometry
        if geometry.get("check_x") and geometry.get("check_y"):
            self._check_columns = (geometry["check_x"], geometry["check_y"])
            if geometry.get("check_crs"):
                self.geometry.use_check_crs(epsg_code(geometry["check_crs"]))

    def use_source_crs(self, source: osr.SpatialReference) -> None:
        self.geometry.use_source_crs(source)

    def about(self, name: str | None) -> dict[str, Any]:
        """The finding entries that name a field: its title and the delivery's column."""
        if name is None or name not in self.family.field_names:
            return {"field": name}
        spec = self.family.field(name)
        return {"field": name, "column": self._columns.get(name), "label": {"zh": spec.title_zh, "en": spec.title_en}}

    def check_batch(self, batch: FeatureBatch, report: Report) -> None:
        """Map and check every feature of the batch (use_mapper first)."""
        assert self._mapper is not None, "use_mapper before check_batch"
        for number, attributes, geometry in batch.features():
            mapped = self._mapper.map(attributes, number)
            feature = MappedFeature(
                number, mapped.properties, geometry, attributes, mapped.placeholders, mapped.legacy_id, mapped.malformed
            )
            if self.keep is not None:
                self.keep(feature)
            self.check(feature, report)

    def check(self, feature: MappedFeature, report: Report) -> None:
        properties = feature.properties
        self._legacy_identifier(feature, report)
        component_id = properties.get("component_id")
        ident = component_id if isinstance(component_id, str) else None

        def add(rule: str, field: str | None = None, **details: Any) -> None:
            report.add(rule, feature.number, component_id=ident, **self.about(field), **details)

        for placeholder in feature.placeholders:
            add("schema.placeholder", placeholder.field, value=placeholder.value)
        if self.nul_marked:
            self._marked_texts(feature, report, ident, NUL_MARK, "schema.nul_character")
        if self.mixed_encoding:
            self._marked_texts(feature, report, ident, BAD_BYTES_MARK, "schema.mixed_encoding", self.text_encoding)
        for bad in feature.malformed:
            about = self.about(bad.field) | {"column": bad.column}
            report.add(
                "schema.template_value",
                feature.number,
                component_id=ident,
                value=bad.value,
                detail=f"{bad.field} = {bad.template}",
                **about,
            )
        self._check_schema(feature, add)
        self.check_identifier(ident, add)
        if self._needs_geometry(feature):
            self.geometry.check(feature.geometry, feature.number, add, ident)
        if self._check_columns is not None:
            x_column, y_column = self._check_columns
            self.geometry.attribute_mismatch(
                feature.geometry, feature.attributes.get(x_column), feature.attributes.get(y_column), add
            )
        self.crossfield.check(properties, add)
        self._check_duplicate(feature, add)
        self._note_references(feature, report, ident)
        self._note_circuits(feature, report, ident)

    def _note_references(self, feature: MappedFeature, report: Report, ident: str | None) -> None:
        """The assets of other families the feature names (its cabinet), when well formed (else schema.pattern
        spoke), for core/references.py to look for in the delivery and the registry."""
        for name, pattern in self._references.items():
            value = feature.properties.get(name)
            if isinstance(value, str) and pattern.search(value):
                report.references.setdefault(name, {}).setdefault(value, []).append((feature.number, ident))

    def _note_circuits(self, feature: MappedFeature, report: Report, ident: str | None) -> None:
        """A light's circuit and cabinet, a cabinet's number of circuits, for core/references.py to compare."""
        if self._circuit_fields is not None:
            circuit, cabinet = self._circuit_fields
            references.note_circuit(
                report, feature.number, ident, feature.properties.get(cabinet), feature.properties.get(circuit)
            )
        if self._counts_circuits and ident is not None:
            count = references.circuit_count(feature.properties.get(references.CIRCUIT_COUNT))
            if count is not None:
                report.circuit_counts.setdefault(ident, count)

    def finish(self, report: Report) -> None:
        """The findings about several features at once, after the layer's last: same geometries, one per cluster."""
        same = self.geometry.same_geometries
        if same is None:
            return
        for members in same.clusters():
            first = members[0]
            report.add(
                "record.same_geometry",
                first,
                component_id=same.identifiers.get(first),
                field=None,
                value=same.metres,
                detail=members_text(members),
            )

    def _marked_texts(
        self, feature: MappedFeature, report: Report, ident: str | None, mark: str, rule: str, detail: str | None = None
    ) -> None:
        """Every delivered text the reader marked (a U+0000 held, bytes of another encoding), mapped or not:
        it would be cut there, or garbled."""
        columns = self._mapper.columns if self._mapper is not None else {}
        for column, value in feature.attributes.items():
            if isinstance(value, str) and mark in value:
                spec = columns.get(column)
                about = self.about(spec.name) if spec is not None else {"field": None}
                about["column"] = column
                report.add(rule, feature.number, component_id=ident, value=value, detail=detail, **about)

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
                **self.about("component_id"),
            )

    def _check_schema(self, feature: MappedFeature, add: Any) -> None:
        # jsonschema reports each missing property with the whole "required" list; the
        # list is walked here once instead, so every finding names its one field.
        malformed = [bad.field for bad in feature.malformed]  # reported as schema.template_value, not as missing
        missing = [name for name in self._required if name not in feature.properties and name not in malformed]
        for name in missing:
            add("schema.required", name)
        missing += malformed
        for name in self._profile_required:
            if name not in feature.properties and name not in missing:
                missing.append(name)
                add("schema.profile_required", name, detail=self._profile_name)
        if self._schema_screen.clean(feature.properties):
            return
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
            return "schema.pattern", pattern_text(spec.schema if spec else {}, error.validator_value)
        if keyword in _RANGE_KEYWORDS:
            return "schema.range", range_text(spec.schema if spec else {})
        if keyword in _LENGTH_KEYWORDS:
            return "schema.length", length_text(spec.schema if spec else {})
        if keyword == "format":
            return "schema.date_format", FORMAT_FORMS.get(error.validator_value, error.validator_value)
        if keyword == "type":
            name = TYPE_NAMES.get(error.validator_value)
            return "schema.type", name.both() if name is not None else {lang: error.validator_value for lang in LANGS}
        return "schema.type", error.message

    def check_identifier(self, ident: str | None, add: Any) -> None:
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
        if not self.cross_record:
            return
        key = self.family.identifier
        ident = feature.properties.get(key)
        if not isinstance(ident, str):
            return
        first = self._seen_ids.setdefault(ident, feature.number)
        if first != feature.number:
            add("record.duplicate_id", key, value=ident, detail=first)


def codelist_text(codelist: Any) -> dict[str, str]:
    """The allowed values as a contractor reads them: code and label."""
    return {
        lang: ", ".join(
            text("validate.code_with_label", lang, code=code, label=codelist.label(code, lang)) for code in codelist.codes
        )
        for lang in LANGS
    }


def pattern_text(schema: dict[str, Any], pattern: str) -> dict[str, str] | str:
    """The field's own description of its form, when the standard gives one; else the pattern."""
    if "description" in schema and "x-description-en" in schema:
        return {"zh": _CHINESE_FULL_STOP.sub("", schema["description"]), "en": schema["x-description-en"].rstrip(".")}
    return pattern


def range_text(schema: dict[str, Any]) -> str:
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


def length_text(schema: dict[str, Any]) -> str:
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
            shown = str(value)
            if name.casefold() in ("component_id", "glbjbsm", "objid") and len(shown) == 17:
                for family in standard.families.values():
                    if shown[6:11] in family.class_codes:
                        return family
        break
    raise InputError("validate.family_unknown")


def refuse_unknown_targets(mapper: FieldMapper, family: Family) -> None:
    if mapper.unknown_targets:
        family_title = family.named()
        raise InputError("validate.mapping_unknown_fields", family=family_title, names=", ".join(mapper.unknown_targets))


def check_file(delivery: Delivery, validator: Validator, report: Report) -> None:
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


def start_report(
    source: Any,
    delivery: Delivery,
    standard: Standard,
    profile: Profile,
    family: Family,
    mapping: MappingProfile,
    validator: Validator,
) -> tuple[Report, FieldMapper]:
    """A layer's report before its features (the file's notes and checks, the unknown columns); its mapper.

    The validator is set up for the layer: its source CRS and its mapper.
    """
    report = Report(
        source=str(source),
        layer=delivery.layer_name,
        family=family.name,
        profile=profile.id,
        standard_version=standard.version,
        crs=delivery.crs_label,
        mapping=mapping.source,
    )
    for note in delivery.notes:
        report.add(note.rule, None, value=note.value, detail=note.detail)
    check_file(delivery, validator, report)
    validator.nul_marked = delivery.nul_marked
    validator.mixed_encoding = delivery.mixed_encoding
    validator.text_encoding = delivery.text_encoding
    mapper = FieldMapper(family, standard, delivery.field_names, mapping, delivery.geometry_columns, city=profile)
    refuse_unknown_targets(mapper, family)
    mapper.refuse_missing_columns()
    validator.use_mapper(mapper)
    for column in mapper.unknown:
        report.add("schema.unknown_field", None, column=column)
    return report, mapper
