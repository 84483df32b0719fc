"""Repeated complaints (重复投诉, issue 15; db/app/71_case_repeats.sql): a case repeats an earlier one about
the same asset, or of the same matter class within the profile's metres, reported within its days. Built
from historical cases with known repeats; counted in the case indicators and listed by `kpi repeats`."""

from __future__ import annotations

import json

import psycopg2
import pytest
from asset_registry.core.standard import Standard
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import query
from tests.db.test_case_history import cli
from tests.helpers import XIANGZHOU_XY, numbered_lights, write_geojson

LIGHT = "44040201037000001"
P = XIANGZHOU_XY
Q = (455020.0, 2462040.0)  # R03 and R04 fall in cells of 50 m on either side of a boundary: neighbours count
Q2 = (458000.0, 2462000.0)


def complaint(case_no: str, at: str, where: tuple[float, float], matter: str = "44040201037", **more) -> tuple[dict, tuple]:
    properties = {"case_no": case_no, "matter_code": matter, "source": "patrol", "status": "reported",
                  "description": "路灯不亮", "reported_at": f"2026-{at}:00+08:00", **more}  # fmt: skip
    return properties, where


CASES = [
    complaint("R01", "10-25T09:00", P, component_id=LIGHT),
    complaint("R02", "11-02T09:00", (P[0] + 500, P[1]), component_id=LIGHT),  # same asset, 500 m off, 8 days: repeat
    complaint("R03", "11-03T09:00", Q),
    complaint("R04", "11-08T09:00", (Q[0], Q[1] + 30)),  # same matter 30 m from R03, 5 days after: repeat
    complaint("R05", "11-06T09:00", (Q[0] + 300, Q[1])),  # 300 m from R03: not
    complaint("R06", "10-01T09:00", Q2),
    complaint("R07", "11-10T09:00", Q2),  # the same spot as R06, 40 days later: not
    complaint("R08", "11-04T09:00", (Q[0] + 30, Q[1]), matter="44040201039"),  # another matter 30 m off: not
]


@pytest.fixture
def complaints(registry, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(1)), Standard("1.1"), profile)
    path = write_geojson(tmp_path / "cases.geojson", CASES)
    result = import_delivery(registry, path, Standard("1.1"), profile, "work_order")
    assert result.inserted == len(CASES)
    return registry


def listed(dsn: str, period: str = "2026-11") -> list[tuple]:
    from asset_registry.storage.case_repeats import repeated_cases
    from asset_registry.storage.connection import connection

    with connection(dsn) as conn:
        found = repeated_cases(conn, period)
    return [(r["case_no"], r["earlier_case_no"], r["same_asset"], r["distance_m"], r["days_after"]) for r in found.rows]


def test_the_same_asset_or_the_same_matter_near_by_within_the_days_is_a_repeat(complaints):
    assert listed(complaints) == [("R02", "R01", True, 500.0, 8.0), ("R04", "R03", False, 30.0, 5.0)]


def test_the_profile_sets_the_metres_and_the_days(complaints):
    query(complaints, "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{indicators,cases,repeats}',"
                      " '{\"distance_m\": 310, \"days\": 45}')")  # fmt: skip
    # in the order reported; R04 repeats the latest of those it repeats (R05, 301 m and 2 days before it)
    assert [row[:2] for row in listed(complaints)] == [("R02", "R01"), ("R05", "R03"), ("R04", "R05"), ("R07", "R06")]
    # without the setting: 50 m and 30 days
    query(complaints, "UPDATE assetreg.city_profile SET body = body #- '{indicators,cases,repeats}'")
    assert [row[:2] for row in listed(complaints)] == [("R02", "R01"), ("R04", "R03")]


def test_the_case_indicators_count_the_repeats_live_and_from_a_snapshot(complaints):
    from asset_registry.storage.connection import connection
    from asset_registry.storage.kpi import indicator_board, indicator_table, take_snapshot

    with connection(complaints) as conn:
        live = indicator_table(conn, "cases", "city", "2026-11", live=True)
        total = next(row for row in live.rows if row["is_total"])
        assert (total["reported"], total["repeated"]) == (6, 2)
        assert [row["repeated"] for row in indicator_table(conn, "cases", "city", "2026-10", live=True).rows] == [0, 0]
        take_snapshot(conn, "2026-11")
        kept = indicator_table(conn, "cases", "city", "2026-11")
        assert kept.source == "snapshot" and next(r for r in kept.rows if r["is_total"])["repeated"] == 2
        board = indicator_board(conn, "district", "2026-11", live=True)
        assert next(r for r in board["cases"].rows if r["is_total"])["repeated"] == 2


def test_kpi_repeats_lists_them_and_counts_them_by_group(complaints):
    shown = cli(complaints, "kpi", "repeats", "--from", "2026-11-01", "--to", "2026-11-30")
    assert "Repeated complaints 2026-11-01/2026-11-30: 2 " in shown
    assert "R02" in shown and "R04" in shown and "same asset" in shown and "2026-11-02 09:00+08:00" in shown
    assert "R05" not in shown
    data = json.loads(cli(complaints, "kpi", "repeats", "--period", "2026-11", "--format", "json"))
    assert [row["case_no"] for row in data["rows"]] == ["R02", "R04"]
    assert (data["distance_m"], data["days"]) == (50.0, 30.0)
    counts = json.loads(cli(complaints, "kpi", "repeats", "--period", "2026-11", "--by", "city", "--format", "json"))
    assert [(row["is_total"], row["reported"], row["repeated"], row["repeat_rate"]) for row in counts] == [
        (False, 6, 2, 0.3333),
        (True, 6, 2, 0.3333),
    ]
    assert "Repeats" in cli(complaints, "kpi", "cases", "--by", "city", "--period", "2026-11")


def test_every_registry_role_may_count_them_without_reading_a_reporter(complaints, login_as):
    for role in ("assetreg_viewer", "assetreg_contractor", "assetreg_crew"):
        assert [row[0] for row in listed(login_as(role))] == ["R02", "R04"]
    conn = psycopg2.connect(login_as("assetreg_viewer"))
    try:
        with conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT reporter_contact FROM assetreg.work_order")
    finally:
        conn.close()


def test_a_grouping_the_cases_do_not_take_is_a_usage_error_in_words(complaints):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "asset_registry.cli", "--lang", "en", "kpi", "repeats", "--by", "road_class", "--dsn", complaints],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "road_class" in done.stderr and "Traceback" not in done.stderr
