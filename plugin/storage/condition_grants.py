"""The asset columns an inspection updates (core/condition.py), as a table of the app schema, for the grants.

A crew's daily work is the survey: its import updates the condition of the assets it inspected (a tree's vigour, a
road's PCI …). db/app/90_roles.sql grants the crew UPDATE on exactly these columns, read from
assetreg_app.inspected_condition, which is written here from the standard, as SQL cannot read the standard: a
column the standard adds to the mapping is granted on the next migrate, and no other column is.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from ..core.condition import condition_mapping
from ..core.standard import Standard
from .names import APP_SCHEMA

INSPECTION = "inspection"

_CREATE = f"""
CREATE TABLE {APP_SCHEMA}.inspected_condition (
    family_table text NOT NULL,
    column_name text NOT NULL,
    PRIMARY KEY (family_table, column_name)
)"""
_INSERT = f"INSERT INTO {APP_SCHEMA}.inspected_condition (family_table, column_name) VALUES (:family_table, :column_name)"


def condition_columns(standard: Standard) -> list[dict[str, str]]:
    """Each family table's columns an inspection record updates (the targets of condition_mapping)."""
    record = standard.delivery_class(INSPECTION)
    rows = []
    for family in standard.families.values():
        for column in sorted(set(condition_mapping(record, family).values())):
            rows.append({"family_table": family.table, "column_name": column})
    return rows


def write_condition_columns(connection: Connection, standard: Standard | None) -> None:
    """Create assetreg_app.inspected_condition (the app schema has just been made anew), filled from ``standard``;
    empty without one (an older revision's schema: nobody is granted more)."""
    connection.execute(text(_CREATE))
    rows = condition_columns(standard) if standard is not None else []
    if rows:
        connection.execute(text(_INSERT), rows)
