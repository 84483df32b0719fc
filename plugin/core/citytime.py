"""Times as the city reads them: in its time zone, with the offset printed, so that nobody takes a UTC
time for local time (or the other way round) when reading a case or a history."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


def city_time(moment: datetime, zone: str, seconds: bool = False) -> str:
    """'2026-11-02 09:00+08:00' (with seconds when asked): the moment in the city's zone, its offset shown."""
    return moment.astimezone(ZoneInfo(zone)).isoformat(sep=" ", timespec="seconds" if seconds else "minutes")


def in_city_time(values: dict[str, Any], zone: str) -> dict[str, Any]:
    """The values with every aware moment moved into the city's zone (for JSON: same instant, local offset)."""
    return {key: _in_zone(value, ZoneInfo(zone)) for key, value in values.items()}


def _in_zone(value: Any, zone: ZoneInfo) -> Any:
    """An aware moment in the zone; a list of them (a case's earlier step times) each in it; anything else as it is."""
    if isinstance(value, list):
        return [_in_zone(item, zone) for item in value]
    return value.astimezone(zone) if isinstance(value, datetime) and value.tzinfo else value
