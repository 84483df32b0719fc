"""A collector filled in by a later export leaves a trace (issue 15; 66_case_history_fills.sql): a historical case
imported without its collector (collector_code) and re-imported from the platform's later export that names one
gets one 'fill_collector' event (the stage unchanged, the importing login, the code and the submission in its
payload) and its version moves by one. Importing that export again adds nothing. Nothing derived reacts to the
event: the case facts, the repeat marks, the lights off and the indicators stay as they were, the figures per
person move the filled cases to their collectors. Only the flow's load writes such an event."""

from __future__ import annotations

import csv
import json

import psycopg2
import pytest
from asset_registry.core.standard import Standard
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import indicator_table

from tests.db.conftest import query
from tests.db.test_case_history import assert_reimport_changes_nothing
from tests.db.test_case_history_csv import ADDRESS
from tests.db.test_collector_figures import ALICE, BOB, FIGURES, MONTH, collected, persons
from tests.db.test_security import REGISTRY_ROLES
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

LIGHTS = [f"44040201037{serial:06d}" for serial in (1, 2)]


def on(record: tuple[dict, tuple], light: str) -> tuple[dict, tuple]:
    properties, point = record
    return {**properties, "component_id": light}, point


# November 2026, as the platform's later export has it: test_collector_figures.py's month, C07 naming its collector
# (ALICE), C06 (dispatched, open) and C07 (closed) each about a light. In the first export C03 (on the spot), C06
# and C07 were without their collector.
LATER = [
    on(record, LIGHTS[0]) if record[0]["case_no"] == "C06"
    else on(collected(record, ALICE), LIGHTS[1]) if record[0]["case_no"] == "C07"
    else record
    for record in MONTH
]  # fmt: skip
FILLED = {"C03": ALICE, "C06": BOB, "C07": ALICE}
FIRST = [({k: v for k, v in p.items() if k != "collector_code"}, xy) if p["case_no"] in FILLED else (p, xy) for p, xy in LATER]
EVENTS = "SELECT * FROM assetreg.work_order_event ORDER BY id"
# every case's every column but the two a fill changes
REST = "SELECT to_jsonb(w) - 'collector_code' - 'version' FROM assetreg.work_order w ORDER BY id"
# what is derived from the cases, each ordered in full
DERIVED = {
    "case_fact": "SELECT * FROM assetreg.case_fact ORDER BY 1",
    "case_assignment_fact": "SELECT * FROM assetreg.case_assignment_fact ORDER BY 1, 2",
    "case_repeat": "SELECT * FROM assetreg.case_repeat ORDER BY 1",
    "kpi_light_off": "SELECT asset_uid, span::text FROM assetreg_app.kpi_light_off ORDER BY 1, 2",
}


def write(path, records: list[tuple[dict, tuple]], kind: str):
    """The records as the platform exports them: GeoJSON, or a CSV of their properties and an address instead of
    the geometry (as test_case_history_csv.py writes them)."""
    if kind == "geojson":
        return write_geojson(path.with_suffix(".geojson"), records)
    rows = [{**properties, "address": ADDRESS} for properties, _ in records]
    path = path.with_suffix(".csv")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(dict.fromkeys(name for row in rows for name in row)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def load(dsn, path, profile, **options):
    return import_delivery(dsn, path, Standard("1.1"), profile, "work_order", **options)


def loaded(registry, profile, tmp_path, kind: str) -> tuple:
    """The two lights, and the first export loaded (by the registry's owner); the later export's path."""
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), Standard("1.1"), profile)
    first = write(tmp_path / "first", FIRST, kind)
    assert load(registry, first, profile).inserted == 7
    assert query(registry, "SELECT count(*) FROM assetreg.work_order WHERE collector_code IS NULL") == [(3,)]
    return registry, first, write(tmp_path / "later", LATER, kind)


@pytest.fixture(params=["geojson", "csv"])
def first_export(request, registry, profile, tmp_path):
    return loaded(registry, profile, tmp_path, request.param)


@pytest.fixture
def first_geojson(registry, profile, tmp_path):
    """GeoJSON only: a CSV has no geometry to place its cases (no repeat marks to keep)."""
    return loaded(registry, profile, tmp_path, "geojson")


def test_each_filled_case_gets_one_event_and_its_version_moves(first_export, profile, login_as):
    dsn, _, later = first_export
    events, rest = query(dsn, EVENTS), query(dsn, REST)
    before = {row[0]: row for row in query(dsn, "SELECT case_no, id, version, status FROM assetreg.work_order")}
    editor = login_as("assetreg_editor")
    result = load(editor, later, profile)
    assert (result.inserted, result.updated, result.unchanged, result.rejected) == (0, 3, 4, 0)
    added = query(
        dsn,
        "SELECT w.case_no, e.action, e.from_status, e.to_status, e.actor, e.payload, e.version, w.version,"
        "       e.at >= s.submitted_at AND e.at <= now(), e.reason, e.handling_deadline"
        "  FROM assetreg.work_order_event e JOIN assetreg.work_order w ON w.id = e.work_order_id"
        "  JOIN assetreg.submission s ON s.id = %s"
        " WHERE e.id > %s ORDER BY w.case_no",
        (result.submission_id, events[-1][0]),
    )
    login = psycopg2.extensions.parse_dsn(editor)["user"]
    assert added == [
        (
            case_no,
            "fill_collector",
            before[case_no][3],
            before[case_no][3],  # the stage unchanged
            login,  # who imported the later export, not who imported the first
            {"collector": code, "submission": result.submission_id},
            before[case_no][2] + 1,
            before[case_no][2] + 1,  # the case's version is its latest event's
            True,
            None,
            None,
        )
        for case_no, code in sorted(FILLED.items())
    ]
    # the events the cases had stay as they were; of the cases only the filled ones' collector and version moved
    assert query(dsn, "SELECT * FROM assetreg.work_order_event WHERE id <= %s ORDER BY id", (events[-1][0],)) == events
    after = query(
        dsn,
        "SELECT case_no, collector_code, version FROM assetreg.work_order WHERE case_no = ANY(%s) ORDER BY 1",
        (list(FILLED),),
    )
    assert after == [(case_no, code, before[case_no][2] + 1) for case_no, code in sorted(FILLED.items())]
    assert query(dsn, REST) == rest


def test_the_same_export_again_adds_nothing(first_export, profile):
    dsn, first, later = first_export
    assert load(dsn, later, profile).updated == 3
    assert_reimport_changes_nothing(dsn, lambda: load(dsn, later, profile), 7)
    # the first export still matches: no collector taken away
    assert_reimport_changes_nothing(dsn, lambda: load(dsn, first, profile), 7)
    assert query(dsn, "SELECT count(*) FROM assetreg.work_order_event WHERE action = 'fill_collector'") == [(3,)]


def test_nothing_derived_reacts_and_the_figures_move_to_the_collectors(first_geojson, profile):
    dsn, _, later = first_geojson
    derived = {name: query(dsn, sql) for name, sql in DERIVED.items()}
    assert all(derived.values()), {name: len(rows) for name, rows in derived.items()}  # each has something to keep
    with connection(dsn) as conn:
        indicators = {name: indicator_table(conn, name, None, "2026-11", live=True).rows for name in ("cases", "steps")}
    importer = query(dsn, "SELECT reported_by FROM assetreg.work_order WHERE case_no = 'C07'")[0][0]
    figures = {code: tuple(row[k] for k in FIGURES) for code, row in persons(dsn).items() if code != ""}
    assert figures == {ALICE: (2, 1, 0), BOB: (2, 2, 2), importer: (3, 3, 1), None: (7, 6, 3)}

    assert load(dsn, later, profile).updated == 3
    assert {name: query(dsn, sql) for name, sql in DERIVED.items()} == derived
    with connection(dsn) as conn:
        assert {name: indicator_table(conn, name, None, "2026-11", live=True).rows for name in indicators} == indicators
    figures = {code: tuple(row[k] for k in FIGURES) for code, row in persons(dsn).items() if code != ""}
    assert figures == {ALICE: (4, 3, 1), BOB: (3, 3, 2), None: (7, 6, 3)}  # C03, C07 hers, C06 his; the same total


def test_wo_show_lists_the_fill_with_its_label(first_geojson, profile):
    dsn, _, later = first_geojson
    result = load(dsn, later, profile)
    case_id, version = query(dsn, "SELECT id, version FROM assetreg.work_order WHERE case_no = 'C06'")[0]
    shown = assetreg("wo", "show", str(case_id), "--dsn", dsn)
    assert shown.returncode == 0, shown.stderr
    (line,) = (line for line in shown.stdout.splitlines() if "fill_collector" in line)
    assert f"v{version} " in line and "补录采集员" in line and "dispatched → dispatched" in line
    english = assetreg("--lang", "en", "wo", "show", str(case_id), "--dsn", dsn)
    assert english.returncode == 0, english.stderr
    assert any("fill_collector" in line and "Collector filled in" in line for line in english.stdout.splitlines())
    assert "dispatch  派遣" in shown.stdout  # every event's action with its words, not the new one's alone
    document = json.loads(assetreg("wo", "show", str(case_id), "--format", "json", "--dsn", dsn).stdout)
    (fill,) = (event for event in document["events"] if event["action"] == "fill_collector")
    assert fill["payload"] == {"collector": BOB, "submission": result.submission_id}


@pytest.mark.parametrize("role", sorted(REGISTRY_ROLES))
def test_no_login_writes_a_fill_event_around_the_load(registry, profile, tmp_path, login_as, role):
    """The event is the load's (case_load_history runs the fill as the flow's role); a login of each role that
    inserts one, or calls the fill, is refused."""
    load(registry, write_geojson(tmp_path / "first.geojson", [FIRST[2]]), profile)  # C03, without its collector
    case_id, version, status = query(registry, "SELECT id, version, status FROM assetreg.work_order")[0]
    events = query(registry, EVENTS)
    attempts = (
        (
            "INSERT INTO assetreg.work_order_event (work_order_id, version, action, from_status, to_status, payload)"
            " VALUES (%s, %s, 'fill_collector', %s, %s, %s)",
            (case_id, version + 1, status, status, json.dumps({"collector": ALICE, "submission": None})),
        ),
        ("SELECT assetreg_app.case_history_fill_collectors()", None),
    )
    dsn = login_as(role)
    for statement, params in attempts:
        conn = psycopg2.connect(dsn)
        try:
            with pytest.raises(psycopg2.Error) as caught, conn.cursor() as cur:
                cur.execute(statement, params)
            assert caught.value.pgcode in ("AR009", "42501"), caught.value
        finally:
            conn.close()
    assert query(registry, EVENTS) == events
    assert query(registry, "SELECT version, collector_code FROM assetreg.work_order") == [(version, None)]
