"""The registry's roles, and giving one to a login (``assetreg db grant``).

What each role may do is defined in db/app/90_roles.sql (grants and row-level security).
"""

from __future__ import annotations

from typing import Any

import psycopg2
from psycopg2 import sql

from ..core.errors import InputError, RefusedError
from ..core.messages import Message, listing, msg
from .connection import connection

# Each role and the catalogue message that says what it may do.
ROLE_MESSAGES = {
    "assetreg_admin": "roles.admin",
    "assetreg_editor": "roles.editor",
    "assetreg_crew": "roles.crew",
    "assetreg_standards": "roles.standards",
    "assetreg_contractor": "roles.contractor",
    "assetreg_viewer": "roles.viewer",
}


def role_description(role: str) -> Message:
    """What the role may do, in the reader's language."""
    return msg(ROLE_MESSAGES[role])


# the registry's roles, each with what it lets its holder do
ROLES = {role: role_description(role) for role in ROLE_MESSAGES}


# PostgreSQL keeps 63 bytes of a name and silently cuts a longer one
MAX_NAME_BYTES = 63


def _not_a_login(login: str, why: Message) -> InputError:
    return InputError("roles.not_a_login", login=login, why=why)


def check_login_name(login: str) -> None:
    """Refuse, before asking the server, a name that can never be one login of its own."""
    if not login.strip():
        raise _not_a_login(login, msg("roles.name_empty"))
    if "\0" in login:
        raise _not_a_login(login.replace("\0", "\\0"), msg("roles.name_has_nul"))
    if login.casefold() == "public":
        raise _not_a_login(login, msg("roles.name_public"))
    if login.startswith("pg_") or login in ROLES:
        raise _not_a_login(login, msg("roles.name_reserved"))
    if len(login.encode()) > MAX_NAME_BYTES:
        raise _not_a_login(login, msg("roles.name_too_long", limit=MAX_NAME_BYTES))


def _check_existing_login(cur: Any, login: str) -> bool:
    """Whether ``login`` exists; refused if it is a group role or other roles are members of it, since a
    role granted to it would reach every member (granting the admin role to the viewer role made every
    viewer an admin)."""
    cur.execute(
        "SELECT r.rolcanlogin, EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = r.oid)"
        " FROM pg_roles r WHERE r.rolname = %s",
        (login,),
    )
    row = cur.fetchone()
    if row is None:
        return False
    can_login, has_members = row
    if not can_login:
        raise _not_a_login(login, msg("roles.group_role"))
    if has_members:
        raise _not_a_login(login, msg("roles.has_members"))
    return True


def grant(dsn: str, login: str, role: str, password: str | None = None) -> bool:
    """Give ``role`` to ``login``, creating the login if it does not exist; True if it was created.

    Only a login of its own: a group role, PUBLIC, the server's pg_* roles and an empty name are
    refused (InputError, exit 2)."""
    if role not in ROLES:
        raise InputError("roles.unknown_role", role=role, roles=listing(ROLES))
    check_login_name(login)
    with connection(dsn) as conn:
        try:
            with conn, conn.cursor() as cur:
                created = not _check_existing_login(cur, login)
                if created:
                    cur.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
                if password is not None:
                    cur.execute(sql.SQL("ALTER ROLE {} PASSWORD %s").format(sql.Identifier(login)), (password,))
                cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(role), sql.Identifier(login)))
        except psycopg2.errors.InsufficientPrivilege as exc:
            raise RefusedError("roles.not_allowed_to_grant", reason=exc.pgerror.strip().splitlines()[0]) from None
    return created
