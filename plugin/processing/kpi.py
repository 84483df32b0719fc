"""The indicators as Processing algorithms, so a city can schedule them: the indicator table as a table
(``asset_registry:indicator_table``), the thematic layer of a figure by area (``asset_registry:indicator_map``)
and the monthly bulletin (``asset_registry:monthly_report``). Thin faces of storage/kpi.py and of
qgis_common/kpi_map.py and bulletin.py, as the panel and ``assetreg kpi`` / ``assetreg report`` are."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..core import kpi_layout
from ..core.messages import text
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..qgis_common.i18n import message_text, ui_lang
from ..storage.kpi import ASSET_GROUPINGS, INDICATORS
from ..storage.kpi_desk import MAPPED_GROUPINGS
from .base import RegistryAlgorithm

INDICATOR_NAMES = tuple(INDICATORS)
MAPPED_INDICATORS = tuple(kpi_layout.HEADLINE)


def _field_type(values: list[Any]) -> QVariant.Type:
    present = [value for value in values if value is not None]
    if present and all(isinstance(value, bool) for value in present):
        return QVariant.Bool
    if present and all(isinstance(value, int) and not isinstance(value, bool) for value in present):
        return QVariant.LongLong
    if present and all(isinstance(value, int | float) and not isinstance(value, bool) for value in present):
        return QVariant.Double
    return QVariant.String


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


class _KpiAlgorithm(RegistryAlgorithm):
    GROUP = "indicators"
    PERIOD = "PERIOD"

    def _period_and_dsn(self) -> None:
        # translated in this class's context, whichever indicator algorithm shows it
        month = QCoreApplication.translate("KpiAlgorithm", "Month (YYYY-MM; empty: this month)")
        self.addParameter(QgsProcessingParameterString(self.PERIOD, month, optional=True))
        self.add_dsn_parameter()

    def _period(self, parameters, context) -> str | None:
        return self.parameterAsString(parameters, self.PERIOD, context).strip() or None


class IndicatorTable(_KpiAlgorithm):
    NAME = "indicator_table"
    INDICATOR = "INDICATOR"
    GROUP_BY = "GROUP_BY"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Indicator table")

    def shortHelpString(self) -> str:
        return self.tr(
            "One indicator of a month by a grouping, against its targets: every column `assetreg kpi` gives, "
            "as a table without geometry. A month that has a snapshot is read from it."
        )

    def initAlgorithm(self, config=None) -> None:
        lang = ui_lang()
        self.addParameter(
            QgsProcessingParameterEnum(self.INDICATOR, self.tr("Indicator"), [kpi_layout.title(n, lang) for n in INDICATOR_NAMES])
        )
        groupings = [text(f"cli.kpi.grouping.{code}", lang) for code in ASSET_GROUPINGS]
        self.addParameter(
            QgsProcessingParameterEnum(
                self.GROUP_BY, self.tr("Grouping"), groupings, defaultValue=ASSET_GROUPINGS.index("district")
            )
        )
        self._period_and_dsn()
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Indicator table"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.connection import connection
        from ..storage.kpi import indicator_table

        indicator = INDICATOR_NAMES[self.parameterAsEnum(parameters, self.INDICATOR, context)]
        group_by = ASSET_GROUPINGS[self.parameterAsEnum(parameters, self.GROUP_BY, context)]
        groupings, _ = INDICATORS[indicator]
        if len(groupings) == 1:  # the persons: one row per login, whatever area grouping is chosen
            group_by = groupings[0]
        with self.user_errors(), connection(self.registry_dsn(parameters, context)) as conn:
            table = indicator_table(conn, indicator, group_by, self._period(parameters, context))
        keys = list(table.rows[0]) if table.rows else ["group_code"]
        fields = QgsFields()
        fields.append(QgsField("period", QVariant.String))
        for key in keys:
            fields.append(QgsField(key, _field_type([row.get(key) for row in table.rows])))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        for row in table.rows:
            feature = QgsFeature(fields)
            feature.setAttributes([table.period, *(_plain(row.get(key)) for key in keys)])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        return {self.OUTPUT: dest}


# QGIS does not own a Python post-processor: it is kept alive here
_KEPT_POSTPROCESSORS: list[QgsProcessingLayerPostProcessorInterface] = []


class _Restyle(QgsProcessingLayerPostProcessorInterface):
    """Gives the output layer the thematic layer's graduated renderer and labels once QGIS loads it."""

    def __init__(self, styled):
        super().__init__()
        self.renderer = styled.renderer().clone()
        self.labeling = styled.labeling().clone() if styled.labeling() else None

    def postProcessLayer(self, layer, context, feedback):
        layer.setRenderer(self.renderer.clone())
        if self.labeling is not None:
            layer.setLabeling(self.labeling.clone())
            layer.setLabelsEnabled(True)
        layer.triggerRepaint()


class IndicatorMap(_KpiAlgorithm):
    NAME = "indicator_map"
    INDICATOR = "INDICATOR"
    GROUP_BY = "GROUP_BY"
    FIGURE = "FIGURE"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Indicator map by area")

    def shortHelpString(self) -> str:
        return self.tr(
            "A figure of an indicator (by default its main rate) of a month on the polygons of the districts, "
            "streets, communities or unit grids, graduated from red (low) to green (high), labelled with the "
            "figure and the word when the area misses its target. The same figures as the indicator table."
        )

    def initAlgorithm(self, config=None) -> None:
        lang = ui_lang()
        self.addParameter(
            QgsProcessingParameterEnum(
                self.INDICATOR, self.tr("Indicator"), [kpi_layout.title(n, lang) for n in MAPPED_INDICATORS]
            )
        )
        groupings = [text(f"cli.kpi.grouping.{code}", lang) for code in MAPPED_GROUPINGS]
        self.addParameter(QgsProcessingParameterEnum(self.GROUP_BY, self.tr("Areas"), groupings, defaultValue=0))
        self.addParameter(
            QgsProcessingParameterString(self.FIGURE, self.tr("Figure (a column; empty: the main rate)"), optional=True)
        )
        self._period_and_dsn()
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Indicator map"), QgsProcessing.TypeVectorPolygon)
        )

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.kpi_map import thematic_layer
        from ..storage.connection import connection
        from ..storage.kpi import indicator_table

        indicator = MAPPED_INDICATORS[self.parameterAsEnum(parameters, self.INDICATOR, context)]
        group_by = MAPPED_GROUPINGS[self.parameterAsEnum(parameters, self.GROUP_BY, context)]
        figure = self.parameterAsString(parameters, self.FIGURE, context).strip() or kpi_layout.HEADLINE[indicator]
        profile = load_profile(DEFAULT_PROFILE)
        with self.user_errors(), connection(self.registry_dsn(parameters, context)) as conn:
            table = indicator_table(conn, indicator, group_by, self._period(parameters, context))
            layer = thematic_layer(conn, table, figure, profile.registry_srid, ui_lang())
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, layer.fields(), layer.wkbType(), layer.crs())
        for feature in layer.getFeatures():
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        if context.willLoadLayerOnCompletion(dest):
            restyle = _Restyle(layer)
            _KEPT_POSTPROCESSORS.append(restyle)
            details = context.layerToLoadOnCompletionDetails(dest)
            details.name = layer.name()
            details.setPostProcessor(restyle)
        return {self.OUTPUT: dest}


class MonthlyReport(_KpiAlgorithm):
    NAME = "monthly_report"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:
        return self.tr("Monthly bulletin")

    def shortHelpString(self) -> str:
        return self.tr(
            "The month's bulletin as PDF or HTML, from the print layout template bulletin.qpt: the indicators by "
            "district against their targets, the ranking with its red and black lists, trend charts, maps of the "
            "lighting rate by unit grid and of open and overdue cases, the most repeated problems and the snapshot "
            "the figures come from. The same bulletin as `assetreg report monthly`."
        )

    def initAlgorithm(self, config=None) -> None:
        self._period_and_dsn()
        self.addParameter(
            QgsProcessingParameterFileDestination(self.OUTPUT, self.tr("Bulletin"), fileFilter="PDF (*.pdf);;HTML (*.html)")
        )

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.bulletin import write_bulletin

        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        period = self._period(parameters, context)
        with self.user_errors():
            profile = load_profile(DEFAULT_PROFILE)
            dsn = self.registry_dsn(parameters, context)
            write_bulletin(dsn, period or _this_month(dsn), out, Standard(profile.standard_version), profile, ui_lang())
        feedback.pushInfo(message_text("kpi_desk.bulletin.written", path=out))
        return {self.OUTPUT: out}


def _this_month(dsn: str) -> str:
    from ..storage.connection import connection
    from ..storage.kpi import indicator_table

    with connection(dsn) as conn:  # the period the indicators default to (this month, in the city's time zone)
        return indicator_table(conn, "cases", "city").period
