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

from alembic import op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import pattern_shortcut_changes

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"


def _replace(shortcut: bool) -> None:
    by_table: dict[str, list[str]] = {}
    for table, name, plain, with_shortcut in pattern_shortcut_changes(Standard(STANDARD_VERSION)):
        expression = with_shortcut if shortcut else plain
        by_table.setdefault(table, []).append(f'DROP CONSTRAINT "{name}", ADD CONSTRAINT "{name}" CHECK ({expression})')
    for table, actions in by_table.items():
        op.execute(f'ALTER TABLE {SCHEMA}."{table}" ' + ", ".join(actions))


def upgrade() -> None:
    _replace(shortcut=True)


def downgrade() -> None:
    _replace(shortcut=False)
