"""An integer primary key on every family table, so QGIS reads the registry as fast as a plain table.

QGIS's PostgreSQL provider takes a table's primary key as its feature id, whatever key the layer's URI
names. With the uuid ``uid`` as the key it keeps a map entry per feature (key to feature id and back),
filled at every drawing: the full extent of a million streetlights drew about ten times slower than the
same rows under an integer key (bench/desktop.py). ``fid`` (an identity, filled for existing rows) is now
the primary key; ``uid`` stays the stable key every other table names, unique and not null.

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-03
"""

from pathlib import Path

from alembic import context, op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Frozen SQL, written by hand with the DDL storage/tables.py derives (the same for every family table):
# the revision runs these files as written, never the living code.
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
