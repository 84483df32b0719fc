"""The steps the cities describe (issue 15): dispatch by responsibility and a reply before a citizen's case closes.

- assetreg.responsibility_area: 责任区, polygons each with its responsible unit (maintainer), loaded
  with `assetreg areas responsibility FILE`; a dispatch without a named maintainer takes the unit
  of the case's assets or of the area the case lies in (db/app/67_case_steps.sql).
- assetreg.cl_work_order_source.reply_required: the sources whose reporter is a citizen (the
  standard 1.1 code list's x-reply-required); such a case cannot close before a reply.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Frozen SQL, rendered by scripts/render_revision.py from the code this revision ran until it was
# frozen (hand-drafted with op.execute, frozen by `make revision REV=0013`): the revision runs these
# files as written, never the living code.
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
