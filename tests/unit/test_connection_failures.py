"""How a failed connection is put into words (storage/connection_check.py): libpq's first line decides. The
wrong password cannot be met for real here (the tests' server trusts its socket), so its text is given."""

from __future__ import annotations

import psycopg2
import pytest
from asset_registry.storage.connection_check import _failure

FAILED = 'connection to server on socket "/tmp/x/.s.PGSQL.5432" failed: '


@pytest.mark.parametrize(
    ("reason", "message_id"),
    [
        (FAILED + 'FATAL:  password authentication failed for user "crew"', "connection.wrong_login"),
        (FAILED + "fe_sendauth: no password supplied", "connection.wrong_login"),
        (FAILED + 'FATAL:  role "nobody" does not exist', "connection.wrong_login"),
        (FAILED + 'FATAL:  database "nowhere" does not exist', "connection.no_database"),
        (FAILED + "No such file or directory", "connection.server_down"),
        ('connection to server at "10.0.0.9", port 5432 failed: Connection refused', "connection.server_down"),
        ('definition of service "zhuhai" not found', "connection.unknown_service"),
        ("SSL error: certificate verify failed", "connection.failed"),
    ],
)
def test_a_failed_connection_is_said_in_words(reason, message_id):
    said = _failure("host=db.example dbname=registry password=secret", psycopg2.OperationalError(reason + "\n"))
    assert said.id == message_id
    assert "secret" not in said.message("zh") and "secret" not in said.message("en")
