"""Connections the QGIS way (issue 17): a pg_service.conf service and a QGIS authentication configuration (in the
tests' temporary auth DB, tests/qgis/conftest.py), each giving valid layers and a psycopg2 connection as the
login it names; the connection dialog's test shows the login, its registry role and the standard, warns for a
superuser and says in words why a connection fails."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from asset_registry.storage import localpg
from psycopg2 import sql
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri

MASTER_PASSWORD = "tests-only-master"


@pytest.fixture
def logins():
    """Logins a test makes, dropped afterwards (a login belongs to the whole server, not to the registry)."""
    made: list[str] = []
    yield made
    for login in made:
        localpg.run_as_superuser(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))


def _login(registry: str, role: str, made: list[str]) -> str:
    from asset_registry.storage.roles import grant

    login = f"conn_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:8]}"
    grant(registry, login, role)
    made.append(login)
    return login


def _dbname(dsn: str) -> str:
    return psycopg2.extensions.parse_dsn(dsn)["dbname"]


@pytest.fixture
def service_file(lit_registry, tmp_path, monkeypatch, logins):
    """A pg_service.conf naming the test registry as zhuhai_registry, for an editor's login."""
    login = _login(lit_registry, "assetreg_editor", logins)
    path = tmp_path / "pg_service.conf"
    path.write_text(
        f"[zhuhai_registry]\nhost={localpg.socket_dir()}\nport={localpg.port()}\ndbname={_dbname(lit_registry)}\n"
        f"user={login}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(path))
    return login


@pytest.fixture
def auth_config(lit_registry, logins):
    """A Basic auth configuration for a crew's login in the temporary QGIS auth DB; its id."""
    manager = QgsApplication.authManager()
    assert "assetreg-qgis-auth-" in manager.authenticationDatabasePath()  # never the user's auth DB
    assert manager.setMasterPassword(MASTER_PASSWORD, True)
    login = _login(lit_registry, "assetreg_crew", logins)
    config = QgsAuthMethodConfig("Basic")
    config.setName("zhuhai crew")
    config.setConfig("username", login)
    config.setConfig("password", "crew-password")
    assert manager.storeAuthenticationConfig(config)
    yield config.id(), login
    manager.removeAuthenticationConfig(config.id())


def _server_dsn(registry: str, authcfg: str) -> str:
    uri = QgsDataSourceUri()
    uri.setConnection(str(localpg.socket_dir()), str(localpg.port()), _dbname(registry), "", "")
    uri.setAuthConfigId(authcfg)
    return uri.connectionInfo(False)


def _current_user(dsn: str) -> str:
    from asset_registry.storage.connection import connection

    with connection(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT current_user")
        return cur.fetchone()[0]


def test_a_service_gives_valid_layers_and_the_python_side_its_login(service_file, standard):
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer("service=zhuhai_registry", standard)
    assert layer.isValid() and layer.featureCount() == 6
    assert QgsDataSourceUri(layer.source()).service() == "zhuhai_registry"
    assert _current_user("service=zhuhai_registry") == service_file


def test_an_auth_config_gives_layers_without_a_password_and_psycopg2_its_login(auth_config, lit_registry, standard):
    from asset_registry.qgis_common.layers import make_layer

    authcfg, login = auth_config
    dsn = _server_dsn(lit_registry, authcfg)
    assert f"authcfg={authcfg}" in dsn and "password" not in dsn
    layer = make_layer(dsn, standard)
    assert layer.isValid() and layer.featureCount() == 6
    assert "password" not in layer.source() and QgsDataSourceUri(layer.source()).authConfigId() == authcfg
    assert _current_user(dsn) == login  # the login came from QgsAuthManager, not from the DSN
    # what the open-case guard and the record tab connect with: the layer's own connection, authcfg and all
    assert _current_user(QgsDataSourceUri(layer.source()).connectionInfo(False)) == login


def test_an_auth_config_that_is_not_there_is_said_in_words(lit_registry):
    from asset_registry.core.errors import InputError

    with pytest.raises(InputError) as refused:
        _current_user(_server_dsn(lit_registry, "nosuch1"))
    assert refused.value.message("zh") == "认证配置 nosuch1 不存在或无法读取（QGIS 认证数据库未解锁？）。"


def test_the_dialog_tests_a_service_and_shows_the_login_its_role_and_the_standard(service_file, profile):
    from asset_registry.gui.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog("service=zhuhai_registry")
    assert dialog.kind() == "service" and dialog.service.currentText() == "zhuhai_registry"
    assert "zhuhai_registry" in [dialog.service.itemText(i) for i in range(dialog.service.count())]  # read from the file
    checked = dialog.test_connection()
    assert checked is not None and checked.roles == ("assetreg_editor",) and not checked.superuser
    assert dialog.result.text().splitlines() == [
        "连接成功。",
        f"登录名：{service_file}",
        "登记库角色：GIS 编辑：编辑部件、区划与网格，导入",
        f"登记库遵循规范 {profile.standard_version}（城市配置 {profile.id}）",
    ]
    assert dialog.warning.isHidden()
    assert dialog.dsn() == "service=zhuhai_registry"


def test_the_dialog_keeps_an_auth_config_never_a_password(auth_config, lit_registry):
    from asset_registry.gui.connection_dialog import ConnectionDialog

    authcfg, login = auth_config
    dialog = ConnectionDialog(_server_dsn(lit_registry, authcfg))
    assert dialog.kind() == "server" and dialog.auth.configId() == authcfg
    assert dialog.database.text() == _dbname(lit_registry)
    checked = dialog.test_connection()
    assert checked is not None and checked.login == login and checked.roles == ("assetreg_crew",)
    assert "登记库角色：养护班组：登记部件状态变化" in dialog.result.text().splitlines()
    kept = dialog.dsn()
    assert f"authcfg={authcfg}" in kept and "password" not in kept and login not in kept


def test_the_dialog_warns_when_the_login_is_a_superuser(lit_registry):
    from asset_registry.gui.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog(lit_registry)  # the test server's superuser
    checked = dialog.test_connection()
    assert checked is not None and checked.superuser
    assert not dialog.warning.isHidden()
    warned = "警告：postgres 是数据库超级用户。超级用户绕过登记库的全部权限与行级安全，日常编辑切勿使用"
    assert dialog.warning.text().startswith(warned)
    assert "登记库角色：数据库超级用户（不受任何登记库角色限制）" in dialog.result.text().splitlines()


@pytest.mark.parametrize(
    ("dsn", "said"),
    [
        ("host=/tmp/assetreg-no-server-here port=5999 dbname=x", "连不上数据库服务器"),
        (f"host={localpg.socket_dir()} port={localpg.port()} dbname=postgres user=nobody_here_conn", "无法登录"),
        (f"host={localpg.socket_dir()} port={localpg.port()} dbname=no_such_db_conn user=postgres", "服务器上没有这个数据库"),
        (f"host={localpg.socket_dir()} port={localpg.port()} dbname=postgres user=postgres", "不是登记库"),
        ("service=no_such_service_conn", "找不到连接服务"),
    ],
)
def test_the_dialog_says_why_a_connection_fails(dsn, said, lit_registry):
    from asset_registry.gui.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog(dsn)
    assert dialog.test_connection() is None
    assert not dialog.warning.isHidden() and said in dialog.warning.text(), dialog.warning.text()
    assert dialog.result.text() == ""


def test_the_processing_algorithm_tests_the_same_way(plugin, service_file):
    import processing

    result = processing.run("asset_registry:check_connection", {"DSN": "service=zhuhai_registry"})
    assert (result["LOGIN"], result["ROLES"], result["SUPERUSER"]) == (service_file, "assetreg_editor", False)


def test_the_menu_opens_the_dialog_and_keeps_the_chosen_service(plugin, service_file):
    from asset_registry.qgis_common.settings import DSN_SETTING, stored_dsn
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QTimer
    from qgis.PyQt.QtWidgets import QApplication

    [action] = [action for action in plugin.actions if action.text() == "登记库连接…"]
    seen = []

    def choose_the_service():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName())
        dialog.radios["service"].setChecked(True)
        dialog.service.setCurrentText("zhuhai_registry")
        dialog.accept()

    QTimer.singleShot(0, choose_the_service)
    try:
        action.trigger()
        assert seen == ["AssetRegistryConnectionDialog"] and stored_dsn() == "service=zhuhai_registry"
    finally:
        QgsSettings().remove(DSN_SETTING)
