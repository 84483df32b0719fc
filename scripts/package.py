"""Build dist/asset_registry-<version>.zip, installable through the QGIS plugin manager.

The zip holds one folder, asset_registry/, with the Python package (plugin/) and its compiled
translations (plugin/i18n/*.qm, built here from the .ts), metadata.txt, the standard (standards/)
and the migrations (db/).
"""

from __future__ import annotations

import configparser
import re
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
# pure-Python wheels shipped inside the plugin (QGIS's Python may lack them): charset-normalizer (MIT), so
# that a mis-declared Big5 or GBK .cpg is found by the same detector as on the command line
VENDOR = ROOT / "vendor"
# what of a vendored package the plugin never runs: its command line
VENDOR_INIT = '"""Pure-Python packages shipped with the plugin (scripts/package.py)."""\n'
VENDOR_SKIP = re.compile(r"(^|/)(cli/|__main__\.py$)")


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
        wheels = sorted(VENDOR.glob("*-py3-none-any.whl"))
        if wheels:
            archive.writestr(
                f"{FOLDER}/_vendor/__init__.py", '"""Pure-Python packages shipped with the plugin (scripts/package.py)."""\n'
            )
        for wheel in wheels:
            vendor_wheel(archive, wheel)
        archive.write(ROOT / "metadata.txt", f"{FOLDER}/metadata.txt")
        for name in ("README.md", "LICENSE"):
            if (ROOT / name).exists():
                archive.write(ROOT / name, f"{FOLDER}/{name}")
    return target


def vendor_wheel(archive: zipfile.ZipFile, wheel: Path) -> None:
    """The wheel's package as asset_registry/_vendor/<package>/, its imports of itself made relative (so it never
    mixes with another copy QGIS's Python may have), its licence beside it."""
    with zipfile.ZipFile(wheel) as opened:
        names = opened.namelist()
        [top_level] = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        package = opened.read(top_level).decode("utf-8").split()[0]
        for name in names:
            if name.startswith(f"{package}/") and not VENDOR_SKIP.search(name) and not name.endswith("/"):
                data = opened.read(name)
                if name.endswith(".py"):
                    data = _relative_imports(data.decode("utf-8"), package, name.count("/") - 1).encode("utf-8")
                archive.writestr(f"{FOLDER}/_vendor/{name}", data)
        [licence] = [n for n in names if n.endswith(("/LICENSE", "/LICENSE.txt"))]
        archive.writestr(f"{FOLDER}/_vendor/{package}/LICENSE", opened.read(licence))


def _relative_imports(text: str, package: str, depth: int) -> str:
    """``from package.x import y`` and ``from package import y`` made relative to a module ``depth`` folders down."""
    dots = "." * (depth + 1)
    text = re.sub(rf"\bfrom {package}\.", f"from {dots}", text)
    text = re.sub(rf"\bfrom {package} import\b", f"from {dots} import", text)
    if re.search(rf"^\s*import {package}\b", text, re.MULTILINE):
        raise SystemExit(f"vendored {package}: an 'import {package}' cannot be made relative")
    return text


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"))
