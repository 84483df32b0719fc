"""``assetreg server``: start, stop or check the local PostGIS."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_INVALID, EXIT_OK
from . import common


def cmd_server(args: argparse.Namespace) -> int:
    from ..storage import localpg

    if args.action == "start":
        localpg.ensure_running()
        common.say(
            args,
            f"本地 PostGIS 已运行：{localpg.server_dsn()}（数据目录 {localpg.data_dir()}）",
            f"Local PostGIS running: {localpg.server_dsn()} (data in {localpg.data_dir()})",
        )
    elif args.action == "stop":
        stopped = localpg.stop()
        common.say(
            args,
            "本地 PostGIS 已停止。" if stopped else "本地 PostGIS 未在运行。",
            "Local PostGIS stopped." if stopped else "Local PostGIS was not running.",
        )
    else:
        running = localpg.is_accepting()
        common.say(
            args,
            f"本地 PostGIS {'运行中' if running else '未运行'}：{localpg.server_dsn()}",
            f"Local PostGIS {'running' if running else 'not running'}: {localpg.server_dsn()}",
        )
        return EXIT_OK if running else EXIT_INVALID
    return EXIT_OK


def add_commands(subparsers: Any) -> None:
    server = common.subparser(
        subparsers,
        "server",
        "start, stop or check the local PostGIS / 本地数据库",
        "本地内置 PostGIS（127.0.0.1，端口 ASSETREG_PGPORT，默认 55432）。\n"
        "The embedded local PostGIS (127.0.0.1, port ASSETREG_PGPORT, default 55432).",
    )
    server.add_argument("action", choices=("start", "stop", "status"))
    server.set_defaults(handler=cmd_server)
