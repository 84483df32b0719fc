"""Historical cases' repeated steps (issue 15): the work-order record of standard 1.1 gains the earlier
supervisions, urgings and returns of a case that went through them several times (督办/催办/回退, each a list of
times separated by ';', the latest staying in supervised_at, urged_at, returned_at), the re-dispatch after each
earlier return and the units that returned it; the case table gains these fields with their CHECKs, and the load
rebuilds one event per occurrence.

Downgrading drops the columns and what they held (the events rebuilt from them stay).

Revision ID: 0032
Revises: 0029
Create Date: 2026-12-04
"""

from pathlib import Path

from alembic import context, op

revision = "0032"
down_revision = "0029"
branch_labels = None
depends_on = None

# Frozen SQL, rendered by scripts/render_revision.py from the code this revision ran until it was
# frozen (storage/tables.py record_field_additions, frozen by `make revision REV=0032`): the revision runs
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
