"""Standard 1.0, first slice: code lists, streetlight, work orders, city profile.

The tables are derived from the standard as it stands in standards/1.0 for the
families named here; a later change of the standard comes with its own revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from pathlib import Path

from alembic import context, op

revision = "0001"
down_revision = None
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
