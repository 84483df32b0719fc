"""``asset_registry:check_connection``: the connection dialog's test as an algorithm (and ``assetreg db check``):
the login, its registry role and the registry's standard, a warning for a superuser; a failure in words."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputString,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..storage.connection_check import check_connection


class CheckConnection(Translated, QgsProcessingAlgorithm):
    DSN = "DSN"

    def name(self) -> str:
        return "check_connection"

    def displayName(self) -> str:
        return self.tr("Test the registry connection")

    def group(self) -> str:
        return self.tr("Registry")

    def groupId(self) -> str:
        return "registry"

    def shortHelpString(self) -> str:
        return self.tr(
            "Connects as the plugin's connection (or the one given) says and reports the login, the registry role it "
            "gives and the standard the registry follows; warns when the login is a superuser. The same test as the "
            "connection dialog and `assetreg db check`."
        )

    def createInstance(self) -> CheckConnection:
        return CheckConnection()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addOutput(QgsProcessingOutputString("LOGIN", self.tr("Login")))
        self.addOutput(QgsProcessingOutputString("ROLES", self.tr("Registry roles")))
        self.addOutput(QgsProcessingOutputString("STANDARD_VERSION", self.tr("Standard version")))
        self.addOutput(QgsProcessingOutputBoolean("SUPERUSER", self.tr("Superuser")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.settings import registry_dsn

        dsn = self.parameterAsString(parameters, self.DSN, context) or registry_dsn()
        try:
            checked = check_connection(dsn)
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
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
