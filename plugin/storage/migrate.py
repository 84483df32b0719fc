"""Creating and upgrading the registry: alembic for tables and code lists, db/app/ for the rest.

Views and functions in db/app/*.sql live in their own schema, which is dropped
and recreated on every upgrade, so they are always exactly what the code says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..core.errors import RefusedError
from ..core.standard import Profile, Standard
from ..paths import migrations_dir
from . import identifier_rules
from .connection import create_database_if_missing, engine
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
        raise RefusedError(
            f"该登记库按城市配置“{stored}”建立，不能改用“{profile.id}”。",
            f"This registry was created with the city profile '{stored}'; it cannot switch to '{profile.id}'.",
        )


def _store_profile(connection: Connection, profile: Profile) -> None:
    connection.execute(text("DELETE FROM assetreg.city_profile"))
    connection.execute(
        text("INSERT INTO assetreg.city_profile (id, body) VALUES (:id, CAST(:body AS jsonb))"),
        {"id": profile.id, "body": json.dumps(profile.body, ensure_ascii=False)},
    )


def rebuild_app_schema(connection: Connection, standard: Standard) -> None:
    connection.execute(text(f"DROP SCHEMA IF EXISTS {APP_SCHEMA} CASCADE"))
    connection.execute(text(f"CREATE SCHEMA {APP_SCHEMA}"))
    # what the files need of the standard, which SQL cannot read (30_identifier_rules.sql)
    identifier_rules.write_rules(connection, standard)
    # the raw cursor, without parameters, so that format('%I', …) in the files stays as written
    with connection.connection.cursor() as cursor:
        for path in sorted((migrations_dir() / "app").glob("*.sql")):
            cursor.execute(path.read_text(encoding="utf-8"))


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
        return current


def init(dsn: str, profile: Profile) -> tuple[bool, str]:
    """Create the database if needed, then upgrade it to head."""
    created = create_database_if_missing(dsn)
    return created, upgrade(dsn, profile)


def downgrade(dsn: str, profile: Profile, revision: str) -> str | None:
    with engine(dsn).begin() as connection:
        _check_profile_matches(connection, profile)
        connection.execute(text(f"DROP SCHEMA IF EXISTS {APP_SCHEMA} CASCADE"))
        command.downgrade(_config(connection, profile), revision)
        # db/app/ is written for the head revision: an older revision runs without it
        # until the code of that revision (or the next upgrade) rebuilds it.
        return current_revision(connection)


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
