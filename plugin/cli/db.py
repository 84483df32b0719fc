"""``assetreg db``: create, upgrade, downgrade and inspect the registry database; grant its roles."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.errors import EXIT_INVALID, EXIT_OK
from . import common


def cmd_db_init(args: argparse.Namespace) -> int:
    from ..storage import migrate
    from ..storage.connection import describe

    _, profile = common.load(args)
    dsn = common.dsn(args)
    created, revision = migrate.init(dsn, profile)
    common.say(
        args,
        f"{'已创建并' if created else '已'}初始化登记库（{describe(dsn)}），版本 {revision}。",
        f"Registry {'created and ' if created else ''}initialised ({describe(dsn)}), revision {revision}.",
    )
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from ..storage import migrate

    _, profile = common.load(args)
    revision = migrate.upgrade(common.dsn(args), profile, args.revision)
    common.say(args, f"登记库已升级到版本 {revision}。", f"Registry upgraded to revision {revision}.")
    return EXIT_OK


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from ..storage import migrate

    _, profile = common.load(args)

    def warn(zh: str, en: str) -> None:
        print(zh if common.lang(args) == "zh" else en, file=sys.stderr)

    revision = migrate.downgrade(common.dsn(args), profile, args.revision, force=args.force, warn=warn)
    common.say(args, f"登记库已降级到版本 {revision or '（空）'}。", f"Registry downgraded to revision {revision or '(empty)'}.")
    return EXIT_OK


def cmd_db_status(args: argparse.Namespace) -> int:
    from ..storage import migrate
    from ..storage.connection import describe

    dsn = common.dsn(args)
    status = migrate.status(dsn)
    zh = common.lang(args) == "zh"
    common.show(f"{'数据库' if zh else 'database'}: {describe(dsn)}")
    common.show(f"{'当前版本' if zh else 'current revision'}: {status.current or '-'}")
    common.show(f"{'最新版本' if zh else 'head revision'}: {status.head}")
    common.show(f"{'城市配置' if zh else 'city profile'}: {status.profile or '-'}")
    for table, count in status.asset_counts.items():
        common.show(f"  {table}: {count}")
    if not status.up_to_date:
        common.say(args, "登记库需要升级：assetreg db upgrade", "The registry needs an upgrade: assetreg db upgrade")
        return EXIT_INVALID
    return EXIT_OK


def cmd_db_grant(args: argparse.Namespace) -> int:
    from ..storage.roles import ROLES, grant

    created = grant(common.dsn(args), args.login, args.role, args.password)
    zh, en = ROLES[args.role]
    common.say(
        args,
        f"{'已创建登录 ' + args.login + ' 并' if created else '已'}授予 {args.role}（{zh}）。",
        f"{'Created the login ' + args.login + ' and g' if created else 'G'}ranted {args.role} ({en}).",
    )
    return EXIT_OK


def _add_grant(db_sub: Any) -> None:
    from ..storage.roles import ROLES

    roles = "\n".join(f"  {name:<20} {en} / {zh}" for name, (zh, en) in ROLES.items())
    grant = common.subparser(
        db_sub,
        "grant",
        "give a login one of the registry's roles / 授权",
        "把登记库的一个角色授予一个登录账号（不存在则创建）。\nGive a login one of the registry's roles (created if missing).",
        f"roles:\n{roles}\n\nexamples:\n  assetreg db grant li_ming assetreg_editor\n"
        "  assetreg db grant acme_survey assetreg_contractor --password 's3cret'\n\n"
        "只授予登录账号：组角色、PUBLIC、pg_* 与空名称一律拒绝（授予组角色等于授予它的全部成员）。\n"
        "Only a login of its own: a group role, PUBLIC, pg_* names and an empty name are refused\n"
        "(granting to a group role would grant to every member).\n"
        "exit codes: 0 granted · 1 not allowed to create or grant roles · 2 not a login, or unknown role",
    )
    grant.add_argument("login", help="the login (database user) / 登录账号")
    grant.add_argument("role", choices=tuple(ROLES), metavar="ROLE", help="one of the roles below")
    grant.add_argument("--password", default=None, help="set the login's password")
    common.dsn_option(grant)
    grant.set_defaults(handler=cmd_db_grant)


def add_commands(subparsers: Any) -> None:
    db = common.subparser(
        subparsers,
        "db",
        "create, upgrade and inspect the registry database / 登记库管理",
        "创建、升级和查看登记库。Create, upgrade and inspect the registry database.",
        "examples:\n  assetreg db init\n  assetreg db status --dsn 'service=registry'\n"
        "  assetreg db upgrade\n  assetreg db downgrade 0008\n"
        "  assetreg db downgrade base --force   # drops all registry tables\n\n"
        "downgrade is refused while other sessions are connected, and, without --force, where a step\n"
        "would lose data (it names the tables and columns and how many rows); the history triggers stay.",
    )
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, handler, help_text in (
        ("init", cmd_db_init, "create the database if missing and migrate it to the newest revision / 初始化"),
        ("upgrade", cmd_db_upgrade, "migrate to a revision (default: head) and rebuild views / 升级"),
        ("downgrade", cmd_db_downgrade, "migrate back to a revision ('base' removes everything) / 降级"),
        ("status", cmd_db_status, "show the revision, the profile and asset counts; exit 1 if behind / 状态"),
    ):
        action = common.subparser(db_sub, name, help_text, help_text)
        if name in ("upgrade", "downgrade"):
            action.add_argument(
                "revision",
                nargs="?" if name == "upgrade" else None,
                default="head" if name == "upgrade" else None,
                help="target revision",
            )
        if name == "downgrade":
            action.add_argument(
                "--force",
                action="store_true",
                help="downgrade even where a step loses data (rows of a dropped table or column, the history);"
                " it says what was lost / 即使会丢失数据也降级",
            )
        common.dsn_option(action)
        common.standard_options(action)
        action.set_defaults(handler=handler)
    _add_grant(db_sub)
