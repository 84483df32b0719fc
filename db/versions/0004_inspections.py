"""Inspections (巡查记录) and attachments: the inspection table derived from the standard's
inspection record, linked to the asset it is about and the submission it came with, and the
attachments (photos, documents) of inspections and cases, kept as files with their hash.

Nothing existing changes: both tables are new, so downgrading drops them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from pathlib import Path

from alembic import context, op

revision = "0004"
down_revision = "0003"
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
