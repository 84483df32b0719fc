"""The registry's roles, and giving one to a login (``assetreg db grant``).

What each role may do is defined in db/app/90_roles.sql (grants and row-level security).
"""

from __future__ import annotations

from typing import Any

import psycopg2
from psycopg2 import sql

from ..core.errors import InputError, RefusedError
from .connection import connection

ROLES = {
    "assetreg_admin": ("管理员：全部权限", "administrator: everything"),
    "assetreg_editor": ("GIS 编辑：编辑部件、区划与网格，导入", "GIS staff: edit assets, areas and grids; import"),
    "assetreg_crew": ("养护班组：登记部件状态变化", "maintenance crew: log condition changes of assets"),
    "assetreg_standards": ("标准办：检查与导入交付，查看全部提交", "standards office: validate and import deliveries, see all"),
    "assetreg_contractor": ("承包商：只能提交和查看自己的交付", "contractor: submits and sees only its own deliveries"),
    "assetreg_viewer": ("只读：查看登记库与指标", "viewer: reads the registry and the indicators"),
}


# PostgreSQL keeps 63 bytes of a name and silently cuts a longer one
MAX_NAME_BYTES = 63


def _not_a_login(login: str, why_zh: str, why_en: str) -> InputError:
    return InputError(
        f"“{login}”不是登录账号：{why_zh}。未授予任何角色。",
        f"'{login}' is not a login: {why_en}. No role was granted.",
        "请指定一个用户的登录名（不存在则创建）；assetreg db grant --help 列出角色。",
        "Name one person's or one program's login (created if missing); `assetreg db grant --help` lists the roles.",
    )


def check_login_name(login: str) -> None:
    """Refuse, before asking the server, a name that can never be one login of its own."""
    if not login.strip():
        raise _not_a_login(login, "名称为空", "the name is empty")
    if "\0" in login:
        raise _not_a_login(login.replace("\0", "\\0"), "名称含有空字符", "the name holds a NUL character")
    if login.casefold() == "public":
        raise _not_a_login(login, "PUBLIC 代表所有账号", "PUBLIC stands for every login")
    if login.startswith("pg_") or login in ROLES:
        raise _not_a_login(login, "这是数据库或登记库自己的角色名", "the name is one of the server's or the registry's own roles")
    if len(login.encode()) > MAX_NAME_BYTES:
        raise _not_a_login(login, f"名称超过 {MAX_NAME_BYTES} 字节", f"the name is longer than {MAX_NAME_BYTES} bytes")


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
        why_en = "it is a group role that cannot log in; granting to it would grant to all its members"
        raise _not_a_login(login, "这是一个不能登录的组角色，授予它等于授予它的全部成员", why_en)
    if has_members:
        raise _not_a_login(
            login, "其他角色是它的成员，授予它等于也授予它们", "other roles are members of it and would get the role too"
        )
    return True


def grant(dsn: str, login: str, role: str, password: str | None = None) -> bool:
    """Give ``role`` to ``login``, creating the login if it does not exist; True if it was created.

    Only a login of its own: a group role, PUBLIC, the server's pg_* roles and an empty name are
    refused (InputError, exit 2)."""
    if role not in ROLES:
        raise InputError(
            f"没有角色“{role}”。", f"There is no role '{role}'.", "可选：" + "、".join(ROLES), "One of: " + ", ".join(ROLES)
        )
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
            raise RefusedError(
                f"没有权限创建或授予角色：{exc.pgerror.strip().splitlines()[0]}",
                f"Not allowed to create or grant roles: {exc.pgerror.strip().splitlines()[0]}",
                "请用数据库超级用户或有 CREATEROLE 权限的账号运行。",
                "Run it as a database superuser or a login with CREATEROLE.",
            ) from None
    return created
