"""Pattern CHECKs of several character classes in a row get the shortcut of revision 0007.

A pattern such as the unified social credit code's ``^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$``
is checked as ``CASE WHEN char_length(x) = 18 AND ltrim(x, 'all classes') = '' AND ltrim(substr(x, 3, 6),
'0123456789') = '' THEN true ELSE x ~ 'pattern' END``: length, every character in one of the classes,
each narrower class on its own substring; the standard's expression still verbatim and deciding every
row the test does not pass (storage/tables.py, pattern_check). A first load of a million streetlights
spends about a second less on its competent department's code.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from alembic import op
from asset_registry.core.standard import Standard
from asset_registry.storage.names import SCHEMA
from asset_registry.storage.tables import pattern_shortcut_changes

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

STANDARD_VERSION = "1.0"


def _replace(shortcut: bool) -> None:
    by_table: dict[str, list[str]] = {}
    for table, name, before, after in pattern_shortcut_changes(Standard(STANDARD_VERSION), sequences=True):
        expression = after if shortcut else before
        by_table.setdefault(table, []).append(f'DROP CONSTRAINT "{name}", ADD CONSTRAINT "{name}" CHECK ({expression})')
    for table, actions in by_table.items():
        op.execute(f'ALTER TABLE {SCHEMA}."{table}" ' + ", ".join(actions))


def upgrade() -> None:
    _replace(shortcut=True)


def downgrade() -> None:
    _replace(shortcut=False)
