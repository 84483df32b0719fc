"""Repeat marks (issue 15, the indicators' speed): the repeated-complaints count of a month read from a mark kept
per case instead of pairing every case of the month and the days before it at each query.

- assetreg.case_repeat: one row per case that repeats an earlier one (db/app/71_case_repeats.sql decides which),
  with the earlier case it repeats and whether by the same asset;
- assetreg.case_repeat_basis: the profile's rule (metres, days) the marks were computed with; when the rule
  differs from the profile's (a fresh registry, a changed profile), the app schema computes every mark anew.

Both are derived: the app schema keeps them exact (db/app/73_case_repeat_marks.sql). Downgrading drops them
(nothing is lost: they are computed again).

Revision ID: 0028
Revises: 0023
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0028"
down_revision = "0023"
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
