"""`assetreg db grant` gives a registry role to a login and to nothing else (issue 11, item 8).

Granting a role to a group role gives it to every member (assetreg_admin to assetreg_viewer made
every viewer an admin); PUBLIC is everyone; pg_* names are the server's own.
"""

from __future__ import annotations

import uuid

import pytest
from psycopg2 import sql

from tests.db.conftest import admin, query
from tests.unit.test_cli import assetreg

NOT_LOGINS = ["assetreg_viewer", "public", "PUBLIC", "pg_monitor", "pg_newcomer", "", "  ", "x" * 64]


def grant(registry: str, login: str, role: str, lang: str = "en"):
    return assetreg("--lang", lang, "db", "grant", login, role, "--dsn", registry)


@pytest.mark.parametrize("login", NOT_LOGINS)
def test_grant_refuses_what_is_not_a_login(registry, login):
    try:
        result = grant(registry, login, "assetreg_admin")
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr and "not a login" in result.stderr
        assert query(registry, "SELECT pg_has_role('assetreg_viewer', 'assetreg_admin', 'MEMBER')") == [(False,)]
        assert query(registry, "SELECT count(*) FROM pg_roles WHERE rolname = %s", (login,))[0][0] == (
            1 if login in ("assetreg_viewer", "pg_monitor") else 0
        )
    finally:  # what a careless grant would have done, undone for the other tests
        admin("REVOKE assetreg_admin FROM assetreg_viewer, pg_monitor")
        if login and login not in ("assetreg_viewer", "pg_monitor", "public"):
            admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login[:63])))


def test_grant_refuses_a_group_role_and_a_login_others_are_members_of(registry):
    group, member = f"test_group_{uuid.uuid4().hex[:6]}", f"test_member_{uuid.uuid4().hex[:6]}"
    admin(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    admin(sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(sql.Identifier(member), sql.Identifier(group)))
    try:
        for name in (group,):
            zh, en = grant(registry, name, "assetreg_editor", "zh"), grant(registry, name, "assetreg_editor", "en")
            assert (zh.returncode, en.returncode) == (2, 2)
            assert "不是登录账号" in zh.stderr and "not a login" in en.stderr
            assert "Traceback" not in zh.stderr + en.stderr
        admin(sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(group)))  # a login that others are members of
        shared = grant(registry, group, "assetreg_editor")
        assert shared.returncode == 2 and "member" in shared.stderr
        assert query(registry, "SELECT pg_has_role(%s, 'assetreg_editor', 'MEMBER')", (member,)) == [(False,)]
    finally:
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(member)))
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(group)))


def test_grant_says_so_in_chinese(registry):
    result = grant(registry, "public", "assetreg_viewer", "zh")
    assert result.returncode == 2 and "不是登录账号" in result.stderr and "Traceback" not in result.stderr
