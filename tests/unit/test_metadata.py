import configparser
import re
import tomllib
from pathlib import Path

from asset_registry.paths import PACKAGE_DIR, metadata_path
from asset_registry.version import VERSION

ROOT = PACKAGE_DIR.parent


def test_metadata_has_what_the_plugin_manager_needs():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(metadata_path(), encoding="utf-8")
    general = parser["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository"):
        assert general.get(key), key
    assert re.fullmatch(r"\d+\.\d+\.\d+", general["version"])
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert (PACKAGE_DIR / general["icon"]).exists()


def test_version_is_read_from_metadata():
    text = metadata_path().read_text(encoding="utf-8")
    assert f"version={VERSION}\n" in text


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("asset_registry", *init.parent.relative_to(PACKAGE_DIR).parts)) for init in PACKAGE_DIR.rglob("__init__.py")
    }
    assert found == listed


def test_core_storage_and_cli_do_not_import_qgis_or_qt():
    offenders = []
    for path in [
        *PACKAGE_DIR.joinpath("core").rglob("*.py"),
        *PACKAGE_DIR.joinpath("storage").rglob("*.py"),
        *PACKAGE_DIR.joinpath("cli").rglob("*.py"),
    ]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(from|import)\s+(qgis|PyQt5|PyQt6)\b", line):
                offenders.append(f"{path.name}: {line.strip()}")
    assert offenders == []


def test_plugin_package_imports_without_qgis():
    import asset_registry

    assert callable(asset_registry.classFactory)
    assert Path(asset_registry.__file__).parent == PACKAGE_DIR
