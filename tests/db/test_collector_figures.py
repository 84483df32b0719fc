"""Per-person figures of historical cases by their collector (issue 15; standard 1.1 `collector_code`, revision
0029): a case imported with `import --class work_order` that names its collector counts its report, validity and
on-the-spot closure under that staff code in `kpi persons`, not under the login that imported it; a case without
one counts as before. Re-importing the same file changes nothing, and cases imported before the field keep
their digest."""

from __future__ import annotations

import json

import psycopg2
import pytest
from asset_registry.core.errors import RefusedError
from asset_registry.core.standard import Standard
from asset_registry.storage.case_steps import on_the_spot
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import indicator_table
from asset_registry.storage.workorders import report_cases

from tests.db.conftest import query
from tests.db.test_case_history import OPENED, assert_reimport_changes_nothing, case, digests_kept
from tests.helpers import XIANGZHOU_XY, write_geojson
from tests.unit.test_cli import assetreg

ALICE, BOB = "ZH-CJ-001", "ZH-CJ-002"  # two collectors' staff codes on the platform
CLOSED = {**OPENED, "handled_at": "03T10:00", "verified_at": "03T11:00", "closed_at": "03T12:00"}


def collected(record: tuple[dict, tuple], collector: str | None) -> tuple[dict, tuple]:
    properties, point = record
    return ({**properties, "collector_code": collector} if collector else properties), point


def spot(case_no: str, day: str) -> tuple[dict, tuple]:
    """Handled and closed on the spot by the collector who reported it: never dispatched."""
    properties, point = case(case_no, "closed", reported_at=f"{day}T09:00", on_the_spot_at=f"{day}T09:30",
                             handled_notes="扶正灯杆")  # fmt: skip
    properties.pop("handling_unit")
    return properties, point


# November 2026: ALICE reported C01 (closed), C02 (refused: not valid) and C03 (on the spot); BOB C04 and C05 (on
# the spot) and C06 (dispatched, open); C07 (closed) names no collector: the importing login's, as before.
MONTH = [
    collected(case("C01", "closed", **CLOSED), ALICE),
    collected(case("C02", "refused", reported_at="05T09:00", refused_at="05T10:00"), ALICE),
    collected(spot("C03", "06"), ALICE),
    collected(spot("C04", "07"), BOB),
    collected(spot("C05", "08"), BOB),
    collected(case("C06", "dispatched", **OPENED), BOB),
    collected(case("C07", "closed", **CLOSED), None),
]
FIGURES = ("reported", "valid", "on_the_spot")


def load(dsn, path, profile, **options):
    return import_delivery(dsn, path, Standard("1.1"), profile, "work_order", **options)


@pytest.fixture
def november(registry, profile, tmp_path):
    path = write_geojson(tmp_path / "cases.geojson", MONTH)
    result = load(registry, path, profile)
    assert (result.inserted, result.rejected) == (7, 0)
    importer = query(registry, "SELECT reported_by FROM assetreg.work_order WHERE case_no = 'C07'")[0][0]
    return registry, path, importer


def persons(dsn: str) -> dict:
    with connection(dsn) as conn:
        rows = indicator_table(conn, "persons", "person", "2026-11", live=True).rows
    return {None if row["is_total"] else row["group_code"]: row for row in rows}


def test_each_collectors_reports_validity_and_on_the_spot_closures_are_counted_under_their_code(november):
    dsn, _, importer = november
    rows = persons(dsn)
    assert {code: tuple(row[k] for k in FIGURES) for code, row in rows.items() if code != ""} == {
        ALICE: (3, 2, 1),
        BOB: (3, 3, 2),
        importer: (1, 1, 0),  # C07, without a collector: as before
        None: (7, 6, 3),
    }
    # the total row still adds up: every report and closure is someone's
    for key in FIGURES:
        assert rows[None][key] == sum(row[key] for code, row in rows.items() if code is not None)
    # the code is its own label, as a login is
    assert (rows[ALICE]["label_zh"], rows[ALICE]["label_en"]) == (ALICE, ALICE)


def test_the_code_is_stored_on_the_case_and_a_live_case_is_still_its_logins(november, login_as):
    dsn, _, _ = november
    stored = query(dsn, "SELECT case_no, collector_code FROM assetreg.work_order ORDER BY case_no")
    assert stored == [("C01", ALICE), ("C02", ALICE), ("C03", ALICE), ("C04", BOB), ("C05", BOB), ("C06", BOB), ("C07", None)]
    collector = login_as("assetreg_crew")
    x, y = XIANGZHOU_XY
    with connection(collector) as conn:
        report = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "x": x, "y": y}
        (live,) = report_cases(conn, [report])
        on_the_spot(conn, live.id, live.version, "扶正灯杆")
    login = query(dsn, "SELECT reported_by, collector_code FROM assetreg.work_order WHERE id = %s", (live.id,))[0]
    assert login[1] is None
    figures = query(
        dsn,
        "SELECT group_code, reported, valid, on_the_spot FROM assetreg_app.kpi_persons(now() - interval '1 hour',"
        " now() + interval '1 hour') WHERE NOT is_total AND reported + on_the_spot > 0",
    )
    assert figures == [(login[0], 1, 1, 1)]


def test_a_reimport_of_the_same_file_changes_nothing(november, profile):
    dsn, path, _ = november
    figures = persons(dsn)
    assert_reimport_changes_nothing(dsn, lambda: load(dsn, path, profile), 7)
    assert persons(dsn) == figures


def test_a_case_imported_before_the_field_keeps_its_digest(november, profile, tmp_path):
    """The digest counts collector_code only when given: a record of a file imported before revision 0029 (its
    staging row had no such column) matches the same record staged now (the column there, empty)."""
    dsn, _, _ = november
    before = '{"case_no": "C07", "status": "closed", "stage_row": 1, "urged_at": null}'
    now = '{"case_no": "C07", "status": "closed", "stage_row": 9, "urged_at": null, "collector_code": null}'
    given = '{"case_no": "C07", "status": "closed", "stage_row": 1, "urged_at": null, "collector_code": "ZH-CJ-001"}'
    assert digests_kept(dsn, before, now, given) == [(True, True, False)]


def test_a_later_export_that_only_adds_the_collector_fills_it_in(november, profile, tmp_path):
    """C07 was imported without its collector; the platform's later export names her. Only that is added: the
    case is updated (not refused), the figures per person count it under her code, and the events it had stay, one
    more recording the fill (its own tests: test_collector_fill_event.py)."""
    dsn, path, importer = november
    events = query(dsn, "SELECT * FROM assetreg.work_order_event ORDER BY id")
    others = query(dsn, "SELECT * FROM assetreg.work_order WHERE case_no <> 'C07' ORDER BY id")
    version = query(dsn, "SELECT version FROM assetreg.work_order WHERE case_no = 'C07'")[0][0]
    named = [collected(record, ALICE) if record[0]["case_no"] == "C07" else record for record in MONTH]
    later = write_geojson(tmp_path / "later.geojson", named)
    dry = load(dsn, later, profile, dry_run=True)
    assert (dry.inserted, dry.updated, dry.unchanged) == (0, 1, 6)
    assert query(dsn, "SELECT collector_code FROM assetreg.work_order WHERE case_no = 'C07'") == [(None,)]
    result = load(dsn, later, profile)
    assert (result.inserted, result.updated, result.unchanged, result.rejected) == (0, 1, 6, 0)
    assert query(dsn, "SELECT collector_code, version FROM assetreg.work_order WHERE case_no = 'C07'") == [(ALICE, version + 1)]
    assert query(dsn, "SELECT * FROM assetreg.work_order_event WHERE action <> 'fill_collector' ORDER BY id") == events
    assert query(dsn, "SELECT * FROM assetreg.work_order WHERE case_no <> 'C07' ORDER BY id") == others
    rows = persons(dsn)
    assert tuple(rows[ALICE][k] for k in FIGURES) == (4, 3, 1)  # C07's report and validity are now hers
    assert importer not in rows
    assert tuple(rows[None][k] for k in FIGURES) == (7, 6, 3)
    # the same export again, and the first file again: nothing more changes
    assert (load(dsn, later, profile).updated, load(dsn, path, profile).unchanged) == (0, 7)
    assert query(dsn, "SELECT collector_code FROM assetreg.work_order WHERE case_no = 'C07'") == [(ALICE,)]


@pytest.mark.parametrize(
    "changed",
    [
        collected(case("C07", "closed", **{**CLOSED, "closed_at": "03T13:00"}), ALICE),  # the collector and a time
        collected(case("C01", "closed", **CLOSED), BOB),  # another collector than the one it was imported with
        case("C01", "closed", **CLOSED),  # a collector taken away
    ],
)
def test_any_other_difference_stays_refused(november, profile, tmp_path, changed):
    dsn, _, _ = november
    cases = query(dsn, "SELECT * FROM assetreg.work_order ORDER BY id")
    filler = collected(case("C07", "closed", **CLOSED), ALICE)  # a fill-in beside it is refused with it
    records = [changed] if changed[0]["case_no"] == "C07" else [changed, filler]
    with pytest.raises(RefusedError) as refused:
        load(dsn, write_geojson(tmp_path / "changed.geojson", records), profile)
    assert changed[0]["case_no"] in refused.value.message("en")
    assert query(dsn, "SELECT * FROM assetreg.work_order ORDER BY id") == cases


def test_no_login_fills_a_collector_around_the_load(november, login_as):
    """The fill is the load's (run by the case flow's role inside it); an editor calling it, or writing the column,
    is refused."""
    dsn, _, _ = november
    editor = login_as("assetreg_editor")
    with psycopg2.connect(editor) as conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("SELECT assetreg_app.case_history_fill_collectors()")
    with psycopg2.connect(editor) as conn, conn.cursor() as cur, pytest.raises(psycopg2.Error) as caught:
        cur.execute("UPDATE assetreg.work_order SET collector_code = 'X1' WHERE case_no = 'C07'")
    assert caught.value.pgcode in ("AR009", "42501")
    assert query(dsn, "SELECT collector_code FROM assetreg.work_order WHERE case_no = 'C07'") == [(None,)]


def test_a_collector_filled_in_a_second_time_differently_is_refused(november, profile, tmp_path):
    dsn, _, _ = november
    load(dsn, write_geojson(tmp_path / "alice.geojson", [collected(case("C07", "closed", **CLOSED), ALICE)]), profile)
    with pytest.raises(RefusedError) as refused:
        load(dsn, write_geojson(tmp_path / "bob.geojson", [collected(case("C07", "closed", **CLOSED), BOB)]), profile)
    assert "C07" in refused.value.message("en")
    assert query(dsn, "SELECT collector_code FROM assetreg.work_order WHERE case_no = 'C07'") == [(ALICE,)]


def test_a_code_with_personal_data_is_a_finding(registry, profile, tmp_path):
    bad = collected(case("P01", "closed", **CLOSED), "张三 13800000000")  # a name and a phone number
    path = write_geojson(tmp_path / "bad.geojson", [bad, case("P02", "reported", reported_at="02T09:00")])
    with pytest.raises(RefusedError):
        load(registry, path, profile)
    result = load(registry, path, profile, accept_valid=True)
    assert {(f.rule, f.field) for f in result.report.errors} == {("schema.pattern", "collector_code")}
    assert query(registry, "SELECT case_no FROM assetreg.work_order") == [("P02",)]


def test_a_viewer_reads_the_figures_and_a_contractor_is_refused(november, login_as):
    dsn, _, importer = november
    viewer = login_as("assetreg_viewer")
    rows = persons(viewer)
    assert tuple(rows[BOB][k] for k in FIGURES) == (3, 3, 2) and rows[importer]["reported"] == 1
    contractor = login_as("assetreg_contractor")
    with psycopg2.connect(contractor) as conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("SELECT * FROM assetreg_app.kpi_persons(now() - interval '90 days', now())")


def test_cli_shows_the_collectors_codes(november):
    dsn, _, _ = november
    table = assetreg("kpi", "persons", "--period", "2026-11", "--dsn", dsn)
    assert table.returncode == 0, table.stderr
    assert ALICE in table.stdout and BOB in table.stdout and "即知即办" in table.stdout
    listed = assetreg("--lang", "en", "kpi", "persons", "--period", "2026-11", "--format", "json", "--dsn", dsn)
    assert listed.returncode == 0, listed.stderr
    rows = {row["group_code"]: row for row in json.loads(listed.stdout)["rows"] if not row["is_total"]}
    assert (rows[ALICE]["label_en"], rows[ALICE]["on_the_spot"], rows[BOB]["on_the_spot"]) == (ALICE, 1, 2)
