"""Creating and upgrading the registry: alembic for tables and code lists, db/app/ for the rest.

Views and functions in db/app/*.sql live in their own schema, which is dropped
and recreated on every upgrade, so they are always exactly what the code says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..core.errors import RefusedError
from ..core.messages import Message, catalogue, in_each_language, msg
from ..core.messages import text as message_text
from ..core.standard import Profile, Standard
from ..paths import migrations_dir
from . import condition_grants, identifier_rules, localpg
from .connection import DEMO_DATABASE, create_database_if_missing, engine, is_local_default
from .names import APP_SCHEMA, SCHEMA


def _config(connection: Connection | None = None, profile: Profile | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    config.attributes["profile"] = profile
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    has_schema = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": SCHEMA}).scalar()
    if not has_schema:
        return None
    context = MigrationContext.configure(connection, opts={"version_table_schema": SCHEMA})
    return context.get_current_revision()


def stored_profile_id(connection: Connection) -> str | None:
    exists = connection.execute(text("SELECT to_regclass('assetreg.city_profile')")).scalar()
    if not exists:
        return None
    return connection.execute(text("SELECT id FROM assetreg.city_profile")).scalar()


def _check_profile_matches(connection: Connection, profile: Profile) -> None:
    stored = stored_profile_id(connection)
    if stored is not None and stored != profile.id:
        raise RefusedError("db.profile_mismatch", stored=stored, profile=profile.id)


def _store_profile(connection: Connection, profile: Profile) -> None:
    connection.execute(text("DELETE FROM assetreg.city_profile"))
    connection.execute(
        text("INSERT INTO assetreg.city_profile (id, body) VALUES (:id, CAST(:body AS jsonb))"),
        {"id": profile.id, "body": json.dumps(profile.body, ensure_ascii=False)},
    )


def rebuild_app_schema(connection: Connection, standard: Standard | None, files: tuple[str, ...] | None = None) -> None:
    """The app schema anew from db/app/*.sql (with the standard), or from the named files of it only."""
    connection.execute(text(f"DROP SCHEMA IF EXISTS {APP_SCHEMA} CASCADE"))
    connection.execute(text(f"CREATE SCHEMA {APP_SCHEMA}"))
    paths = sorted((migrations_dir() / "app").glob("*.sql"))
    if standard is not None:
        # what the files need of the standard, which SQL cannot read (30_identifier_rules.sql)
        identifier_rules.write_rules(connection, standard)
    condition_grants.write_condition_columns(connection, standard)  # what the crew's surveys update (90_roles.sql)
    _write_labels(connection)
    # the raw cursor, without parameters, so that format('%I', …) in the files stays as written
    with connection.connection.cursor() as cursor:
        for path in paths:
            if files is None or path.name in files:
                cursor.execute(path.read_text(encoding="utf-8"))


# The catalogue's labels the app schema shows (assetreg_app.label_text in db/app/07_common.sql) and the
# COMMENTs of its views and functions (assetreg_app.comment_on).
APP_LABEL_PREFIXES = ("kpi.group.", "object.", "core.list_separator")


def _write_labels(connection: Connection) -> None:
    connection.execute(text(f"CREATE TABLE {APP_SCHEMA}.label (id text PRIMARY KEY, zh text NOT NULL, en text NOT NULL)"))
    rows = [
        {"id": ident, "zh": texts["zh"], "en": texts["en"]}
        for ident, texts in catalogue().items()
        if ident.startswith(APP_LABEL_PREFIXES)
    ]
    connection.execute(text(f"INSERT INTO {APP_SCHEMA}.label (id, zh, en) VALUES (:id, :zh, :en)"), rows)


def upgrade(dsn: str, profile: Profile, revision: str = "head") -> str:
    """Bring the registry to ``revision`` and rebuild the app schema, in one transaction."""
    with engine(dsn).begin() as connection:
        _check_profile_matches(connection, profile)
        connection.execute(text(f"DROP SCHEMA IF EXISTS {APP_SCHEMA} CASCADE"))
        command.upgrade(_config(connection, profile), revision)
        _store_profile(connection, profile)
        current = current_revision(connection)
        if current == head_revision():  # db/app/ is written for the head revision
            rebuild_app_schema(connection, Standard(profile.standard_version))
        else:  # an older one keeps its history triggers (see downgrade)
            _keep_history(connection)
    if is_local_default(dsn):  # the roles exist now: the OS user's daily login gets its role
        localpg.ensure_daily_login(DEMO_DATABASE)
    return current


def init(dsn: str, profile: Profile) -> tuple[bool, str]:
    """Create the database if needed, then upgrade it to head."""
    created = create_database_if_missing(dsn)
    return created, upgrade(dsn, profile)


Warn = Callable[[Message], None]

# The part of db/app/ an older revision keeps: the history triggers, with what they need. The rest
# of db/app/ is written for the head revision; an older one runs without it until the code of that
# revision (or the next upgrade) rebuilds it.
HISTORY_FILES = ("05_roles.sql", "07_common.sql", "10_families.sql", "15_history.sql")
# Tables a downgrade may drop without losing anything: the code lists and the profile come back
# from the standard and the profile on the next upgrade; the version table is alembic's own; the
# suspended keys are empty outside an import.
# The case facts (revision 0023) are computed from the case tables, and filled again by the upgrade.
# So are the repeat marks and their rule (revision 0028).
RESTORABLE_TABLES = (
    "alembic_version", "city_profile", "bulk_suspended", "case_fact", "case_assignment_fact", "case_repeat",
    "case_repeat_basis",
)  # fmt: skip
RESTORABLE_PREFIX = "cl_"
# Columns computed from other data, filled again by the upgrade or the next location of the assets; the
# feature number QGIS keys on (revision 0012) is numbered anew by the upgrade and named by nothing else.
RECOMPUTED_COLUMNS = ("located_grid", "located_at", "superseded_at", "fid")


def downgrade(dsn: str, profile: Profile, revision: str, force: bool = False, warn: Warn | None = None) -> str | None:
    """Take the registry back to ``revision`` in one transaction, keeping what it cannot restore.

    Refused while other sessions are connected (they would write through the change). The history
    triggers are rebuilt for the older revision, in the same transaction. A step that drops rows or
    values (a table, a column), or leaves assets without a history table, is refused unless
    ``force``; then ``warn`` is told what was lost. A refusal rolls everything back.
    """
    with engine(dsn).begin() as connection:
        _check_profile_matches(connection, profile)
        _refuse_other_sessions(connection)
        before = _registry_contents(connection)
        connection.execute(text(f"DROP SCHEMA IF EXISTS {APP_SCHEMA} CASCADE"))
        command.downgrade(_config(connection, profile), revision)
        current = current_revision(connection)
        losses = _lost_contents(connection, before)
        if not _keep_history(connection) and current is not None:
            losses.append(_no_history(current))
        if losses and not force:
            raise _needs_force(current, losses)
        if losses and warn is not None:
            warn(_loss_warning(current, losses))
        return current


def _refuse_other_sessions(connection: Connection) -> None:
    # background workers (autovacuum) do not write; a row another login's session hides its type from
    # a non-superuser in is counted, to be safe
    others = (
        connection.execute(
            text(
                "SELECT coalesce(usename, '?') || ' (' || coalesce(nullif(application_name, ''), '-')"
                "       || coalesce(', ' || host(client_addr), '') || ', pid ' || pid || ')'"
                "  FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                "   AND coalesce(backend_type, 'client backend') = 'client backend'"
                " ORDER BY pid"
            )
        )
        .scalars()
        .all()
    )
    if others:
        who = ", ".join(others)
        raise RefusedError("db.other_sessions", count=len(others), who=who)


@dataclass
class _Table:
    name: str
    rows: int
    values: dict[str, int]  # column -> rows where it is not NULL


def _registry_contents(connection: Connection) -> dict[int, _Table]:
    """Every table of the registry schema that holds data, by its oid: its rows and each column's values."""
    tables = connection.execute(
        text(
            "SELECT c.oid, c.relname, array_agg(a.attname::text ORDER BY a.attnum)"
            "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
            " WHERE n.nspname = :schema AND c.relkind IN ('r', 'p')"
            "   AND c.relname <> ALL(:restorable) AND left(c.relname, length(:prefix)) <> :prefix"
            " GROUP BY 1, 2"
        ),
        {"schema": SCHEMA, "restorable": list(RESTORABLE_TABLES), "prefix": RESTORABLE_PREFIX},
    ).all()
    quote = connection.dialect.identifier_preparer.quote
    contents = {}
    for oid, name, columns in tables:
        counts = ", ".join(f"count({quote(column)})" for column in columns)
        rows, *values = connection.execute(text(f"SELECT count(*), {counts} FROM {SCHEMA}.{quote(name)}")).one()
        contents[oid] = _Table(name, rows, dict(zip(columns, values, strict=True)))
    return contents


def _lost_contents(connection: Connection, before: dict[int, _Table]) -> list[Message]:
    """What the downgrade dropped that held data: a message per table or column, with its count."""
    remaining = {
        oid: set(columns)
        for oid, columns in connection.execute(
            text(
                "SELECT c.oid, array_agg(a.attname::text) FROM pg_class c"
                "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                " WHERE c.oid = ANY(:oids) GROUP BY 1"
            ),
            {"oids": list(before)},
        ).all()
    }
    losses: list[Message] = []
    for oid, table in sorted(before.items(), key=lambda item: item[1].name):
        if oid not in remaining:  # dropped, or dropped and made anew (empty)
            if table.rows:
                losses.append(msg("db.lost_rows", table=table.name, rows=table.rows))
            continue
        for column, values in table.values.items():
            if values and column not in remaining[oid] and column not in RECOMPUTED_COLUMNS:
                losses.append(msg("db.lost_values", table=table.name, column=column, values=values))
    return losses


def _keep_history(connection: Connection) -> bool:
    """The history triggers for the revision the registry is now at; False if it has no history table."""
    if connection.execute(text(f"SELECT to_regclass('{SCHEMA}.asset_history')")).scalar() is None:
        return False
    rebuild_app_schema(connection, None, HISTORY_FILES)
    return True


def _no_history(revision: str) -> Message:
    return msg("db.no_history_table", revision=revision)


def _revision_and_losses(revision: str | None, losses: list[Message]) -> dict[str, Any]:
    return {
        "revision": revision or msg("db.revision_empty"),
        "losses": in_each_language(
            lambda lang: message_text("storage.clause_separator", lang).join(loss.text(lang) for loss in losses)
        ),
    }


def _needs_force(revision: str | None, losses: list[Message]) -> RefusedError:
    return RefusedError("db.downgrade_would_lose", **_revision_and_losses(revision, losses))


def _loss_warning(revision: str | None, losses: list[Message]) -> Message:
    return msg("db.downgrade_discarded", **_revision_and_losses(revision, losses))


@dataclass
class Status:
    current: str | None
    head: str
    profile: str | None
    asset_counts: dict[str, int]

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def status(dsn: str) -> Status:
    with engine(dsn).connect() as connection:
        current = current_revision(connection)
        counts = {}
        if current is not None:
            tables = (
                connection.execute(
                    text(
                        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = :schema AND c.relkind = 'r' AND EXISTS ("
                        " SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'located_grid')"
                        # asset families: located, with a component identifier (cases are located but link to assets)
                        " AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'component_id')"
                        # one row per component: inspections also name a component_id, many per component
                        " AND EXISTS (SELECT 1 FROM pg_index x JOIN pg_attribute a"
                        "  ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]"
                        "  WHERE x.indrelid = c.oid AND x.indisunique AND x.indnkeyatts = 1 AND a.attname = 'component_id')"
                        " ORDER BY 1"
                    ),
                    {"schema": SCHEMA},
                )
                .scalars()
                .all()
            )
            for table in tables:
                counts[table] = connection.execute(text(f'SELECT count(*) FROM {SCHEMA}."{table}"')).scalar()
        return Status(current, head_revision(), stored_profile_id(connection), counts)
