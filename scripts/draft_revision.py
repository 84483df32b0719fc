"""Draft the revision a change of the standard needs, as frozen SQL, for review.

    make revision NAME=work_order_delivery VERSION=1.1

compares, on scratch databases, the registry the revisions build (head) with the tables the living
code derives from standard VERSION (default: the newest), for the part the standard decides: family
tables (columns, CHECK and FOREIGN KEY constraints) and code lists (tables and rows). It writes the
difference as db/versions/<next>_<NAME>.py with db/versions/sql/<next>_upgrade.sql and
_downgrade.sql, after proving it on the scratch databases: the upgrade turns head into what the
standard derives, the downgrade turns it back. Read the files before committing them: a dropped
column drops its data, and a NOT NULL column added to a table with rows needs a default.

Tables outside the standard's part (cases, areas, history, indicators) are drafted by hand with
storage/tables.py and frozen with `make revision REV=<id>` (scripts/render_revision.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from alembic import command
from render_revision import SEPARATOR, SRIDS, _profile, drop_database, frozen_text, scratch_database

REPO = Path(__file__).resolve().parents[1]
VERSIONS = REPO / "db" / "versions"

TEMPLATE = '''"""{message}

Drafted by scripts/draft_revision.py from standard {version}: what the standard's part of the
registry (family tables, code lists) needs to become what standard {version} derives.

Revision ID: {revision}
Revises: {down_revision}
Create Date: {date}
"""

from pathlib import Path

from alembic import context, op

revision = "{revision}"
down_revision = "{down_revision}"
branch_labels = None
depends_on = None

# Frozen SQL: the revision runs these files as written, never the living code.
SQL = Path(__file__).with_name("sql")


def _run(direction: str) -> None:
    srid = str(int(context.config.attributes["profile"].registry_srid))
    body = (SQL / f"{{revision}}_{{direction}}.sql").read_text(encoding="utf-8")
    for statement in body.replace("{{registry_srid}}", srid).split(";\\n\\n"):
        if statement.strip():
            # as written: no parameters, so that % and : in the SQL stay what they are
            op.get_bind().exec_driver_sql(statement, execution_options={{"no_parameters": True}})


def upgrade() -> None:
    _run("upgrade")


def downgrade() -> None:
    _run("downgrade")
'''


def draft(version: str, srid: int) -> tuple[list[str], list[str]]:
    """(upgrade, downgrade) statements for one registry SRID, proven on scratch databases."""
    from asset_registry.core.standard import Standard
    from asset_registry.storage import localpg, migrate, schema_diff
    from asset_registry.storage.connection import engine

    localpg.ensure_running()
    profile = _profile(srid)
    current, target = Standard(profile.standard_version), Standard(version)
    head_name, derived_name = f"assetreg_draft_head_{srid}", f"assetreg_draft_derived_{srid}"
    try:
        head_dsn, derived_dsn = scratch_database(head_name), scratch_database(derived_name)
        with engine(head_dsn).begin() as connection:
            command.upgrade(migrate._config(connection, profile), "head")
        schema_diff.build_derived(derived_dsn, target, profile)
        upgrade, downgrade = schema_diff.draft(head_dsn, derived_dsn, current, target)
        try:
            schema_diff.prove(head_dsn, derived_dsn, current, target, upgrade, downgrade)
        except schema_diff.DraftFailed as exc:
            raise SystemExit(str(exc)) from None
        return upgrade, downgrade
    finally:
        drop_database(head_name)
        drop_database(derived_name)


def next_revision() -> tuple[str, str]:
    numbers = sorted(int(m.group(1)) for p in VERSIONS.glob("*.py") if (m := re.match(r"(\d{4})_", p.name)))
    return f"{numbers[-1] + 1:04d}", f"{numbers[-1]:04d}"


def main(argv: list[str] | None = None) -> int:
    from asset_registry.core.standard import available_versions

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", default=available_versions()[-1], help="the standard version to derive")
    parser.add_argument("--name", help="the revision's file name after its number, e.g. work_order_delivery")
    parser.add_argument("--message", default=None, help="the revision's first docstring line")
    parser.add_argument("--print", action="store_true", help="print the SQL instead of writing the revision")
    args = parser.parse_args(argv)
    if not args.print and not (args.name and re.fullmatch(r"[a-z0-9_]+", args.name)):
        parser.error("--name is required (lowercase letters, digits and _), or --print")
    revision, down_revision = next_revision()
    drafts = {srid: draft(args.version, srid) for srid in SRIDS}
    texts = {}
    for direction, index in (("upgrade", 0), ("downgrade", 1)):
        renderings = [frozen_text(revision, direction, drafts[srid][index], srid) for srid in SRIDS]
        if sorted(renderings[0].split(SEPARATOR)) != sorted(renderings[1].split(SEPARATOR)):
            raise SystemExit(f"{direction}: the SQL differs by SRID beyond the SRID itself")
        texts[direction] = renderings[0]
    if texts["upgrade"].count(SEPARATOR) == 0:
        print(f"standard {args.version} derives what the registry at head already holds: no revision needed")
        return 0
    if args.print:
        sys.stdout.write(texts["upgrade"] + texts["downgrade"])
        return 0
    for direction, body in texts.items():
        (VERSIONS / "sql" / f"{revision}_{direction}.sql").write_text(body, encoding="utf-8")
    message = args.message or f"The registry follows standard {args.version}."
    from datetime import date

    source = TEMPLATE.format(
        message=message, version=args.version, revision=revision, down_revision=down_revision, date=date.today()
    )
    path = VERSIONS / f"{revision}_{args.name}.py"
    path.write_text(source, encoding="utf-8")
    print(f"{path.relative_to(REPO)} and db/versions/sql/{revision}_{{upgrade,downgrade}}.sql written; review them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
