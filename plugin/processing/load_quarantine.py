"""``asset_registry:load_quarantine``: a submission's quarantined features on the map, styled by rule; the
submissions panel's "Load quarantine" and ``assetreg quarantine export`` write the same layer."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..core.errors import UserError
from ..core.messages import text
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..qgis_common.review_layers import style_error_layer
from ..qgis_common.review_load import gpkg_layer_uri, load_on_completion
from ..storage import quarantine


class LoadQuarantine(Translated, QgsProcessingAlgorithm):
    SUBMISSION = "SUBMISSION"
    OUTPUT = "OUTPUT"
    DSN = "DSN"

    def name(self) -> str:
        return "load_quarantine"

    def displayName(self) -> str:
        return self.tr("Load a submission's quarantine")

    def group(self) -> str:
        return self.tr("Registry")

    def groupId(self) -> str:
        return "registry"

    def shortHelpString(self) -> str:
        return self.tr(
            "Writes the features a submission could not import, as delivered, with their findings, to a GeoPackage "
            "and adds it to the map styled by rule. The same layer as `assetreg quarantine export`."
        )

    def createInstance(self) -> LoadQuarantine:
        return LoadQuarantine()

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
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber("FEATURES", self.tr("Features")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.settings import registry_dsn

        submission = self.parameterAsInt(parameters, self.SUBMISSION, context)
        dsn = self.parameterAsString(parameters, self.DSN, context) or registry_dsn()
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        out = out or QgsProcessingUtils.generateTempFilename(f"quarantine_{submission}.gpkg")
        try:
            count = quarantine.export(dsn, submission, out, overwrite=True)
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        name = text("review.layer.quarantine", ui_lang(), submission=submission)
        load_on_completion(context, gpkg_layer_uri(out, Path(out).stem), name, style_error_layer)
        return {"FEATURES": count, self.OUTPUT: out}
