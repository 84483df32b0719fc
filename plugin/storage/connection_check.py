"""Testing a registry connection before it is kept: who the login is, which registry role it gives, which
standard the registry follows, and a warning when the login is a superuser (daily work never is).

A failure is put into words (wrong password, server down, not a registry) as a UserError, so the QGIS
connection dialog and any other face show the same text.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg2

from ..core.errors import InputError, RefusedError
from ..core.messages import Message, listing, msg
from .connection import database_exists, describe, is_local_default, libpq_dsn, start_if_local
from .names import SCHEMA
from .roles import ROLE_MESSAGES, role_description

# the first words of libpq's messages, by what they mean for the user
WRONG_LOGIN = ("password authentication failed", "no password supplied", "fe_sendauth", "peer authentication failed")
SERVER_DOWN = ("could not connect to server", "connection refused", "no such file or directory", "could not translate host")
NO_DATABASE = ('database "',)  # database "x" does not exist
UNKNOWN_SERVICE = ("definition of service",)


@dataclass(frozen=True)
class ConnectionCheck:
    login: str
    superuser: bool
    roles: tuple[str, ...]  # the registry roles the login holds, most powerful first
    profile: str | None
    standard_version: str | None

    def lines(self) -> list[Message]:
        """What the dialog shows, line by line."""
        if self.superuser:
            roles = msg("connection.superuser_role")
        elif self.roles:
            roles = listing(role_description(role) for role in self.roles)
        else:
            roles = msg("connection.no_role")
        said = [
            msg("connection.login", login=self.login),
            msg("connection.roles", roles=roles),
            msg("connection.standard", version=self.standard_version or "?", profile=self.profile or "?"),
        ]
        if self.superuser:
            said.append(msg("connection.superuser_warning", login=self.login))
        return said


def _failure(dsn: str, exc: psycopg2.Error) -> InputError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = reason.lower()
    where = describe(dsn)
    if any(words in lowered for words in WRONG_LOGIN) or ('role "' in lowered and "does not exist" in lowered):
        return InputError("connection.wrong_login", database=where, reason=reason)
    if any(words in lowered for words in UNKNOWN_SERVICE):
        return InputError("connection.unknown_service", database=where, reason=reason)
    if any(words in lowered for words in NO_DATABASE) and "does not exist" in lowered:
        return InputError("connection.no_database", database=where, reason=reason)
    if any(words in lowered for words in SERVER_DOWN):
        return InputError("connection.server_down", database=where, reason=reason)
    return InputError("connection.failed", database=where, reason=reason)


def check_connection(dsn: str) -> ConnectionCheck:
    """Connect as ``dsn`` says and report the login, its registry roles and the registry's standard; a
    UserError in words when it cannot connect or the database is not a registry."""
    start_if_local(dsn)
    if is_local_default(dsn) and not database_exists(dsn):
        # else libpq would say the daily login is unknown: it is made with the demo registry
        raise InputError("connection.no_local_registry")
    try:
        conn = psycopg2.connect(libpq_dsn(dsn), application_name="assetreg", connect_timeout=10)
    except psycopg2.Error as exc:
        raise _failure(dsn, exc) from None
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")
            login, superuser = cur.fetchone()
            # the catalogue, not to_regclass: a login without a registry role may not look into the schema
            cur.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = %s AND c.relname = 'city_profile')",
                (SCHEMA,),
            )
            if not cur.fetchone()[0]:
                raise RefusedError("connection.not_a_registry", database=describe(dsn))
            held = []
            # most powerful first; a superuser is a member of every role, which says nothing
            for role in () if superuser else ROLE_MESSAGES:
                cur.execute(
                    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s)"
                    " AND pg_catalog.pg_has_role(current_user, %s, 'MEMBER')",
                    (role, role),
                )
                if cur.fetchone()[0]:
                    held.append(role)
            profile = version = None
            try:
                cur.execute(f"SELECT id, body ->> 'standard_version' FROM {SCHEMA}.city_profile")
                row = cur.fetchone()
                if row is not None:
                    profile, version = row
            except psycopg2.errors.InsufficientPrivilege:
                conn.rollback()  # a login without a registry role may not read it: the roles line says so
        return ConnectionCheck(login, bool(superuser), tuple(held), profile, version)
    finally:
        conn.close()
