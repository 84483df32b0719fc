"""Turning failures of the environment (a lost connection, a full disk) into plain messages."""

from __future__ import annotations

import psycopg2
import sqlalchemy.exc


def describe_unexpected(exc: BaseException, lang: str) -> str | None:
    """A message for failures outside the user's data; None when it is a genuine bug."""
    original = getattr(exc, "orig", None) or exc
    if isinstance(original, psycopg2.OperationalError | psycopg2.InterfaceError) or isinstance(
        exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError
    ):
        reason = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
        if lang == "zh":
            return f"数据库连接失败或中断：{reason}\n登记库保持原样；请检查数据库后重试。"
        return (
            f"The database connection failed or was lost: {reason}\n" "The registry is unchanged; check the database and retry."
        )
    if isinstance(original, psycopg2.errors.InsufficientPrivilege):
        if lang == "zh":
            return f"数据库拒绝了操作（权限不足）：{original}"
        return f"The database refused the operation (insufficient privilege): {original}"
    if isinstance(
        original, psycopg2.errors.UndefinedTable | psycopg2.errors.InvalidSchemaName | psycopg2.errors.UndefinedFunction
    ):
        reason = (original.pgerror or str(original)).strip().splitlines()[0]
        if lang == "zh":
            return (
                f"该数据库不是已初始化的登记库，或尚未升级到当前版本（{reason}）。\n"
                "请先运行 assetreg db init（新库）或 assetreg db upgrade（旧库）；assetreg db status 显示版本。"
            )
        return (
            f"This database is not an initialised registry, or not upgraded to this version ({reason}).\n"
            "Run `assetreg db init` (new database) or `assetreg db upgrade` (older one); `assetreg db status` shows the revision."
        )
    if isinstance(exc, OSError):
        if lang == "zh":
            return f"文件或系统错误：{exc}"
        return f"File or system error: {exc}"
    return None
