"""Historical cases' collector (issue 15): the work-order record of standard 1.1 gains `collector_code`, the
platform's staff number of the collector who reported the case (a staff code, not personal contact data); the
case table gains it with its CHECKs, so that the figures per person count a historical case under its collector.

Downgrading drops the column and what it held.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

# Frozen SQL, rendered by scripts/render_revision.py from the code this revision ran until it was
# frozen (storage/tables.py record_field_additions, frozen by `make revision REV=0029`): the revision runs
# these files as written, never the living code.
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
