"""A mapped feature's COPY row (the family's fields, then the geometry), as the importer's staging reads it in CSV.

In core, not in storage: the column-wise validation of historical cases (fastcases.py) writes the rows of the
records it sends through the reference checks with the very function the importer's own writer uses.
"""

from __future__ import annotations

from typing import Any

from .standard import Family


def copy_row(family: Family, feature: Any) -> list[Any]:
    """A mapped feature's COPY row: the family's fields, then the geometry (hex WKB)."""
    values = [copy_value(feature.properties.get(name)) for name in family.field_names]
    # a record may stand without geometry (it names its component): an empty field is NULL to COPY
    geometry = feature.geometry.ExportToIsoWkb().hex() if feature.geometry is not None else None
    return [*values, geometry]


def copy_value(value: Any) -> Any:
    """A value as COPY reads it in CSV: a list (an inspection's photos) as an array literal, the rest as it is."""
    if not isinstance(value, list):
        return value
    quoted = ('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value)
    return "{" + ",".join(quoted) + "}"
