"""The cases panel's list (storage/case_list.py): each filter narrows to the cases it names, the counts
per stage ignore the stage choice, and a login sees "mine" as its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asset_registry.core.case_panel import CaseFilter
from asset_registry.storage.case_list import list_panel_cases, stage_counts
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases

from tests.db.conftest import outside_the_flow
from tests.db.test_workorders import PAYLOAD, walk
from tests.helpers import numbered_lights, write_geojson

LIGHT = "44040201037000001"


@pytest.fixture
def cases(registry, standard, profile, tmp_path):
    """Five cases: two reported (one about a light, one hotline with an address), a dispatched one to 路灯所,
    a closed one, and a dispatched one long past its deadlines reported by another district."""
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), standard, profile, "streetlight")
    made = {}
    with connection(registry) as conn:

        def report(name, path, **case):
            base = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "x": 500000, "y": 2460000}
            reported = report_cases(conn, [{**base, **case}])[0]
            made[name] = reported.id
            walk(conn, reported.id, reported.version, path)

        report("light", (), assets=[{"family": "streetlight", "component_id": LIGHT}])
        report("hotline", (), source="hotline_12345", address="香洲区人民东路 88 号", matter_code="44040206013")
        report("dispatched", ("accept", "register", "dispatch"))
        report("closed", ("accept", "register", "dispatch", "start", "handle", "verify", "close"))
        report("late", ("accept", "register", "dispatch"), matter_code="44040301037")
    outside_the_flow(
        registry,
        "UPDATE assetreg.work_order SET handling_deadline = now() - interval '2 days',"
        " closing_deadline = now() - interval '1 day', located_grid = '440403001001001' WHERE id = %s",
        (made["late"],),
    )
    return registry, made


def ids(registry, **chosen):
    with connection(registry) as conn:
        return {row["id"] for row in list_panel_cases(conn, CaseFilter(**chosen)).rows}


def test_each_filter_narrows_to_what_it_names(cases):
    registry, made = cases
    everything = set(made.values())
    assert ids(registry) == everything
    assert ids(registry, stages=("reported",)) == {made["light"], made["hotline"]}
    assert ids(registry, stages=("dispatched",), district="440403") == {made["late"]}
    assert ids(registry, overdue="handling") == {made["late"]}
    assert ids(registry, overdue="closing") == {made["late"]}
    assert ids(registry, overdue="any") == {made["late"]}
    assert ids(registry, matter_class="06013") == {made["hotline"]}
    assert ids(registry, source="hotline_12345") == {made["hotline"]}
    assert ids(registry, maintainer=PAYLOAD["maintainer"]) == {made["dispatched"], made["closed"], made["late"]}
    assert ids(registry, search=LIGHT) == {made["light"]}
    assert ids(registry, search="人民东路") == {made["hotline"]}
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert ids(registry, reported_from=tomorrow) == set()
    assert ids(registry, reported_to=tomorrow) == everything


def test_search_by_case_number(cases):
    registry, made = cases
    with connection(registry) as conn:
        listing = list_panel_cases(conn, CaseFilter())
        case_no = next(row["case_no"] for row in listing.rows if row["id"] == made["closed"])
    assert ids(registry, search=case_no.lower()) == {made["closed"]}


def test_counts_per_stage_ignore_the_stage_choice_and_count_finished_ones_in_a_period(cases):
    registry, _ = cases
    with connection(registry) as conn:
        open_counts = stage_counts(conn, CaseFilter(stages=("reported",)))
        assert open_counts == {"reported": 2, "dispatched": 2}
        week = CaseFilter(reported_from=datetime.now(UTC) - timedelta(days=7))
        assert stage_counts(conn, week) == {"reported": 2, "dispatched": 2, "closed": 1}
        assert list_panel_cases(conn, CaseFilter(), limit=2).truncated


def test_mine_is_what_the_login_reported_or_acted_on(cases, login_as):
    registry, made = cases
    editor = login_as("assetreg_editor")
    with connection(editor) as conn:
        assert list_panel_cases(conn, CaseFilter(mine=True)).rows == []
        walk(conn, made["light"], 1, ("accept",))
        assert [row["id"] for row in list_panel_cases(conn, CaseFilter(mine=True)).rows] == [made["light"]]
