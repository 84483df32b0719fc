"""Reads the version from metadata.txt, the one place it is written (QGIS needs it there)."""

import configparser
from pathlib import Path

from setuptools import setup

metadata = configparser.ConfigParser(interpolation=None)
metadata.read(Path(__file__).parent / "metadata.txt", encoding="utf-8")
setup(version=metadata["general"]["version"])
