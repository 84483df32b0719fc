"""``asset_registry:check_connection``: the connection dialog's test as an algorithm (and ``assetreg db check``):
the login, its registry role and the registry's standard, a warning for a superuser; a failure in words."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputBoolean,
    QgsProcessingOutputString,
)

from ..qgis_common.i18n import ui_lang
from ..storage.connection_check import check_connection
from .base import RegistryAlgorithm


class CheckConnection(RegistryAlgorithm):
    NAME = "check_connection"
    GROUP = "registry"

    def displayName(self) -> str:
        return self.tr("Test the registry connection")

    def shortHelpString(self) -> str:
        return self.tr(
            "Connects as the plugin's connection (or the one given) says and reports the login, the registry role it "
            "gives and the standard the registry follows; warns when the login is a superuser. The same test as the "
            "connection dialog and `assetreg db check`."
        )

    def initAlgorithm(self, config=None) -> None:
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputString("LOGIN", self.tr("Login")))
        self.addOutput(QgsProcessingOutputString("ROLES", self.tr("Registry roles")))
        self.addOutput(QgsProcessingOutputString("STANDARD_VERSION", self.tr("Standard version")))
        self.addOutput(QgsProcessingOutputBoolean("SUPERUSER", self.tr("Superuser")))

    def processAlgorithm(self, parameters, context, feedback):
        dsn = self.registry_dsn(parameters, context)
        with self.user_errors():
            checked = check_connection(dsn)
        lang = ui_lang()
        lines = [line.text(lang) for line in checked.lines()]
        for line in lines[:-1] if checked.superuser else lines:
            feedback.pushInfo(line)
        if checked.superuser:
            feedback.reportError(lines[-1], fatalError=False)
        return {
            "LOGIN": checked.login,
            "ROLES": ",".join(checked.roles),
            "STANDARD_VERSION": checked.standard_version or "",
            "SUPERUSER": checked.superuser,
        }
