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

from ..core import messages
from ..core.errors import EXIT_USAGE, UserError
from ..core.messages import text
from ..version import VERSION
from . import common, db, demo, export, importing, kpi, mapping, project, registry, report, server, validate, workorders

# the order of the commands in `assetreg --help`
COMMAND_GROUPS = (validate, mapping, db, importing, export, kpi, demo, registry, workorders, project, server, report)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, every help text in ``lang`` (default: ASSETREG_LANG, else zh)."""
    lang = lang or messages.default_lang()
    parser = argparse.ArgumentParser(
        prog="assetreg",
        formatter_class=common.Formatter,
        description=text("cli.main.description", lang),
        epilog=text("cli.main.epilog", lang),
        add_help=False,
    )
    common.localise(parser, lang)
    parser.add_argument("--version", action="version", version=f"assetreg {VERSION}", help=text("cli.main.option.version", lang))
    common.lang_option(parser, lang, None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for group in COMMAND_GROUPS:
        group.add_commands(subparsers, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(common.lang_of_argv(argv))
    args = parser.parse_args(argv)
    lang = common.lang(args)
    try:
        return args.handler(args)
    except UserError as exc:
        common.show(exc.message(lang), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("\n" + text("cli.main.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as exc:  # a lost connection or a full disk: say what, not where
        from ..storage.errors import describe_unexpected, refusal

        refused = refusal(exc)  # a refusal of the database no command expected keeps its exit code
        if refused is not None:
            common.show(refused.message(lang), file=sys.stderr)
            return refused.exit_code
        message = describe_unexpected(exc, lang)
        if message is None:
            raise
        common.show(message, file=sys.stderr)
        return EXIT_USAGE
