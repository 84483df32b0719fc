"""What every command group of ``assetreg`` shares: the language, text for the terminal, progress,
the common options (--profile, --standard-version, --dsn) and the subcommand parser."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from ..core.texttable import printable, printable_json

LANGS = ("zh", "en")


def lang(args: argparse.Namespace) -> str:
    return args.lang or os.environ.get("ASSETREG_LANG", "zh")


def show(text: str, file: Any = None) -> None:
    """Text for a person on a terminal: every message and text view passes here (tables through
    core/texttable.py), so a value from the registry or a delivery (a case description, a file name)
    is shown, never run as a terminal command. Several lines stay several lines."""
    print(printable(text, keep_newlines=True), file=file)


def show_json(data: Any) -> None:
    """JSON for a program or a person: the same data, with no control character left raw."""
    print(printable_json(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def say(args: argparse.Namespace, zh: str, en: str) -> None:
    show(zh if lang(args) == "zh" else en)


def progress(label_zh: str, label_en: str, lang: str) -> Callable[[int, int], None] | None:
    """Progress on the terminal for long runs; silent when output is not a terminal."""
    if not sys.stderr.isatty():
        return None
    label = label_zh if lang == "zh" else label_en

    def show(done: int, total: int) -> None:
        share = f" ({done * 100 // total}%)" if total and total > 0 else ""
        end = "\n" if total and done >= total else ""
        print(f"\r{label} {done}/{total if total >= 0 else '?'}{share}", end=end, file=sys.stderr, flush=True)

    return show


# -- shared options ---------------------------------------------------------

# CSV written for people is opened in a spreadsheet, which runs a cell beginning with = + - @ as a formula
# (core/csvcells.py); every command that writes CSV says so in its --help and offers the raw values.
CSV_GUARD_NOTE = (
    "CSV 单元格：以 = + - @、制表符或回车开头的文本会被电子表格当作公式执行，写出时前加单引号 '；\n"
    "数值和纯数字（如 -3.5）照原样。assetreg validate/import 读 CSV 时去掉这个单引号。--csv-raw 原样写出。\n"
    "CSV cells: a text beginning with = + - @, a tab or a carriage return would run as a formula in a\n"
    "spreadsheet, so it is written with a leading ' (numbers and plain numeric text such as -3.5 stay as they\n"
    "are); assetreg validate/import read that quote back off. --csv-raw writes every value as it is."
)
CSV_RAW_HELP = "CSV: write values as they are, without the ' that keeps a spreadsheet from running formulas / 原样写出"


def standard_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        default=None,
        help="city profile id or path to a profile JSON (default: the mapping's, else zhuhai) / 城市配置",
    )
    parser.add_argument(
        "--standard-version", default=None, metavar="VERSION", help="standard version (default: the profile's) / 规范版本"
    )


def dsn_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dsn",
        default=None,
        help="libpq connection string, e.g. 'host=db.example dbname=registry user=gis'. "
        "Default: ASSETREG_DSN, else PGSERVICE/PGHOST environment, else the local demo "
        "database (started on demand) / 数据库连接",
    )


def load(args: argparse.Namespace):
    from ..core.standard import DEFAULT_PROFILE, Standard, load_profile

    profile = load_profile(args.profile or DEFAULT_PROFILE)
    standard = Standard(args.standard_version or profile.standard_version)
    return standard, profile


def dsn(args: argparse.Namespace) -> str:
    from ..storage.connection import resolve_dsn

    return resolve_dsn(args.dsn)


def notify(lang: str) -> Callable[[str, str], None]:
    """Phase messages of long work on stderr (the summary goes to stdout)."""

    def say(zh: str, en: str) -> None:
        if sys.stderr.isatty():
            show(zh if lang == "zh" else en, file=sys.stderr)

    return say


class Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def subparser(subparsers, name: str, help_text: str, description: str, epilog: str = "") -> argparse.ArgumentParser:
    return subparsers.add_parser(name, help=help_text, description=description, epilog=epilog, formatter_class=Formatter)
