"""Saving a night patrol: its records go through the same import as ``assetreg import --class inspection``
(validation against the standard, a submission, set-based promotion, quarantine), written first as a
GeoJSON delivery of their own, so a patrol from the map is a delivery like any other."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg2.errors

from ..core.errors import RefusedError
from ..core.patrol import PatrolMarks
from ..core.standard import Profile, Standard
from .importing import ImportResult, import_delivery
from .surveys import write_record_delivery

INSPECTION_CLASS = "inspection"


def write_patrol_delivery(path: Path, records: list[dict[str, Any]]) -> Path:
    """The records as a GeoJSON delivery; without positions, each names its light."""
    return write_record_delivery(path, [(record, None) for record in records])


def record_patrol(
    dsn: str, standard: Standard, profile: Profile, marks: PatrolMarks, patrolled_at: datetime, inspector: str
) -> ImportResult:
    """Import the patrol as one inspection delivery, all or nothing; its submission id is in the result.
    A login that may not record inspections (a viewer) is refused in words (RefusedError), not by the
    database's bare "permission denied"."""
    records = marks.records(patrolled_at, inspector)
    with tempfile.TemporaryDirectory(prefix="assetreg-patrol-") as folder:
        stamp = patrolled_at.strftime("%Y%m%d-%H%M")
        delivery = write_patrol_delivery(Path(folder) / f"night-patrol-{stamp}.geojson", records)
        try:
            return import_delivery(dsn, delivery, standard, profile, INSPECTION_CLASS)
        except psycopg2.errors.InsufficientPrivilege:
            raise RefusedError("patrol.not_allowed") from None
