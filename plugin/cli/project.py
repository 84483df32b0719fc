"""``assetreg project``: write the registry project (.qgz) that the QGIS plugin opens, from the command line.

The project is made by the same function as the plugin's action and the Processing algorithm
(qgis_common/project.py); this command is the one place the CLI starts QGIS, offscreen and only while it runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..core.errors import EXIT_OK
from ..core.messages import text
from ..core.outputs import writable_target
from . import common


def cmd_project(args: argparse.Namespace) -> int:
    standard, profile = common.load(args)
    lang = common.lang(args)
    out = writable_target(Path(args.out), args.overwrite)
    dsn = common.dsn(args)
    from ..qgis_common.project import write_project_offscreen  # QGIS is loaded by this command only

    write_project_offscreen(out, dsn, standard, profile, lang)
    common.say(args, "cli.project.written", path=out, crs=profile.body["registry_crs"])
    return EXIT_OK


def add_commands(subparsers: Any, lang: str) -> None:
    project = common.subparser(subparsers, "project", lang, "cli.project")
    project.add_argument("--out", required=True, metavar="FILE.qgz", help=text("cli.option.out_file", lang))
    project.add_argument("--overwrite", action="store_true", help=text("cli.option.overwrite", lang))
    common.dsn_option(project, lang)
    common.standard_options(project, lang)
    project.set_defaults(handler=cmd_project)
