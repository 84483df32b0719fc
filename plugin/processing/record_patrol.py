"""``asset_registry:record_patrol``: a night lighting patrol from a streetlight layer — the lights patrolled
(the layer, or its selected features) and those found unlit — saved as one inspection delivery through the
same import as ``assetreg import --class inspection`` (storage/patrols.record_patrol), and, if asked,
cases from its findings (storage/workorders.cases_from_findings). The patrol mode of the map saves the same way.
"""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ..core.patrol import PatrolMarks
from ..qgis_common.i18n import message_text, ui_lang
from .base import RegistryAlgorithm

IDENTIFIER = "component_id"  # the standard's component identifier, every family's


def component_ids(source, name: str) -> list[str]:
    """The component identifiers of a feature source's features (the selected ones, when it is a selection)."""
    index = source.fields().indexFromName(IDENTIFIER)
    if index < 0:
        raise QgsProcessingException(message_text("patrol.not_a_lights_layer", name=name, field=IDENTIFIER))
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([index])
    return [str(feature.attribute(index)) for feature in source.getFeatures(request) if feature.attribute(index)]


class RecordPatrol(RegistryAlgorithm):
    NAME = "record_patrol"
    GROUP = "inspections"
    LIGHTS = "LIGHTS"
    UNLIT = "UNLIT"
    PATROLLED_AT = "PATROLLED_AT"
    INSPECTOR = "INSPECTOR"
    CREATE_CASES = "CREATE_CASES"

    def displayName(self) -> str:
        return self.tr("Record a night lighting patrol")

    def shortHelpString(self) -> str:
        return self.tr(
            "Records a night lighting patrol: every light of 'Lights patrolled' (a streetlight layer of the registry, "
            "or only its selected features) gets one inspection record, lit unless it is among 'Lights found unlit' "
            "(for example the same layer with only the selected features). The records are imported as one delivery, "
            "exactly as `assetreg import --class inspection` imports a patrol file, all or none, and the lighting rate "
            "follows. Optionally reports one case per light found unlit."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.LIGHTS, self.tr("Lights patrolled"), [QgsProcessing.TypeVectorPoint])
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.UNLIT, self.tr("Lights found unlit"), [QgsProcessing.TypeVectorPoint], optional=True
            )
        )
        self.addParameter(QgsProcessingParameterDateTime(self.PATROLLED_AT, self.tr("Patrol date and time (city time)")))
        self.addParameter(QgsProcessingParameterString(self.INSPECTOR, self.tr("Inspector")))
        self.addParameter(
            QgsProcessingParameterBoolean(self.CREATE_CASES, self.tr("Report cases of the lights found unlit"), False)
        )
        self.add_profile_parameter()
        self.add_dsn_parameter("layer")
        self.addOutput(QgsProcessingOutputNumber("SUBMISSION", self.tr("Submission")))
        self.addOutput(QgsProcessingOutputNumber("RECORDS", self.tr("Inspection records")))
        self.addOutput(QgsProcessingOutputNumber("UNLIT_COUNT", self.tr("Lights found unlit")))
        self.addOutput(QgsProcessingOutputNumber("CASES", self.tr("Cases reported")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.sources import layer_of
        from ..storage.connection import connection
        from ..storage.import_summary import describe_import
        from ..storage.patrols import record_patrol
        from ..storage.workorders import cases_from_findings

        layer = layer_of(parameters.get(self.LIGHTS), context)
        marks = PatrolMarks()
        marks.take_in(component_ids(self.parameterAsSource(parameters, self.LIGHTS, context), self._name(layer)))
        unlit = self.parameterAsSource(parameters, self.UNLIT, context)
        if unlit is not None:
            marks.mark_unlit(component_ids(unlit, self._name(layer_of(parameters.get(self.UNLIT), context))))
        with self.user_errors():
            standard, profile = self.standard_and_profile(parameters, context)
            at = self.city_time(parameters, self.PATROLLED_AT, context, profile.body["timezone"])
            dsn = self.registry_dsn(parameters, context, layer)
            inspector = self.parameterAsString(parameters, self.INSPECTOR, context)
            result = record_patrol(dsn, standard, profile, marks, at, inspector)
            feedback.pushInfo(describe_import(result, ui_lang()))
            reported = 0
            if self.parameterAsBool(parameters, self.CREATE_CASES, context):
                with connection(dsn) as conn:
                    reported = len(cases_from_findings(conn, standard, profile, submission=result.submission_id).reported)
                feedback.pushInfo(message_text("patrol.cases_reported", cases=reported))
        return {
            "SUBMISSION": result.submission_id,
            "RECORDS": result.inserted,
            "UNLIT_COUNT": len(marks.unlit),
            "CASES": reported,
        }

    @staticmethod
    def _name(layer) -> str:
        return layer.name() if layer is not None else ""
