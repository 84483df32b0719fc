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

from pathlib import Path

from alembic import context, op

revision = "0002"
down_revision = "0001"
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
