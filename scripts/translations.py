"""The QGIS faces' Qt translations, the QGIS way: pylupdate5 extracts the ``tr`` texts of the plugin's
QGIS code into plugin/i18n/asset_registry_<locale>.ts (Qt Linguist sources, committed, translated by
hand or in Linguist), lrelease compiles each into the .qm the plugin loads (a build product).

    python scripts/translations.py            # update the .ts from the code, then build the .qm
    python scripts/translations.py release    # build the .qm only (make setup, make package)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugin"
I18N = PLUGIN / "i18n"
LOCALES = ("zh_CN",)
# the QGIS faces: every widget text is written in these (the CLI and core speak through the catalogue)
SOURCE_PARTS = ("__init__.py", "gui", "processing", "qgis_common")


def ts_files() -> list[Path]:
    return [I18N / f"asset_registry_{locale}.ts" for locale in LOCALES]


def qm_of(ts: Path) -> Path:
    return ts.with_suffix(".qm")


def sources() -> list[Path]:
    found: list[Path] = []
    for part in SOURCE_PARTS:
        path = PLUGIN / part
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [path for path in found if "__pycache__" not in path.parts]


def update(ts: Path) -> None:
    """Bring ``ts`` in line with the code: new texts added unfinished, texts gone from the code dropped."""
    subprocess.run(
        ["pylupdate5", "-noobsolete", *(os.path.relpath(path, ts.parent) for path in sources()), "-ts", ts.name],
        check=True,
        cwd=ts.parent,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},  # pylupdate5's own DeprecationWarning
    )


def release(ts: Path) -> Path:
    qm = qm_of(ts)
    subprocess.run(["lrelease", "-silent", "-removeidentical", str(ts), "-qm", str(qm)], check=True)
    return qm


def release_all() -> list[Path]:
    return [release(ts) for ts in ts_files()]


if __name__ == "__main__":
    if sys.argv[1:] != ["release"]:
        for path in ts_files():
            update(path)
    for path in release_all():
        print(path.relative_to(ROOT))
