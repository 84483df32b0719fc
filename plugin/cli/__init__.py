"""The ``assetreg`` command: a thin face over core/ and storage/.

Each command group is a module of this package that adds its own section to the parser
(``add_commands``); common.py holds what they share. The console script and
``python -m asset_registry.cli`` both run ``main``.

Exit codes: 0 success (a valid file), 1 the data is invalid or an operation
was refused, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..core.errors import EXIT_USAGE, UserError
from ..version import VERSION
from . import common, db, demo, export, importing, kpi, mapping, registry, server, validate, workorders

# the order of the commands in `assetreg --help`
COMMAND_GROUPS = (validate, mapping, db, importing, export, kpi, demo, registry, workorders, server)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assetreg",
        formatter_class=common.Formatter,
        description=(
            "市政部件登记库：按基础数据规范检查成果数据、导入登记库、统计亮灯率。\n"
            "Municipal asset registry: validate deliveries against the base-data standard,\n"
            "import them into the PostGIS registry, and compute the lighting rate."
        ),
        epilog=(
            "typical session / 常用流程:\n"
            "  assetreg demo                                 # everything once, on a generated demo city\n"
            "  assetreg validate delivery.geojson --class streetlight --report report.json\n"
            "  assetreg db init                              # local demo database, started on demand\n"
            "  assetreg import delivery.geojson --accept-valid\n"
            "  assetreg export --class streetlight --out lights.gpkg --area 440402\n"
            "  assetreg kpi --format csv\n\n"
            "exit codes / 退出码: 0 success or valid data · 1 invalid data or refused · 2 usage error or "
            "unreadable input"
        ),
    )
    parser.add_argument("--version", action="version", version=f"assetreg {VERSION}")
    parser.add_argument(
        "--lang", choices=common.LANGS, default=None, help="language of messages (default: ASSETREG_LANG or zh) / 提示语言"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for group in COMMAND_GROUPS:
        group.add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        common.show(exc.message(common.lang(args)), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\n已中断 / interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a lost connection or a full disk: say what, not where
        from ..storage.errors import describe_unexpected

        message = describe_unexpected(exc, common.lang(args))
        if message is None:
            raise
        common.show(message, file=sys.stderr)
        return EXIT_USAGE
