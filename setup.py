"""Reads the version from metadata.txt, the one place it is written (QGIS needs it there)."""

import configparser
from pathlib import Path

from setuptools import Extension, setup

metadata = configparser.ConfigParser(interpolation=None)
metadata.read(Path(__file__).parent / "metadata.txt", encoding="utf-8")
setup(
    version=metadata["general"]["version"],
    # The columnar GeoJSON reader of the fast validation path. Optional: without a compiler the
    # package still installs, and validation takes the reference path.
    ext_modules=[Extension("asset_registry.core._fastscan", ["plugin/core/_fastscan.c"], optional=True)],
)
