"""The registry connection, chosen the QGIS way: a pg_service.conf service, a server with a QGIS authentication
configuration (no password stored in the plugin's settings or in the layers), or the local demo registry. The
test button connects as the choice says and shows the login, the registry role it gives and the registry's
standard (storage/connection_check.py), a warning for a superuser, or what went wrong in words."""

from __future__ import annotations

import configparser
import os
from pathlib import Path

from qgis.core import QgsDataSourceUri
from qgis.gui import QgsAuthConfigSelect
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.messages import text
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..storage.connection_check import ConnectionCheck, check_connection

SERVICE, SERVER, LOCAL = "service", "server", "local"
DEFAULT_PORT = 5432
WARNING_STYLE = "color: #b00020; font-weight: bold;"


def service_names() -> list[str]:
    """The services of the pg_service.conf libpq reads (PGSERVICEFILE, else ~/.pg_service.conf)."""
    path = Path(os.environ.get("PGSERVICEFILE") or Path.home() / ".pg_service.conf")
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error):
        return []
    return parser.sections()


class ConnectionDialog(Translated, QDialog):
    def __init__(self, dsn: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AssetRegistryConnectionDialog")
        self.setWindowTitle(self.tr("Registry connection"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.kinds = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for kind, label in (
            (SERVICE, self.tr("A service of pg_service.conf")),
            (SERVER, self.tr("Host, port and database, with a QGIS authentication configuration")),
            (LOCAL, self.tr("The local demo registry")),
        ):
            radio = QRadioButton(label)
            radio.setObjectName(f"kind_{kind}")
            self.kinds.addButton(radio)
            self.radios[kind] = radio
            layout.addWidget(radio)
            if kind == SERVICE:
                layout.addWidget(self._service_box())
            elif kind == SERVER:
                layout.addWidget(self._server_box())
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.test_connection)
        layout.addWidget(self.test_button, 0, Qt.AlignLeft)
        self.result = QLabel()
        self.result.setObjectName("result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.result)
        self.warning = QLabel()
        self.warning.setObjectName("warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        layout.addWidget(self.warning)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kinds.buttonToggled.connect(self._enable)
        self.set_dsn(dsn)

    def _service_box(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.service = QComboBox()
        self.service.setObjectName("service")
        self.service.setEditable(True)
        self.service.addItems(service_names())
        form.addRow(self.tr("Service"), self.service)
        self.service_box = box
        return box

    def _server_box(self) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        self.host = QLineEdit()
        self.host.setObjectName("host")
        self.port = QSpinBox()
        self.port.setObjectName("port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setObjectName("database")
        self.user = QLineEdit()
        self.user.setObjectName("user")
        self.user.setPlaceholderText(self.tr("from the authentication configuration"))
        self.auth = QgsAuthConfigSelect(box, "postgres")
        self.auth.setObjectName("authcfg")
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("Login"), self.user)
        form.addRow(self.tr("Authentication"), self.auth)
        self.server_box = box
        return box

    def _enable(self, *_args) -> None:
        self.service_box.setEnabled(self.kind() == SERVICE)
        self.server_box.setEnabled(self.kind() == SERVER)
        self.result.clear()
        self.result.hide()
        self.warning.hide()

    def kind(self) -> str:
        return next((kind for kind, radio in self.radios.items() if radio.isChecked()), LOCAL)

    def set_dsn(self, dsn: str) -> None:
        """Show a stored connection: a service, a server (with its auth configuration), or '' for the local one."""
        uri = QgsDataSourceUri(dsn)
        if uri.service():
            self.service.setCurrentText(uri.service())
            kind = SERVICE
        elif dsn.strip():
            self.host.setText(uri.host())
            self.port.setValue(int(uri.port() or DEFAULT_PORT))
            self.database.setText(uri.database())
            self.user.setText(uri.username())
            self.auth.setConfigId(uri.authConfigId())
            kind = SERVER
        else:
            kind = LOCAL
        self.radios[kind].setChecked(True)
        self._enable()

    def dsn(self) -> str:
        """The connection to keep: it names a service or an auth configuration, never a password ('' = local)."""
        if self.kind() == SERVICE:
            return f"service={self.service.currentText().strip()}" if self.service.currentText().strip() else ""
        if self.kind() == SERVER:
            uri = QgsDataSourceUri()
            host, port, database = self.host.text().strip(), str(self.port.value()), self.database.text().strip()
            uri.setConnection(host, port, database, self.user.text().strip(), "")  # a password only in an auth config
            uri.setAuthConfigId(self.auth.configId())
            return uri.connectionInfo(False)
        return ""

    def test_connection(self) -> ConnectionCheck | None:
        """Connect as chosen and show what the connection gives; None when it failed (the reason shown)."""
        from ..qgis_common.settings import registry_dsn_of

        self.warning.hide()
        try:
            checked = check_connection(registry_dsn_of(self.dsn()))
        except UserError as exc:
            self.result.clear()
            self.result.hide()
            self._warn(in_ui_lang(exc))
            return None
        lang = ui_lang()
        lines = [text("connection.ok", lang)] + [line.text(lang) for line in checked.lines()]
        if checked.superuser:
            self._warn(lines.pop())
        self.result.setText("\n".join(lines))
        self.result.show()
        self._fit()
        return checked

    def _warn(self, said: str) -> None:
        self.warning.setText(said)
        self.warning.show()
        self._fit()

    def _fit(self) -> None:
        """Grow to show the result and the warning whole: wrapped labels need the height for the dialog's width,
        which the size hint does not give, and the form above must not be squeezed."""
        layout = self.layout()
        needed = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)
