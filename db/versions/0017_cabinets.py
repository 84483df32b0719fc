"""Lighting distribution cabinets (standard 1.1, issue 17): the family table lighting_cabinet, its two code lists,
and a light's cabinet_id as a cabinet's identifier.

Drafted by scripts/draft_revision.py from standard 1.1 (`make revision NAME=cabinets VERSION=1.1`): the code
lists cabinet_control_mode and cabinet_mounting, the table with the standard's fields, and the CHECK that a
light's cabinet_id is an identifier of class 01060. Added by hand to the drafted SQL: the columns every other
family table carries besides the standard's fields (registry columns of 0002, component_class of 0011, fid of
0012 last, in that order), and, before the CHECK, a light's cabinet_id that is no cabinet identifier (free
text until now) moved into its remarks. The downgrade drops the table and the CHECK; the moved values stay
in the remarks.

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0017"
down_revision = "0013"
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
