"""The COMMENTs of the registry's own tables and columns (plugin/i18n/messages/columns.toml, written
by storage/tables.py) are, byte for byte, what the frozen revisions (db/versions/sql) wrote: a
registry built by init and one upgraded from a release keep the same schema."""

from __future__ import annotations

import re
from pathlib import Path

from asset_registry.core import messages
from asset_registry.core.messages import bilingual
from asset_registry.storage import tables
from sqlalchemy import MetaData

VERSIONS_SQL = Path(__file__).resolve().parents[2] / "db" / "versions" / "sql"
FROZEN_COMMENT = re.compile(r"COMMENT ON (?:TABLE|COLUMN) assetreg\.([a-z0-9_.]+) IS '((?:[^']|'')*)';")
NOT_FROZEN = {"table.identifier_rule"}  # assetreg_app.identifier_rule: the app schema, rebuilt on every upgrade


def frozen_comments() -> dict[str, str]:
    """Every comment the revisions wrote, by table or table.column; a later revision's wins."""
    found: dict[str, str] = {}
    for path in sorted(VERSIONS_SQL.glob("*_upgrade.sql")):
        for target, comment in FROZEN_COMMENT.findall(path.read_text(encoding="utf-8")):
            found[target] = comment.replace("''", "'")
    assert len(found) > 300, VERSIONS_SQL
    return found


def living_comments(standard, profile) -> dict[str, str]:
    """Every comment of the tables the current code builds, by table or table.column."""
    registry = tables.build_metadata(standard, profile)
    tables.add_registry_tables(registry, profile)
    found: dict[str, str] = {}
    for metadata in (
        registry,
        tables.case_metadata(standard, profile),
        tables.inspection_metadata(standard, profile),
        tables.indicator_metadata(),
    ):
        assert isinstance(metadata, MetaData)
        for table in metadata.tables.values():
            if table.comment:
                found[table.name] = table.comment
            for column in table.columns:
                if column.comment:
                    found[f"{table.name}.{column.name}"] = column.comment
    return found


def test_every_catalogued_comment_is_one_the_revisions_wrote():
    frozen = {  # in any revision, up or down (revision 0001's work order table is gone at head)
        comment.replace("''", "'")
        for path in VERSIONS_SQL.glob("*.sql")
        for _, comment in FROZEN_COMMENT.findall(path.read_text(encoding="utf-8"))
    }
    ids = [ident for ident in messages.catalogue() if ident.startswith(("table.", "column."))]
    assert len(ids) > 70
    changed = [ident for ident in ids if ident not in NOT_FROZEN and bilingual(messages.msg(ident)) not in frozen]
    assert not changed, f"comments the frozen revisions never wrote (keep them byte-identical): {changed}"


def test_the_tables_the_code_builds_carry_the_comments_the_revisions_wrote(standard, profile):
    frozen, living = frozen_comments(), living_comments(standard, profile)
    compared = [target for target in living if target in frozen]
    assert len(compared) > 300
    differing = [f"{target}: {living[target]!r} != {frozen[target]!r}" for target in compared if living[target] != frozen[target]]
    assert not differing, differing
