"""What happened to an asset, and what it looked like at a given time (assetreg_app.asset_as_of)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..core.errors import InputError
from .connection import connection


@dataclass
class HistoryEntry:
    id: int
    family: str
    asset_uid: uuid.UUID
    component_id: str | None
    operation: str
    changed_at: datetime
    changed_by: str
    submission_id: int | None
    edit_session: str | None
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None

    def changed_fields(self) -> list[str]:
        old, new = self.old_values or {}, self.new_values or {}
        return sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))


def _as_uuid(asset: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(asset)
    except ValueError:
        return None


def history(dsn: str, asset: str) -> list[HistoryEntry]:
    """Every change of the asset named by its identifier (17 digits) or its UUID, oldest first."""
    uid = _as_uuid(asset)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, family, asset_uid, component_id, operation, changed_at, changed_by, submission_id, edit_session,"
            " old_values, new_values FROM assetreg.asset_history"
            " WHERE asset_uid IN (SELECT asset_uid FROM assetreg.asset_history WHERE component_id = %s OR asset_uid = %s)"
            " ORDER BY changed_at, id",
            (asset, str(uid) if uid else None),
        )
        entries = [HistoryEntry(*row) for row in cur.fetchall()]
    if not entries:
        raise InputError(
            f"登记库中没有部件 {asset} 的任何记录。",
            f"The registry has no record of the asset {asset}.",
            "用 17 位管理部件标识码或部件的 UUID。",
            "Name it by its 17-digit component identifier or its UUID.",
        )
    return entries


def as_of(dsn: str, asset: str, at: datetime) -> dict[str, Any] | None:
    """The asset's values at ``at`` (None when it did not exist then)."""
    entries = history(dsn, asset)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT assetreg_app.asset_as_of(%s, %s)", (str(entries[-1].asset_uid), at))
        return cur.fetchone()[0]
