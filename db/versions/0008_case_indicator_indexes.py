"""Covering indexes for the case indicators of a month.

The cases reported in a month are counted by location and unit from the index on reported_at
alone (it now includes located_grid and handling_unit), and each case's first dispatch is read
from a small index of the dispatch events alone, without visiting the tables.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from alembic import op
from asset_registry.storage.names import SCHEMA

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(f"DROP INDEX {SCHEMA}.work_order_reported_at_idx")
    op.execute(
        f"CREATE INDEX work_order_reported_at_idx ON {SCHEMA}.work_order (reported_at) INCLUDE (located_grid, handling_unit)"
    )
    op.execute(
        f"CREATE INDEX work_order_event_dispatch_idx ON {SCHEMA}.work_order_event (work_order_id) INCLUDE (at)"
        " WHERE action = 'dispatch'"
    )


def downgrade() -> None:
    op.execute(f"DROP INDEX {SCHEMA}.work_order_event_dispatch_idx")
    op.execute(f"DROP INDEX {SCHEMA}.work_order_reported_at_idx")
    op.execute(f"CREATE INDEX work_order_reported_at_idx ON {SCHEMA}.work_order (reported_at)")
