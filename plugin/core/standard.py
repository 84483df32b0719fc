"""Loading the base-data standard (JSON Schema 2020-12) and the city profiles.

The standard is the single source of truth. Everything else (validation rules,
database columns, QGIS aliases and value maps) is derived from the objects
built here, never typed a second time.

A family schema includes the common component schema through ``allOf`` and its
code lists through ``$ref``. ``Standard.compiled_schema`` resolves those
references into one self-contained schema per family, so any 2020-12 validator
(including older ``jsonschema`` releases that ship with QGIS) can use it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..paths import standards_dir
from .errors import InputError
from .messages import Given, given

DEFAULT_VERSION = "1.1"
DEFAULT_PROFILE = "zhuhai"
VERSION_PATTERN = re.compile(r"^[0-9]+\.[0-9]+$")

OUT_OF_SERVICE = "x-out-of-service"
FAMILIES_OF_CODES = "x-families"


def available_versions(root: Path | None = None) -> tuple[str, ...]:
    """The versions of the standard there are (``standards/<major>.<minor>/``), oldest first."""
    root = root or standards_dir()
    found = [p.name for p in root.iterdir() if p.is_dir() and VERSION_PATTERN.match(p.name)]
    return tuple(sorted(found, key=lambda v: tuple(int(part) for part in v.split("."))))


def content_hash(directory: Path) -> str:
    """SHA-256 over every file of a standard version: its path (relative, POSIX), then its bytes, in path order.

    standards/published.json records it for each published version; a test holds a published
    version to it, so not one byte of it changes after publication.
    """
    digest = hashlib.sha256()
    files = sorted((p for p in directory.rglob("*") if p.is_file()), key=lambda p: p.relative_to(directory).as_posix())
    for path in files:
        name = path.relative_to(directory).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@dataclass(frozen=True)
class Codelist:
    name: str
    title_zh: str
    title_en: str
    codes: tuple[str, ...]
    labels: dict[str, dict[str, str]]
    # the codes that take an asset out of service (x-out-of-service; component_status from 1.1 on)
    out_of_service: tuple[str, ...] = ()
    # the families each code is about (x-families; inspection_kind from 1.1 on: what a survey examines)
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, code: str, lang: str = "zh") -> str:
        return self.labels.get(code, {}).get(lang, code)


@dataclass(frozen=True)
class Field:
    """One attribute of an asset family, as the standard defines it."""

    name: str
    title_zh: str
    title_en: str
    schema: dict[str, Any]
    required: bool
    aliases: tuple[str, ...] = ()
    codelist: str | None = None

    @property
    def json_type(self) -> str:
        return self.schema.get("type", "string")

    @property
    def format(self) -> str | None:
        return self.schema.get("format")

    @property
    def unit(self) -> str | None:
        return self.schema.get("x-unit")

    @property
    def kinds(self) -> tuple[str, ...]:
        """The inspection kinds an inspection record's field belongs to (x-kinds, standard 1.1); () for every kind."""
        return tuple(self.schema.get("x-kinds", ()))

    @property
    def list_separator(self) -> str | None:
        """What separates the items of a field that lists several values in one text (x-separator, standard 1.1)."""
        return self.schema.get("x-separator")

    @property
    def format_of_items(self) -> str | None:
        """The format of each item of such a list (x-item-format: date-time), if any."""
        return self.schema.get("x-item-format")

    @property
    def references(self) -> str | None:
        """The family whose identifier this field holds (a light's cabinet_id: lighting_cabinet), if any."""
        return self.schema.get("x-references")

    @property
    def titles(self) -> dict[str, str]:
        """The title in each language, as the standard gives it ({"zh": …, "en": …})."""
        return {"zh": self.title_zh, "en": self.title_en}

    def title(self, lang: str = "zh") -> str:
        return self.titles.get(lang, self.title_en)


@dataclass(frozen=True)
class Family:
    """What one delivery layer holds: an asset family (streetlight, …) or a deliverable record
    (inspection), with its compiled schema and fields."""

    name: str
    title_zh: str
    title_en: str
    schema_id: str
    table: str
    class_codes: tuple[str, ...]
    geometry_types: tuple[str, ...]
    accuracy_class: str | None
    fields: tuple[Field, ...]
    schema: dict[str, Any] = field(repr=False)
    is_record: bool = False
    identifier: str = "component_id"  # the field whose value must be unique in a delivery
    geometry_required_unless: str | None = None  # a record may stand without geometry when this field is given

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def titles(self) -> dict[str, str]:
        """The title in each language, as the standard gives it ({"zh": …, "en": …})."""
        return {"zh": self.title_zh, "en": self.title_en}

    def title(self, lang: str = "zh") -> str:
        return self.titles.get(lang, self.title_en)

    def named(self) -> Given:
        """The family as a sentence names it, a message parameter: 路灯 in Chinese, "streetlight" in English."""
        return given(self.title_zh, self.title_en.lower())


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise InputError("standard.unreadable_file", path=path, reason=exc) from exc


class Standard:
    """One version of the standard, read from ``standards/<version>/``."""

    def __init__(self, version: str = DEFAULT_VERSION, root: Path | None = None):
        self.root = root or standards_dir()
        self.directory = self.root / str(version)
        versions = available_versions(self.root)
        if version not in versions:
            raise InputError("standard.unknown_version", version=version, known=", ".join(versions))
        self.version = version
        self._documents: dict[Path, dict[str, Any]] = {}

    # -- documents ---------------------------------------------------------

    def document(self, relative: str | Path) -> dict[str, Any]:
        path = (self.directory / relative).resolve()
        if path not in self._documents:
            self._documents[path] = _read_json(path)
        return self._documents[path]

    # -- code lists --------------------------------------------------------

    @cached_property
    def codelists(self) -> dict[str, Codelist]:
        result = {}
        for path in sorted((self.directory / "codelists").glob("*.json")):
            doc = self.document(path.relative_to(self.directory))
            result[path.stem] = Codelist(
                name=path.stem,
                title_zh=doc["title"],
                title_en=doc["x-title-en"],
                codes=tuple(doc["enum"]),
                labels=doc["x-labels"],
                out_of_service=tuple(doc.get(OUT_OF_SERVICE, ())),
                families={code: tuple(names) for code, names in doc.get(FAMILIES_OF_CODES, {}).items()},
            )
        return result

    # -- families ----------------------------------------------------------

    @cached_property
    def families(self) -> dict[str, Family]:
        """The asset families, in the order the manifest (standard.json) lists them."""
        return {name: self._build_family(self.document(f"{name}.schema.json")) for name in self.manifest["families"]}

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return self.document("standard.json")

    @cached_property
    def delivery_classes(self) -> dict[str, Family]:
        """What a delivery layer may hold: the families, then the records the manifest lists as deliverable."""
        records = self.manifest.get("deliverable_records", ())
        return {**self.families, **{name: self._build_family(self.document(f"{name}.schema.json")) for name in records}}

    def delivery_class(self, name: str) -> Family:
        """A family or a deliverable record, by name (what ``--class`` chooses)."""
        try:
            return self.delivery_classes[name]
        except KeyError:
            known = ", ".join(self.delivery_classes)
            raise InputError("standard.unknown_class", version=self.version, name=name, known=known) from None

    def record_schema(self, name: str) -> dict[str, Any]:
        """A record schema that is not an asset family (inspection, work_order, delivery), compiled."""
        if name not in self.manifest["records"]:
            raise KeyError(name)
        return self._compile(self.document(f"{name}.schema.json"))

    def family(self, name: str) -> Family:
        try:
            return self.families[name]
        except KeyError:
            known = ", ".join(sorted(self.families))
            raise InputError("standard.unknown_family", version=self.version, name=name, known=known) from None

    def compiled_schema(self, name: str) -> dict[str, Any]:
        return self.family(name).schema

    def _build_family(self, doc: dict[str, Any]) -> Family:
        compiled = self._compile(doc)
        fields = fields_of(compiled)
        geometry = doc.get("x-geometry", {})
        name = doc.get("x-family") or doc["x-record"]
        return Family(
            name=name,
            title_zh=doc["title"],
            title_en=doc["x-title-en"],
            schema_id=doc["$id"],
            table=doc.get("x-table", name),
            class_codes=tuple(doc.get("x-class-codes", ())),
            geometry_types=tuple(geometry.get("types", ())),
            accuracy_class=geometry.get("accuracy_class"),
            fields=fields,
            schema=compiled,
            is_record="x-record" in doc,
            identifier=doc.get("x-identifier", "component_id"),
            geometry_required_unless=geometry.get("required_unless"),
        )

    def _compile(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Flatten ``allOf`` parts and inline ``$ref`` so the schema stands alone."""
        properties: dict[str, Any] = {}
        required: list[str] = []
        conditions = []  # allOf parts that are rules (if/then), not included schemas
        for part in doc.get("allOf", []):
            if "$ref" not in part:
                conditions.append(copy.deepcopy(part))
                continue
            included = self._resolve(part)
            properties.update(included.get("properties", {}))
            required.extend(included.get("required", []))
        properties.update(doc.get("properties", {}))
        required.extend(doc.get("required", []))
        dropped = ("allOf", "properties", "required", "unevaluatedProperties", "additionalProperties")
        compiled = {key: value for key, value in doc.items() if key not in dropped}
        compiled["properties"] = {name: self._resolve(spec) for name, spec in properties.items()}
        compiled["required"] = required
        # after flattening, "no property beyond these" is additionalProperties, whichever the source used
        compiled["additionalProperties"] = doc.get("unevaluatedProperties", doc.get("additionalProperties", True))
        if conditions:
            compiled["allOf"] = conditions
        return compiled

    def _resolve(self, spec: dict[str, Any]) -> dict[str, Any]:
        if "$ref" not in spec:
            return copy.deepcopy(spec)
        target = self.document(spec["$ref"])
        merged = {
            key: value
            for key, value in copy.deepcopy(target).items()
            if key not in ("$schema", "$id", "title", "description", "x-title-en", "x-description-en", "x-source")
            and not key.startswith(OUT_OF_SERVICE)  # the code list's marking of its codes, not a rule on a value
        }
        merged.update({key: value for key, value in spec.items() if key != "$ref"})
        return merged


def fields_of(compiled: dict[str, Any]) -> tuple[Field, ...]:
    """The fields of a compiled schema (a family's or a record's), with titles, aliases and code lists."""
    required = set(compiled.get("required", []))
    return tuple(
        Field(
            name=prop,
            title_zh=spec.get("title", prop),
            title_en=spec.get("x-title-en", prop),
            schema=spec,
            required=prop in required,
            aliases=tuple(spec.get("x-aliases", ())),
            codelist=spec.get("x-codelist"),
        )
        for prop, spec in compiled["properties"].items()
    )


@dataclass(frozen=True)
class Profile:
    """A city's settings for the standard (standards/profiles/<id>.json)."""

    id: str
    body: dict[str, Any]

    @property
    def name_zh(self) -> str:
        return self.body["name"]["zh"]

    @property
    def name_en(self) -> str:
        return self.body["name"]["en"]

    @property
    def standard_version(self) -> str:
        return self.body["standard_version"]

    @property
    def admin_codes(self) -> dict[str, dict[str, str]]:
        return self.body["admin_codes"]

    @property
    def registry_srid(self) -> int:
        return epsg_code(self.body["registry_crs"])

    @property
    def accepted_srids(self) -> tuple[int, ...]:
        return tuple(epsg_code(crs) for crs in self.body["accepted_crs"])

    @property
    def extent_srid(self) -> int:
        return epsg_code(self.body["extent"]["crs"])

    @property
    def extent_bbox(self) -> tuple[float, float, float, float]:
        return tuple(self.body["extent"]["bbox"])  # type: ignore[return-value]

    @property
    def lighting_targets(self) -> dict[str, float]:
        return self.body["lighting"]["targets"]

    def required_fields(self, family: str) -> tuple[str, ...]:
        """The fields this city requires of a delivery of ``family`` beyond the standard (delivery_checks)."""
        return tuple(self.body.get("delivery_checks", {}).get("required", {}).get(family, ()))

    @property
    def placeholder_values(self) -> dict[str, list[Any]]:
        """Per field, the delivered values this city declares mean "not recorded" (delivery_checks)."""
        return self.body.get("delivery_checks", {}).get("placeholders", {})


def epsg_code(crs: str) -> int:
    return int(crs.split(":", 1)[1])


def profile_path(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix == ".json":
        return candidate
    return standards_dir() / "profiles" / f"{name_or_path}.json"


def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """Load a profile by id (``zhuhai``) or by path, and check it against its schema."""
    path = profile_path(name_or_path)
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in (standards_dir() / "profiles").glob("*.json")))
        raise InputError("standard.unknown_profile", profile=name_or_path, known=known)
    body = _with_base(_read_json(path), path)
    _check_profile(body, path)
    return Profile(id=body["id"], body=body)


def _with_base(body: dict[str, Any], path: Path, depth: int = 0) -> dict[str, Any]:
    """A profile may ``extend`` another (by id or path): its own top-level entries replace the base's."""
    base_name = body.pop("extends", None)
    if base_name is None:
        return body
    if depth > 5:
        raise InputError("standard.profile_extends_too_deeply", path=path)
    base_path = profile_path(base_name)
    if base_name.endswith(".json") and not base_path.is_absolute():
        base_path = path.parent / base_name
    if not base_path.is_file():
        raise InputError("standard.profile_base_missing", path=path, base=base_name)
    base = _with_base(_read_json(base_path), base_path, depth + 1)
    base.pop("$schema", None)
    return {**base, **body}


def first_schema_error(validator: Any, body: Any) -> tuple[str, str] | None:
    """The first error of a document against its schema, as (place, message), or None."""
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    if not errors:
        return None
    return "/".join(str(p) for p in errors[0].path) or "(root)", errors[0].message


def _check_profile(body: dict[str, Any], path: Path) -> None:
    from jsonschema import Draft202012Validator

    error = first_schema_error(Draft202012Validator(_read_json(standards_dir() / "profile.schema.json")), body)
    if error:
        where, message = error
        raise InputError("standard.profile_malformed", path=path, where=where, reason=message)
