"""QGIS tier: the real QGIS 3.22 through pytest-qgis, offscreen; a real PostGIS for layers."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from asset_registry.storage import localpg, migrate
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import drop_database, new_database
from tests.helpers import numbered_lights, write_geojson

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import package


def set_locale(locale: str) -> str:
    """Switch the QGIS locale the plugin follows, as a user does in QGIS's options (QGIS writes the setting
    at start-up), and its Qt translation with it; the interface language (zh/en) it gives."""
    from asset_registry.qgis_common.i18n import LOCALE_SETTING, install_translator
    from qgis.core import QgsSettings

    QgsSettings().setValue(LOCALE_SETTING, locale)
    return install_translator()


@pytest.fixture(autouse=True)
def chinese_qgis(qgis_app):
    """Every test meets the plugin in the locale of the registry's users, zh_CN, unless it switches;
    the setting is put back afterwards (pytest-qgis's profile is the repository's .qgis-settings)."""
    from asset_registry.qgis_common.i18n import LOCALE_SETTING, install_translator
    from qgis.core import QgsSettings

    before = QgsSettings().value(LOCALE_SETTING, None)
    assert set_locale("zh_CN") == "zh"
    yield
    if before is None:
        QgsSettings().remove(LOCALE_SETTING)
    else:
        QgsSettings().setValue(LOCALE_SETTING, before)
    install_translator()


@pytest.fixture
def plugin(qgis_iface, qgis_processing):
    """The plugin as QGIS loads it: menu, toolbar and Processing provider, unloaded afterwards."""
    from asset_registry import classFactory

    instance = classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture(scope="session")
def lit_registry(standard, profile, tmp_path_factory):
    """A registry with a few streetlights in it."""
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    features = numbered_lights(4) + numbered_lights(2, start=5, status="damaged")
    delivery = write_geojson(tmp_path_factory.mktemp("lights") / "lights.geojson", features)
    import_delivery(dsn, delivery, standard, profile, "streetlight")
    yield dsn
    drop_database(name)


@pytest.fixture(scope="session")
def lights_template(standard, profile, tmp_path_factory):
    """A registry with six streetlights, the template of lights_db."""
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_lights_tpl")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    delivery = write_geojson(tmp_path_factory.mktemp("lights") / "lights.geojson", numbered_lights(6))
    import_delivery(dsn, delivery, standard, profile, "streetlight")
    yield name
    drop_database(name)


@pytest.fixture
def lights_db(lights_template):
    """DSN of a fresh copy of that registry, so cases a test reports never meet another test's."""
    name = new_database(lights_template, prefix="assetreg_test_qgis_lights")
    yield localpg.server_dsn(name)
    drop_database(name)


PROFILE = Path(".local/share/QGIS/QGIS3/profiles/default")
# the plugin enabled, QGIS in Chinese (as the bureau's users run it)
INI = "[PythonPlugins]\nasset_registry=true\n\n[locale]\noverrideFlag=true\nuserLocale=zh_CN\n"


@pytest.fixture(scope="session")
def installed_home(tmp_path_factory):
    """A throw-away HOME whose QGIS profile has the packaged plugin installed and enabled."""
    home = tmp_path_factory.mktemp("home")
    archive = package.build(tmp_path_factory.mktemp("dist"))
    plugins = home / PROFILE / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(plugins)
    ini = home / PROFILE / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(INI, encoding="utf-8")
    return home


def user_environment(home: Path) -> dict[str, str]:
    """What a user's QGIS sees: the system Python, not this project's venv, and its own profile."""
    # pytest-qgis points QGIS_CUSTOM_CONFIG_PATH/QGIS_OPTIONS_PATH at its own profile: drop those too.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV") and not key.startswith("QGIS_")
    }
    env.update(HOME=str(home), PATH="/usr/bin:/bin")
    return env


def qgis_process(home: Path, *args: str) -> subprocess.CompletedProcess:
    # Debian's /usr/bin/qgis_process wrapper re-reads QGIS_OPTS='--noversioncheck' from /etc/default/qgis,
    # which qgis_process 3.22 rejects whatever the environment says; the binary itself works.
    env = user_environment(home) | {"QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(["/usr/bin/qgis_process.bin", *args], capture_output=True, text=True, env=env, timeout=300, cwd=home)
