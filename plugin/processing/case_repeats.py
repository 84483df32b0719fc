"""``asset_registry:case_repeats``: the repeated complaints (重复投诉) of a period as a point layer, each case
with the earlier case it repeats, as ``assetreg kpi repeats`` lists them (storage/case_repeats.py)."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.errors import UserError
from ..qgis_common.i18n import Translated, in_ui_lang, message_text

# the layer's fields: (column of storage.case_repeats, type)
FIELDS = (
    ("case_no", QVariant.String),
    ("reported_at", QVariant.String),
    ("matter_code", QVariant.String),
    ("status", QVariant.String),
    ("located_grid", QVariant.String),
    ("handling_unit", QVariant.String),
    ("earlier_case_no", QVariant.String),
    ("earlier_reported_at", QVariant.String),
    ("same_asset", QVariant.Bool),
    ("distance_m", QVariant.Double),
    ("days_after", QVariant.Double),
    ("earlier_cases", QVariant.LongLong),
)


def _value(row: dict, key: str, zone: str):
    from ..core.citytime import city_time

    value = row.get(key)
    if key.endswith("_at") and value is not None:
        return city_time(value, zone)
    return value


class CaseRepeats(Translated, QgsProcessingAlgorithm):
    PERIOD = "PERIOD"
    DSN = "DSN"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "case_repeats"

    def displayName(self) -> str:
        return self.tr("Repeated complaints")

    def group(self) -> str:
        return self.tr("Cases")

    def groupId(self) -> str:
        return "cases"

    def shortHelpString(self) -> str:
        return self.tr(
            "The cases reported in a period that repeat an earlier case: about the same asset, or of the same "
            "matter class within the city profile's distance (indicators.cases.repeats: 50 m unless set), reported "
            "within its number of days (30 unless set). A point layer, each case with the earlier case it repeats. "
            "The same list as `assetreg kpi repeats`."
        )

    def createInstance(self) -> CaseRepeats:
        return CaseRepeats()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterString(
                self.PERIOD, self.tr("Period (YYYY-MM, or YYYY-MM-DD/YYYY-MM-DD; empty: this month)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Repeated complaints"), QgsProcessing.TypeVectorPoint)
        )
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Repeated complaints")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.settings import registry_dsn
        from ..storage.case_repeats import repeated_cases
        from ..storage.connection import connection

        period = self.parameterAsString(parameters, self.PERIOD, context).strip() or None
        try:
            with connection(self.parameterAsString(parameters, self.DSN, context) or registry_dsn()) as conn:
                found = repeated_cases(conn, period, with_geometry=True)
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        fields = QgsFields()
        for name, kind in FIELDS:
            fields.append(QgsField(name, kind))
        crs = QgsCoordinateReferenceSystem(found.crs)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, crs)
        for row in found.rows:
            feature = QgsFeature(fields)
            feature.setAttributes([_value(row, name, found.zone) for name, _ in FIELDS])
            if row.get("geom_wkb"):
                geometry = QgsGeometry()
                geometry.fromWkb(bytes.fromhex(row["geom_wkb"]))
                feature.setGeometry(geometry)
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        feedback.pushInfo(
            message_text(
                "steps.repeats.title",
                period=found.period,
                count=len(found.rows),
                metres=f"{found.distance_m:g}",
                days=f"{found.days:g}",
            )
        )
        return {self.OUTPUT: dest, "COUNT": len(found.rows)}
