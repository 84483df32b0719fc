"""The plugin version, read from metadata.txt (the one place it is written)."""

from __future__ import annotations

import configparser

from .paths import metadata_path


def read_version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(metadata_path(), encoding="utf-8")
    return parser["general"]["version"]


VERSION = read_version()
