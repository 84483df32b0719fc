"""Turning failures of the database into plain messages: its refusals, and failures of the environment
(a lost connection, a full disk).

The database refuses through one function, ``assetreg_app.refuse`` (db/app/07_common.sql): the
SQLSTATE, a message id under ``refusal.`` (plugin/i18n/messages/database.toml) as the MESSAGE and
its parameters as a JSON object in the DETAIL. ``refusal`` is the one place that puts it into words;
every caller that talks to the database uses it (``refusals`` around a block of calls).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from typing import Any

import psycopg2

from ..core.errors import InputError, RefusedError, UserError
from ..core.messages import LANGS, Given, catalogue, text

REFUSAL_PREFIX = "refusal."
INPUT_SQLSTATES = ("AR001",)  # bad input (exit 2); every other refusal is a refusal (exit 1)


def refusal_params(detail: str | None) -> dict[str, Any]:
    """The parameters of a refusal from its DETAIL (a JSON object); SQL NULL reads as nothing, as format('%s') wrote it."""
    try:
        raw = json.loads(detail or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, dict) and set(value) == set(LANGS):
            params[name] = Given(value)
        else:
            params[name] = "" if value is None else value
    return params


def refusal(exc: BaseException) -> UserError | None:
    """The user error a refusal of the database stands for, in every language; None for any other failure.

    AR001 (bad input) becomes an InputError (exit 2), every other refusal a RefusedError (exit 1).
    Works on a psycopg2 error and on the SQLAlchemy error that wraps one."""
    original = getattr(exc, "orig", None) or exc
    if not isinstance(original, psycopg2.Error) or original.diag is None:
        return None
    msg_id = original.diag.message_primary or ""
    if not msg_id.startswith(REFUSAL_PREFIX) or msg_id not in catalogue():
        return None
    error = InputError if original.pgcode in INPUT_SQLSTATES else RefusedError
    return error(msg_id, **refusal_params(original.diag.message_detail))


_REFUSAL_IN_TEXT = re.compile(r"\b(refusal\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)\b[^\n]*(?:\n\s*DETAIL:\s*(\{.*\}))?")


def refusal_in_text(message: str) -> UserError | None:
    """The refusal in a text that only carries the server's words: a QGIS layer's commit errors (its
    provider passes on "ERROR: refusal.… DETAIL: {…}"), a log line. None when it holds no refusal.

    The SQLSTATE is not in such a text, so the error is a RefusedError whatever it was; use it for its
    message (``.message(lang)``), and ``refusal`` wherever the exception itself is at hand."""
    for found in _REFUSAL_IN_TEXT.finditer(message or ""):
        if found.group(1) in catalogue():
            return RefusedError(found.group(1), **refusal_params(found.group(2)))
    return None


@contextlib.contextmanager
def refusals(conn: Any, not_granted: str | None = None) -> Iterator[None]:
    """Run database calls; a refusal becomes its user error, and the transaction is rolled back.

    ``not_granted``: the message id for a plain "permission denied" (SQLSTATE 42501 that is not a
    refusal of ours: the role may not call the function at all)."""
    try:
        yield
    except psycopg2.Error as exc:
        translated = refusal(exc)
        if translated is None and not_granted and exc.pgcode == "42501":
            translated = RefusedError(not_granted)
        if translated is None:
            raise
        conn.rollback()
        raise translated from None


def _sqlalchemy_connection_error(exc: BaseException) -> bool:
    # imported here: the QGIS plugin, which uses this module for the cases, is packaged without SQLAlchemy
    try:
        import sqlalchemy.exc
    except ImportError:
        return False
    return isinstance(exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError)


def describe_unexpected(exc: BaseException, lang: str) -> str | None:
    """A message for failures outside the user's data; None when it is a genuine bug."""
    refused = refusal(exc)
    if refused is not None:  # a refusal no caller expected still reads as one
        return refused.message(lang)
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, psycopg2.OperationalError | psycopg2.InterfaceError) or _sqlalchemy_connection_error(exc):
        reason = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
        from . import localpg  # here: the QGIS plugin uses this module and never runs the local server

        if localpg.stopped_behind(reason):
            return text("environment.local_server_stopped", lang, folder=localpg.data_dir())
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
