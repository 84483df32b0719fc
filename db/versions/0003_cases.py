"""Cases (数字城管 work orders): the case table derived from the standard's work-order record,
its link to the assets it concerns and its events; replaces the minimal work_order of 0001.

The outage orders of 0001 become cases of the streetlight-fault matter class (01037) in the
district of their component, linked to it; an open one is reported, a closed one closed. Each
gets one event saying it came from this revision. Downgrading drops the cases and recreates the
empty table of 0001.

Code lists are brought up to the standard as it stands (the status 'handling' and the sources
'citizen' and 'gis_user' are new), so an upgraded registry has the same rows as a fresh one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import context, op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import build_metadata, case_metadata, upsert_code_lists

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"
CASE_TABLES = ("work_order", "work_order_asset", "work_order_event")
STREETLIGHT_FAULT = "01037"


def upgrade() -> None:
    standard = Standard(STANDARD_VERSION)
    metadata = case_metadata(standard, context.config.attributes["profile"])
    upsert_code_lists(op.get_bind(), standard)
    op.rename_table("work_order", "work_order_0001", schema=SCHEMA)
    op.execute(f"ALTER INDEX {SCHEMA}.work_order_open_idx RENAME TO work_order_0001_open_idx")
    op.execute(f"ALTER SEQUENCE {SCHEMA}.work_order_id_seq RENAME TO work_order_0001_id_seq")
    metadata.create_all(op.get_bind(), tables=[metadata.tables[f"{SCHEMA}.{name}"] for name in CASE_TABLES])
    op.execute(
        f"""
        INSERT INTO {SCHEMA}.work_order (id, case_no, matter_code, source, status, description, reported_at,
                                         closed_at, version, geom, located_grid, located_at)
        SELECT w.id, 'WO' || lpad(w.id::text, 10, '0'), left(w.component_id, 6) || '{STREETLIGHT_FAULT}', 'other',
               CASE w.status WHEN 'open' THEN 'reported' ELSE 'closed' END,
               coalesce(nullif(w.description, ''), w.kind), w.reported_at, w.closed_at, 1, s.geom, s.located_grid, now()
          FROM {SCHEMA}.work_order_0001 w
          LEFT JOIN {SCHEMA}.streetlight s ON s.component_id = w.component_id
        """
    )
    op.execute(
        f"""
        INSERT INTO {SCHEMA}.work_order_asset (work_order_id, family, asset_uid, component_id)
        SELECT w.id, 'streetlight', s.uid, s.component_id
          FROM {SCHEMA}.work_order_0001 w JOIN {SCHEMA}.streetlight s ON s.component_id = w.component_id
        """
    )
    op.execute(
        f"""
        INSERT INTO {SCHEMA}.work_order_event (work_order_id, version, at, action, to_status, reason)
        SELECT id, 1, reported_at, 'migrate', status, 'revision 0003' FROM {SCHEMA}.work_order
        """
    )
    op.execute(
        f"SELECT setval('{SCHEMA}.work_order_id_seq', greatest((SELECT max(id) FROM {SCHEMA}.work_order), 1),"
        f" (SELECT count(*) > 0 FROM {SCHEMA}.work_order))"
    )
    op.drop_table("work_order_0001", schema=SCHEMA)


def downgrade() -> None:
    standard = Standard(STANDARD_VERSION)
    profile = context.config.attributes["profile"]
    metadata = case_metadata(standard, profile)
    bind = op.get_bind()
    metadata.drop_all(bind, tables=[metadata.tables[f"{SCHEMA}.{name}"] for name in CASE_TABLES])
    legacy = build_metadata(standard, profile, ())
    legacy.tables[f"{SCHEMA}.work_order"].create(bind)
