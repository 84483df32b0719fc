"""Condition surveys say more: a road survey's RQI and RDI beside its PCI, a bridge inspection's
BCI by component group (deck system, superstructure, substructure), a tree survey's lean, pests
and risk (a new code list, tree_risk). The inspection table gains these fields of the standard's
inspection record, with their CHECKs and foreign keys, as a fresh table has them.

Downgrading drops the columns (and what they held); the code list stays, as code lists do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import INSPECTION_TABLE, record_field_additions, upsert_code_lists

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"
NEW_FIELDS = ("rqi", "rdi", "bci_deck", "bci_superstructure", "bci_substructure", "lean_deg", "pests", "tree_risk")


def upgrade() -> None:
    standard = Standard(STANDARD_VERSION)
    upsert_code_lists(op.get_bind(), standard)
    for column, codelist_table, checks in record_field_additions(standard, INSPECTION_TABLE, NEW_FIELDS):
        op.add_column(INSPECTION_TABLE, column, schema=SCHEMA)
        if codelist_table:
            op.create_foreign_key(
                f"{INSPECTION_TABLE}_{column.name}_fkey",
                INSPECTION_TABLE,
                codelist_table,
                [column.name],
                ["code"],
                source_schema=SCHEMA,
                referent_schema=SCHEMA,
            )
        for name, expression in checks:
            op.create_check_constraint(name, INSPECTION_TABLE, expression, schema=SCHEMA)


def downgrade() -> None:
    for name in reversed(NEW_FIELDS):
        op.drop_column(INSPECTION_TABLE, name, schema=SCHEMA)
