"""Historical cases as a delivery (standard 1.1): the work-order record gains the time of each step a
platform exports, the reply to the reporter (a new code list, reply_channel), the source platform
and when it was rated; the case table gains these fields with their CHECKs and foreign keys, and the
submission a historical case came with. Indicator snapshots may be of any period of days (FROM/TO
beside the month YYYY-MM) and say when they measured the cases (as_of: at the period's end, or when
taken, as every snapshot before this revision did). Each case event gains the handling deadline of the
handling assignment it makes (a dispatch, a re-dispatch after rework); a dispatch made before this
revision takes its case's deadline, the only one there was.

Downgrading drops the columns (and what they held), the code list and the snapshots of periods that are
not months.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Frozen SQL: the code list drafted by `make revision NAME=work_order_history VERSION=1.1`, the case
# columns hand-drafted with storage/tables.py (record_field_additions, case_history_columns) and rendered
# by `make revision REV=0010`: the revision runs these files as written, never the living code.
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
