"""Cases (数字城管 work orders): the case table derived from the standard's work-order record,
its link to the assets it concerns and its events; replaces the minimal work_order of 0001.

The outage orders of 0001 become cases of the streetlight-fault matter class (01037) in the
district of their component, linked to it; an open one is reported, a closed one closed. Each
gets one event saying it came from this revision. Downgrading drops the cases and recreates the
empty table of 0001.

Code lists are brought up to the standard as it stands (the status 'handling' and the sources
'citizen' and 'gis_user' are new), so an upgraded registry has the same rows as a fresh one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from pathlib import Path

from alembic import context, op

revision = "0003"
down_revision = "0002"
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
