"""Standard 1.0, all families: the other asset tables, where each asset lies, areas and grids,
submissions, quarantine and history.

Every family table gets who registered each asset and through which submission or edit
session, and the location columns (unit grid found by spatial join and the community,
street and district it nests in); the tables of revision 0001 get them by ALTER so that
their data stays.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import context, op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import add_registry_tables, build_metadata, registry_columns
from sqlalchemy import MetaData

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"
FAMILIES_OF_0001 = ("streetlight",)
REGISTRY_TABLES = ("admin_area", "unit_grid", "submission", "quarantine", "asset_history", "bulk_suspended")


def _metadata() -> tuple[Standard, MetaData]:
    standard = Standard(STANDARD_VERSION)
    profile = context.config.attributes["profile"]
    metadata = build_metadata(standard, profile)
    add_registry_tables(metadata, profile)
    return standard, metadata


def _new_family_tables(standard: Standard) -> list[str]:
    return [family.table for name, family in standard.families.items() if name not in FAMILIES_OF_0001]


def upgrade() -> None:
    standard, metadata = _metadata()
    bind = op.get_bind()
    created = [metadata.tables[f"{SCHEMA}.{name}"] for name in (*_new_family_tables(standard), *REGISTRY_TABLES)]
    metadata.create_all(bind, tables=created)
    for family in standard.families.values():
        for column in registry_columns():
            op.add_column(family.table, column, schema=SCHEMA)
        op.create_index(f"{family.table}_located_grid_idx", family.table, ["located_grid"], schema=SCHEMA)
        op.create_index(f"{family.table}_located_district_idx", family.table, ["located_district"], schema=SCHEMA)
    for name in FAMILIES_OF_0001:
        # assets registered before this revision: their session is this migration
        op.execute(f"UPDATE {SCHEMA}.{standard.family(name).table} SET created_session = 'revision 0002'")


def downgrade() -> None:
    standard, metadata = _metadata()
    bind = op.get_bind()
    dropped = [metadata.tables[f"{SCHEMA}.{name}"] for name in (*_new_family_tables(standard), *REGISTRY_TABLES)]
    metadata.drop_all(bind, tables=dropped)
    for name in FAMILIES_OF_0001:
        table = standard.family(name).table
        for column in reversed(registry_columns()):
            op.drop_column(table, column.name, schema=SCHEMA)
