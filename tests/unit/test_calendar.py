"""Working calendar and case deadlines: weekends, holidays, make-up days, starts outside working hours."""

from __future__ import annotations

from datetime import datetime

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.standard import load_profile
from asset_registry.core.working_calendar import (
    TimeLimit,
    calendar_from_profile,
    case_time_limits,
    deadline,
)


@pytest.fixture(scope="module")
def zhuhai():
    return load_profile("zhuhai").body


@pytest.fixture(scope="module")
def calendar(zhuhai):
    return calendar_from_profile(zhuhai)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


# (start, amount, unit, expected deadline), all in Zhuhai time; 2026 calendar of the profile
CASES = [
    # calendar hours run through the night and the weekend (Friday 13 March 2026, 22:00 → Saturday 02:00)
    ("2026-03-13T22:00", 4, "calendar_hours", "2026-03-14T02:00"),
    ("2026-03-13T17:00", 72, "calendar_hours", "2026-03-16T17:00"),
    # inside one period, and across lunch
    ("2026-03-10T09:00", 2, "working_hours", "2026-03-10T11:00"),
    ("2026-03-10T11:00", 2, "working_hours", "2026-03-10T15:00"),
    # ending exactly at a close is that close, not the next opening
    ("2026-03-10T16:30", 1, "working_hours", "2026-03-10T17:30"),
    # across the night
    ("2026-03-10T17:00", 1, "working_hours", "2026-03-11T09:00"),
    # starts outside working hours: the clock starts at the next opening
    ("2026-03-10T06:00", 1, "working_hours", "2026-03-10T09:30"),
    ("2026-03-10T12:30", 1, "working_hours", "2026-03-10T15:00"),
    ("2026-03-10T22:00", 4, "working_hours", "2026-03-11T14:30"),
    # across a weekend (Friday 13 March 2026 → Monday 16 March)
    ("2026-03-13T16:30", 2, "working_hours", "2026-03-16T09:30"),
    ("2026-03-14T10:00", 1, "working_hours", "2026-03-16T09:30"),  # reported on a Saturday
    # working days are full working days of working time (7 h here)
    ("2026-03-10T10:00", 1, "working_days", "2026-03-11T10:00"),
    ("2026-03-13T16:00", 1, "working_days", "2026-03-16T16:00"),
    ("2026-03-10T08:30", 1, "working_days", "2026-03-10T17:30"),
    ("2026-03-09T08:30", 5, "working_days", "2026-03-13T17:30"),
    ("2026-03-09T09:00", 15, "working_days", "2026-03-30T09:00"),
    # Labour Day holiday 1–5 May 2026 (Fri–Tue), make-up working day Saturday 9 May
    ("2026-04-30T17:00", 1, "working_hours", "2026-05-06T09:00"),
    ("2026-04-30T10:00", 1, "working_days", "2026-05-06T10:00"),
    ("2026-05-08T16:00", 1, "working_days", "2026-05-09T16:00"),  # Saturday 9 May is worked
    ("2026-05-09T17:00", 1, "working_hours", "2026-05-11T09:00"),
    # Spring Festival 15–23 Feb 2026, make-up Saturdays 14 and 28 Feb
    ("2026-02-13T16:00", 1, "working_days", "2026-02-14T16:00"),
    ("2026-02-14T16:00", 1, "working_days", "2026-02-24T16:00"),
    ("2026-02-20T10:00", 2, "working_hours", "2026-02-24T10:30"),  # reported during the holiday
    # New Year: 1–3 Jan off, Sunday 4 Jan worked
    ("2025-12-31T17:00", 1, "working_hours", "2026-01-04T09:00"),
    # fractions and zero
    ("2026-03-10T09:00", 0.5, "working_hours", "2026-03-10T09:30"),
    ("2026-03-10T09:00", 0.5, "working_days", "2026-03-10T14:30"),
    ("2026-03-10T09:00", 0, "working_hours", "2026-03-10T09:00"),
    ("2026-03-10T07:00", 0, "working_hours", "2026-03-10T08:30"),
]


@pytest.mark.parametrize(("start", "amount", "unit", "expected"), CASES)
def test_deadline(calendar, start, amount, unit, expected):
    assert deadline(at(start), amount, unit, calendar) == at(expected)


def test_deadline_is_computed_in_the_city_time_zone(calendar):
    # 01:00 UTC is 09:00 in Zhuhai
    start = datetime.fromisoformat("2026-03-10T01:00+00:00")
    assert deadline(start, 1, "working_hours", calendar) == at("2026-03-10T10:00")


def test_working_days_are_weekdays_unless_holiday_or_makeup(calendar):
    from datetime import date

    assert calendar.is_working_day(date(2026, 3, 10))
    assert not calendar.is_working_day(date(2026, 3, 14))  # Saturday
    assert not calendar.is_working_day(date(2026, 10, 5))  # National Day, a Monday
    assert calendar.is_working_day(date(2026, 10, 10))  # make-up Saturday
    assert str(calendar.hours_per_day) == "7:00:00"


def test_bad_input_is_an_input_error(calendar):
    with pytest.raises(InputError):
        deadline(datetime(2026, 3, 10, 9), 1, "working_hours", calendar)  # naive
    with pytest.raises(InputError, match="fortnights"):
        deadline(at("2026-03-10T09:00"), 1, "fortnights", calendar)
    with pytest.raises(InputError):
        deadline(at("2026-03-10T09:00"), -1, "working_hours", calendar)


def test_a_calendar_without_working_time_is_refused(zhuhai):
    body = {**zhuhai, "working_calendar": {**zhuhai["working_calendar"], "working_hours": [["09:00", "08:00"]]}}
    with pytest.raises(InputError):
        calendar_from_profile(body)


def test_time_limits_most_specific_rule_wins(zhuhai):
    limits = case_time_limits(zhuhai, "01037", "emergency")
    assert limits.handling == TimeLimit(4, "working_hours") and limits.closing == TimeLimit(1, "working_days")
    assert case_time_limits(zhuhai, "01037", "ordinary").handling == TimeLimit(2, "working_days")  # class rule
    assert case_time_limits(zhuhai, "01037", None).handling == TimeLimit(2, "working_days")
    assert case_time_limits(zhuhai, "06013", "emergency").handling == TimeLimit(2, "working_hours")  # urgency rule
    assert case_time_limits(zhuhai, "06013", "ordinary").handling == TimeLimit(5, "working_days")  # default
    assert case_time_limits(zhuhai, "06012", None).handling == TimeLimit(5, "working_hours")
