"""``assetreg server``: start, stop or check the local PostGIS."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_INVALID, EXIT_OK
from ..core.messages import text
from . import common


def cmd_server(args: argparse.Namespace) -> int:
    from ..storage import localpg

    if args.action == "start":
        localpg.ensure_running()
        common.say(args, "cli.server.running", dsn=localpg.server_dsn(), data_dir=localpg.data_dir())
    elif args.action == "stop":
        stopped = localpg.stop()
        common.say(args, "cli.server.stopped" if stopped else "cli.server.was_not_running")
    else:
        running = localpg.is_accepting()
        common.say(args, "cli.server.status.running" if running else "cli.server.status.not_running", dsn=localpg.server_dsn())
        return EXIT_OK if running else EXIT_INVALID
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    server = common.subparser(subparsers, "server", lang, "cli.server")
    server.add_argument("action", choices=("start", "stop", "status"), help=text("cli.server.option.action", lang))
    server.set_defaults(handler=cmd_server)
