"""``asset_registry:create_project``: the registry project (.qgz), as ``assetreg project`` and the menu action
make it (qgis_common/project.py)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..qgis_common.i18n import Translated, in_ui_lang, message_text, ui_lang


class CreateProject(Translated, QgsProcessingAlgorithm):
    PROFILE = "PROFILE"
    DSN = "DSN"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "create_project"

    def displayName(self) -> str:
        return self.tr("Create the registry project")

    def group(self) -> str:
        return self.tr("Registry")

    def groupId(self) -> str:
        return "registry"

    def shortHelpString(self) -> str:
        return self.tr(
            "Writes the registry's QGIS project: a layer group per asset family (a layer for each geometry type "
            "the standard allows, usable when the table is empty), the administrative areas and unit grids, the "
            "city's CRS, styles by status, identifier labels by scale, and map themes by status, by maintainer "
            "and by road class. The same project as `assetreg project` and the menu's Open the registry project."
        )

    def createInstance(self) -> CreateProject:
        return CreateProject()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterString(self.PROFILE, self.tr("City profile (empty: Zhuhai)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, self.tr("Project file"), fileFilter="QGIS project (*.qgz)")
        )

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.project import write_project
        from ..qgis_common.settings import registry_dsn

        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        try:
            profile = load_profile(self.parameterAsString(parameters, self.PROFILE, context) or DEFAULT_PROFILE)
            dsn = self.parameterAsString(parameters, self.DSN, context) or registry_dsn()
            write_project(out, dsn, Standard(profile.standard_version), profile, ui_lang())
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        feedback.pushInfo(message_text("qgis.project.written", path=out))
        return {self.OUTPUT: out}
