"""What the cases panel asks and shows, without Qt or a database: the filter a dispatcher sets, the
working time left before a deadline, and a case event's moment in the city's time zone.

The SQL the filter becomes is storage/case_list.py's; the widgets are gui/cases_dock.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .messages import catalogue, text
from .working_calendar import CALENDAR_HOURS, WorkingCalendar

# What "overdue" narrows to: past the handling deadline, past the closing deadline, or either.
OVERDUE_KINDS = ("handling", "closing", "any")
FINISHED_STAGES = ("closed", "cancelled", "refused")
_NOT_GIVEN = object()


def action_label(action: str, lang: str, default: object = _NOT_GIVEN) -> str:
    """A case event's action in words, as the panel, its dialogs, the algorithms and `wo show` name it (the
    catalogue's qgis.cases_panel.action.<action>); ``default`` for an action the catalogue does not name, which
    without a default is a KeyError."""
    msg_id = f"qgis.cases_panel.action.{action}"
    if default is not _NOT_GIVEN and msg_id not in catalogue():
        return str(default)
    return text(msg_id, lang)


@dataclass(frozen=True)
class CaseFilter:
    """The panel's filter row. Empty values filter nothing; ``stages`` empty means every stage."""

    stages: tuple[str, ...] = ()
    overdue: str | None = None  # one of OVERDUE_KINDS
    matter_class: str | None = None
    district: str | None = None  # 6-digit administrative code of the located district
    maintainer: str | None = None  # the handling unit
    source: str | None = None
    reported_from: datetime | None = None
    reported_to: datetime | None = None  # exclusive
    mine: bool = False  # reported by, dispatched to (crew) or acted on by the login
    search: str = ""  # case number, asset identifier or part of the address

    def without_stages(self) -> CaseFilter:
        """The same filter over every stage: what the counts per stage are counted on."""
        return CaseFilter(**{**self.__dict__, "stages": ()})


def working_time_between(start: datetime, end: datetime, calendar: WorkingCalendar) -> timedelta:
    """The working time from ``start`` to ``end`` (aware); negative when ``end`` is before ``start``."""
    if end < start:
        return -working_time_between(end, start, calendar)
    start, end = start.astimezone(calendar.timezone), end.astimezone(calendar.timezone)
    total = timedelta()
    for opens, closes in calendar.working_periods(start.date()):
        if opens >= end:
            break
        overlap = min(closes, end) - max(opens, start)
        if overlap > timedelta():
            total += overlap
    return total


def working_time_left(now: datetime, deadline: datetime, calendar: WorkingCalendar) -> timedelta:
    """Working time left until the deadline; negative: how much working time it is overdue."""
    return working_time_between(now, deadline, calendar)


def time_left(now: datetime, deadline: datetime, unit: str | None, calendar: WorkingCalendar) -> timedelta:
    """Time left until a deadline in the clock of its limit: wall-clock time for a limit in calendar hours (an
    emergency repair runs through the night and the weekend), working time otherwise (and when the limit's unit
    is not known); negative: how much of that time it is overdue."""
    if unit == CALENDAR_HOURS:
        return deadline - now
    return working_time_left(now, deadline, calendar)


def hours_and_minutes(span: timedelta) -> tuple[int, int]:
    """A span as whole hours and minutes (of its absolute value), for "3 h 20 min" texts."""
    minutes = int(abs(span).total_seconds() // 60)
    return minutes // 60, minutes % 60


def city_time(moment: datetime, calendar: WorkingCalendar) -> str:
    """A moment in the city's time zone with its offset: 2026-12-03 09:15 +08:00."""
    local = moment.astimezone(calendar.timezone)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"
