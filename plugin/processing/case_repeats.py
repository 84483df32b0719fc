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
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..qgis_common.i18n import message_text
from .base import RegistryAlgorithm

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


class CaseRepeats(RegistryAlgorithm):
    NAME = "case_repeats"
    GROUP = "cases"
    PERIOD = "PERIOD"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Repeated complaints")

    def shortHelpString(self) -> str:
        return self.tr(
            "The cases reported in a period that repeat an earlier case: about the same asset, or of the same "
            "matter class within the city profile's distance (indicators.cases.repeats: 50 m unless set), reported "
            "within its number of days (30 unless set). A point layer, each case with the earlier case it repeats. "
            "The same list as `assetreg kpi repeats`."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterString(
                self.PERIOD, self.tr("Period (YYYY-MM, or YYYY-MM-DD/YYYY-MM-DD; empty: this month)"), optional=True
            )
        )
        self.add_dsn_parameter()
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Repeated complaints"), QgsProcessing.TypeVectorPoint)
        )
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Repeated complaints")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.case_repeats import repeated_cases
        from ..storage.connection import connection

        period = self.parameterAsString(parameters, self.PERIOD, context).strip() or None
        with self.user_errors(), connection(self.registry_dsn(parameters, context)) as conn:
            found = repeated_cases(conn, period, with_geometry=True)
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
