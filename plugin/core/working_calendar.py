"""Working time: the city's working days and hours, and case deadlines counted in them.

Pure Python (no Qt, no database). The database computes the same deadlines in SQL
(db/app/60_calendar.sql, ``assetreg_app.working_deadline``); a database test proves both agree.

The rule, in one place:

- A day is a working day when it is a make-up working day (调休上班), or else when it is a
  weekday (Monday to Friday) that is not a public holiday. Make-up days win over weekends.
- Working time is the day's working periods (e.g. 08:30–12:00 and 14:00–17:30), in the
  city's time zone.
- The clock runs only inside working time. A case reported at night, at lunch or on a
  holiday starts its clock at the next opening of a working period.
- ``working_hours``: the deadline is the moment the clock has run that many hours.
- ``calendar_hours``: that many hours of the clock on the wall, night, weekend and holiday alike
  (a city running 24 hours: an emergency repair runs through the night).
- ``working_days``: one working day is the length of a full working day in working time
  (7 hours for the periods above), so 1 working day from Monday 10:00 is Tuesday 10:00, and
  from Friday 16:00 it is the next working day at 16:00. Counting days as working time,
  not as calendar dates, keeps one rule for both units and treats a case reported at 17:00
  the same as one reported at 08:30 the next morning.
- When the clock ends exactly at a period's close, that close is the deadline (not the
  next opening).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from .errors import InputError
from .messages import listing

# calendar_hours: the clock runs day and night, holidays too (an emergency repair runs through the night)
CALENDAR_HOURS = "calendar_hours"
UNITS = ("working_hours", "working_days", CALENDAR_HOURS)
MAX_DAYS_SEARCHED = 3660  # ten years: a deadline further out means the calendar has no working time


@dataclass(frozen=True)
class WorkingCalendar:
    timezone: ZoneInfo
    periods: tuple[tuple[time, time], ...]
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    @property
    def hours_per_day(self) -> timedelta:
        return sum((_span(start, end) for start, end in self.periods), timedelta())

    def working_periods(self, first_day: date) -> Iterator[tuple[datetime, datetime]]:
        """The working periods from ``first_day`` on, as aware datetimes in the city's time zone."""
        for offset in range(MAX_DAYS_SEARCHED):
            day = first_day + timedelta(days=offset)
            if not self.is_working_day(day):
                continue
            for start, end in self.periods:
                yield (
                    datetime.combine(day, start, tzinfo=self.timezone),
                    datetime.combine(day, end, tzinfo=self.timezone),
                )


def _span(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


def _parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise InputError("calendar.bad_time", time=text) from None


def _dates(values: Iterable[str]) -> frozenset[date]:
    return frozenset(date.fromisoformat(value) for value in values)


def calendar_from_profile(body: dict[str, Any]) -> WorkingCalendar:
    """The working calendar of a city profile's body (its ``working_calendar`` and ``timezone``)."""
    settings = body["working_calendar"]
    periods = tuple((_parse_time(start), _parse_time(end)) for start, end in settings["working_hours"])
    for start, end in periods:
        if end <= start:
            raise InputError("calendar.period_reversed", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    for (_, previous_end), (next_start, _) in pairwise(periods):
        if next_start < previous_end:
            raise InputError("calendar.periods_overlap")
    return WorkingCalendar(
        timezone=ZoneInfo(body["timezone"]),
        periods=periods,
        holidays=_dates(settings.get("holidays", ())),
        makeup_workdays=_dates(settings.get("makeup_workdays", ())),
    )


def deadline(start: datetime, amount: float, unit: str, calendar: WorkingCalendar) -> datetime:
    """The moment ``amount`` working hours or working days after ``start`` (aware), in the city's time zone."""
    if start.tzinfo is None:
        raise InputError("calendar.start_without_timezone")
    if unit not in UNITS:
        raise InputError("calendar.unknown_unit", unit=unit, units=listing(UNITS))
    if amount < 0:
        raise InputError("calendar.negative_limit")
    moment = start.astimezone(calendar.timezone)
    if unit == CALENDAR_HOURS:
        return moment + timedelta(hours=amount)
    remaining = timedelta(hours=amount) if unit == "working_hours" else calendar.hours_per_day * amount
    for opens, closes in calendar.working_periods(moment.date()):
        if closes <= moment:
            continue
        begin = max(opens, moment)
        available = closes - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise InputError("calendar.no_working_time")


@dataclass(frozen=True)
class TimeLimit:
    amount: float
    unit: str


@dataclass(frozen=True)
class CaseTimeLimits:
    handling: TimeLimit  # from dispatch to handled (处置时限)
    closing: TimeLimit  # from registration to closed (结案时限)


def case_time_limits(body: dict[str, Any], matter_class: str, urgency: str | None) -> CaseTimeLimits:
    """The time limits of a matter class and urgency: the most specific rule of the profile's
    ``case_time_limits`` (class and urgency, then class, then urgency, then the default)."""
    settings = body["case_time_limits"]

    def score(rule: dict[str, Any]) -> int | None:
        if rule.get("matter_class", matter_class) != matter_class or rule.get("urgency", urgency) != urgency:
            return None
        return 2 * ("matter_class" in rule) + ("urgency" in rule)

    candidates = [(score(rule), order, rule) for order, rule in enumerate(settings.get("rules", ()))]
    matching = sorted((-s, order, rule) for s, order, rule in candidates if s is not None)
    chosen = matching[0][2] if matching else settings["default"]
    return CaseTimeLimits(
        handling=TimeLimit(**chosen["handling"]),
        closing=TimeLimit(**chosen["closing"]),
    )
