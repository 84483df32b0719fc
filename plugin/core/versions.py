"""Whether a delivery that follows one version of the standard may go into a registry that follows another.

A delivery is validated under the version it says it follows (its envelope, or --standard-version);
the registry's tables are what the version of its city profile derives. The delivery may go in
when its class is the same in both versions in everything that reaches the database: the fields,
which are required, the rules on each value, the code lists' codes and the geometry types. Titles,
descriptions, aliases and labels may differ. Otherwise the registry must first follow the newer
version (a revision drafted by `make revision`), or the contractor delivers under the registry's.
"""

from __future__ import annotations

from typing import Any

from .errors import UserError
from .standard import Standard

# What a version may change without changing the table: words for people, not rules on values.
WORDING = frozenset(
    {"$id", "$comment", "title", "x-title-en", "description", "x-description-en", "x-aliases", "x-labels", "examples"}
)


def _rules_only(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {key: _rules_only(value) for key, value in schema.items() if key not in WORDING}
    if isinstance(schema, list):
        return [_rules_only(item) for item in schema]
    return schema


def _field_rules(standard: Standard, field: Any) -> tuple:
    codes = standard.codelists[field.codelist].codes if field.codelist in standard.codelists else None
    return (_rules_only(field.schema), field.required, field.codelist, codes)


def differing_fields(delivery: Standard, registry: Standard, class_name: str) -> list[str]:
    """The fields (and 'geometry') of ``class_name`` whose rules differ between the two versions; [] when
    a delivery under ``delivery`` fits the registry's tables as they are."""
    if delivery.version == registry.version:
        return []
    try:
        theirs, ours = delivery.delivery_class(class_name), registry.delivery_class(class_name)
    except UserError:
        return [class_name]  # a class one of the versions does not have at all
    names = sorted(set(theirs.field_names) | set(ours.field_names))
    differing = [
        name
        for name in names
        if name not in theirs.field_names
        or name not in ours.field_names
        or _field_rules(delivery, theirs.field(name)) != _field_rules(registry, ours.field(name))
    ]
    if theirs.geometry_types != ours.geometry_types:
        differing.append("geometry")
    return differing
