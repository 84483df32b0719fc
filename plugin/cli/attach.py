"""``assetreg attach``: keep a photo or document in the file store under its SHA-256 and record it for
one case or one inspection. Thin face over storage/attachments.attach."""

from __future__ import annotations

import argparse
from typing import Any

from ..core.errors import EXIT_OK
from ..core.messages import text
from . import common


def cmd_attach(args: argparse.Namespace) -> int:
    from ..core.standard import DEFAULT_PROFILE, load_profile
    from ..storage.attachments import attach
    from ..storage.connection import connection
    from ..storage.filestore import open_store, store_location

    profile = load_profile(args.profile or DEFAULT_PROFILE)
    store = open_store(store_location(profile, args.store))
    with connection(common.dsn(args)) as conn:
        added, already_stored = attach(conn, args.file, store, inspection_uid=args.inspection, work_order_id=args.case)
    common.say(
        args,
        "cli.attach.done",
        id=added.id,
        name=added.file_name,
        sha256=added.sha256,
        size=added.size_bytes,
        uri=added.uri,
    )
    if already_stored:
        common.say(args, "cli.attach.deduplicated")
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    attach = common.subparser(subparsers, "attach", lang, "cli.attach")
    attach.add_argument("file", metavar="FILE", help=text("cli.attach.option.file", lang))
    owner = attach.add_mutually_exclusive_group(required=True)
    owner.add_argument("--case", type=int, metavar="N", help=text("cli.attach.option.case", lang))
    owner.add_argument("--inspection", metavar="UID", help=text("cli.attach.option.inspection", lang))
    attach.add_argument("--store", metavar="FOLDER", help=text("cli.attach.option.store", lang))
    attach.add_argument("--profile", default=None, help=text("cli.common.option.profile", lang))
    common.dsn_option(attach, lang)
    attach.set_defaults(handler=cmd_attach)
