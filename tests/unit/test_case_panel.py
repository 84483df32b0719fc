"""The cases panel's core: working time left is the inverse of the deadline computation, and times are
shown in the city's time zone with their offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asset_registry.core.case_panel import CaseFilter, city_time, hours_and_minutes, working_time_left
from asset_registry.core.standard import load_profile
from asset_registry.core.working_calendar import calendar_from_profile, deadline

from tests.unit.test_calendar import CASES, at


@pytest.fixture(scope="module")
def calendar():
    return calendar_from_profile(load_profile("zhuhai").body)


# the panel counts working time left; a limit in calendar hours (an emergency) is not yet shown as such
WORKING_TIME_CASES = [case for case in CASES if case[2] != "calendar_hours"]


@pytest.mark.parametrize(("start", "amount", "unit", "expected"), WORKING_TIME_CASES)
def test_time_left_at_the_start_is_the_whole_limit(calendar, start, amount, unit, expected):
    due = deadline(at(start), amount, unit, calendar)
    limit = timedelta(hours=amount) if unit == "working_hours" else calendar.hours_per_day * amount
    # from a start outside working time, the clock starts at the next opening: the same working time
    assert working_time_left(at(start), due, calendar) == limit


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

    events = ("report", "link", "unlink", "supervise", "urge", "reply", "on_the_spot")
    missing = [a for a in (*ACTIONS, *events) if f"qgis.cases_panel.action.{a}" not in catalogue()]
    assert missing == []
