"""Historical cases' earlier return reasons (issue 15): the work-order record of standard 1.1 gains the reason of
each earlier return of a case returned several times (earlier_return_reasons, a list separated by ';' item by item
with earlier_returned_at, an empty item where the platform exported none; the latest's stays in return_reason); the
case table gains the field with its CHECK, and the load gives each earlier return's event its reason.

Downgrading drops the column and what it held (the events' reasons rebuilt from it stay).

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-04
"""

from pathlib import Path

from alembic import context, op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

# Frozen SQL, rendered by scripts/render_revision.py from the code this revision ran until it was
# frozen (storage/tables.py record_field_additions, frozen by `make revision REV=0033`; `make revision
# NAME=earlier_return_reasons VERSION=1.1` drafts only family tables and code lists, and found nothing to do): the
# revision runs these files as written, never the living code.
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
