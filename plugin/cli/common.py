"""What every command group of ``assetreg`` shares: the language, text for the terminal, progress,
the common options (--profile, --standard-version, --dsn) and the subcommand parser.

The command line speaks one language per run: ``--lang zh|en``, else ASSETREG_LANG, else Chinese
(core/messages.py). Its texts, the --help of every command included, are messages of the catalogue
under ``cli.`` (plugin/i18n/messages/cli.toml); since argparse needs its help before it parses,
the language is read from the arguments first (``lang_of_argv``) and the parser built in it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ..core import messages
from ..core.messages import Message, text
from ..core.texttable import printable, printable_json

LANGS = messages.LANGS


def lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or messages.default_lang()


def lang_of_argv(argv: Sequence[str]) -> str:
    """The language a run asks for with --lang (anywhere before ``--``), else ASSETREG_LANG, else zh.
    An unknown value is left to argparse to refuse, in the default language."""
    chosen = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return chosen if chosen in LANGS else messages.default_lang()


def show(text: str, file: Any = None) -> None:
    """Text for a person on a terminal: every message and text view passes here (tables through
    core/texttable.py), so a value from the registry or a delivery (a case description, a file name)
    is shown, never run as a terminal command. Several lines stay several lines."""
    print(printable(text, keep_newlines=True), file=file)


def show_json(data: Any) -> None:
    """JSON for a program or a person: the same data, with no control character left raw."""
    print(printable_json(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def say(args: argparse.Namespace, msg_id: str, **params: Any) -> None:
    """The catalogue message ``msg_id`` on stdout, in the run's language."""
    show(text(msg_id, lang(args), **params))


def render(lang: str, message: Message | str, **params: Any) -> str:
    """A message another part of the program hands the command line to show (a phase of an import, a
    warning of a downgrade): a Message, or an id and its parameters."""
    if isinstance(message, Message):
        return message.text(lang)
    return text(message, lang, **params)


def progress(msg_id: str, lang: str) -> Callable[[int, int], None] | None:
    """Progress on the terminal for long runs, labelled by the message ``msg_id``; silent when output
    is not a terminal."""
    if not sys.stderr.isatty():
        return None
    label = text(msg_id, lang)

    def show(done: int, total: int) -> None:
        share = f" ({done * 100 // total}%)" if total and total > 0 else ""
        end = "\n" if total and done >= total else ""
        print(f"\r{label} {done}/{total if total >= 0 else '?'}{share}", end=end, file=sys.stderr, flush=True)

    return show


def notify(lang: str) -> Callable[..., None]:
    """Phase messages of long work on stderr (the summary goes to stdout); see ``render``."""

    def say(message: Message | str, **params: Any) -> None:
        if sys.stderr.isatty():
            show(render(lang, message, **params), file=sys.stderr)

    return say


def warn(lang: str) -> Callable[..., None]:
    """Warnings of work that goes on (what a forced downgrade loses) on stderr; see ``render``."""

    def say(message: Message | str, **params: Any) -> None:
        show(render(lang, message, **params), file=sys.stderr)

    return say


# -- shared options ---------------------------------------------------------

# CSV written for people is opened in a spreadsheet, which runs a cell beginning with = + - @ as a formula
# (core/csvcells.py); every command that writes CSV says so in its --help (cli.common.csv_guard_note)
# and offers the raw values (csv_raw_option).


def csv_raw_option(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--csv-raw", action="store_true", help=text("cli.common.option.csv_raw", lang))


def standard_options(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--profile", default=None, help=text("cli.common.option.profile", lang))
    parser.add_argument(
        "--standard-version", default=None, metavar="VERSION", help=text("cli.common.option.standard_version", lang)
    )


def dsn_option(parser: argparse.ArgumentParser, lang: str) -> None:
    parser.add_argument("--dsn", default=None, help=text("cli.common.option.dsn", lang))


def load(args: argparse.Namespace):
    from ..core.standard import DEFAULT_PROFILE, Standard, load_profile

    profile = load_profile(args.profile or DEFAULT_PROFILE)
    standard = Standard(args.standard_version or profile.standard_version)
    return standard, profile


def dsn(args: argparse.Namespace) -> str:
    from ..storage.connection import resolve_dsn

    return resolve_dsn(args.dsn)


class Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def localise(parser: argparse.ArgumentParser, lang: str) -> argparse.ArgumentParser:
    """argparse's own words in the help (the section titles, -h) in the run's language, and --lang
    understood after a command as well (``assetreg demo --lang en``)."""
    parser._positionals.title = text("cli.common.section.positional", lang)
    parser._optionals.title = text("cli.common.section.options", lang)
    parser.add_argument("-h", "--help", action="help", help=text("cli.common.option.help", lang))
    return parser


def lang_option(parser: argparse.ArgumentParser, lang: str, default: Any) -> None:
    parser.add_argument("--lang", choices=LANGS, default=default, help=text("cli.common.option.lang", lang))


def subparser(subparsers: Any, name: str, lang: str, base: str, **params: Any) -> argparse.ArgumentParser:
    """The parser of one command, its texts the messages ``<base>.help``, ``<base>.description`` and,
    where there is one, ``<base>.epilog`` (examples, exit codes), filled from ``params``."""
    catalogue = messages.catalogue()
    parser = subparsers.add_parser(
        name,
        help=text(base + ".help", lang, **params),
        description=text(base + ".description", lang, **params),
        epilog=text(base + ".epilog", lang, **params) if base + ".epilog" in catalogue else None,
        formatter_class=Formatter,
        add_help=False,
    )
    localise(parser, lang)
    lang_option(parser, lang, argparse.SUPPRESS)
    return parser
