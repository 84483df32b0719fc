"""``assetreg areas defaults set|list|clear``: a face of storage/area_defaults.py."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from ..core.errors import EXIT_OK
from ..core.messages import text
from . import common


def _organisation(value: list[str] | None) -> tuple[str, str] | None:
    return (value[0], value[1]) if value else None


def cmd_set(args: argparse.Namespace) -> int:
    from ..storage.area_defaults import row_params, set_area_default

    standard, _ = common.load(args)
    row = set_area_default(
        common.dsn(args),
        standard,
        args.area,
        args.family,
        competent_dept=_organisation(args.competent_dept),
        maintainer=_organisation(args.maintainer),
    )
    common.say(args, "area_defaults.set_done", **row_params(row))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from ..storage.area_defaults import list_area_defaults, profile_defaults, row_params

    dsn = common.dsn(args)
    rows, fallback = list_area_defaults(dsn), profile_defaults(dsn)
    if args.format == "json":
        common.show_json({"areas": [dataclasses.asdict(row) for row in rows], "profile": dataclasses.asdict(fallback)})
        return EXIT_OK
    if not rows:
        common.say(args, "area_defaults.empty")
    for row in rows:
        common.say(args, "area_defaults.row", **row_params(row))
    common.say(args, "area_defaults.profile_row", **row_params(fallback))
    return EXIT_OK


def cmd_clear(args: argparse.Namespace) -> int:
    from ..storage.area_defaults import clear_area_default

    standard, _ = common.load(args)
    count = clear_area_default(common.dsn(args), standard, args.area, args.family)
    family = args.family or text("area_defaults.every_family", common.lang(args))
    common.say(args, "area_defaults.cleared", area=args.area, family=family, count=count)
    return EXIT_OK


def add_commands(areas_sub: Any, lang: str) -> None:
    defaults = common.subparser(areas_sub, "defaults", lang, "cli.areas.defaults")
    actions = defaults.add_subparsers(dest="defaults_command", metavar="ACTION", required=True)

    set_ = common.subparser(actions, "set", lang, "cli.areas.defaults.set")
    _area_options(set_, lang)
    for option, kind in (("--competent-dept", "competent_dept"), ("--maintainer", "maintainer")):
        set_.add_argument(option, nargs=2, metavar=("CODE", "NAME"), help=text(f"cli.areas.defaults.option.{kind}", lang))
    set_.set_defaults(handler=cmd_set)

    list_ = common.subparser(actions, "list", lang, "cli.areas.defaults.list")
    list_.add_argument("--format", choices=("text", "json"), default="text", help=text("cli.option.format", lang))
    common.dsn_option(list_, lang)
    list_.set_defaults(handler=cmd_list)

    clear = common.subparser(actions, "clear", lang, "cli.areas.defaults.clear")
    _area_options(clear, lang)
    clear.set_defaults(handler=cmd_clear)


def _area_options(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("area", help=text("cli.areas.defaults.option.area", lang))
    parser.add_argument("--family", default=None, help=text("cli.areas.defaults.option.family", lang))
    common.dsn_option(parser, lang)
    common.standard_options(parser, lang)
