"""A night patrol saved through the inspection import (storage/patrols.record_patrol): one delivery, lit
the default of every patrolled light, and the lighting rate follows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.patrol import PatrolMarks
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.kpi import lighting_rate_by_road_class
from asset_registry.storage.patrols import record_patrol
from asset_registry.storage.workorders import cases_from_findings

from tests.db.conftest import query
from tests.helpers import numbered_lights, write_geojson

LIGHT = "44040201037{:06d}"
NIGHT = datetime(2026, 4, 20, 21, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def ten_lights(registry, standard, profile, tmp_path):
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(10, road_class="arterial")),
                    standard, profile)  # fmt: skip
    return registry


def total_rate(dsn: str):
    with connection(dsn) as conn:
        total = lighting_rate_by_road_class(conn)[-1]
    return total.lights_on, total.lights_should_be_on


def test_a_patrol_becomes_one_delivery_of_records_and_the_lighting_rate_follows(ten_lights, standard, profile):
    assert total_rate(ten_lights) == (10, 10)
    marks = PatrolMarks()
    marks.take_in(LIGHT.format(n) for n in range(1, 7))  # the patrolled area: lights 1-6
    marks.mark_unlit([LIGHT.format(2), LIGHT.format(9)])  # 9 lies outside the area: marking takes it in
    assert marks.toggle_unlit(LIGHT.format(3)) and not marks.toggle_unlit(LIGHT.format(3))  # a click undone
    result = record_patrol(ten_lights, standard, profile, marks, NIGHT, " 李明 ")
    assert (result.inserted, result.rejected, result.outcome) == (7, 0, "accepted")
    rows = query(ten_lights, "SELECT component_id, lit, inspector, kind, submission_id, inspected_at = %s"
                             " FROM assetreg.inspection ORDER BY 1", (NIGHT,))  # fmt: skip
    assert [(r[0][-2:], r[1]) for r in rows] == [
        ("01", True), ("02", False), ("03", True), ("04", True), ("05", True), ("06", True), ("09", False)
    ]  # fmt: skip
    assert {(r[2], r[3], r[4], r[5]) for r in rows} == {("李明", "lighting_patrol", result.submission_id, True)}
    assert query(ten_lights, "SELECT family, outcome FROM assetreg.submission WHERE id = %s", (result.submission_id,)) == [
        ("inspection", "accepted")
    ]
    assert total_rate(ten_lights) == (8, 10)
    with connection(ten_lights) as conn:
        found = cases_from_findings(conn, standard, profile, submission=result.submission_id)
    assert sorted(f["component_id"] for f in found.findings) == [LIGHT.format(2), LIGHT.format(9)]
    assert len(found.reported) == 2


def test_an_empty_patrol_or_one_without_inspector_is_refused_and_records_nothing(ten_lights, standard, profile):
    with pytest.raises(InputError) as empty:
        record_patrol(ten_lights, standard, profile, PatrolMarks(), NIGHT, "李明")
    assert "框选" in empty.value.zh
    marks = PatrolMarks()
    marks.take_in([LIGHT.format(1)])
    with pytest.raises(InputError):
        record_patrol(ten_lights, standard, profile, marks, NIGHT, "  ")
    assert query(ten_lights, "SELECT count(*) FROM assetreg.inspection") == [(0,)]


def test_a_viewer_may_not_record_a_patrol_and_a_crew_may(ten_lights, standard, profile, login_as):
    from asset_registry.core.errors import RefusedError

    marks = PatrolMarks()
    marks.take_in([LIGHT.format(1)])
    marks.mark_unlit([LIGHT.format(2)])
    with pytest.raises(RefusedError) as refused:
        record_patrol(login_as("assetreg_viewer"), standard, profile, marks, NIGHT, "李明")
    assert "巡查记录" in refused.value.zh
    assert query(ten_lights, "SELECT count(*) FROM assetreg.inspection") == [(0,)]
    result = record_patrol(login_as("assetreg_crew"), standard, profile, marks, NIGHT, "李明")
    assert result.inserted == 2
    assert query(ten_lights, "SELECT created_by LIKE 'test_crew_%', count(*) FROM assetreg.inspection GROUP BY 1") == [(True, 2)]
