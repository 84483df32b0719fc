"""Case facts (issue 15, the indicators' speed): one row per case and one per handling assignment, with what the
case indicators of a period count, so that a month of 2,000,000 historical cases is counted from the facts of
its own cases instead of re-deriving each case's assignments from its events at every query.

- assetreg.case_fact: a case's moments (reported, registered, first dispatch), its place and unit, its stage,
  deadlines and handling as the case row holds them, and its handling assignments summed up (how many, when
  the last was made, how many of the earlier ones were handled by their own deadline);
- assetreg.case_assignment_fact: each handling assignment (a dispatch, a re-dispatch after rework) with when it
  was made, its own deadline and its first handling, for a moment before the case's last assignment.

Both are derived: the app schema keeps them exact (db/app/72_case_facts.sql) and this revision fills them from
the cases already in the registry. Downgrading drops them (nothing is lost: they are computed again).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0023"
down_revision = "0022"
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
