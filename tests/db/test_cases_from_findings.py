"""Cases from inspection findings: one per standing finding, never twice, through the CLI too."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import cases_from_findings, record_outages

from tests.db.conftest import query
from tests.db.test_kpi import _patrol, light_id
from tests.helpers import XIANGZHOU_XY, numbered_lights, tree, write_geojson
from tests.unit.test_cli import assetreg

TREE = "44040204002000001"


@pytest.fixture
def patrolled(registry, standard, profile, tmp_path):
    """Lights 1-4 and a street tree, inspected:
    1 unlit (stands) · 2 unlit, then lit (no longer stands) · 3 unlit, but its outage case is open ·
    4 lit · the tree found damaged by a tree survey."""
    import_delivery(registry, write_geojson(tmp_path / "l.geojson", numbered_lights(4)), standard, profile)
    import_delivery(registry, write_geojson(tmp_path / "t.geojson", [(tree(), XIANGZHOU_XY)]), standard, profile, "tree")
    with connection(registry) as conn:
        record_outages(conn, "streetlight", [light_id(3)], "已报修")
    _patrol(registry, 1, 1, "2026-11-09 21:00+08", False)
    _patrol(registry, 2, 2, "2026-11-08 21:00+08", False)
    _patrol(registry, 3, 2, "2026-11-09 21:00+08", True)
    _patrol(registry, 4, 3, "2026-11-09 21:00+08", False)
    _patrol(registry, 5, 4, "2026-11-09 21:00+08", True)
    query(
        registry,
        "INSERT INTO assetreg.inspection (inspection_id, kind, component_id, inspected_at, status_found, asset_family, asset_uid)"
        " SELECT 'T0001', 'tree_survey', component_id, '2026-11-10 10:00+08', 'damaged', 'tree', uid FROM assetreg.tree",
    )
    return registry


CASES = (
    "SELECT w.matter_code, w.source, a.component_id, e.payload ->> 'inspection_id' FROM assetreg.work_order w"
    " JOIN assetreg.work_order_asset a ON a.work_order_id = w.id"
    " JOIN assetreg.work_order_event e ON e.work_order_id = w.id AND e.action = 'report'"
    " WHERE w.source <> 'patrol' OR e.payload ? 'inspection_id' ORDER BY 3"
)


def test_each_standing_finding_becomes_one_case_once(patrolled, standard, profile):
    with connection(patrolled) as conn:
        dry = cases_from_findings(conn, standard, profile, dry_run=True)
        assert [f["inspection_id"] for f in dry.findings] == ["P0001", "T0001"] and dry.reported == []
        assert query(patrolled, CASES) == []
        done = cases_from_findings(conn, standard, profile)
        again = cases_from_findings(conn, standard, profile)
    assert len(done.reported) == 2 and again.findings == [] and again.reported == []
    # the light's own fault class and the tree's; the district from the identifiers
    assert query(patrolled, CASES) == [
        ("44040201037", "patrol", light_id(1), "P0001"),
        ("44040204002", "inspection", TREE, "T0001"),
    ]
    located = query(patrolled, "SELECT count(*) FROM assetreg.work_order WHERE geom IS NULL")
    assert located == [(0,)]  # each case stands where its asset does


def test_a_narrower_run_looks_only_at_what_it_names(patrolled, standard, profile):
    from datetime import datetime

    with connection(patrolled) as conn:
        since = cases_from_findings(conn, standard, profile, since=datetime(2026, 11, 10, tzinfo=UTC), dry_run=True)
        other = cases_from_findings(conn, standard, profile, submission=999, dry_run=True)
    assert [f["inspection_id"] for f in since.findings] == ["T0001"] and other.findings == []


def test_the_command_reports_them_and_a_dry_run_writes_nothing(patrolled):
    dry = assetreg("--lang", "en", "wo", "from-inspections", "--dry-run", "--dsn", patrolled)
    assert dry.returncode == 0, dry.stderr
    assert "Would report: streetlight:44040201037000001" in dry.stdout and "dry run" in dry.stdout
    assert query(patrolled, CASES) == []
    done = assetreg("--lang", "en", "wo", "from-inspections", "--since", "2026-11-01", "--dsn", patrolled)
    assert done.returncode == 0 and "2 cases reported" in done.stdout
    listed = json.loads(assetreg("wo", "list", "--format", "json", "--dsn", patrolled).stdout)
    assert len(listed) == 3  # the outage of light 3 and the two new ones
    bad = assetreg("wo", "from-inspections", "--since", "yesterday", "--dsn", patrolled)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
