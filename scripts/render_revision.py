"""Render the SQL a revision executes, for review and to freeze it in db/versions/sql/.

A revision is frozen SQL: db/versions/sql/<rev>_upgrade.sql and <rev>_downgrade.sql, run by the
revision as they are written, with only the registry SRID taken from the city profile at run time
(the placeholder {registry_srid}). To write a new revision, draft it with the living code
(asset_registry.storage.tables derives the DDL that the standard's change needs), then

    make revision REV=0010

runs the revisions up to it on a scratch database, captures every statement the revision's
upgrade and downgrade execute (alembic's own bookkeeping and the catalogue lookups left out),
and writes the two files. Review them, and make the revision run them (as 0001-0009 do): from
then on it never imports storage/ or reads the standard.

The SRID is found by rendering twice, with two registry SRIDs: the files must differ only where
the SRID is, or rendering stops.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

from alembic import command
from psycopg2 import sql
from sqlalchemy import event

REPO = Path(__file__).resolve().parents[1]
SQL_DIR = REPO / "db" / "versions" / "sql"
PLACEHOLDER = "{registry_srid}"
SEPARATOR = ";\n\n"  # what ends each statement in a frozen file (never inside one: checked here)
SRIDS = (4547, 28992)  # two registry SRIDs to tell the SRID apart from other numbers
HEADER = (
    "-- Revision {revision}, {direction}: frozen SQL, rendered by scripts/render_revision.py.\n"
    "-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder\n"
    "-- registry_srid in braces is the registry SRID of the city profile. Never edit a released\n"
    "-- revision's file: add a revision.\n\n"
)


def _is_bookkeeping(statement: str) -> bool:
    """alembic's version table, the schema env.py ensures, and catalogue lookups (checkfirst)."""
    flat = " ".join(statement.split()).lower()
    return (
        "alembic_version" in flat
        or flat.startswith("create schema if not exists assetreg")
        or flat.startswith("select pg_catalog.")
        or flat.startswith("select current_schema()")
        or flat.startswith("select pg_catalog.version()")
        or flat.startswith("show ")
    )


def _capture(connection, run) -> list[str]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        # a batch of rows (bulk_insert's insertmanyvalues) comes as one statement with one mapping
        batches = parameters if executemany and isinstance(parameters, list | tuple) else [parameters]
        for batch in batches:
            text = cursor.mogrify(statement, batch).decode() if batch else statement
            if not _is_bookkeeping(text):
                statements.append(text.strip().rstrip(";"))

    event.listen(connection, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(connection, "before_cursor_execute", record)
    return statements


def _profile(srid: int):
    from asset_registry.core.standard import load_profile

    profile = load_profile("zhuhai")
    return dataclasses.replace(profile, body={**profile.body, "registry_crs": f"EPSG:{srid}"})


def scratch_database(name: str) -> str:
    """An empty database of that name on the local server (made anew), and its superuser DSN."""
    from asset_registry.storage import localpg

    drop_database(name)
    localpg.run_as_superuser(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return localpg.server_dsn(name)


def drop_database(name: str) -> None:
    from asset_registry.storage import localpg

    localpg.run_as_superuser(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def render(revisions: list[str], srid: int) -> dict[tuple[str, str], list[str]]:
    """{(revision, 'upgrade'|'downgrade'): statements} on a scratch database, up then down."""
    from asset_registry.storage import localpg, migrate
    from asset_registry.storage.connection import engine

    localpg.ensure_running()
    name = f"assetreg_render_{srid}"
    dsn = scratch_database(name)
    rendered: dict[tuple[str, str], list[str]] = {}
    try:
        with engine(dsn).begin() as connection:
            config = migrate._config(connection, _profile(srid))
            script = migrate.ScriptDirectory.from_config(config)
            last = revisions[-1]
            chain = [rev.revision for rev in reversed(list(script.walk_revisions("base", last)))]
            for revision in chain:
                steps = _capture(connection, lambda revision=revision: command.upgrade(config, revision))
                if revision in revisions:
                    rendered[(revision, "upgrade")] = steps
            for revision in reversed(chain):
                down_to = script.get_revision(revision).down_revision or "base"
                if revision not in revisions:
                    break
                rendered[(revision, "downgrade")] = _capture(
                    connection, lambda down_to=down_to: command.downgrade(config, down_to)
                )
            connection.rollback()
    finally:
        drop_database(name)
    return rendered


def frozen_text(revision: str, direction: str, statements: list[str], srid: int) -> str:
    number = re.compile(rf"(?<![0-9.]){srid}(?![0-9])")
    body = []
    for statement in statements:
        if SEPARATOR in statement:
            raise SystemExit(f"revision {revision} {direction}: a statement holds the separator {SEPARATOR!r}")
        # SQLAlchemy ends the lines of a CREATE TABLE with a blank; the statement is the same without it
        lines = [line.rstrip() for line in number.sub(PLACEHOLDER, statement).splitlines()]
        while lines and (lines[0].startswith("--") or not lines[0]):  # a frozen file's header, rendered again
            lines.pop(0)
        body.append("\n".join(lines) + SEPARATOR)
    header = HEADER.replace("{revision}", revision).replace("{direction}", direction)
    return header + "".join(body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revisions", nargs="+", help="revision ids, e.g. 0010 (their predecessors are run first)")
    parser.add_argument("--out", type=Path, default=SQL_DIR, help="folder for the frozen files (default db/versions/sql)")
    parser.add_argument("--print", action="store_true", help="print the SQL instead of writing the files")
    args = parser.parse_args(argv)
    revisions = sorted(args.revisions)
    first, second = (render(revisions, srid) for srid in SRIDS)
    for key, statements in first.items():
        text = frozen_text(*key, statements, SRIDS[0])
        # in any order: SQLAlchemy may create a table's indexes in another order from run to run
        if sorted(text.split(SEPARATOR)) != sorted(frozen_text(*key, second[key], SRIDS[1]).split(SEPARATOR)):
            raise SystemExit(f"revision {key[0]} {key[1]}: the SQL differs by SRID beyond the SRID itself")
        if args.print:
            sys.stdout.write(text)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{key[0]}_{key[1]}.sql").write_text(text, encoding="utf-8")
            print(f"{args.out / f'{key[0]}_{key[1]}.sql'}: {len(statements)} statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
