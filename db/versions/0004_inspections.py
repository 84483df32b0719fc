"""Inspections (巡查记录) and attachments: the inspection table derived from the standard's
inspection record, linked to the asset it is about and the submission it came with, and the
attachments (photos, documents) of inspections and cases, kept as files with their hash.

Nothing existing changes: both tables are new, so downgrading drops them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from alembic import context, op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import ATTACHMENT_TABLE, INSPECTION_TABLE, inspection_metadata

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"
NEW_TABLES = (INSPECTION_TABLE, ATTACHMENT_TABLE)
# The fields the inspection record had at this revision; those it gained since are added by later
# revisions (0006), so that a fresh registry and an upgraded one have the same columns, in order.
RECORD_FIELDS = (
    "inspection_id",
    "kind",
    "component_id",
    "inspected_at",
    "inspector",
    "lit",
    "status_found",
    "road_name",
    "pci",
    "condition_grade",
    "sample_length_m",
    "sample_area_m2",
    "bci",
    "bci_grade",
    "vigour",
    "notes",
    "photos",
)


def _new_tables():
    metadata = inspection_metadata(Standard(STANDARD_VERSION), context.config.attributes["profile"], RECORD_FIELDS)
    return metadata, [metadata.tables[f"{SCHEMA}.{name}"] for name in NEW_TABLES]


def upgrade() -> None:
    metadata, tables = _new_tables()
    metadata.create_all(op.get_bind(), tables=tables)


def downgrade() -> None:
    metadata, tables = _new_tables()
    metadata.drop_all(op.get_bind(), tables=tables)
