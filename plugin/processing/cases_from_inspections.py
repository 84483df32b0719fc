"""``asset_registry:cases_from_inspections``: one case per standing finding of the inspections (a light found
unlit, an asset found damaged or lost), as ``assetreg wo from-inspections`` (storage/workorders.cases_from_findings)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterNumber,
)

from ..qgis_common.i18n import message_text
from .base import RegistryAlgorithm


class CasesFromInspections(RegistryAlgorithm):
    NAME = "cases_from_inspections"
    GROUP = "inspections"
    SUBMISSION = "SUBMISSION"
    SINCE = "SINCE"
    DRY_RUN = "DRY_RUN"

    def displayName(self) -> str:
        return self.tr("Create cases from inspection findings")

    def shortHelpString(self) -> str:
        return self.tr(
            "Reports one case per finding of the inspections that still stands and has no open case: a light found "
            "unlit at night, or an asset found in a defect state of the city profile (inspection_findings). Narrow "
            "the inspections to one delivery (submission) or to those since a moment. All cases are reported in one "
            "transaction. A dry run only lists the findings. The same code as `assetreg wo from-inspections`."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SUBMISSION, self.tr("Only the inspections of submission"), QgsProcessingParameterNumber.Integer,
                optional=True, minValue=1,
            )
        )  # fmt: skip
        self.addParameter(QgsProcessingParameterDateTime(self.SINCE, self.tr("Only inspections since"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(self.DRY_RUN, self.tr("Dry run: list, report nothing"), False))
        self.add_profile_parameter()
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("FINDINGS", self.tr("Findings")))
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Cases reported")))
        self.addOutput(QgsProcessingOutputString("CASE_IDS", self.tr("Case ids (comma-separated)")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.connection import connection
        from ..storage.workorders import cases_from_findings

        submission = self.optional_int(parameters, self.SUBMISSION, context)
        with self.user_errors():
            standard, profile = self.standard_and_profile(parameters, context)
            since = self.city_time(parameters, self.SINCE, context, profile.body["timezone"])
            dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)
            with connection(self.registry_dsn(parameters, context)) as conn:
                result = cases_from_findings(conn, standard, profile, submission, since, dry_run)
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
