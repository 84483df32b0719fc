"""What the database checks of a component identifier, taken from the standard when the app schema is built.

The validator checks a delivery's identifiers (core/validate.py: structure, the city's administrative
codes, the class code belonging to the family); an edit from QGIS or psql never meets the validator,
so db/app/30_identifier_rules.sql checks the same on the family tables. SQL cannot read the standard,
so this module writes what it needs into assetreg_app.identifier_rule, before the files of db/app/ run:
for each family its table, the identifier's pattern (and, for a pattern of one character class repeated
n times, n and the characters, so that the trigger tests a row as cheaply as the table's pattern CHECK),
the standard's description of the structure, and the family's class codes (``x-class-codes``). The
city's administrative codes come from the stored profile, in the SQL file itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..core.messages import bilingual, msg
from ..core.standard import Standard
from .names import APP_SCHEMA
from .tables import one_class_pattern

RULE_TABLE = f"{APP_SCHEMA}.identifier_rule"

_CREATE = f"""
CREATE TABLE {RULE_TABLE} (
    family_table text PRIMARY KEY,
    title_zh text NOT NULL,
    title_en text NOT NULL,
    identifier text NOT NULL,
    pattern text NOT NULL,
    fixed_length integer,
    characters text,
    structure_zh text NOT NULL,
    structure_en text NOT NULL,
    class_codes text[] NOT NULL,
    admin_codes text[]
)
"""
_COMMENT = f"COMMENT ON TABLE {RULE_TABLE} IS '{bilingual(msg('table.identifier_rule'))}'"
_INSERT = (
    f"INSERT INTO {RULE_TABLE} (family_table, title_zh, title_en, identifier, pattern, fixed_length, characters,"
    " structure_zh, structure_en, class_codes)"
    " VALUES (:family_table, :title_zh, :title_en, :identifier, :pattern, :fixed_length, :characters,"
    " :structure_zh, :structure_en, :class_codes)"
)


def rule_rows(standard: Standard) -> list[dict[str, Any]]:
    """One row per asset family whose identifier has a pattern in the standard."""
    rows = []
    for family in standard.families.values():
        if family.identifier not in family.field_names:
            continue
        schema = family.field(family.identifier).schema
        if "pattern" not in schema:
            continue
        fixed = one_class_pattern(schema["pattern"])
        rows.append(
            {
                "family_table": family.table,
                "title_zh": family.title_zh,
                "title_en": family.title_en,
                "identifier": family.identifier,
                "pattern": schema["pattern"],
                "fixed_length": fixed[0] if fixed else None,
                "characters": fixed[1] if fixed else None,
                "structure_zh": schema.get("description", schema["pattern"]),
                "structure_en": schema.get("x-description-en", schema["pattern"]),
                "class_codes": list(family.class_codes),
            }
        )
    return rows


def write_rules(connection: Connection, standard: Standard) -> None:
    """Create and fill assetreg_app.identifier_rule (the app schema has just been made anew)."""
    connection.execute(text(_CREATE))
    connection.execute(text(_COMMENT))
    for row in rule_rows(standard):
        connection.execute(text(_INSERT), row)
