"""Indexes of the open cases, for the cases panel and the cases layer on millions of cases (issue 13).

A city that moved years of history in has its open cases scattered through the case table, one per page or
so: every read of "the open cases of a stage" through the status index fetched a page per case. Three partial
indexes on the open cases only (a few MB for 50,000 of 2,000,000):
- by stage and id: the newest cases of an open stage in id order, and a list of several open stages as one
  ordered scan per stage, merged;
- by district, stage and id: the same within a district, and the counts per stage of a district's open cases
  from the index alone;
- by id with what the cases layer draws (stage, deadlines, handled time, number, matter class, point): the
  layer of every open case from the index alone.
"Open" is every stage but the finished ones (closed, cancelled, refused: core/case_panel.FINISHED_STAGES), so
a stage added to the flow is covered without a new index.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# Frozen SQL: the revision runs these files as written, never the living code.
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
