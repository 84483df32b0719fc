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

from pathlib import Path

from alembic import context, op

revision = "0005"
down_revision = "0004"
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
