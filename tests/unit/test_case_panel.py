"""The cases panel's core: working time left is the inverse of the deadline computation, and times are
shown in the city's time zone with their offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asset_registry.core.case_panel import CaseFilter, city_time, hours_and_minutes, time_left, working_time_left
from asset_registry.core.standard import load_profile
from asset_registry.core.working_calendar import calendar_from_profile, deadline

from tests.unit.test_calendar import CASES, at


@pytest.fixture(scope="module")
def calendar():
    return calendar_from_profile(load_profile("zhuhai").body)


@pytest.mark.parametrize(("start", "amount", "unit", "expected"), CASES)
def test_time_left_at_the_start_is_the_whole_limit(calendar, start, amount, unit, expected):
    due = deadline(at(start), amount, unit, calendar)
    limit = timedelta(hours=amount) if unit in ("working_hours", "calendar_hours") else calendar.hours_per_day * amount
    # from a start outside working time, the clock starts at the next opening: the same working time; a limit in
    # calendar hours runs on the wall clock, night and holidays too
    assert time_left(at(start), due, unit, calendar) == limit


def test_calendar_hours_left_are_wall_clock_hours_not_working_time(calendar):
    # Friday 22:00, an emergency due Saturday 02:00: 4 hours on the wall clock, no working time at all
    now, due = at("2026-03-13T22:00"), at("2026-03-14T02:00")
    assert time_left(now, due, "calendar_hours", calendar) == timedelta(hours=4)
    assert time_left(now, due, "working_hours", calendar) == working_time_left(now, due, calendar) == timedelta()
    assert time_left(due + timedelta(minutes=90), due, "calendar_hours", calendar) == -timedelta(minutes=90)
    assert time_left(now, due, None, calendar) == timedelta()  # a unit not known: working time, as before


def test_overdue_time_is_negative_and_counts_working_time_only(calendar):
    # due Tuesday 17:00, now Wednesday 10:00: 30 minutes on Tuesday, 08:30-10:00 on Wednesday, not the night
    left = working_time_left(at("2026-03-11T10:00"), at("2026-03-10T17:00"), calendar)
    assert left == -timedelta(hours=2)
    assert hours_and_minutes(left - timedelta(minutes=5)) == (2, 5)


def test_city_time_has_the_offset(calendar):
    assert city_time(datetime(2026, 12, 3, 1, 15, tzinfo=UTC), calendar) == "2026-12-03 09:15 +08:00"


def test_counts_are_of_every_stage():
    assert CaseFilter(stages=("reported",), district="440402").without_stages() == CaseFilter(district="440402")


def test_every_action_of_the_flow_and_every_step_event_has_a_label():
    # a Processing algorithm lists these labels in initAlgorithm, where a missing one aborts QGIS itself
    from asset_registry.core.messages import catalogue
    from asset_registry.storage.workorders import ACTIONS

    events = ("report", "link", "unlink", "supervise", "urge", "reply", "on_the_spot", "fill_collector")
    missing = [a for a in (*ACTIONS, *events) if f"qgis.cases_panel.action.{a}" not in catalogue()]
    assert missing == []
