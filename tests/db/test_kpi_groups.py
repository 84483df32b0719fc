"""The indicator gaps of issue 15 on a November of known counts: the ranking by district, street, community,
grid and maintainer; a unit with a target unmeasured kept off the red list (未测); the case steps (回退,
督办, 催办, 即知即办, replies) and the figures per person (collectors and crews) as indicators, each the same
live and from the month's snapshot, to two decimals."""

from __future__ import annotations

import json

import pytest
from asset_registry.core.standard import Standard
from asset_registry.storage.areas import load_areas
from asset_registry.storage.case_steps import on_the_spot, supervise
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import indicator_board, indicator_table, take_snapshot
from asset_registry.storage.workorders import report_cases, transition

from tests.db.conftest import outside_the_flow, query
from tests.db.test_case_history import OPENED, case
from tests.helpers import XIANGZHOU_XY, numbered_lights, square, write_geojson
from tests.unit.test_cli import assetreg

X0, Y0 = XIANGZHOU_XY
# one district, two streets, four communities of one grid each, side by side from west to east
C1, C2, C3, C4 = "440402001001", "440402001002", "440402002001", "440402002002"
S1, S2 = "440402001", "440402002"
WEST_EDGE = {C1: X0 - 4000, C2: X0 - 3000, C3: X0 - 2000, C4: X0 - 1000}
WIDTH = {C1: 1000, C2: 1000, C3: 1000, C4: 2000}


def inside(community: str) -> tuple[float, float]:
    return WEST_EDGE[community] + 500, Y0


def placed(record: tuple[dict, tuple], community: str, crew: str | None = None) -> tuple[dict, tuple]:
    properties, _ = record
    return ({**properties, "crew": crew} if crew else properties), inside(community)


# November 2026, as a platform exports it (the cases of tests/db/test_case_history.py, placed and crewed):
#   C1: H01 closed on time (一班, replied), H02 handled and closed late (二班), H03 reworked, both handlings on
#       time (一班); C2: H04 deferred after its dispatch (二班), H06 cancelled, H07 dispatched and open (二班);
#   C3: H08 closed on time (一班), three lights all on; C4: H05 refused (never registered), three lights on.
CASES = [
    placed(case("H01", "closed", **OPENED, handled_at="03T10:00", verified_at="03T11:00", closed_at="03T12:00",
                replied_at="03T12:30", reply_channel="sms", reply_text="已修复", satisfaction="satisfied"), C1, "一班"),
    placed(case("H02", "closed", **OPENED, handled_at="16T10:00", verified_at="20T09:00", closed_at="20T10:00"), C1, "二班"),
    placed(case("H03", "closed", **OPENED, first_handled_at="03T09:00", reworked_at="03T15:00", handled_at="04T10:00",
                rework_count=1, verified_at="04T11:00", closed_at="04T12:00"), C1, "一班"),
    placed(case("H04", "deferred", **OPENED, deferred_at="03T09:00"), C2, "二班"),
    placed(case("H06", "cancelled", **OPENED, cancelled_at="02T16:00"), C2),
    placed(case("H07", "dispatched", **OPENED), C2, "二班"),
    placed(case("H08", "closed", **OPENED, handled_at="03T10:00", verified_at="03T11:00", closed_at="03T12:00"), C3, "一班"),
    placed(case("H05", "refused", reported_at="05T09:00", refused_at="05T10:00"), C4),
]  # fmt: skip


def _areas(dsn: str, profile, tmp_path) -> None:
    grids = [
        ({"level": "grid", "code": f"{code}001", "name": f"G{code[-1]}"}, square(WEST_EDGE[code], Y0 - 1000, WIDTH[code], 2000))
        for code in (C1, C2, C3, C4)
    ]
    load_areas(dsn, write_geojson(tmp_path / "grids.geojson", grids), profile)


def _lights(dsn: str, standard, profile, tmp_path) -> None:
    in_c4 = numbered_lights(3, start=1, road_class="arterial")  # at X0 + 30·serial
    in_c3 = [(properties, (X0 - 1500 + serial, Y0)) for serial, (properties, _) in enumerate(numbered_lights(3, start=4))]
    import_delivery(dsn, write_geojson(tmp_path / "lights.geojson", in_c4 + in_c3), standard, profile)


def _live_steps(dsn: str, collector: str) -> dict[str, int]:
    """A collector's three reports in C1, moved to 10 November: L1 handled on the spot; L2 registered,
    dispatched to 三班, returned (回退), supervised twice and urged once; L3 refused."""
    report = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮"}
    x, y = inside(C1)
    with connection(collector) as conn:
        l1, l2, l3 = report_cases(conn, [{**report, "x": x, "y": y} for _ in range(3)])
        on_the_spot(conn, l1.id, l1.version, "扶正灯杆")
    with connection(dsn) as conn:
        version = l2.version
        for action, payload in (("accept", {}), ("register", {}), ("dispatch", {"maintainer": "路灯管理所", "crew": "三班"}),
                                ("return", {})):  # fmt: skip
            version = transition(conn, l2.id, version, action, "理由 / reason", payload)
        version = supervise(conn, l2.id, version, "supervise", "三日内办结")
        version = supervise(conn, l2.id, version, "supervise")
        supervise(conn, l2.id, version, "urge")
        transition(conn, l3.id, l3.version, "refuse", "重复上报 / duplicate")
    ids = [l1.id, l2.id, l3.id]
    outside_the_flow(
        dsn,
        "UPDATE assetreg.work_order_event e SET at = '2026-11-10 09:00+08'::timestamptz"
        "       + (e.id - (SELECT min(f.id) FROM assetreg.work_order_event f WHERE f.work_order_id = ANY (%(ids)s)))"
        "         * interval '1 minute'"
        " WHERE e.work_order_id = ANY (%(ids)s)",
        {"ids": ids},
    )
    outside_the_flow(dsn, "UPDATE assetreg.work_order SET reported_at = '2026-11-10 09:00+08' WHERE id = ANY (%s)", (ids,))
    return {"L1": l1.id, "L2": l2.id, "L3": l3.id}


@pytest.fixture
def november(registry, standard, profile, login_as, tmp_path):
    _areas(registry, profile, tmp_path)
    _lights(registry, standard, profile, tmp_path)
    import_delivery(registry, write_geojson(tmp_path / "cases.geojson", CASES), Standard("1.1"), profile, "work_order")
    collector = login_as("assetreg_crew")
    _live_steps(registry, collector)
    importer = query(registry, "SELECT reported_by FROM assetreg.work_order WHERE case_no = 'H01'")[0][0]
    collector_login = query(registry, "SELECT DISTINCT actor FROM assetreg.work_order_event WHERE action = 'on_the_spot'")[0][0]
    return registry, importer, collector_login


def by_code(rows: list[dict]) -> dict:
    return {None if row["is_total"] else row["group_code"]: row for row in rows}


def rounded(rows: list[dict]) -> list[dict]:
    """Every figure of the rows to two decimals, as a bulletin prints them."""
    return [{k: round(float(v), 2) if isinstance(v, int | float) and not isinstance(v, bool) else v for k, v in row.items()}
            for row in rows]  # fmt: skip


# -- the ranking at every level, and 未测 -----------------------------------------------------------


def test_the_cases_are_located_in_their_communities(november):
    dsn, _, _ = november
    located = query(dsn, "SELECT case_no, located_community FROM assetreg.work_order WHERE case_no LIKE 'H%' ORDER BY case_no")
    assert dict(located) == {"H01": C1, "H02": C1, "H03": C1, "H04": C2, "H05": C4, "H06": C2, "H07": C2, "H08": C3}


@pytest.mark.parametrize(("by", "codes"), [("community", (C1, C2, C3, C4)), ("grid", tuple(f"{c}001" for c in (C1, C2, C3, C4)))])
def test_communities_and_grids_are_ranked_and_a_unit_unmeasured_is_not_on_the_red_list(november, by, codes):
    """C3 meets all four targets; C4's lights are all on, but it has no registered case, so its three case
    targets are unmeasured: 未测, not red (before, meeting the one target it was measured by made it red);
    C1 (closure 3/4) and C2 (0/2) miss targets."""
    dsn, _, _ = november
    one, two, three, four = codes
    with connection(dsn) as conn:
        table = indicator_table(conn, "ranking", by, "2026-11", live=True)
    keys = ("rank", "group_code", "targets_met", "targets_measured", "targets_set", "list")
    ranked = [tuple(row[key] for key in keys) for row in table.rows]
    assert ranked == [(1, three, 4, 4, 4, "red"), (2, four, 1, 1, 4, "unmeasured"), (3, one, 0, 3, 3, "black"),
                      (4, two, 0, 3, 3, "black")]  # fmt: skip


def test_streets_and_districts_are_ranked(november):
    dsn, _, _ = november
    with connection(dsn) as conn:
        streets = indicator_table(conn, "ranking", "street", "2026-11", live=True).rows
        districts = indicator_table(conn, "ranking", "district", "2026-11", live=True).rows
    # S2 = C3 + C4: six lights on, H08 on time (H05 was never registered): every target met
    assert [(r["group_code"], r["targets_met"], r["targets_set"], r["list"]) for r in streets] == [
        (S2, 4, 4, "red"), (S1, 0, 3, "black")]  # fmt: skip
    assert [(r["group_code"], r["list"]) for r in districts] == [("440402", "black")]


def test_case_indicators_by_street_and_community_add_up_to_the_district(november):
    dsn, _, _ = november
    with connection(dsn) as conn:
        tables = {by: by_code(indicator_table(conn, "cases", by, "2026-11", live=True).rows)
                  for by in ("district", "street", "community")}  # fmt: skip
    community = tables["community"]
    # C1: H01-H03 and L2 registered, L1-L3 reported too; due 4, closed 3, on time 2; 5 assignments (H03 twice,
    # L2's before its return), on time 3
    assert [community[C1][k] for k in ("reported", "registered", "due", "closed", "on_time_closed", "due_for_handling",
                                       "on_time_handled")] == [6, 4, 4, 3, 2, 5, 3]  # fmt: skip
    assert (community[C1]["closure_rate"], community[C1]["on_time_handling_rate"]) == (0.75, 0.6)
    # C4: one report, refused: the case targets have nothing to divide by, so no verdict (未测), not a miss
    assert [community[C4][k] for k in ("reported", "registered", "due", "closure_rate", "meets_targets")] == [1, 0, 0, None, None]
    assert community[C3]["meets_targets"] is True and community[C2]["meets_targets"] is False
    for key in ("reported", "registered", "due", "closed", "due_for_handling", "on_time_handled"):
        parts = [row[key] for code, row in community.items() if code is not None]
        assert sum(parts) == tables["street"][None][key] == tables["district"]["440402"][key], key
    assert tables["street"][S2]["registered"] == 1 and tables["street"][S1]["registered"] == 7


# -- the case steps and the persons ----------------------------------------------------------------

STEPS_C1 = {"returned": 1, "supervised": 2, "urged": 1, "on_the_spot": 1, "replied": 1}


def test_the_case_steps_are_counted_by_community_live_and_from_the_snapshot(november):
    dsn, _, _ = november
    with connection(dsn) as conn:
        live = indicator_table(conn, "steps", "community", "2026-11", live=True)
        take_snapshot(conn, "2026-11")
        kept = indicator_table(conn, "steps", "community", "2026-11")
        kept_by_street = indicator_table(conn, "steps", "street", "2026-11")
    rows = by_code(live.rows)
    assert {key: rows[C1][key] for key in STEPS_C1} == STEPS_C1
    assert {key: rows[None][key] for key in STEPS_C1} == STEPS_C1  # all in C1
    assert set(rows) == {C1, None}
    assert kept.source == "snapshot" and rounded(kept.rows) == rounded(live.rows)
    assert {key: by_code(kept_by_street.rows)[S1][key] for key in STEPS_C1} == STEPS_C1


def test_a_return_is_counted_against_the_unit_the_case_left(november):
    """L2 left 路灯管理所 when it was returned; H01's reply is 路灯管理所's; L2's supervisions came after the
    return and L1 was never dispatched: no unit (未指定)."""
    dsn, _, _ = november
    with connection(dsn) as conn:
        rows = by_code(indicator_table(conn, "steps", "maintainer", "2026-11", live=True).rows)
    keys = ("returned", "supervised", "urged", "on_the_spot", "replied")
    assert {code: tuple(row[k] for k in keys) for code, row in rows.items()} == {
        "路灯管理所": (1, 0, 0, 0, 1),
        "": (0, 2, 1, 1, 0),
        None: (1, 2, 1, 1, 1),
    }
    assert rows[""]["label_en"] == "Not given"


def test_figures_per_person_live_and_from_the_snapshot(november):
    """Collectors: the importer reported H01-H08 (H05 refused: 7 valid); the collector L1-L3 (L3 refused; L1
    on the spot). Crews, by the assignments of the due cases: 一班 H01, H03 twice, H08, all handled on time,
    H03's first sent back; 二班 H02 (late), H04 and H07 (not handled); 三班 L2, returned before handling."""
    dsn, importer, collector = november
    with connection(dsn) as conn:
        live = indicator_table(conn, "persons", None, "2026-11", live=True)
        cases = by_code(indicator_table(conn, "cases", "city", "2026-11", live=True).rows)[None]
        take_snapshot(conn, "2026-11")
        kept = indicator_table(conn, "persons", "person", "2026-11")
    keys = ("reported", "valid", "on_the_spot", "assignments", "handled", "on_time_handled", "reworked", "on_time_handling_rate")
    figures = {code: tuple(row[k] for k in keys) for code, row in by_code(live.rows).items()}
    assert figures == {
        importer: (8, 7, 0, 0, 0, 0, 0, None),
        collector: (3, 2, 1, 0, 0, 0, 0, None),
        "一班": (0, 0, 0, 4, 4, 4, 1, 1.0),
        "二班": (0, 0, 0, 3, 1, 0, 0, 0.0),
        "三班": (0, 0, 0, 1, 0, 0, 0, 0.0),
        None: (11, 9, 1, 8, 5, 4, 1, 0.5),
    }
    # the crews' assignments are 按期处置's: they add up to the case indicators' own counts
    assert (cases["due_for_handling"], cases["on_time_handled"]) == (8, 4)
    assert kept.source == "snapshot" and rounded(kept.rows) == rounded(live.rows)


def test_the_table_of_every_indicator_holds_the_steps_and_the_ranking_of_streets(november):
    dsn, _, _ = november
    with connection(dsn) as conn:
        board = indicator_board(conn, "street", "2026-11", live=True)
        alone = {name: indicator_table(conn, name, "street", "2026-11", live=True) for name in board}
    assert list(board) == ["lighting", "intactness", "cases", "ranking", "steps"]
    for name, table in board.items():
        assert table.rows == alone[name].rows, name


def test_cli_ranks_communities_counts_steps_and_persons_in_both_languages(november):
    dsn, _, collector = november
    ranking = assetreg("--lang", "en", "kpi", "ranking", "--by", "community", "--period", "2026-11", "--dsn", dsn)
    assert ranking.returncode == 0, ranking.stderr
    assert "not measured" in ranking.stdout and "RED" in ranking.stdout and "BLACK" in ranking.stdout
    cases = assetreg("kpi", "cases", "--by", "community", "--period", "2026-11", "--dsn", dsn)
    assert cases.returncode == 0 and "未测" in cases.stdout and "未达标" in cases.stdout
    steps = assetreg("kpi", "steps", "--by", "street", "--period", "2026-11", "--dsn", dsn)
    assert steps.returncode == 0 and "回退" in steps.stdout and "督办" in steps.stdout and "即知即办" in steps.stdout
    persons = assetreg("kpi", "persons", "--period", "2026-11", "--format", "json", "--dsn", dsn)
    assert persons.returncode == 0, persons.stderr
    rows = json.loads(persons.stdout)["rows"]
    assert {row["group_code"]: row["on_the_spot"] for row in rows if not row["is_total"]}[collector] == 1
    wrong = assetreg("--lang", "en", "kpi", "persons", "--by", "district", "--dsn", dsn)
    assert wrong.returncode == 2 and "person" in wrong.stderr and "Traceback" not in wrong.stderr
    no_drill = assetreg("--lang", "en", "kpi", "steps", "--drill", C1, "--dsn", dsn)
    assert no_drill.returncode == 2 and "no drill-down" in no_drill.stderr


def test_a_viewer_reads_the_steps_and_the_persons_but_no_payload(november, login_as):
    dsn, _, _ = november
    viewer = login_as("assetreg_viewer")
    with connection(viewer) as conn:
        assert by_code(indicator_table(conn, "steps", "community", "2026-11", live=True).rows)[C1]["returned"] == 1
        assert by_code(indicator_table(conn, "persons", "person", "2026-11", live=True).rows)["一班"]["assignments"] == 4
    import psycopg2

    with psycopg2.connect(viewer) as conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("SELECT payload FROM assetreg.work_order_event")
    # a contractor reads no case indicator: neither the steps nor the persons
    contractor = login_as("assetreg_contractor")
    for function in ("kpi_steps(now(), now(), 'city')", "kpi_persons(now(), now())"):
        with psycopg2.connect(contractor) as conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute(f"SELECT * FROM assetreg_app.{function}")


NEW_TABLES = [("ranking", by) for by in ("district", "street", "community", "grid", "maintainer")] + [
    ("cases", "street"), ("cases", "community"), ("steps", "district"), ("steps", "grid"), ("steps", "maintainer"),
    ("persons", "person"),
]  # fmt: skip


def test_the_months_snapshot_keeps_every_new_table_as_it_was_live(november):
    dsn, _, _ = november
    with connection(dsn) as conn:
        live = {table: indicator_table(conn, *table, "2026-11", live=True) for table in NEW_TABLES}
        take_snapshot(conn, "2026-11")
        for table in NEW_TABLES:
            kept = indicator_table(conn, *table, "2026-11")
            assert kept.source == "snapshot" and rounded(kept.rows) == rounded(live[table].rows), table
            assert kept.rows, table


# the crews' figures as kpi_persons read them from each case's events (kpi_case_assignments) before it read the
# case facts: the reference the facts' reading must match at every moment
CREWS_FROM_EVENTS = """
SELECT coalesce(nullif(ev.payload ->> 'crew', ''), w.crew::text, ''), count(*),
       count(*) FILTER (WHERE a.handled <= %(at)s), count(*) FILTER (WHERE a.handled <= a.due_by AND a.handled <= %(at)s),
       count(*) FILTER (WHERE a.reworked)
  FROM assetreg_app.kpi_case_assignments(%(start)s, %(end)s, %(at)s) a
  JOIN assetreg.work_order w ON w.id = a.work_order_id
  LEFT JOIN assetreg.work_order_event ev ON ev.id = a.assigned_by
 CROSS JOIN (SELECT body -> 'indicators' -> 'cases' AS opt FROM assetreg.city_profile) p
 WHERE a.assignment > 0 AND assetreg_app.kpi_case_due(w.status, p.opt)
 GROUP BY 1 ORDER BY 1"""
CREWS = """
SELECT group_code, assignments, handled, on_time_handled, reworked
  FROM assetreg_app.kpi_persons(%(start)s, %(end)s, %(at)s) WHERE NOT is_total AND assignments > 0 ORDER BY 1"""


def test_the_crews_figures_from_the_case_facts_are_the_events_at_every_moment(november):
    dsn = november[0]
    moments = query(dsn, "SELECT m FROM generate_series(timestamptz '2026-11-01 00:00+08', '2026-12-10 00:00+08',"
                              " interval '29 hours') m UNION ALL SELECT now()")  # fmt: skip
    reworked = 0
    for (at,) in moments:
        params = {"start": "2026-11-01 00:00+08", "end": "2026-12-01 00:00+08", "at": at}
        crews = query(dsn, CREWS, params)
        assert crews == query(dsn, CREWS_FROM_EVENTS, params), at
        reworked += sum(row[4] for row in crews)
    assert reworked > 0  # the moments see a rework, and its assignment's next one
