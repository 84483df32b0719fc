"""An asset's history in words (issue 17): what changed, by whom and when, as an editor reads it.

One entry of assetreg.asset_history (storage/history.py) holds the asset's values before and after; here
they become lines such as "moved 3.2 m" or "状态：完好 → 破损", each field named by the standard's title and
each code by its label in the reader's language, the time in the city's time zone. Pure: no database.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .messages import text
from .standard import Family, Standard

GEOMETRY = "geom"
TIME_FORMAT = "%Y-%m-%d %H:%M"


def _points(geometry: Any) -> list[tuple[float, float]]:
    """Every vertex of a GeoJSON geometry, flattened."""
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    found: list[tuple[float, float]] = []

    def walk(part: Any) -> None:
        if isinstance(part, list | tuple) and part and isinstance(part[0], int | float):
            found.append((float(part[0]), float(part[1])))
        elif isinstance(part, list | tuple):
            for item in part:
                walk(item)

    walk(coordinates)
    return found


def moved_metres(before: Any, after: Any) -> float | None:
    """How far the asset moved (registry CRS, metres): a point's own shift, else its vertices' mean's."""
    old, new = _points(before), _points(after)
    if not old or not new:
        return None
    (x0, y0), (x1, y1) = ((sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)) for pts in (old, new))
    return math.hypot(x1 - x0, y1 - y0)


def shown_value(standard: Standard, family: Family, name: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return text("editing.history.empty", lang)
    spec = next((s for s in family.fields if s.name == name), None)
    if spec is not None and spec.codelist:
        return f"{standard.codelists[spec.codelist].label(str(value), lang)}"
    if spec is not None and spec.unit:
        return f"{value:g} {spec.unit}" if isinstance(value, int | float) else f"{value} {spec.unit}"
    return str(value)


def change_lines(standard: Standard, family: Family, old: dict[str, Any], new: dict[str, Any], lang: str) -> list[str]:
    """The changes from ``old`` to ``new`` in words: the move first, then each field in the standard's order."""
    lines = []
    if old.get(GEOMETRY) != new.get(GEOMETRY):
        distance = moved_metres(old.get(GEOMETRY), new.get(GEOMETRY))
        if distance is not None and distance >= 0.05:
            lines.append(text("editing.history.moved", lang, distance=f"{distance:.1f}"))
        else:
            lines.append(text("editing.history.reshaped", lang))
    for spec in family.fields:
        before, after = old.get(spec.name), new.get(spec.name)
        if before != after:
            lines.append(
                text(
                    "editing.history.field_changed",
                    lang,
                    field=spec.title(lang),
                    old=shown_value(standard, family, spec.name, before, lang),
                    new=shown_value(standard, family, spec.name, after, lang),
                )
            )
    return lines


def heading(operation: str, changed_at: datetime, changed_by: str, timezone: str, lang: str) -> str:
    """ "2026-12-03 10:12 editor1 修改" : when (the city's time), who, what kind of change."""
    local = changed_at.astimezone(ZoneInfo(timezone)).strftime(TIME_FORMAT)
    return text("editing.history.heading", lang, at=local, by=changed_by, operation=text(f"editing.history.{operation}", lang))
