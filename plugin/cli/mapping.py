"""``assetreg mapping suggest``: draft a field-mapping profile."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK
from ..core.messages import text
from ..core.texttable import printable_json
from . import common


def cmd_mapping_suggest(args: argparse.Namespace) -> int:
    from ..core.suggest import suggest_mapping

    standard, _ = common.load(args)
    suggestion = suggest_mapping(args.file, standard, args.family, args.layer)
    text = json.dumps(suggestion.draft, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        common.say(args, "cli.mapping.draft_written", path=args.out)
    else:
        print(printable_json(text))
    common.show(suggestion.explain(common.lang(args)), file=sys.stderr)
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    mapping = common.subparser(subparsers, "mapping", lang, "cli.mapping")
    mapping_sub = mapping.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)
    suggest = common.subparser(mapping_sub, "suggest", lang, "cli.mapping.suggest")
    suggest.add_argument("file", help=text("cli.option.delivery_file", lang))
    suggest.add_argument("--class", dest="family", required=True, help=text("cli.mapping.suggest.option.class", lang))
    suggest.add_argument("--layer", default=None, help=text("cli.option.layer_of_several", lang))
    suggest.add_argument("--out", default=None, metavar="MAPPING.json", help=text("cli.mapping.suggest.option.out", lang))
    common.standard_options(suggest, lang)
    suggest.set_defaults(handler=cmd_mapping_suggest)
