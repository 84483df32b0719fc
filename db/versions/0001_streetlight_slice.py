"""Standard 1.0, first slice: code lists, streetlight, work orders, city profile.

The tables are derived from the standard as it stands in standards/1.0 for the
families named here; a later change of the standard comes with its own revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from alembic import context, op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import build_metadata, codelist_rows, codelist_table_name
from sqlalchemy import text

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"
FAMILIES = ("streetlight",)


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    standard = Standard(STANDARD_VERSION)
    metadata = build_metadata(standard, context.config.attributes["profile"], FAMILIES)
    metadata.create_all(bind)
    for codelist in standard.codelists.values():
        op.bulk_insert(metadata.tables[f"{SCHEMA}.{codelist_table_name(codelist.name)}"], codelist_rows(codelist))


def downgrade() -> None:
    standard = Standard(STANDARD_VERSION)
    metadata = build_metadata(standard, context.config.attributes["profile"], FAMILIES)
    metadata.drop_all(op.get_bind())
