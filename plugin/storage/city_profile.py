"""The city profile a registry was made with (assetreg.city_profile, stored by ``assetreg db init/upgrade``):
what its forms ask beyond the standard comes from the registry itself, not from a file beside the plugin."""

from __future__ import annotations

import psycopg2

from ..core.standard import Profile
from .connection import connection
from .names import SCHEMA


def registry_profile(dsn: str) -> Profile | None:
    """The registry's profile, or None where it has none or the login may not read it."""
    with connection(dsn) as conn, conn.cursor() as cur:
        try:
            cur.execute(f"SELECT id, body FROM {SCHEMA}.city_profile LIMIT 1")
        except psycopg2.errors.InsufficientPrivilege:
            return None
        row = cur.fetchone()
    return Profile(row[0], row[1]) if row is not None else None
