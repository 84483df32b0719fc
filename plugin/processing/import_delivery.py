"""``asset_registry:import_delivery``: the CLI's ``assetreg import`` as a Processing algorithm."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ..core.errors import UserError
from ..core.messages import text
from ..core.standard import Standard
from ..core.submission import prepare
from ..qgis_common.i18n import in_ui_lang, ui_lang
from ..qgis_common.review_layers import style_dry_run_layer
from ..qgis_common.review_load import gpkg_layer_uri, load_on_completion
from ..storage.importing import MODES, Area, import_delivery
from .base import RegistryAlgorithm
from .validate_submission import DELIVERY_FILTER

MODE_LABELS = {
    "insert": QT_TRANSLATE_NOOP("ImportDelivery", "Insert (refused if any is registered)"),
    "update": QT_TRANSLATE_NOOP("ImportDelivery", "Update (registered ones only)"),
    "upsert": QT_TRANSLATE_NOOP("ImportDelivery", "Insert and update"),
    "replace-area": QT_TRANSLATE_NOOP("ImportDelivery", "Replace an area (needs an area code)"),
}
COUNTS = {
    "inserted": QT_TRANSLATE_NOOP("ImportDelivery", "Inserted"),
    "updated": QT_TRANSLATE_NOOP("ImportDelivery", "Updated"),
    "unchanged": QT_TRANSLATE_NOOP("ImportDelivery", "Unchanged"),
    "deleted": QT_TRANSLATE_NOOP("ImportDelivery", "Deleted"),
    "rejected": QT_TRANSLATE_NOOP("ImportDelivery", "Rejected"),
}


class ImportDelivery(RegistryAlgorithm):
    NAME = "import_delivery"
    GROUP = "registry"
    INPUT = "INPUT"
    FAMILY = "CLASS"
    LAYER = "LAYER"
    MAPPING = "MAPPING"
    MODE = "MODE"
    AREA = "AREA"
    ACCEPT_VALID = "ACCEPT_VALID"
    DRY_RUN = "DRY_RUN"
    CONFIRM_DELETE = "CONFIRM_DELETE"
    CHANGES = "CHANGES"

    def displayName(self) -> str:
        return self.tr("Import a delivery")

    def shortHelpString(self) -> str:
        return self.tr(
            "Validates, then imports in one transaction: staging, comparison with the registry, promotion; either "
            "everything is imported or the registry stays as it was. Every import leaves a submission record; "
            "rejected features go to quarantine. The same code as `assetreg import`.\n\n"
            "Replacing an area deletes only the area's assets the delivery does not mention at all, and only when "
            "'Confirm deleting' is ticked; otherwise nothing is imported and the assets it would delete are listed. "
            "A dry run shows them first, and adds to the map a layer of what would change: new, changed (with the "
            "fields), deleted and rejected."
        )

    def initAlgorithm(self, config=None) -> None:
        self._families = list(Standard().families.values())
        lang = ui_lang()
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, self.tr("Delivery file"), behavior=QgsProcessingParameterFile.File, fileFilter=DELIVERY_FILTER
            )
        )
        self.addParameter(
            # "Detect" last, so that the index of each family stays what scripts and models have saved
            QgsProcessingParameterEnum(
                self.FAMILY,
                self.tr("Asset family"),
                options=[family.title(lang) for family in self._families] + [self.tr("Detect")],
                defaultValue=len(self._families),
            )
        )
        self.addParameter(QgsProcessingParameterString(self.LAYER, self.tr("Layer"), optional=True))
        self.add_profile_parameter(self.tr("City profile"))
        self.addParameter(
            QgsProcessingParameterFile(self.MAPPING, self.tr("Field mapping"), fileFilter="JSON (*.json)", optional=True)
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.MODE, self.tr("Mode"), options=[self.tr(MODE_LABELS[m]) for m in MODES], defaultValue=0
            )
        )
        self.addParameter(QgsProcessingParameterString(self.AREA, self.tr("Area code (replace an area)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.ACCEPT_VALID, self.tr("Import the valid part"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(self.DRY_RUN, self.tr("Dry run"), defaultValue=False))
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.CONFIRM_DELETE,
                self.tr("Confirm deleting what the delivery omits"),
                defaultValue=False,
            )
        )
        self.add_dsn_parameter()
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.CHANGES,
                self.tr("What the dry run would change"),
                fileFilter="GeoPackage (*.gpkg)",
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("SUBMISSION", self.tr("Submission")))
        for name, label in COUNTS.items():
            self.addOutput(QgsProcessingOutputNumber(name.upper(), self.tr(label)))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        chosen = self.parameterAsEnum(parameters, self.FAMILY, context)
        family = self._families[chosen].name if chosen < len(self._families) else None
        mode = MODES[self.parameterAsEnum(parameters, self.MODE, context)]
        area = self.parameterAsString(parameters, self.AREA, context) or None
        dsn = self.registry_dsn(parameters, context)
        dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)

        try:
            submission = prepare(
                path,
                self.profile_name(parameters, context),
                mapping_path=self.parameterAsFile(parameters, self.MAPPING, context) or None,
            )
            result = import_delivery(
                dsn,
                path,
                submission.standard,
                submission.profile,
                family,
                self.parameterAsString(parameters, self.LAYER, context) or None,
                mode,
                self.parameterAsBool(parameters, self.ACCEPT_VALID, context),
                self.progress_of(feedback),
                submission.mapping,
                dry_run=dry_run,
                area=Area(code=area) if area else None,
                notify=lambda message: feedback.pushInfo(in_ui_lang(message)),
                confirm_delete=self.parameterAsBool(parameters, self.CONFIRM_DELETE, context),
                plan=dry_run,
            )
        except UserError as exc:
            report = getattr(exc, "report", None)
            if report is not None:
                feedback.reportError(report.summary_text(ui_lang(), 20))
            raise QgsProcessingException(in_ui_lang(exc)) from None
        from ..storage.import_summary import describe_import

        feedback.pushInfo(result.report.summary_text(ui_lang(), 10))
        feedback.pushInfo(describe_import(result, ui_lang()))
        counts = result.counts()
        outputs = {"SUBMISSION": result.submission_id, **{name.upper(): counts[name] for name in COUNTS}}
        if dry_run and result.planned:
            outputs[self.CHANGES] = self._load_changes(result, submission, parameters, context)
        return outputs

    def _load_changes(self, result, submission, parameters, context) -> str:
        """The dry run's changes as a layer, added to the map styled by kind."""
        from ..storage.importing.plan import CHANGES_LAYER, write_changes

        path = self.parameterAsFileOutput(parameters, self.CHANGES, context)
        path = path or QgsProcessingUtils.generateTempFilename("changes.gpkg")
        write_changes(result, submission.standard, submission.profile, path, ui_lang())
        family = submission.standard.delivery_class(result.report.family)
        name = text("review.layer.dry_run", ui_lang(), name=result.report.layer or family.title(ui_lang()))
        load_on_completion(context, gpkg_layer_uri(path, CHANGES_LAYER), name, style_dry_run_layer)
        return path
