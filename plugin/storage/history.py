"""What happened to an asset, and what it looked like at a given time (assetreg_app.asset_as_of).

The registration is kept on the asset row (created_at, created_by, created_submission,
created_session) and every later update or delete is a row of assetreg.asset_history with
the values before it; the insert entry shown here is put together from the row, or from
the values its first change kept.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg2 import sql

from ..core.errors import InputError
from .connection import connection
from .names import SCHEMA


@dataclass
class HistoryEntry:
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


def _family_tables(cur: Any) -> list[str]:
    cur.execute("SELECT table_name FROM assetreg_app.family_tables()")
    return [row[0] for row in cur.fetchall()]


def _current(cur: Any, column: str, value: str) -> tuple[str, dict[str, Any]] | None:
    """(family table, values) of the registered asset whose ``column`` is ``value``."""
    for table in _family_tables(cur):
        cur.execute(
            sql.SQL("SELECT assetreg_app.asset_values(to_jsonb(a)) FROM {} a WHERE {} = %s").format(
                sql.Identifier(SCHEMA, table), sql.SQL(column)
            ),
            (value,),
        )
        row = cur.fetchone()
        if row is not None:
            return table, row[0]
    return None


def _changes(cur: Any, uid: str) -> list[HistoryEntry]:
    cur.execute(
        "SELECT family, asset_uid, component_id, operation, changed_at, changed_by, submission_id, edit_session,"
        " old_values, new_values FROM assetreg.asset_history WHERE asset_uid = %s ORDER BY changed_at, id",
        (uid,),
    )
    return [HistoryEntry(*row) for row in cur.fetchall()]


def _resolve(cur: Any, asset: str) -> tuple[str | None, tuple[str, dict[str, Any]] | None]:
    """The asset's UUID and, if it is still registered, its table and values."""
    uid = _as_uuid(asset)
    if uid is not None:
        return str(uid), _current(cur, "uid", str(uid))
    current = _current(cur, "component_id", asset)
    if current is not None:
        return current[1]["uid"], current
    cur.execute(
        "SELECT asset_uid FROM assetreg.asset_history WHERE component_id = %s ORDER BY changed_at DESC, id DESC LIMIT 1",
        (asset,),
    )
    row = cur.fetchone()
    return (str(row[0]), None) if row else (None, None)


def _registration(family: str, values: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        family,
        uuid.UUID(values["uid"]),
        values.get("component_id"),
        "insert",
        datetime.fromisoformat(values["created_at"]),
        values.get("created_by") or "",
        values.get("created_submission"),
        values.get("created_session"),
        None,
        values,
    )


def history(dsn: str, asset: str) -> list[HistoryEntry]:
    """Every change of the asset named by its identifier (17 digits) or its UUID, oldest first."""
    with connection(dsn) as conn, conn.cursor() as cur:
        uid, current = _resolve(cur, asset)
        changes = _changes(cur, uid) if uid else []
    if not changes and current is None:
        raise InputError("history.unknown_asset", asset=asset)
    family, registered = (changes[0].family, changes[0].old_values) if changes else current  # type: ignore[misc]
    return [_registration(family, registered), *changes]


def as_of(dsn: str, asset: str, at: datetime) -> dict[str, Any] | None:
    """The asset's values at ``at`` (None when it was not registered then)."""
    entries = history(dsn, asset)
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT assetreg_app.asset_as_of(%s, %s)", (str(entries[-1].asset_uid), at))
        return cur.fetchone()[0]
