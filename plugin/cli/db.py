"""``assetreg db``: create, upgrade, downgrade and inspect the registry database; grant its roles."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_INVALID, EXIT_OK
from ..core.messages import text
from . import common


def cmd_db_init(args: argparse.Namespace) -> int:
    from ..storage import migrate
    from ..storage.connection import describe

    _, profile = common.load(args)
    dsn = common.dsn(args)
    created, revision = migrate.init(dsn, profile)
    done = "cli.db.created_and_initialised" if created else "cli.db.initialised"
    common.say(args, done, database=describe(dsn), revision=revision)
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from ..storage import migrate

    _, profile = common.load(args)
    revision = migrate.upgrade(common.dsn(args), profile, args.revision)
    common.say(args, "cli.db.upgraded", revision=revision)
    return EXIT_OK


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from ..storage import migrate

    _, profile = common.load(args)
    warn = common.warn(common.lang(args))
    revision = migrate.downgrade(common.dsn(args), profile, args.revision, force=args.force, warn=warn)
    if revision:
        common.say(args, "cli.db.downgraded", revision=revision)
    else:
        common.say(args, "cli.db.downgraded_to_empty")
    return EXIT_OK


def cmd_db_status(args: argparse.Namespace) -> int:
    from ..storage import migrate
    from ..storage.connection import describe

    dsn = common.dsn(args)
    status = migrate.status(dsn)
    common.say(args, "cli.db.status.database", database=describe(dsn))
    common.say(args, "cli.db.status.current", revision=status.current or "-")
    common.say(args, "cli.db.status.head", revision=status.head)
    common.say(args, "cli.db.status.profile", profile=status.profile or "-")
    for table, count in status.asset_counts.items():
        common.show(f"  {table}: {count}")
    if not status.up_to_date:
        common.say(args, "cli.db.status.needs_upgrade")
        return EXIT_INVALID
    return EXIT_OK


def cmd_db_check(args: argparse.Namespace) -> int:
    """The connection dialog's test on the command line: the login, its registry role, the standard; exit 1 for a
    superuser (daily work never as one)."""
    from ..storage.connection_check import check_connection

    checked = check_connection(common.dsn(args))
    lang = common.lang(args)
    for line in checked.lines():
        common.show(line.text(lang))
    return EXIT_INVALID if checked.superuser else EXIT_OK


def role_label(role: str, lang: str) -> str:
    """What a role of storage/roles.py lets its holder do, in ``lang``."""
    from ..storage.roles import ROLES

    return ROLES[role].text(lang)


def cmd_db_grant(args: argparse.Namespace) -> int:
    from ..storage.roles import grant

    created = grant(common.dsn(args), args.login, args.role, args.password)
    label = role_label(args.role, common.lang(args))
    done = "cli.db.grant.created_and_granted" if created else "cli.db.grant.granted"
    common.say(args, done, login=args.login, role=args.role, label=label)
    return EXIT_OK


def _add_grant(db_sub: Any, lang: str) -> None:
    from ..storage.roles import ROLES

    roles = "\n".join(f"  {name:<20} {role_label(name, lang)}" for name in ROLES)
    grant = common.subparser(db_sub, "grant", lang, "cli.db.grant", roles=roles)
    grant.add_argument("login", help=text("cli.db.grant.option.login", lang))
    grant.add_argument("role", choices=tuple(ROLES), metavar="ROLE", help=text("cli.db.grant.option.role", lang))
    grant.add_argument("--password", default=None, help=text("cli.db.grant.option.password", lang))
    common.dsn_option(grant, lang)
    grant.set_defaults(handler=cmd_db_grant)


def add_commands(subparsers: Any, lang: str) -> None:
    db = common.subparser(subparsers, "db", lang, "cli.db")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    for name, handler in (
        ("init", cmd_db_init),
        ("upgrade", cmd_db_upgrade),
        ("downgrade", cmd_db_downgrade),
        ("status", cmd_db_status),
    ):
        action = common.subparser(db_sub, name, lang, f"cli.db.{name}")
        if name in ("upgrade", "downgrade"):
            action.add_argument(
                "revision",
                nargs="?" if name == "upgrade" else None,
                default="head" if name == "upgrade" else None,
                help=text("cli.db.option.revision", lang),
            )
        if name == "downgrade":
            action.add_argument("--force", action="store_true", help=text("cli.db.downgrade.option.force", lang))
        common.dsn_option(action, lang)
        common.standard_options(action, lang)
        action.set_defaults(handler=handler)
    _add_grant(db_sub, lang)
    check = common.subparser(db_sub, "check", lang, "cli.db.check")
    common.dsn_option(check, lang)
    check.set_defaults(handler=cmd_db_check)
