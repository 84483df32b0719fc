"""The registry the frozen revisions build is what the current standard derives: for every family its
fields as columns (type, NOT NULL), its CHECKs and code-list keys, and every code list's rows.

The revisions no longer read the standard (db/versions/sql holds what they execute), so this is
the test that notices a change of the standard that came without its revision.
"""

from __future__ import annotations

import pytest
from asset_registry.storage import localpg
from asset_registry.storage.connection import engine
from asset_registry.storage.tables import build_metadata, codelist_rows, codelist_table_name
from sqlalchemy import text

from tests.db.conftest import drop_database, new_database, query

COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
  FROM pg_attribute a WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY (%s)
 ORDER BY 1
"""
CONSTRAINTS = """
SELECT c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c
 WHERE c.conrelid = %s::regclass AND c.contype IN ('c', 'f') ORDER BY 1, 2
"""


@pytest.fixture(scope="module")
def derived(server, standard, profile):
    """A scratch database holding only the tables the living code derives from the standard."""
    name = new_database(None, prefix="assetreg_test_derived")
    dsn = localpg.server_dsn(name)
    with engine(dsn).begin() as connection:
        connection.execute(text("CREATE EXTENSION postgis"))
        connection.execute(text("CREATE SCHEMA assetreg"))
        build_metadata(standard, profile).create_all(connection)
    yield dsn
    drop_database(name)


def test_every_family_is_what_the_standard_derives(registry, derived, standard):
    differences = {}
    for name in standard.families:
        family = standard.family(name)
        table = f"assetreg.{family.table}"
        fields = list(family.field_names)
        head = (query(registry, COLUMNS, (table, fields)), query(registry, CONSTRAINTS, (table,)))
        wanted = (query(derived, COLUMNS, (table, fields)), query(derived, CONSTRAINTS, (table,)))
        if head != wanted:
            differences[name] = {
                "head": [x for x in head[0] + head[1] if x not in wanted[0] + wanted[1]],
                "derived": [x for x in wanted[0] + wanted[1] if x not in head[0] + head[1]],
            }
    assert len(standard.families) == 7 and differences == {}


def test_every_code_list_holds_the_standards_rows(registry, standard):
    for codelist in standard.codelists.values():
        rows = query(
            registry,
            f"SELECT code, label_zh, label_en, sort_order FROM assetreg.{codelist_table_name(codelist.name)}"
            " ORDER BY sort_order, code",
        )
        wanted = sorted(
            ((r["code"], r["label_zh"], r["label_en"], r["sort_order"]) for r in codelist_rows(codelist)),
            key=lambda r: (r[3], r[0]),
        )
        assert rows == wanted, codelist.name
