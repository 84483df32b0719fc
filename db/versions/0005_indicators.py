"""Indicators: monthly snapshots of the indicators, and the indexes that let the indicators of
one period read one range of the cases, events and patrols rather than all of them.

Nothing existing changes: downgrading drops the snapshots and the indexes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import INDICATOR_INDEXES, KPI_SNAPSHOT_TABLE, indicator_metadata
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    metadata = indicator_metadata()
    metadata.tables[f"{SCHEMA}.{KPI_SNAPSHOT_TABLE}"].create(op.get_bind())
    for name, table, columns, method in INDICATOR_INDEXES:
        op.create_index(name, table, [text(column) for column in columns], schema=SCHEMA, postgresql_using=method)


def downgrade() -> None:
    for name, *_ in INDICATOR_INDEXES:
        op.drop_index(name, schema=SCHEMA)
    op.drop_table(KPI_SNAPSHOT_TABLE, schema=SCHEMA)
