"""Build dist/asset_registry-<version>.zip, installable through the QGIS plugin manager.

The zip holds one folder, asset_registry/, with the Python package (plugin/) and its compiled
translations (plugin/i18n/*.qm, built here from the .ts), metadata.txt, the standard (standards/)
and the migrations (db/).
"""

from __future__ import annotations

import configparser
import sys
import zipfile
from pathlib import Path

import translations

ROOT = Path(__file__).resolve().parents[1]
FOLDER = "asset_registry"
SKIP_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}
# the plugin ships pure Python: a compiled accelerator is built for one interpreter only,
# and validation falls back to the reference path without it
SKIP_SUFFIXES = {".pyc", ".pyo", ".so", ".pyd", ".c"}
# the Qt Linguist sources stay behind: QGIS loads the .qm compiled from them
PLUGIN_SKIP_SUFFIXES = {".ts"}


def version() -> str:
    metadata = configparser.ConfigParser(interpolation=None)
    metadata.read(ROOT / "metadata.txt", encoding="utf-8")
    return metadata["general"]["version"]


def files_of(directory: Path):
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not SKIP_PARTS & set(path.parts) and path.suffix not in SKIP_SUFFIXES:
            yield path


def build(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{FOLDER}-{version()}.zip"
    translations.release_all()  # the .qm current with the committed .ts
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files_of(ROOT / "plugin"):
            if path.suffix in PLUGIN_SKIP_SUFFIXES:
                continue
            archive.write(path, f"{FOLDER}/{path.relative_to(ROOT / 'plugin').as_posix()}")
        for name in ("standards", "db"):
            for path in files_of(ROOT / name):
                archive.write(path, f"{FOLDER}/{path.relative_to(ROOT).as_posix()}")
        archive.write(ROOT / "metadata.txt", f"{FOLDER}/metadata.txt")
        for name in ("README.md", "LICENSE"):
            if (ROOT / name).exists():
                archive.write(ROOT / name, f"{FOLDER}/{name}")
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"))
