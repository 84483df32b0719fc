"""A night lighting patrol (夜间亮灯巡查) as the inspector marks it: which lights were patrolled, which of
them were found unlit, and the inspection records that says.

"Patrolled" is what the inspector covered: the lights of the area or selection they took into the patrol,
plus every light they marked unlit. Lit is the default for a patrolled light: a patrol reports the lights it
saw, lit or not, so each becomes one record of the standard's inspection record (kind lighting_patrol, the
required ``lit`` given). A light not patrolled gets no record: the lighting rate keeps what earlier patrols
and open cases say of it (db/app/70_indicators.sql).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import InputError

LIGHTING_PATROL = "lighting_patrol"


@dataclass
class PatrolMarks:
    """The lights of one patrol by component identifier, in the order they were first taken in."""

    patrolled: dict[str, None] = field(default_factory=dict)
    unlit: set[str] = field(default_factory=set)

    def take_in(self, component_ids: Iterable[str]) -> int:
        """Add lights to the patrol (lit unless marked); how many were new."""
        before = len(self.patrolled)
        self.patrolled.update(dict.fromkeys(component_ids))
        return len(self.patrolled) - before

    def mark_unlit(self, component_ids: Iterable[str]) -> None:
        ids = list(component_ids)
        self.take_in(ids)
        self.unlit.update(ids)

    def toggle_unlit(self, component_id: str) -> bool:
        """A click on a light: unlit if it was lit (or not yet patrolled), lit again if it was unlit.
        Whether it is unlit now."""
        if component_id in self.unlit:
            self.unlit.discard(component_id)
            return False
        self.mark_unlit([component_id])
        return True

    def drop(self, component_ids: Iterable[str]) -> None:
        for component_id in component_ids:
            self.patrolled.pop(component_id, None)
            self.unlit.discard(component_id)

    def clear(self) -> None:
        self.patrolled.clear()
        self.unlit.clear()

    @property
    def lit(self) -> list[str]:
        return [c for c in self.patrolled if c not in self.unlit]

    def records(self, patrolled_at: datetime, inspector: str) -> list[dict[str, Any]]:
        """One inspection record per patrolled light; ``patrolled_at`` must carry its time zone."""
        if not self.patrolled:
            raise InputError("patrol.nothing_patrolled")
        if patrolled_at.tzinfo is None:
            raise InputError("patrol.time_without_zone", at=patrolled_at.isoformat())
        inspector = inspector.strip()
        if not inspector:
            raise InputError("patrol.inspector_missing")
        at = patrolled_at.isoformat(timespec="seconds")
        return [
            {
                # records made in the field app carry a UUID (the standard's inspection_id)
                "inspection_id": str(uuid.uuid4()),
                "kind": LIGHTING_PATROL,
                "component_id": component_id,
                "inspected_at": at,
                "inspector": inspector,
                "lit": component_id not in self.unlit,
            }
            for component_id in self.patrolled
        ]
