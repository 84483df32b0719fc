"""Where the plugin's data files live.

In the source tree, standards/, db/ and metadata.txt sit beside plugin/; in the
packaged plugin (dist/asset_registry-*.zip) they sit inside the package folder.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    for base in (PACKAGE_DIR, PACKAGE_DIR.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} not found beside {PACKAGE_DIR}")


def metadata_path() -> Path:
    return _locate("metadata.txt")


def standards_dir() -> Path:
    return _locate("standards")


def migrations_dir() -> Path:
    return _locate("db")


def resources_dir() -> Path:
    return PACKAGE_DIR / "resources"
