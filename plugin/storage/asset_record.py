"""What the registry holds about one asset besides its row, for the tabs of its form (issue 17): its
inspections, the cases that concern it, the attachments (photos, documents) of both, and the city's time
zone its history is told in. Read as the layer's login: every registry role may read these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .connection import connection
from .names import APP_SCHEMA, SCHEMA


@dataclass(frozen=True)
class InspectionRow:
    inspection_id: str
    kind: str
    inspected_at: datetime
    inspector: str | None
    status_found: str | None
    notes: str | None


@dataclass(frozen=True)
class CaseRow:
    case_no: str
    status: str
    reported_at: datetime
    description: str | None


@dataclass(frozen=True)
class AttachmentRow:
    owner: str  # the inspection id or case number it belongs to
    file_name: str
    media_type: str
    uri: str
    added_at: datetime

    @property
    def is_photo(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass
class AssetRecord:
    inspections: list[InspectionRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    attachments: list[AttachmentRow] = field(default_factory=list)
    timezone: str = "UTC"


INSPECTIONS = f"""
SELECT inspection_id, kind, inspected_at, inspector, status_found, notes FROM {SCHEMA}.inspection
 WHERE asset_uid = %(uid)s OR (asset_uid IS NULL AND component_id = %(component_id)s)
 ORDER BY inspected_at DESC
"""
CASES = f"""
SELECT w.case_no, w.status, w.reported_at, w.description FROM {APP_SCHEMA}.case_record w
  JOIN {SCHEMA}.work_order_asset a ON a.work_order_id = w.id
 WHERE a.family = %(family)s AND a.asset_uid = %(uid)s
 ORDER BY w.reported_at DESC
"""
ATTACHMENTS = f"""
SELECT coalesce(i.inspection_id, w.case_no), t.file_name, t.media_type, t.uri, t.added_at
  FROM {SCHEMA}.attachment t
  LEFT JOIN {SCHEMA}.inspection i ON i.uid = t.inspection_uid
  LEFT JOIN {APP_SCHEMA}.case_record w ON w.id = t.work_order_id
 WHERE i.asset_uid = %(uid)s OR (i.asset_uid IS NULL AND i.component_id = %(component_id)s)
    OR t.work_order_id IN (SELECT a.work_order_id FROM {SCHEMA}.work_order_asset a
                            WHERE a.family = %(family)s AND a.asset_uid = %(uid)s)
 ORDER BY t.added_at DESC, t.id DESC
"""


def asset_record(dsn: str, family_table: str, uid: str, component_id: str | None) -> AssetRecord:
    params = {"family": family_table, "uid": uid, "component_id": component_id}
    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute(INSPECTIONS, params)
        inspections = [InspectionRow(*row) for row in cur.fetchall()]
        cur.execute(CASES, params)
        cases = [CaseRow(*row) for row in cur.fetchall()]
        cur.execute(ATTACHMENTS, params)
        attachments = [AttachmentRow(*row) for row in cur.fetchall()]
        cur.execute(f"SELECT body ->> 'timezone' FROM {SCHEMA}.city_profile LIMIT 1")
        row = cur.fetchone()
    return AssetRecord(inspections, cases, attachments, (row and row[0]) or "UTC")
