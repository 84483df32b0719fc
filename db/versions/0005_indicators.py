"""Indicators: monthly snapshots of the indicators, and the indexes that let the indicators of
one period read one range of the cases, events and patrols rather than all of them. An
inspection gets superseded_at (when the next inspection of its asset and kind was made), which
db/app/45_patrols.sql keeps and fills on every upgrade, so the latest patrol of every light at a
moment is one index lookup.

Nothing existing changes: downgrading drops the snapshots, the column and the indexes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import (
    INDICATOR_INDEXES,
    INSPECTION_TABLE,
    KPI_SNAPSHOT_TABLE,
    indicator_metadata,
    superseded_at_column,
)
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    metadata = indicator_metadata()
    metadata.tables[f"{SCHEMA}.{KPI_SNAPSHOT_TABLE}"].create(op.get_bind())
    op.add_column(INSPECTION_TABLE, superseded_at_column(), schema=SCHEMA)
    for name, table, columns, method, predicate in INDICATOR_INDEXES:
        op.create_index(
            name,
            table,
            [text(column) for column in columns],
            schema=SCHEMA,
            postgresql_using=method,
            postgresql_where=text(predicate) if predicate else None,
        )


def downgrade() -> None:
    for name, *_ in INDICATOR_INDEXES:
        op.drop_index(name, schema=SCHEMA)
    op.drop_column(INSPECTION_TABLE, "superseded_at", schema=SCHEMA)
    op.drop_table(KPI_SNAPSHOT_TABLE, schema=SCHEMA)
