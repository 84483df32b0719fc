"""Condition surveys say more: a road survey's RQI and RDI beside its PCI, a bridge inspection's
BCI by component group (deck system, superstructure, substructure), a tree survey's lean, pests
and risk (a new code list, tree_risk). The inspection table gains these fields of the standard's
inspection record, with their CHECKs and foreign keys, as a fresh table has them.

Downgrading drops the columns (and what they held); the code list stays, as code lists do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from pathlib import Path

from alembic import context, op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Frozen SQL, rendered by scripts/render_revision.py from the code this revision ran until it was
# frozen (commit 19db279): the revision runs these files as written, never the living code.
SQL = Path(__file__).with_name("sql")


def _run(direction: str) -> None:
    srid = str(int(context.config.attributes["profile"].registry_srid))
    body = (SQL / f"{revision}_{direction}.sql").read_text(encoding="utf-8")
    for statement in body.replace("{registry_srid}", srid).split(";\n\n"):
        if statement.strip():
            # as written: no parameters, so that % and : in the SQL stay what they are
            op.get_bind().exec_driver_sql(statement, execution_options={"no_parameters": True})


def upgrade() -> None:
    _run("upgrade")


def downgrade() -> None:
    _run("downgrade")
