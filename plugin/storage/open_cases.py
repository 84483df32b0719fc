"""The open cases of assets, for an editor about to delete or retire them (issue 17).

A case is open while the case flow can still move it on towards closed or cancelled: its status is the
start of a transition other than rating (assetreg_app.case_transitions, db/app/65_cases.sql), so the flow
itself says which statuses are final. Read through the view case_record, which every role may read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .connection import connection
from .names import APP_SCHEMA, SCHEMA


@dataclass(frozen=True)
class OpenCase:
    asset_uid: str
    component_id: str
    case_no: str
    status: str


OPEN_CASES = f"""
SELECT a.asset_uid::text, coalesce(a.component_id, ''), w.case_no, w.status
  FROM {SCHEMA}.work_order_asset a
  JOIN {APP_SCHEMA}.case_record w ON w.id = a.work_order_id
 WHERE a.family = %s AND a.asset_uid = ANY (%s::uuid[])
   AND EXISTS (SELECT 1 FROM {APP_SCHEMA}.case_transitions t WHERE t.from_status = w.status AND t.action <> 'rate')
 ORDER BY a.component_id, w.case_no
"""


def open_cases_of(dsn: str, family_table: str, asset_uids: Iterable[str]) -> list[OpenCase]:
    """The open cases concerning these assets of one family table, by identifier and case number."""
    uids = sorted({str(uid) for uid in asset_uids if uid})
    if not uids:
        return []
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(OPEN_CASES, (family_table, uids))
        return [OpenCase(*row) for row in cur.fetchall()]
