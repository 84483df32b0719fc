"""``asset_registry:create_project``: the registry project (.qgz), as ``assetreg project`` and the menu action
make it (qgis_common/project.py)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterFileDestination,
)

from ..qgis_common.i18n import message_text, ui_lang
from .base import RegistryAlgorithm


class CreateProject(RegistryAlgorithm):
    NAME = "create_project"
    GROUP = "registry"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Create the registry project")

    def shortHelpString(self) -> str:
        return self.tr(
            "Writes the registry's QGIS project: a layer group per asset family (a layer for each geometry type "
            "the standard allows, usable when the table is empty), the administrative areas and unit grids, the "
            "city's CRS, styles by status, identifier labels by scale, and map themes by status, by maintainer "
            "and by road class. The same project as `assetreg project` and the menu's Open the registry project."
        )

    def initAlgorithm(self, config=None) -> None:
        self.add_profile_parameter()
        self.add_dsn_parameter()
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, self.tr("Project file"), fileFilter="QGIS project (*.qgz)")
        )

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.project import write_project

        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        with self.user_errors():
            standard, profile = self.standard_and_profile(parameters, context)
            dsn = self.registry_dsn(parameters, context)
            write_project(out, dsn, standard, profile, ui_lang())
        feedback.pushInfo(message_text("qgis.project.written", path=out))
        return {self.OUTPUT: out}
