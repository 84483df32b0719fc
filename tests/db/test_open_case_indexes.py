"""The open cases' indexes (revision 0018, issue 13) exist and serve the cases panel's and the cases layer's
queries on a case table large enough for the planner to choose (100,000 cases, one in 10 open, spread through
the table as in a city that moved years of history in): the list of one district and stage, of several open
stages (one backward index scan per stage, merged), the counts per stage (from the index alone) and the layer
of every open case (from the index alone); never a sequential scan of the case table."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.core.case_panel import CaseFilter
from asset_registry.storage import migrate
from asset_registry.storage.case_list import _conditions, _listing_query, _where, open_stages

from tests.db.conftest import query

CASES, OPEN_EVERY = 100_000, 10
LISTED = 100  # fewer than a district's cases at a stage (about 420), as 500 of 2,083 in bench/desktop_cases.py
DISTRICT = "440402"
OPEN_INDEXES = {"work_order_open_stage_idx", "work_order_open_district_idx", "work_order_open_map_idx"}
# one statement, as the flow's own role (the only writer of the case tables): the open cases one in 40 through
# the ids, cycling through the open stages; three districts
GENERATE = """
SET ROLE assetreg_case_flow;
INSERT INTO assetreg.work_order (id, case_no, matter_code, source, status, description, reported_at, deferred_from,
                                 handling_deadline, closing_deadline, geom, located_grid)
SELECT g, 'IX' || lpad(g::text, 10, '0'), d.code || '01037', 'patrol', s.status, 'index test',
       now() - (%(cases)s - g) * interval '20 minutes', CASE WHEN s.status = 'deferred' THEN 'registered' END,
       now() - (%(cases)s - g) * interval '20 minutes' + interval '2 days',
       now() - (%(cases)s - g) * interval '20 minutes' + interval '5 days',
       ST_SetSRID(ST_MakePoint(450000 + g %% 1000, 2460000 + g / 1000), %(srid)s), d.code || '001001001'
  FROM generate_series(1, %(cases)s) g
 CROSS JOIN LATERAL (SELECT (ARRAY['440402', '440403', '440404'])[1 + g %% 3] AS code) d
 CROSS JOIN LATERAL (SELECT CASE WHEN g %% %(open_every)s = 0 THEN (%(open)s::text[])[1 + (g / %(open_every)s) %% %(stages)s]
                                 ELSE 'closed' END AS status) s;
RESET ROLE;
"""


@pytest.fixture(scope="module")
def many_cases(template_db, profile):
    from asset_registry.storage import localpg

    from tests.db.conftest import drop_database, new_database

    name = new_database(template_db, prefix="assetreg_test_open_idx")
    dsn = localpg.server_dsn(name)
    stages = list(open_stages())
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(
                GENERATE,
                {"cases": CASES, "open_every": OPEN_EVERY, "open": stages, "stages": len(stages), "srid": profile.registry_srid},
            )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE assetreg.work_order")  # the visibility map too: index-only scans
    finally:
        conn.close()
    yield dsn
    drop_database(name)


def plan(dsn: str, statement: str, params=None) -> dict:
    """The plan PostgreSQL runs, as an editor reads (through the views, with the editor's rights)."""
    conn = psycopg2.connect(dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SET ROLE assetreg_editor")
            cur.execute("EXPLAIN (FORMAT JSON) " + statement, params)
            return cur.fetchone()[0][0]["Plan"]
    finally:
        conn.close()


def scans(node: dict) -> list[tuple[str, str | None]]:
    """Every scan of the plan: (node type, index name)."""
    found = [(node["Node Type"], node.get("Index Name"))] if "Scan" in node["Node Type"] else []
    for child in node.get("Plans", []):
        found += scans(child)
    return found


def case_table_scans(node: dict) -> list[tuple[str, str | None]]:
    def walk(step: dict) -> list[tuple[str, str | None]]:
        own = [(step["Node Type"], step.get("Index Name"))] if step.get("Relation Name") == "work_order" else []
        return own + [scan for child in step.get("Plans", []) for scan in walk(child)]

    return walk(node)


def test_the_revision_makes_the_open_cases_indexes_and_takes_them_away(registry, empty_db, profile):
    named = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'assetreg' AND indexname = ANY (%s)"
    made = dict(query(registry, named, (sorted(OPEN_INDEXES),)))
    assert made.keys() == OPEN_INDEXES
    finished = "WHERE (status <> ALL (ARRAY['closed'::text, 'cancelled'::text, 'refused'::text]))"
    assert all(definition.endswith(finished) for definition in made.values())
    migrate.init(empty_db, profile)
    assert migrate.downgrade(empty_db, profile, "0017") == "0017"
    assert query(empty_db, named, (sorted(OPEN_INDEXES),)) == []
    assert migrate.upgrade(empty_db, profile) == migrate.head_revision()
    assert len(query(empty_db, named, (sorted(OPEN_INDEXES),))) == 3


def sorts(node: dict) -> list[str]:
    own = [node["Node Type"]] if node["Node Type"] in ("Sort", "Incremental Sort") else []
    return own + [found for child in node.get("Plans", []) for found in sorts(child)]


def test_the_list_of_a_district_and_stage_walks_an_open_cases_index_back(many_cases):
    statement, params = _listing_query(CaseFilter(stages=("registered",), district=DISTRICT), LISTED)
    top = plan(many_cases, statement, params)
    (scan,) = case_table_scans(top)
    assert scan[0] == "Index Scan" and scan[1] in OPEN_INDEXES, scan
    # in id order, newest first: no sort of the stage's cases, and only as far as the list goes
    assert top["Node Type"] == "Limit" and top["Plans"][0].get("Scan Direction") == "Backward" and not sorts(top)


@pytest.mark.parametrize("district", [DISTRICT, None])
def test_the_list_of_every_open_stage_merges_one_index_scan_per_stage(many_cases, district):
    stages = open_stages()
    statement, params = _listing_query(CaseFilter(stages=stages, district=district), LISTED)
    top = plan(many_cases, statement, params)
    used = case_table_scans(top)
    assert len(used) == len(stages) and {scan[0] for scan in used} == {"Index Scan"}, used
    assert {scan[1] for scan in used} <= OPEN_INDEXES, used
    # each stage read newest first, only as far as needed, and merged: no sort of every open case
    assert top["Plans"][0]["Node Type"] == "Merge Append" and not sorts(top)


@pytest.mark.parametrize(("district", "index"), [(DISTRICT, "work_order_open_district_idx"), (None, None)])
def test_the_counts_per_open_stage_come_from_an_index_alone(many_cases, district, index):
    conditions, params = _conditions(CaseFilter(district=district))
    conditions.append("o.status = ANY(%s)")
    statement = f"SELECT o.status, count(*) FROM assetreg_app.case_overview o WHERE {_where(conditions)} GROUP BY o.status"
    used = case_table_scans(plan(many_cases, statement, [*params, list(open_stages())]))
    assert len(used) == 1 and used[0][0] == "Index Only Scan"
    assert index is None or used[0][1] == index


def test_the_cases_layer_reads_the_open_cases_from_the_index_alone(many_cases, profile):
    from asset_registry.core.standard import Standard
    from asset_registry.qgis_common.case_layer import CASES_QUERY
    from asset_registry.qgis_common.case_layer import open_stages as layer_stages

    stages = ", ".join(f"'{stage}'" for stage in layer_stages(Standard()))
    # as QGIS's PostGIS provider asks for the features of the map's extent
    statement = (
        f"SELECT ST_AsBinary(geom), id, style FROM {CASES_QUERY.format(stages=stages)} AS q"
        f" WHERE geom && ST_MakeEnvelope(0, 0, 1e7, 1e7, {profile.registry_srid})"
    )
    assert case_table_scans(plan(many_cases, statement)) == [("Index Only Scan", "work_order_open_map_idx")]
    counted = query(many_cases, f"SELECT count(*) FROM {CASES_QUERY.format(stages=stages)} AS q")[0][0]
    assert counted == CASES // OPEN_EVERY
