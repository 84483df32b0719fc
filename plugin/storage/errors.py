"""Turning failures of the environment (a lost connection, a full disk) into plain messages."""

from __future__ import annotations

import psycopg2
import sqlalchemy.exc

from ..core.messages import text


def describe_unexpected(exc: BaseException, lang: str) -> str | None:
    """A message for failures outside the user's data; None when it is a genuine bug."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, psycopg2.OperationalError | psycopg2.InterfaceError) or isinstance(
        exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError
    ):
        reason = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
        return text("environment.database_unreachable", lang, reason=reason)
    if isinstance(original, psycopg2.errors.InsufficientPrivilege):
        return text("environment.insufficient_privilege", lang, reason=original)
    if isinstance(
        original, psycopg2.errors.UndefinedTable | psycopg2.errors.InvalidSchemaName | psycopg2.errors.UndefinedFunction
    ):
        reason = (original.pgerror or str(original)).strip().splitlines()[0]
        return text("environment.not_a_registry", lang, reason=reason)
    if isinstance(exc, OSError):
        return text("environment.os_error", lang, reason=exc)
    return None
