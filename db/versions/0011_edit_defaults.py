"""Defaults that do the typing (issue 17): the registry makes a new asset's identifier and fills its place.

- assetreg.identifier_serial: the last serial given out per district and component class, one row each,
  taken under its row lock by assetreg_app.next_serial (db/app/22_edit_defaults.sql), so concurrent
  editors never get the same serial.
- assetreg.area_default: a competent department and a maintainer per area (district, street or
  community code), for every family or one, which a new asset of that area gets when it has none.
- every family gets component_class, where a form names the class of a new asset; the registry makes
  the identifier from it and clears it (the class of record is the identifier's positions 7-11).
- component_id, grid_code and the competent department get the default assetreg.filled_on_save()
  (NULL): a NOT NULL column with a default is one QGIS lets a form leave empty, evaluated on the
  provider side; the row trigger fills them.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Frozen SQL, rendered by scripts/render_revision.py from the code this revision ran until it was
# frozen (hand-drafted with op.execute, frozen by `make revision REV=0011`): the revision runs these
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
