"""The DDL a change of the standard needs: what turns the registry's schema into what a standard derives.

A revision is frozen SQL written when it is made (db/versions/sql). To write it, two scratch
databases are compared through the catalog: one the revisions built (the registry as it is at
head), one the living code derived from the standard as it is to become (storage/tables.py). For
the part of the schema the standard decides, the family tables and the code lists, the difference
is turned into statements: code-list tables and rows, family tables, their columns (type, NOT
NULL, default, comment) and their CHECK and FOREIGN KEY constraints. The same comparison, the two
sides swapped, gives the downgrade. scripts/draft_revision.py writes them as a revision.

What lies outside the standard (case flow tables, areas, history, indexes of the indicators) is
drafted by hand as before: this module does not look at it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg2
from psycopg2 import sql

from .names import SCHEMA


@dataclass(frozen=True)
class Column:
    type: str
    not_null: bool
    default: str | None
    comment: str | None


@dataclass
class Side:
    """What one database holds of the standard's part of the schema, read from its catalog."""

    dsn: str
    codelists: dict[str, dict[str, tuple]] = field(default_factory=dict)  # table -> code -> (labels, order)
    families: dict[str, dict[str, Column]] = field(default_factory=dict)  # table -> column -> Column
    constraints: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> name -> definition


_TABLES = """
SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND c.relname = ANY (%s)
"""
_COLUMNS = """
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid), pg_catalog.col_description(a.attrelid, a.attnum)
  FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY (%s)
 ORDER BY a.attnum
"""
_CONSTRAINTS = """
SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) FROM pg_catalog.pg_constraint c
 WHERE c.conrelid = %s::regclass AND c.contype IN ('c', 'f')
   AND (SELECT pg_catalog.array_agg(a.attname::text) FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)) <@ %s::text[]
"""


def read_side(dsn: str, family_tables: Mapping[str, Iterable[str]], codelist_tables: Iterable[str]) -> Side:
    """The family tables and code lists among those named that exist in the database at ``dsn``: of a
    family table, the columns of its fields (``family_tables``: table -> field names) and the
    constraints on them only, since the registry's own columns are no change of the standard."""
    side = Side(dsn)
    conn = psycopg2.connect(dsn)
    try:
        _read(conn, side, family_tables, codelist_tables)
    finally:
        conn.close()
    return side


def _read(conn, side: Side, family_tables: Mapping[str, Iterable[str]], codelist_tables: Iterable[str]) -> None:
    codelist_tables = list(codelist_tables)
    with conn.cursor() as cur:
        cur.execute(_TABLES, (SCHEMA, list(family_tables) + codelist_tables))
        present = {row[0] for row in cur.fetchall()}
        for table in sorted(present & set(codelist_tables)):
            query = sql.SQL("SELECT code, label_zh, label_en, sort_order FROM {}.{}").format(
                sql.Identifier(SCHEMA), sql.Identifier(table)
            )
            cur.execute(query)
            side.codelists[table] = {code: tuple(rest) for code, *rest in cur.fetchall()}
        for table in sorted(present & set(family_tables)):
            qualified = f"{SCHEMA}.{table}"
            fields = sorted(family_tables[table])
            cur.execute(_COLUMNS, (qualified, fields))
            side.families[table] = {name: Column(*rest) for name, *rest in cur.fetchall()}
            cur.execute(_CONSTRAINTS, (qualified, fields))
            side.constraints[table] = dict(cur.fetchall())


def _table(name: str) -> str:
    return f'{SCHEMA}."{name}"'


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _table_ddl(dsn: str, table: str) -> list[str]:
    """CREATE TABLE with its constraints, indexes and comments, as pg_dump writes them."""
    dumped = subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", f"--table={SCHEMA}.{table}", f"--dbname={dsn}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    statements = []
    for chunk in dumped.split(";\n"):
        # psql meta-commands (\\restrict of newer pg_dump) and comments are not SQL
        lines = [line for line in chunk.splitlines() if line.strip() and not line.startswith(("--", "\\"))]
        text = "\n".join(lines).strip()
        if text and not text.startswith(("SET ", "SELECT pg_catalog.set_config")):
            statements.append(text)
    return statements


def _column_definition(name: str, column: Column) -> str:
    parts = [f'"{name}" {column.type}']
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.not_null:
        parts.append("NOT NULL")
    return " ".join(parts)


def _comment(table: str, name: str, comment: str | None) -> str:
    return f'COMMENT ON COLUMN {_table(table)}."{name}" IS {_literal(comment)}'


def _column_changes(table: str, old: Column, new: Column, name: str) -> list[str]:
    target = f'ALTER TABLE {_table(table)} ALTER COLUMN "{name}"'
    changes = []
    if old.type != new.type:
        changes.append(f"{target} TYPE {new.type}")
    if old.default != new.default:
        changes.append(f"{target} DROP DEFAULT" if new.default is None else f"{target} SET DEFAULT {new.default}")
    if old.not_null != new.not_null:
        changes.append(f"{target} {'SET' if new.not_null else 'DROP'} NOT NULL")
    if old.comment != new.comment:
        changes.append(_comment(table, name, new.comment))
    return changes


def _row_statements(table: str, old: dict[str, tuple], new: dict[str, tuple]) -> tuple[list[str], list[str]]:
    """(rows to write before the constraints, rows to delete after them)."""
    writes = [
        f"INSERT INTO {_table(table)} (code, label_zh, label_en, sort_order) VALUES "
        f"({', '.join(_literal(v) for v in (code, *row))}) ON CONFLICT (code) DO UPDATE SET "
        "label_zh = EXCLUDED.label_zh, label_en = EXCLUDED.label_en, sort_order = EXCLUDED.sort_order"
        for code, row in sorted(new.items())
        if old.get(code) != row
    ]
    deletes = [f"DELETE FROM {_table(table)} WHERE code = {_literal(code)}" for code in sorted(set(old) - set(new))]
    return writes, deletes


def statements(old: Side, new: Side) -> list[str]:
    """What turns ``old`` into ``new``, in an order that runs: code lists first, then tables and
    columns, constraints once the rows and columns they check are there, removals last."""
    created_codelists = [t for t in new.codelists if t not in old.codelists]
    created_families = [t for t in new.families if t not in old.families]
    steps: list[str] = []
    for table in created_codelists:
        steps += _table_ddl(new.dsn, table)
    row_deletes: list[str] = []
    for table, rows in new.codelists.items():
        writes, deletes = _row_statements(table, old.codelists.get(table, {}), rows)
        steps += writes
        row_deletes += deletes
    constraint_adds: list[str] = []
    for table in old.families:
        if table not in new.families:
            continue
        before, after = old.constraints[table], new.constraints[table]
        for name, definition in sorted(before.items()):
            if after.get(name) != definition:
                steps.append(f'ALTER TABLE {_table(table)} DROP CONSTRAINT "{name}"')
        constraint_adds += [
            f'ALTER TABLE {_table(table)} ADD CONSTRAINT "{name}" {definition}'
            for name, definition in sorted(after.items())
            if before.get(name) != definition
        ]
        columns_before, columns_after = old.families[table], new.families[table]
        steps += [f'ALTER TABLE {_table(table)} DROP COLUMN "{name}"' for name in columns_before if name not in columns_after]
        for name, column in columns_after.items():
            if name not in columns_before:
                steps.append(f"ALTER TABLE {_table(table)} ADD COLUMN {_column_definition(name, column)}")
                if column.comment is not None:
                    steps.append(_comment(table, name, column.comment))
            else:
                steps += _column_changes(table, columns_before[name], column, name)
    for table in created_families:
        steps += _table_ddl(new.dsn, table)
    steps += constraint_adds + row_deletes
    steps += [f"DROP TABLE {_table(table)}" for table in old.families if table not in new.families]
    steps += [f"DROP TABLE {_table(table)}" for table in old.codelists if table not in new.codelists]
    return steps


def scope(*standards: Any) -> tuple[dict[str, set[str]], list[str]]:
    """({family table: field names}, code-list tables) of all the standards together: the part compared."""
    families: dict[str, set[str]] = {}
    for standard in standards:
        for name in standard.families:
            family = standard.family(name)
            families.setdefault(family.table, set()).update(family.field_names)
    from .tables import codelist_table_name

    codelists = sorted({codelist_table_name(name) for standard in standards for name in standard.codelists})
    return families, codelists


def build_derived(dsn: str, standard: Any, profile: Any) -> None:
    """Into an empty database: the tables the living code derives from ``standard``, with the code lists' rows."""
    from sqlalchemy import text

    from .connection import engine
    from .tables import build_metadata, upsert_code_lists

    with engine(dsn).begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        build_metadata(standard, profile).create_all(connection)
        upsert_code_lists(connection, standard)


def execute(dsn: str, steps: Iterable[str]) -> None:
    """Run the statements in one transaction (a draft is checked by running it on scratch databases)."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            for step in steps:
                cur.execute(step)
    finally:
        conn.close()


class DraftFailed(Exception):
    """A drafted revision does not do what it should on the scratch databases."""


def draft(head_dsn: str, derived_dsn: str, current: Any, target: Any) -> tuple[list[str], list[str]]:
    """(upgrade, downgrade) between a registry at head (following standard ``current``) and a
    database holding what standard ``target`` derives (build_derived)."""
    families, codelists = scope(current, target)
    head, derived = read_side(head_dsn, families, codelists), read_side(derived_dsn, families, codelists)
    return statements(head, derived), statements(derived, head)


def prove(head_dsn: str, derived_dsn: str, current: Any, target: Any, upgrade: list[str], downgrade: list[str]) -> None:
    """Run the upgrade on the registry at ``head_dsn`` (a scratch copy: it is changed), check that it then
    holds what the target derives, run the downgrade and check that it is back where it was."""
    families, codelists = scope(current, target)
    before, derived = read_side(head_dsn, families, codelists), read_side(derived_dsn, families, codelists)
    for steps, wanted, direction in ((upgrade, derived, "upgrade"), (downgrade, before, "downgrade")):
        execute(head_dsn, steps)
        left = statements(read_side(head_dsn, families, codelists), wanted)
        if left:
            raise DraftFailed(f"the drafted {direction} leaves differences:\n" + "\n".join(left))
