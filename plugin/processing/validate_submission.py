"""``asset_registry:validate_submission``: the CLI's ``assetreg validate`` as a Processing algorithm."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)

from ..core.error_layer import error_layer_name, write_error_layer
from ..core.messages import text
from ..core.outputs import write_reports
from ..core.standard import Standard
from ..core.submission import prepare, validate_submission
from ..qgis_common.i18n import ui_lang
from ..qgis_common.review_layers import style_error_layer
from ..qgis_common.review_load import gpkg_layer_uri, load_on_completion, open_report
from .base import RegistryAlgorithm

AUTO = "auto"
DELIVERY_FILTER = "Vector data (*.geojson *.json *.gpkg *.shp *.zip *.csv *.xlsx);;All files (*)"


class ValidateSubmission(RegistryAlgorithm):
    NAME = "validate_submission"
    GROUP = "standard"
    INPUT = "INPUT"
    FAMILY = "CLASS"
    LAYER = "LAYER"
    MAPPING = "MAPPING"
    ENVELOPE = "ENVELOPE"
    REPORT = "REPORT"
    ERROR_LAYER = "ERROR_LAYER"
    OPEN_REPORT = "OPEN_REPORT"

    def displayName(self) -> str:
        return self.tr("Validate a delivery")

    def shortHelpString(self) -> str:
        return self.tr(
            "Checks a delivery (GeoJSON, GeoPackage, Shapefile or its zip, CSV, XLSX) against the base-data "
            "standard and the city profile, with an optional field mapping and delivery envelope; writes the "
            "report as JSON or HTML and the failing features to a GeoPackage. The same checks as "
            "`assetreg validate`.\n\nIn QGIS the failing features are added to the map, styled by rule, and the "
            "HTML report opens in the browser."
        )

    def _classes(self) -> list[tuple[str, str]]:
        """The choices of CLASS: detection, the families, then the deliverable records (indices of families stay put)."""
        lang = ui_lang()
        return [(AUTO, self.tr("Detect"))] + [
            (family.name, family.title(lang)) for family in Standard().delivery_classes.values()
        ]

    def initAlgorithm(self, config=None) -> None:
        classes = self._classes()
        self._family_codes = [code for code, _ in classes]
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, self.tr("Delivery file"), behavior=QgsProcessingParameterFile.File, fileFilter=DELIVERY_FILTER
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FAMILY,
                self.tr("Class (asset family or record)"),
                options=[label for _, label in classes],
                defaultValue=0,
            )
        )
        self.addParameter(QgsProcessingParameterString(self.LAYER, self.tr("Layer (empty: every layer)"), optional=True))
        self.add_profile_parameter(self.tr("City profile (empty: the mapping's or the envelope's, else Zhuhai)"))
        self.addParameter(
            QgsProcessingParameterFile(
                self.MAPPING,
                self.tr("Field mapping"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter="JSON (*.json)",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.ENVELOPE,
                self.tr("Delivery envelope"),
                behavior=QgsProcessingParameterFile.File,
                fileFilter="JSON (*.json)",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT, self.tr("Report"), fileFilter="HTML (*.html);;JSON (*.json)", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.ERROR_LAYER,
                self.tr("Failing features"),
                fileFilter="GeoPackage (*.gpkg)",
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(self.OPEN_REPORT, self.tr("Open the report when done"), defaultValue=True)
        )
        self.addOutput(QgsProcessingOutputBoolean("VALID", self.tr("Valid")))
        self.addOutput(QgsProcessingOutputNumber("FEATURES", self.tr("Features")))
        self.addOutput(QgsProcessingOutputNumber("VALID_FEATURES", self.tr("Valid features")))
        self.addOutput(QgsProcessingOutputNumber("ERRORS", self.tr("Errors")))
        self.addOutput(QgsProcessingOutputNumber("WARNINGS", self.tr("Warnings")))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        family = self._family_codes[self.parameterAsEnum(parameters, self.FAMILY, context)]
        layer = self.parameterAsString(parameters, self.LAYER, context) or None
        # the officer reviews on the map and in the browser: without files named, temporary ones serve
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        report_path = report_path or QgsProcessingUtils.generateTempFilename("report.html")
        error_layer = self.parameterAsFileOutput(parameters, self.ERROR_LAYER, context)
        error_layer = error_layer or QgsProcessingUtils.generateTempFilename("errors.gpkg")
        self._reports_to_open = []

        with self.user_errors():
            submission = prepare(
                path,
                self.profile_name(parameters, context),
                mapping_path=self.parameterAsFile(parameters, self.MAPPING, context) or None,
                envelope_path=self.parameterAsFile(parameters, self.ENVELOPE, context) or None,
            )
            reports = validate_submission(path, submission, None if family == AUTO else family, layer, self.progress_of(feedback))
        for report in reports:
            for line in report.summary_text(ui_lang(), 20).splitlines():
                feedback.pushInfo(line)
        results = {
            "VALID": all(report.is_valid for report in reports),
            "FEATURES": sum(report.feature_count for report in reports),
            "VALID_FEATURES": sum(report.valid_count for report in reports),
            "ERRORS": sum(len(report.errors) for report in reports),
            "WARNINGS": sum(len(report.warnings) for report in reports),
        }
        written = write_reports(reports, report_path)
        results[self.REPORT] = report_path
        if self.parameterAsBool(parameters, self.OPEN_REPORT, context):
            self._reports_to_open = [str(path) for path in written if path.suffix.casefold() in (".html", ".htm")]
        if self._load_error_layers(reports, error_layer, submission.mapping, context):
            results[self.ERROR_LAYER] = error_layer
        return results

    def _load_error_layers(self, reports, path: str, mapping, context) -> bool:
        """Write each layer's failing features and have them added to the map, styled by rule."""
        wrote = False
        for report in reports:
            if write_error_layer(report, path, mapping) == 0:
                continue
            wrote = True
            # the map shows each feature once per rule it fails: a rule's category holds all that fail it
            write_error_layer(report, path, mapping, by_rule=True)
            name = text("review.layer.errors", ui_lang(), name=report.layer or Path(report.source).name)
            load_on_completion(context, gpkg_layer_uri(path, error_layer_name(report, True)), name, style_error_layer)
        return wrote

    def postProcessAlgorithm(self, context, feedback):
        for path in getattr(self, "_reports_to_open", []):  # on the main thread, once the run is done
            open_report(path)
        return {}
