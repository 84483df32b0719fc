"""The registry's roles, and giving one to a login (``assetreg db grant``).

What each role may do is defined in db/app/90_roles.sql (grants and row-level security).
"""

from __future__ import annotations

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


def grant(dsn: str, login: str, role: str, password: str | None = None) -> bool:
    """Give ``role`` to ``login``, creating the login if it does not exist; True if it was created."""
    if role not in ROLES:
        raise InputError(
            f"没有角色“{role}”。", f"There is no role '{role}'.", "可选：" + "、".join(ROLES), "One of: " + ", ".join(ROLES)
        )
    with connection(dsn) as conn:
        try:
            with conn, conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
                created = cur.fetchone() is None
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
