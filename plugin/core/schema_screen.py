"""Which records the family's JSON Schema certainly finds nothing in, without walking the schema per record.

jsonschema walks every property of every record (about 0.8 ms for a work_order record: 1,650 records/s,
twenty minutes for 2,000,000 historical cases). A record's findings against a schema of the form
``{type: object, properties, required, additionalProperties, allOf…}`` are those of each property's
value against its own subschema, plus those of the keywords that look at the record as a whole. So:

- each distinct (field, value) is judged once, by the reference validator itself on the one-property
  record ``{field: value}`` against the schema's type, properties and additionalProperties; a plain date-time field
  (``{type: string, format: date-time}``, the step times that make most of a case) by the very format
  check the reference validator calls;
- the keywords about the whole record (``required``, ``allOf`` …) by a validator of those keywords alone.

A record passes the screen only when all of that finds nothing; every other record goes through the
reference validator, so the findings are the reference's own. Schemas whose keywords tie properties
together in a way this split does not model (``unevaluatedProperties``, ``patternProperties``,
``dependentSchemas``, ``propertyNames``) are never screened.
"""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

# keywords that make a property's findings depend on more than its own value and subschema
_COUPLING = {"unevaluatedProperties", "patternProperties", "dependentSchemas", "propertyNames"}
# the keywords of the record as a whole that the per-property judgement already covers
_PER_PROPERTY = {"properties", "additionalProperties", "type"}
_ANNOTATION_PREFIXES = ("x-",)
_ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment", "examples", "default"}
_PLAIN_DATE_TIME = {"type": "string", "format": "date-time"}
# distinct values remembered per field (step times are mostly distinct: a bound keeps memory flat)
MAX_REMEMBERED = 200_000


def _keywords(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in _ANNOTATIONS and not k.startswith(_ANNOTATION_PREFIXES)}


class SchemaScreen:
    def __init__(self, schema: dict[str, Any], checker: FormatChecker):
        self.usable = schema.get("type") == "object" and not _COUPLING & _all_keys(schema)
        self._required = tuple(schema.get("required", ()))
        one_property = {k: v for k, v in schema.items() if k in _PER_PROPERTY or k not in _keywords(schema)}
        self._one_property = Draft202012Validator(one_property, format_checker=checker)
        whole = {k: v for k, v in schema.items() if k not in _PER_PROPERTY and k != "required"}
        self._whole = Draft202012Validator(whole, format_checker=checker) if _keywords(whole) else None
        properties = schema.get("properties", {})
        self._date_times = {name for name, sub in properties.items() if _keywords(sub) == _PLAIN_DATE_TIME}
        # plain texts (a case number, its address: mostly distinct, so rarely remembered) judged by the very
        # tests jsonschema makes: a str, len() within the bounds, re.search of the pattern
        self._texts = {name: _PlainText(sub) for name, sub in properties.items() if _PlainText.fits(sub)}
        self._checker = checker
        self._judged: dict[str, dict[tuple[type, Any], bool]] = {}

    @property
    def per_property(self) -> bool:
        """Whether a record's findings are those of its values one by one (no keyword about the whole record
        beyond required): a column-wise reader may then judge each column apart (fastcases.py)."""
        return self.usable and self._whole is None

    def is_plain_date_time(self, name: str) -> bool:
        """Whether the field is a plain ``{type: string, format: date-time}``."""
        return name in self._date_times

    def plain_text(self, name: str) -> _PlainText | None:
        """The field's plain-text test (type string, lengths, pattern), if its subschema is no more than that."""
        return self._texts.get(name)

    def clean(self, properties: dict[str, Any]) -> bool:
        """True only when the reference validator would find nothing in the record."""
        if not self.usable:
            return False
        for name in self._required:
            if name not in properties:
                return False
        for name, value in properties.items():
            if not self.value_clean(name, value):
                return False
        return self._whole is None or self._whole.is_valid(properties)

    def value_clean(self, name: str, value: Any) -> bool:
        """True only when the reference validator would find nothing in this one value of the field."""
        if name in self._date_times:
            # the format keyword applies to strings only; the type keyword wants one
            return isinstance(value, str) and self._checker.conforms(value, "date-time")
        text = self._texts.get(name)
        if text is not None:
            return text.clean(value)
        try:
            key = (type(value), value)
            hash(key)
        except TypeError:  # a list or an object: judged each time
            return self._one_property.is_valid({name: value})
        judged = self._judged.setdefault(name, {})
        verdict = judged.get(key)
        if verdict is None:
            verdict = self._one_property.is_valid({name: value})
            if len(judged) < MAX_REMEMBERED:
                judged[key] = verdict
        return verdict


class _PlainText:
    """A subschema of only ``type: string`` and minLength, maxLength, pattern."""

    KEYWORDS = frozenset({"type", "minLength", "maxLength", "pattern"})

    @classmethod
    def fits(cls, schema: dict[str, Any]) -> bool:
        keywords = _keywords(schema)
        return keywords.get("type") == "string" and set(keywords) <= cls.KEYWORDS

    def __init__(self, schema: dict[str, Any]):
        self.shortest = schema.get("minLength", 0)
        self.longest = schema.get("maxLength")
        self.pattern = re.compile(schema["pattern"]) if "pattern" in schema else None

    def clean(self, value: Any) -> bool:
        if not isinstance(value, str) or len(value) < self.shortest:
            return False
        if self.longest is not None and len(value) > self.longest:
            return False
        return self.pattern is None or self.pattern.search(value) is not None


def _all_keys(schema: Any) -> set[str]:
    """Every key used anywhere in the schema (a coupling keyword nested in allOf counts too)."""
    if isinstance(schema, dict):
        keys = set(schema)
        for value in schema.values():
            keys |= _all_keys(value)
        return keys
    if isinstance(schema, list):
        return set().union(*(_all_keys(item) for item in schema)) if schema else set()
    return set()
