"""``asset_registry:load_quarantine``: a submission's quarantined features on the map, styled by rule; the
submissions panel's "Load quarantine" and ``assetreg quarantine export`` write the same layer."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
)

from ..core.messages import text
from ..qgis_common.i18n import ui_lang
from ..qgis_common.review_layers import style_error_layer
from ..qgis_common.review_load import gpkg_layer_uri, load_on_completion
from ..storage import quarantine
from .base import RegistryAlgorithm


class LoadQuarantine(RegistryAlgorithm):
    NAME = "load_quarantine"
    GROUP = "registry"
    SUBMISSION = "SUBMISSION"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Load a submission's quarantine")

    def shortHelpString(self) -> str:
        return self.tr(
            "Writes the features a submission could not import, as delivered, with their findings, to a GeoPackage "
            "and adds it to the map styled by rule. The same layer as `assetreg quarantine export`."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterNumber(self.SUBMISSION, self.tr("Submission"), QgsProcessingParameterNumber.Integer, minValue=1)
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("Quarantined features"),
                fileFilter="GeoPackage (*.gpkg)",
                optional=True,
                createByDefault=False,
            )
        )
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("FEATURES", self.tr("Features")))

    def processAlgorithm(self, parameters, context, feedback):
        submission = self.parameterAsInt(parameters, self.SUBMISSION, context)
        dsn = self.registry_dsn(parameters, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        out = out or QgsProcessingUtils.generateTempFilename(f"quarantine_{submission}.gpkg")
        with self.user_errors():
            count = quarantine.export(dsn, submission, out, overwrite=True)
        name = text("review.layer.quarantine", ui_lang(), submission=submission)
        load_on_completion(context, gpkg_layer_uri(out, Path(out).stem), name, style_error_layer)
        return {"FEATURES": count, self.OUTPUT: out}
