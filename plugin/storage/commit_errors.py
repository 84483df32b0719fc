"""A save from QGIS's edit buffer that the database refused, in the standard's words.

QGIS passes on PostgreSQL's English text, which names a constraint (``streetlight_lamp_power_w_2``) or a
column. The registry's constraints are made from the standard (storage/tables.py: ``{table}_{field}_{n}``,
the n-th of the field's checks: pattern, each bound, minLength), so the name leads back to the field and
the validator's rule for it (core/field_rules.py), whose text the form also shows. A refusal of
``assetreg_app.refuse`` (a trigger) reads as itself (errors.refusal_in_text).
"""

from __future__ import annotations

import re

from ..core.field_rules import FieldRule, field_rules
from ..core.messages import LANGS, Given, Message, msg
from ..core.standard import Family, Field, Standard
from .errors import refusal_in_text

_CHECK = re.compile(r'new row for relation "(?P<table>[^"]+)" violates check constraint "(?P<name>[^"]+)"')
_NOT_NULL = re.compile(r'null value in column "(?P<column>[^"]+)"(?: of relation "(?P<table>[^"]+)")? violates not-null')
_FOREIGN = re.compile(
    r'insert or update on table "(?P<table>[^"]+)" violates foreign key constraint[^\n]*(?:\n[^\n]*)*?'
    r"Key \((?P<column>[^)]+)\)=\((?P<value>[^)]*)\) is not present"
)
_UNIQUE_ID = re.compile(r"Key \(component_id\)=\((?P<value>[^)]*)\) already exists")

# the FieldRule keyword of each CHECK storage/tables.py (_checks) makes for a schema keyword, in its order
_CHECK_KEYWORDS = (
    ("pattern", "pattern"),
    ("minimum", "range"),
    ("maximum", "range"),
    ("exclusiveMinimum", "range"),
    ("exclusiveMaximum", "range"),
    ("minLength", "length"),
)


def check_keywords(spec: Field) -> list[str]:
    """The rule keyword of each CHECK constraint of a field, numbered from 1 as the constraints are."""
    schema = spec.schema
    # as _checks: a minLength of 0 makes no CHECK, every other keyword present makes one
    return [keyword for key, keyword in _CHECK_KEYWORDS if (schema.get(key) if key == "minLength" else key in schema)]


def _family_of(standard: Standard, table: str) -> Family | None:
    return next((family for family in standard.families.values() if family.table == table), None)


def _rule(standard: Standard, family: Family, column: str, keyword: str) -> FieldRule | None:
    spec = next((spec for spec in family.fields if spec.name == column), None)
    if spec is None:
        return None
    return next((rule for rule in field_rules(standard, family, spec) if rule.keyword == keyword), None)


def _check_rule(standard: Standard, family: Family, constraint: str) -> FieldRule | None:
    """The rule of the CHECK named ``{table}_{field}_{n}``."""
    prefix = family.table + "_"
    if not constraint.startswith(prefix):
        return None
    column, _, number = constraint[len(prefix) :].rpartition("_")
    spec = next((spec for spec in family.fields if spec.name == column), None)
    if spec is None or not number.isdigit():
        return None
    keywords = check_keywords(spec)
    index = int(number) - 1
    return _rule(standard, family, column, keywords[index]) if 0 <= index < len(keywords) else None


def _said(rule: FieldRule) -> Message:
    """The rule's text as the form shows it (the message bar's title names the layer)."""
    return Given(rule.texts)


def commit_refusal(errors: str, standard: Standard) -> Message | None:
    """The standard's words for a layer's commit errors, or None when they hold nothing the registry knows."""
    refused = refusal_in_text(errors)
    if refused is not None:
        return Given({lang: refused.message(lang) for lang in LANGS})
    found = _CHECK.search(errors)
    if found and (family := _family_of(standard, found["table"])) is not None:
        rule = _check_rule(standard, family, found["name"])
        if rule is not None:
            return _said(rule)
    found = _NOT_NULL.search(errors)
    if found and (family := _family_of(standard, found["table"] or "")) is not None:
        rule = _rule(standard, family, found["column"], "required")
        if rule is not None:
            return _said(rule)
    found = _FOREIGN.search(errors)
    if found and (family := _family_of(standard, found["table"])) is not None:
        rule = _rule(standard, family, found["column"], "codelist")
        if rule is not None:
            return _said(rule)
    found = _UNIQUE_ID.search(errors)
    if found:
        return msg("commit.duplicate_identifier", value=found["value"])
    return None
