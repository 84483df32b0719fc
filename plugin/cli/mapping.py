"""``assetreg mapping suggest``: draft a field-mapping profile."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK
from ..core.texttable import printable_json
from . import common


def cmd_mapping_suggest(args: argparse.Namespace) -> int:
    from ..core.suggest import suggest_mapping

    standard, _ = common.load(args)
    suggestion = suggest_mapping(args.file, standard, args.family, args.layer)
    text = json.dumps(suggestion.draft, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        common.say(args, f"映射草稿已写入 {args.out}", f"Draft mapping written to {args.out}")
    else:
        print(printable_json(text))
    common.show(suggestion.explain(common.lang(args)), file=sys.stderr)
    return EXIT_OK


def add_commands(subparsers: Any) -> None:
    mapping = common.subparser(
        subparsers,
        "mapping",
        "draft a field-mapping profile for a delivery / 字段映射",
        "为一份交付数据起草字段映射：已按别名识别的列、相近名称的建议、不在代码表中的取值，以及无法对应的列。\n"
        "Draft a mapping profile for a delivery: columns recognised by alias, suggestions for similar names,\n"
        "values not in the code lists, and what could not be placed. Edit the draft, then pass it to\n"
        "`assetreg validate --mapping`.",
        "examples:\n  assetreg mapping suggest streetlights.csv --class streetlight --out dc-mapping.json",
    )
    mapping_sub = mapping.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)
    suggest = common.subparser(
        mapping_sub,
        "suggest",
        "draft a mapping from the standard's aliases / 起草映射",
        "Draft a mapping profile from the standard's aliases and similar names.",
    )
    suggest.add_argument("file", help="the delivery file / 交付文件")
    suggest.add_argument("--class", dest="family", required=True, help="asset family, e.g. streetlight")
    suggest.add_argument("--layer", default=None, help="layer, when the file has several")
    suggest.add_argument("--out", default=None, metavar="MAPPING.json", help="write the draft here (default: stdout)")
    common.standard_options(suggest)
    suggest.set_defaults(handler=cmd_mapping_suggest)
