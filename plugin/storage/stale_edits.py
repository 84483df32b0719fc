"""What a QGIS edit session sends as the version of the assets it changes (db/app/23_stale_edits.sql).

An editor's layer shows the registry as it was when the editor began editing (or last saved): an asset
someone else saved after that was changed on a view the editor may never have seen. So the version an
edit builds on is the asset's updated_at, but no later than the start of the edit session: the database
refuses the update of an asset saved since (its updated_at is newer than what the edit carries).
"""

from __future__ import annotations

from psycopg2 import sql

from .connection import connection
from .names import SCHEMA

# ISO 8601 in UTC to the millisecond: what QDateTime.fromString(…, Qt.ISODateWithMs) reads, and the
# precision the database compares at
_ISO_UTC_MS = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""


def session_start(dsn: str) -> str:
    """The database's clock now, as text: the start of an edit session."""
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT now()::text")
        return cur.fetchone()[0]


def versions_as_read(dsn: str, table: str, uids: list[str], started: str) -> dict[str, str]:
    """Per asset key, the version an edit session that began at ``started`` builds on (ISO UTC, ms)."""
    if not uids:
        return {}
    version = _ISO_UTC_MS.format("least(a.updated_at, %s::timestamptz)")
    statement = sql.SQL("SELECT a.uid::text, " + version + " FROM {} a WHERE a.uid = ANY (%s::uuid[])").format(
        sql.Identifier(SCHEMA, table)
    )
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(statement, (started, uids))
        return dict(cur.fetchall())
