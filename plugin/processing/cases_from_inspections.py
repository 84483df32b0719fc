"""``asset_registry:cases_from_inspections``: one case per standing finding of the inspections (a light found
unlit, an asset found damaged or lost), as ``assetreg wo from-inspections`` (storage/workorders.cases_from_findings)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..qgis_common.i18n import Translated, in_ui_lang, message_text
from .record_patrol import city_time, profile_of, registry_of


class CasesFromInspections(Translated, QgsProcessingAlgorithm):
    SUBMISSION = "SUBMISSION"
    SINCE = "SINCE"
    DRY_RUN = "DRY_RUN"
    PROFILE = "PROFILE"
    DSN = "DSN"

    def name(self) -> str:
        return "cases_from_inspections"

    def displayName(self) -> str:
        return self.tr("Create cases from inspection findings")

    def group(self) -> str:
        return self.tr("Inspections")

    def groupId(self) -> str:
        return "inspections"

    def shortHelpString(self) -> str:
        return self.tr(
            "Reports one case per finding of the inspections that still stands and has no open case: a light found "
            "unlit at night, or an asset found in a defect state of the city profile (inspection_findings). Narrow "
            "the inspections to one delivery (submission) or to those since a moment. All cases are reported in one "
            "transaction. A dry run only lists the findings. The same code as `assetreg wo from-inspections`."
        )

    def createInstance(self) -> CasesFromInspections:
        return CasesFromInspections()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SUBMISSION, self.tr("Only the inspections of submission"), QgsProcessingParameterNumber.Integer,
                optional=True, minValue=1,
            )
        )  # fmt: skip
        self.addParameter(QgsProcessingParameterDateTime(self.SINCE, self.tr("Only inspections since"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.DRY_RUN, self.tr("Dry run: list, report nothing"), False))
        self.addParameter(QgsProcessingParameterString(self.PROFILE, self.tr("City profile (empty: zhuhai)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber("FINDINGS", self.tr("Findings")))
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Cases reported")))
        self.addOutput(QgsProcessingOutputString("CASE_IDS", self.tr("Case ids (comma-separated)")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.connection import connection
        from ..storage.workorders import cases_from_findings

        submission = parameters.get(self.SUBMISSION)
        submission = self.parameterAsInt(parameters, self.SUBMISSION, context) if submission not in (None, "") else None
        try:
            standard, profile = profile_of(self, parameters, context)
            since_value = self.parameterAsDateTime(parameters, self.SINCE, context)
            since = city_time(since_value, profile.body["timezone"]) if since_value.isValid() else None
            dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)
            with connection(registry_of(self, parameters, context)) as conn:
                result = cases_from_findings(conn, standard, profile, submission, since, dry_run)
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        for finding in result.findings:
            feedback.pushInfo(
                message_text("patrol.finding", component_id=finding["component_id"], inspection_id=finding["inspection_id"])
            )
        feedback.pushInfo(message_text("patrol.cases_reported", cases=len(result.reported)))
        return {
            "FINDINGS": len(result.findings),
            "COUNT": len(result.reported),
            "CASE_IDS": ",".join(str(case.id) for case in result.reported),
        }
