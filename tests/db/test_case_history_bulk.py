"""Historical cases in bulk (db/app/66_case_history_bulk.sql): a load at least as large as the registry's
cases sets the case tables' foreign keys and plain indexes aside and rebuilds them after its inserts, in
the same transaction; a failure restores them with everything else; a smaller load keeps them in place;
only the case flow's load may set them aside."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError

from tests.db.conftest import query
from tests.db.test_case_history import MONTH, OPENED, case, load
from tests.helpers import write_geojson


@pytest.fixture
def month_file(tmp_path):
    return write_geojson(tmp_path / "cases.geojson", MONTH)


# every key and index of the case tables, with its object id (a rebuilt one has a new id); a primary key is both a
# constraint and an index of the same name, so the kind is part of the name
KEYS = """
SELECT c.conrelid::regclass::text, 'constraint ' || c.conname, c.oid::bigint, pg_catalog.pg_get_constraintdef(c.oid)
  FROM pg_catalog.pg_constraint c WHERE c.conrelid IN ('assetreg.work_order'::regclass, 'assetreg.work_order_event'::regclass)
UNION ALL
SELECT x.indrelid::regclass::text, 'index ' || i.relname, i.oid::bigint, pg_catalog.pg_get_indexdef(i.oid)
  FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
 WHERE x.indrelid IN ('assetreg.work_order'::regclass, 'assetreg.work_order_event'::regclass)
 ORDER BY 1, 2
"""


def keys(dsn):
    """{(table, name): (oid, definition)}"""
    return {(table, name): (oid, definition) for table, name, oid, definition in query(dsn, KEYS)}


def definitions(found):
    return {key: definition for key, (_, definition) in found.items()}


def rebuilt(before, after):
    """The names of the constraints and indexes rebuilt (a foreign key is a constraint, a plain index an index)."""
    return sorted({key[1].split(" ", 1)[1] for key, (oid, _) in before.items() if after[key][0] != oid})


def set_aside_by_design(dsn):
    return sorted(name for (name,) in query(dsn, "SELECT name FROM assetreg_app.case_bulk_keys"))


def test_the_keys_set_aside_are_the_foreign_keys_and_plain_indexes_of_the_case_tables(registry):
    names = set_aside_by_design(registry)
    assert "work_order_event_work_order_id_fkey" in names and "work_order_status_fkey" in names
    assert "work_order_event_action_at_idx" in names and "work_order_event_case_idx" in names
    # the keys others refer to, the case number and the partial indexes stay
    assert not {"work_order_pkey1", "work_order_case_no_key", "work_order_open_stage_idx"} & set(names)


def test_a_bulk_load_rebuilds_every_key_and_index_as_it_was(registry, profile, month_file):
    before = keys(registry)
    result = load(registry, month_file, profile)
    after = keys(registry)
    assert result.inserted == len(MONTH)
    assert definitions(after) == definitions(before)
    assert rebuilt(before, after) == set_aside_by_design(registry)
    assert query(registry, "SELECT count(*) FROM assetreg_app.bulk_suspension") == [(0,)]
    # every case has its events, each pointing at its case (the restored foreign key checked them)
    assert query(registry, "SELECT count(DISTINCT work_order_id) FROM assetreg.work_order_event") == [(len(MONTH),)]


def test_a_smaller_load_into_a_larger_registry_keeps_the_keys_in_place(registry, profile, month_file, tmp_path):
    load(registry, month_file, profile)
    before = keys(registry)
    more = [case("H20", "dispatched", **OPENED), case("H21", "reported", reported_at="07T09:00")]
    assert load(registry, write_geojson(tmp_path / "more.geojson", more), profile).inserted == 2
    assert keys(registry) == before


def test_a_bulk_load_failing_after_the_keys_were_set_aside_leaves_them_as_they_were(registry, profile, month_file):
    # a rule the events break, met only by the events' insert (after the keys were set aside)
    query(registry, "ALTER TABLE assetreg.work_order_event ADD CONSTRAINT no_rating CHECK (action <> 'rate')")
    before = keys(registry)
    with pytest.raises(RefusedError):
        load(registry, month_file, profile)
    assert keys(registry) == before
    assert query(registry, "SELECT count(*) FROM assetreg.work_order") == [(0,)]
    assert query(registry, "SELECT count(*) FROM assetreg_app.bulk_suspension") == [(0,)]


def test_no_login_sets_the_case_keys_aside_outside_the_flows_load(registry, login_as):
    for role in ("assetreg_editor", "assetreg_admin"):
        conn = psycopg2.connect(login_as(role))
        try:
            for function in ("case_history_set_keys_aside", "case_history_restore_keys"):
                with conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(f"SELECT assetreg_app.{function}()")
        finally:
            conn.close()
    assert set_aside_by_design(registry)
    assert all(name in {n.split(" ", 1)[1] for (_, n) in keys(registry)} for name in set_aside_by_design(registry))
