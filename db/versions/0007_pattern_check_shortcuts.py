"""Pattern CHECKs that test length and characters before the regular expression.

A pattern of one character class repeated n times (a component identifier, a grid code) is
checked as ``CASE WHEN char_length(x) = n AND ltrim(x, 'class') = '' THEN true ELSE x ~ 'pattern'
END``: the same constraint, the standard's expression still verbatim and deciding every row the
test does not pass, at a fraction of its cost on the rows that do (storage/tables.py,
pattern_check). Each table's constraints are replaced in one ALTER TABLE (one validating scan).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from pathlib import Path

from alembic import context, op

revision = "0007"
down_revision = "0006"
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
