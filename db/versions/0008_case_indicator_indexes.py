"""Covering indexes for the case indicators of a month.

The cases reported in a month are counted by location and unit from the index on reported_at
alone (it now includes located_grid and handling_unit), and each case's first dispatch is read
from a small index of the dispatch events alone, without visiting the tables.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from pathlib import Path

from alembic import context, op

revision = "0008"
down_revision = "0007"
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
