"""From a delivery's columns and values to the standard's fields.

Two layers:

* what the standard knows by itself: a column named like a field or one of its
  ``x-aliases`` maps to it; a code-list value given as its code or either label
  maps to the code; numbers written as text are parsed; placeholders such as
  "N/A" count as missing;
* a mapping profile (``--mapping FILE``, see standards/mapping.schema.json) for
  what only the delivery's author knows: column renames, value maps, unit
  conversions ("30 ft" to metres), constants, identifier templates, columns to
  ignore, and x/y or WKT columns of a CSV.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .delivery_words import WORDS
from .errors import InputError
from .messages import listing
from .standard import Codelist, Family, Field, Profile, Standard, first_schema_error

# the words contractors write for "no value", yes, no and units, in Chinese or English (delivery_words.toml)
PLACEHOLDERS = frozenset(WORDS["values"]["placeholders"])
_TRUE = frozenset(WORDS["values"]["true"])
_FALSE = frozenset(WORDS["values"]["false"])
# square metres per unit of area; only a field measured in m² takes these, and only these
AREA_UNITS: dict[str, float] = dict(WORDS["units"]["area"])
# the standard's unit (m, m², W) per delivered unit; a value may carry its own unit ("30 ft"),
# else the profile's "from" unit applies
UNITS: dict[str, float] = {**WORDS["units"]["other"], **WORDS["units"]["diameter"], **AREA_UNITS}
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"  # 12, 12.5, 12. and .5
_NUMBER_WITH_UNIT = re.compile(rf"^\s*({_NUMBER})\s*([A-Za-z_\u4e00-\u9fff]+)?\s*$")
# feet and inches together: 5'6", 5' 6, 5 ft 6 in
_FEET_INCHES = re.compile(rf"^\s*({_NUMBER})\s*(?:'|ft|feet)\s*({_NUMBER})\s*(?:\"|''|in|inch|inches)?\s*$", re.IGNORECASE)
EPOCH_SECONDS, EPOCH_MILLISECONDS = "epoch_s", "epoch_ms"  # a "dates" entry for seconds or milliseconds since 1970


@dataclass
class MappingProfile:
    """What a delivery's author knows that the standard cannot: see standards/mapping.schema.json."""

    family: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    geometry: dict[str, Any] = field(default_factory=dict)
    profile_name: str | None = None  # the city profile the mapping is for
    source: str | None = None

    @classmethod
    def load(cls, path: str | Path) -> MappingProfile:
        path = Path(path)
        try:
            body = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise InputError("mapping.unreadable", path=path, reason=exc) from None
        _check_mapping(body, path)
        _refuse_unfilled(body, path)
        return cls.from_body(body, path)

    @classmethod
    def from_body(cls, body: dict[str, Any], path: Path | None = None) -> MappingProfile:
        """The profile a checked mapping document describes (``path``: where it was read from, if anywhere)."""
        return cls(
            family=body.get("family"),
            columns=body.get("columns", {}),
            values=body.get("values", {}),
            units={name: spec["from"] for name, spec in body.get("units", {}).items()},
            dates=body.get("dates", {}),
            constants=body.get("constants", {}),
            templates=body.get("templates", {}),
            ignore=body.get("ignore", []),
            geometry=body.get("geometry", {}),
            profile_name=_beside(path, body.get("profile")) if path is not None else body.get("profile"),
            source=str(path) if path is not None else None,
        )


def _beside(path: Path, profile: str | None) -> str | None:
    """A profile named by a relative .json path is found beside the mapping file."""
    if profile and profile.endswith(".json") and not Path(profile).is_absolute():
        return str(path.parent / profile)
    return profile


def _check_mapping(body: Any, path: Path) -> None:
    from jsonschema import Draft202012Validator

    from ..paths import standards_dir

    schema = json.loads((standards_dir() / "mapping.schema.json").read_text(encoding="utf-8"))
    error = first_schema_error(Draft202012Validator(schema), body)
    if error:
        where, message = error
        raise InputError("mapping.malformed", path=path, where=where, reason=message)


def _blanks(body: Any, where: str = "") -> list[str]:
    """Where the mapping still holds an empty text that ``mapping suggest`` left for a person to fill."""
    if isinstance(body, dict):
        return [blank for key, value in body.items() for blank in _blanks(value, f"{where}.{key}" if where else str(key))]
    if isinstance(body, list):
        return [blank for index, value in enumerate(body) for blank in _blanks(value, f"{where}[{index}]")]
    return [where] if isinstance(body, str) and not body.strip() else []


def _refuse_unfilled(body: Any, path: Path) -> None:
    """A draft of ``mapping suggest`` used unedited would map values to nothing and fill fields with nothing."""
    blanks = [blank for key in ("values", "constants", "templates", "geometry") for blank in _blanks(body.get(key), key)]
    if blanks:
        raise InputError("mapping.unfilled", path=path, blanks=listing(blanks), count=len(blanks))


@dataclass
class Placeholder:
    field: str
    column: str
    value: str


@dataclass
class Malformed:
    """A delivered value a template of the mapping could not be filled with (``{COL:06d}`` over "10301A")."""

    field: str  # the field the template fills
    column: str  # the column whose value did not fit
    value: Any
    template: str


@dataclass
class Mapped:
    properties: dict[str, Any]
    placeholders: list[Placeholder]
    legacy_id: str | None = None  # the 16-digit identifier as delivered, when it was converted
    malformed: list[Malformed] = field(default_factory=list)


def legacy_to_current(identifier: str) -> str:
    """GB/T 30428.2's 16 digits (6 admin + 2 big + 2 small + 6 serial) to GB/T 47678.5's 17:
    the 2-digit small class becomes 3 digits with a leading zero (440402 01 37 … -> 440402 01 037 …)."""
    return f"{identifier[:8]}0{identifier[8:]}"


class FieldMapper:
    """Maps a delivery's columns onto one family's fields."""

    def __init__(
        self,
        family: Family,
        standard: Standard,
        source_fields: list[str],
        profile: MappingProfile | None = None,
        position_columns: list[str] | None = None,
        city: Profile | None = None,
    ):
        """city: the city profile whose declared placeholder values (0, -1, 9999 …) count as missing."""
        self.family = family
        self.city_placeholders = city_placeholders(city, family) if city is not None else {}
        self.profile = profile or MappingProfile()
        self.columns: dict[str, Field] = {}
        self.unknown: list[str] = []
        self.unknown_targets = sorted(
            {t for t in self.profile.columns.values() if t is not None and t not in family.field_names}
            | {t for t in (*self.profile.constants, *self.profile.templates) if t not in family.field_names}
        )
        self.missing_columns = self._missing_columns(source_fields)
        self._place_columns(source_fields, position_columns or [])
        self._refuse_mismatched_units()
        self._codes = {spec.name: code_lookup(standard.codelists[spec.codelist]) for spec in family.fields if spec.codelist}
        # a value map's keys without case or edge spaces, for a value no key matches exactly
        self._folded_values = {
            name: {str(key).strip().casefold(): value for key, value in reversed(list(values.items()))}
            for name, values in self.profile.values.items()
        }
        self._timezone = _timezone(city)
        self._templates = {name: _template_fields(text) for name, text in self.profile.templates.items()}
        # the columns whose texts _convert gives back as they are (a text field without a code list, a value
        # map, a unit, a date format or declared placeholders): most of a case's columns, taken directly
        converted = {*self.profile.values, *self.profile.units, *self.profile.dates, *self.city_placeholders, *self._codes}
        self._plain_texts = frozenset(
            column for column, spec in self.columns.items() if spec.json_type == "string" and spec.name not in converted
        )

    def _place_columns(self, source_fields: list[str], position_columns: list[str]) -> None:
        lookup: dict[str, Field] = {}
        for spec in self.family.fields:
            for name in (spec.name, *spec.aliases):
                lookup.setdefault(name.casefold(), spec)
        renames = {column.casefold(): target for column, target in self.profile.columns.items()}
        ignored = {column.casefold() for column in self.profile.ignore}
        ignored |= {str(self.profile.geometry.get(key, "")).casefold() for key in ("x", "y", "wkt", "check_x", "check_y")}
        ignored |= {name.casefold() for template in self.profile.templates.values() for name in _template_fields(template)}
        ignored |= {column.casefold() for column in position_columns}
        for column in source_fields:
            folded = column.casefold()
            if folded in renames:
                target = renames[folded]
                spec = self.family.field(target) if target in self.family.field_names else None
            else:
                spec = lookup.get(folded)
            if spec is not None and spec not in self.columns.values():
                self.columns[column] = spec
            elif folded not in ignored and not (folded in renames and renames[folded] is None):
                self.unknown.append(column)

    def _missing_columns(self, source_fields: list[str]) -> list[str]:
        """The columns the mapping takes values from that the file lacks (refuse_missing_columns).

        A column only ignored, or dropped with a rename to null, may be absent: nothing is lost."""
        named = [column for column, target in self.profile.columns.items() if target is not None]
        named += [name for template in self.profile.templates.values() for name in _template_fields(template)]
        named += [self.profile.geometry[key] for key in ("check_x", "check_y") if self.profile.geometry.get(key)]
        present = {column.casefold() for column in source_fields}
        self._source_fields = source_fields
        return [name for name in dict.fromkeys(named) if name != FEATURE_NUMBER and name.casefold() not in present]

    def refuse_missing_columns(self) -> None:
        """A column the mapping takes values from must be in the file: else every feature would lack the
        field it fills, thousands of findings where one refusal names the mistake."""
        if self.missing_columns:
            raise InputError(
                "mapping.missing_columns", missing=listing(self.missing_columns), present=listing(self._source_fields)
            )

    def _refuse_mismatched_units(self) -> None:
        """Square feet into a length, or feet into an area, would give plausible numbers that are wrong."""
        for name, unit in self.profile.units.items():
            if name not in self.family.field_names:
                continue
            spec = self.family.field(name)
            if (spec.unit == "m²") != (unit.casefold() in AREA_UNITS):
                raise InputError("mapping.unit_mismatch", field=name, field_unit=spec.unit, unit=unit)

    def column_of(self, name: str) -> str | None:
        for column, spec in self.columns.items():
            if spec.name == name:
                return column
        return None

    def map(self, attributes: dict[str, Any], number: int = 0) -> Mapped:
        properties: dict[str, Any] = {}
        placeholders: list[Placeholder] = []
        for column, value in attributes.items():
            spec = self.columns.get(column)
            if spec is None:
                continue
            if spec.name in self.city_placeholders and _is_declared(value, self.city_placeholders[spec.name]):
                placeholders.append(Placeholder(spec.name, column, value))
                continue
            if isinstance(value, str):
                value = value.strip()
                if value.casefold() in PLACEHOLDERS and not self._is_value_of(spec, value):
                    placeholders.append(Placeholder(spec.name, column, value))
                    continue
                if not value:
                    continue
                if column in self._plain_texts:
                    properties[spec.name] = value
                    continue
            value = self._convert(value, spec)
            if value is not None:
                properties[spec.name] = value
        for name, value in self.profile.constants.items():
            properties.setdefault(name, value)
        malformed: list[Malformed] = []
        for name, template in self.profile.templates.items():
            filled = _fill(template, self._templates[name], attributes, number)
            if isinstance(filled, tuple):
                if name not in properties:
                    malformed.append(Malformed(name, filled[0], filled[1], template))
            elif filled is not None:
                properties.setdefault(name, filled)
        legacy = properties.get("component_id")
        if isinstance(legacy, str) and len(legacy) == 16 and legacy.isdigit():
            properties["component_id"] = legacy_to_current(legacy)
            return Mapped(properties, placeholders, legacy, malformed)
        return Mapped(properties, placeholders, None, malformed)

    def _is_value_of(self, spec: Field, value: str) -> bool:
        """A placeholder word the field itself knows is data: 否 of a yes/no field, the code "none" of a code list."""
        if spec.json_type == "boolean":
            return value.casefold() in _FALSE | _TRUE
        codes = self._codes.get(spec.name)
        return codes is not None and value.casefold() in codes

    def _convert(self, value: Any, spec: Field) -> Any:
        if isinstance(value, dt.datetime):
            value = value.date().isoformat() if spec.format == "date" else value.isoformat()
        value_map = self.profile.values.get(spec.name)
        if value_map is not None:
            if str(value) in value_map:
                return value_map[str(value)]
            folded = str(value).strip().casefold()
            if folded in self._folded_values[spec.name]:
                return self._folded_values[spec.name][folded]
        if spec.name in self.profile.units:
            return _to_unit(value, self.profile.units[spec.name], spec.unit)
        if spec.name in self.profile.dates:
            return _to_date(value, self.profile.dates[spec.name], spec, self._timezone)
        return coerce(value, spec, self._codes.get(spec.name))


def coerce(value: Any, spec: Field, codes: dict[str, str] | None = None) -> Any:
    """Bring a delivered value to the field's JSON type where that loses nothing; else leave it for the checks."""
    if spec.list_separator and isinstance(value, list | tuple):
        # a list field as a GeoJSON array (OGR's string list): the text a CSV or a spreadsheet carries
        return spec.list_separator.join("" if item is None else str(item).strip() for item in value)
    if codes is not None and isinstance(value, str):
        return codes.get(value.casefold(), value)
    if spec.json_type in ("number", "integer") and isinstance(value, str):
        return parse_number(value, spec.json_type)
    if spec.json_type == "boolean":
        return parse_boolean(value)
    if spec.json_type == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if spec.json_type == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def city_placeholders(city: Profile, family: Family) -> dict[str, tuple[frozenset[float], frozenset[str]]]:
    """The placeholder values a city declares for the fields of ``family``: the numbers, the texts (case-folded)."""
    found = {}
    for name, values in city.placeholder_values.items():
        if name in family.field_names:
            numbers = frozenset(float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool))
            texts = frozenset(str(v).strip().casefold() for v in values if isinstance(v, str))
            found[name] = (numbers, texts)
    return found


def _is_declared(value: Any, declared: tuple[frozenset[float], frozenset[str]]) -> bool:
    """Whether a delivered value is one of a field's declared placeholders: 0 and "0.0" alike, "未知" in any case."""
    numbers, texts = declared
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return float(value) in numbers
    text = str(value).strip()
    if text.casefold() in texts:
        return True
    try:
        return float(text) in numbers
    except ValueError:
        return False


def code_lookup(codelist: Codelist) -> dict[str, str]:
    """A delivered value may be the code or either label; all map to the code."""
    lookup: dict[str, str] = {}
    for code in codelist.codes:
        labels = codelist.labels.get(code, {})
        for text in (code, labels.get("zh"), labels.get("en")):
            if text:
                lookup.setdefault(text.casefold(), code)
    return lookup


def parse_boolean(value: Any) -> Any:
    """Deliveries write yes/no as 是/否, Y/N, 1/0 or true/false; anything else stays for the type check."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return value


def parse_number(text: str, json_type: str) -> Any:
    try:
        number = float(text.replace(",", "")) if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", text) else float(text)
    except ValueError:
        return text
    if json_type == "integer" and number.is_integer():
        return int(number)
    return number


def _to_unit(value: Any, default_unit: str, field_unit: str | None) -> Any:
    """A measure in the field's own unit: 30, "30" or "30 ft" with default unit ft -> 9.144 (m), "5'6\"" -> 1.676,
    12 diameter_in -> 95.76 (a girth in cm); text that is no measure stays for the type check."""
    per_field_unit = 1.0 / UNITS.get((field_unit or "m").casefold().replace("²", "2"), 1.0)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * UNITS[default_unit.casefold()] * per_field_unit, 3)
    text = str(value)
    both = _FEET_INCHES.match(text)
    if both:
        metres = float(both.group(1)) * UNITS["ft"] + float(both.group(2)) * UNITS["in"]
        return round(metres * per_field_unit, 3)
    match = _NUMBER_WITH_UNIT.match(text)
    if not match:
        return value
    unit = (match.group(2) or default_unit).casefold()
    if unit not in UNITS:
        return value
    return round(float(match.group(1)) * UNITS[unit] * per_field_unit, 3)


def _to_date(value: Any, pattern: str, spec: Field, timezone: dt.tzinfo) -> Any:
    """A date written as the delivery writes it (a strftime pattern, or epoch seconds or milliseconds) as the
    field takes it: YYYY-MM-DD, an ISO instant with the city's offset, or the year; else left for the checks."""
    if pattern in (EPOCH_SECONDS, EPOCH_MILLISECONDS):
        try:
            seconds = float(value) / (1000.0 if pattern == EPOCH_MILLISECONDS else 1.0)
            moment = dt.datetime.fromtimestamp(seconds, dt.UTC).astimezone(timezone)
        except (TypeError, ValueError, OverflowError, OSError):
            return value
    else:
        try:
            moment = dt.datetime.strptime(str(value).strip(), pattern)
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone)  # a local time as the city keeps it
    if spec.json_type == "integer":
        return moment.year
    if spec.format == "date-time":
        return moment.isoformat(timespec="seconds")
    return moment.date().isoformat()


def _timezone(city: Profile | None) -> dt.tzinfo:
    """The city's time zone (dates of instants are the city's), UTC without a city."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = city.body.get("timezone") if city is not None else None
    try:
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


class _TemplateFormatter(string.Formatter):
    """str.format plus one spec of its own: ``{SFN:last6}`` keeps the last six characters."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("last") and format_spec[4:].isdigit():
            return str(value)[-int(format_spec[4:]) :]
        if format_spec[-1:] in ("d", "x", "o", "b") and isinstance(value, str):
            value = int(value.strip())  # "{OBJECTID:06d}" over a column read as text
        return super().format_field(value, format_spec)


_FORMATTER = _TemplateFormatter()
FEATURE_NUMBER = "_n"  # in a template, the feature's 1-based number in the layer


def _template_fields(template: str) -> list[str]:
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


def _fill(template: str, names: list[str], attributes: dict[str, Any], number: int) -> str | tuple[str, Any] | None:
    """Fill a template such as "90010101037{OBJECTID:06d}" from the source columns; None if one is missing,
    (column, value) when a value does not fit its place (``{OBJECTID:06d}`` over "10301A")."""
    values: dict[str, Any] = {FEATURE_NUMBER: number}
    for name in names:
        if name == FEATURE_NUMBER:
            continue
        value = attributes.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        values[name] = value
    try:
        return _FORMATTER.format(template, **values)
    except (ValueError, KeyError, IndexError, TypeError):
        return _misfit(template, values)


def _misfit(template: str, values: dict[str, Any]) -> tuple[str, Any]:
    """The column (and its value) whose place in the template it does not fit; the first one when no single one."""
    first = None
    for _, name, spec, _ in _FORMATTER.parse(template):
        if not name or name == FEATURE_NUMBER:
            continue
        first = first or name
        try:
            _FORMATTER.format_field(values.get(name), spec or "")
        except (ValueError, TypeError):
            return name, values.get(name)
    return (first or "", values.get(first)) if first else ("", None)
