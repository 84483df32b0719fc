"""Indicators on the map: a thematic layer of one figure by area, and the features behind a figure.

The thematic layer joins the rows of the indicator table (storage/kpi.py, the same rows the panel and
``assetreg kpi`` show) to the polygons of their areas: a memory layer, graduated from red (low) to green.
A drill-down (kpi_lighting_drill, kpi_intactness_drill, kpi_cases_drill) selects what it lists: the
lights off and the assets not intact in the registry's layers of the project, the cases in a layer of
their own.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsPalLayerSettings,
    QgsProject,
    QgsRendererRange,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor, QFont

from ..core import kpi_layout
from ..core.messages import text
from ..core.standard import Standard
from ..storage.kpi import KpiTable
from ..storage.kpi_desk import MAPPED_GROUPINGS, area_shapes, case_points
from .layers import make_layer
from .sources import registry_family

CHINESE_FONT = "WenQuanYi Micro Hei"
LOW, HIGH = QColor("#d7191c"), QColor("#1a9641")  # red where the figure is low, green where it is high
CLASSES = 5


def mappable(table: KpiTable) -> bool:
    return table.group_by in MAPPED_GROUPINGS


def thematic_layer(conn: Any, table: KpiTable, key: str, srid: int, lang: str, label_missed_only: bool = False) -> QgsVectorLayer:
    """The figure ``key`` of every group of the table on its area's polygon (the total has no area); labelled
    with the area's name and figure (only where it misses its target, with ``label_missed_only``: a small map
    of many grids)."""
    rows = {row["group_code"]: row for row in table.rows if not row.get("is_total") and row.get("group_code")}
    name = text(
        "kpi_desk.map.layer_name",
        lang,
        figure=kpi_layout.header(key, lang),
        grouping=text(f"cli.kpi.grouping.{table.group_by}", lang),
        period=table.period,
    )
    layer = QgsVectorLayer(f"MultiPolygon?crs=EPSG:{srid}", name, "memory")
    fields = [
        QgsField("code", QVariant.String),
        QgsField("name", QVariant.String),
        QgsField("value", QVariant.Double),
        QgsField("shown", QVariant.String),
        QgsField("verdict", QVariant.String),
    ]
    layer.dataProvider().addAttributes(fields)
    layer.updateFields()
    features, figures = [], []
    for shape in area_shapes(conn, table.group_by):
        row = rows.get(shape.code)
        value = row.get(key) if row else None
        if value is not None:
            figures.append(float(value))
        feature = QgsFeature(layer.fields())
        geometry = QgsGeometry()
        geometry.fromWkb(shape.wkb)
        feature.setGeometry(geometry)
        shown = kpi_layout.cell(key, value, lang) if row else "-"
        feature.setAttributes([shape.code, shape.name, None if value is None else float(value), shown, _verdict_of(row, lang)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    _graduate(layer, key, lang, figures)
    _label(layer, kpi_layout.verdict(False, lang) if label_missed_only else None)
    return layer


def _verdict_of(row: dict[str, Any] | None, lang: str) -> str:
    if not row:
        return ""
    meets = row.get("meets_target", row.get("meets_targets"))
    return kpi_layout.verdict(meets, lang)


def _graduate(layer: QgsVectorLayer, key: str, lang: str, figures: list[float]) -> None:
    """Equal intervals between the lowest and the highest figure, red to green; each class's bounds in the
    figure's own writing (percent for a rate) for the legend."""
    values = sorted(figures)
    low, high = (values[0], values[-1]) if values else (0.0, 1.0)
    count = CLASSES if high > low else 1
    step = (high - low) / count
    ramp = QgsGradientColorRamp(LOW, HIGH)
    ranges = []
    for number in range(count):
        lower = low + number * step
        upper = high if number == count - 1 else lower + step
        symbol = QgsFillSymbol.createSimple({"outline_color": "90,90,90,255", "outline_width": "0.2"})
        symbol.setColor(ramp.color(number / (count - 1) if count > 1 else 1.0))
        symbol.setOpacity(0.85)
        label = f"{kpi_layout.cell(key, lower, lang)} – {kpi_layout.cell(key, upper, lang)}"
        ranges.append(QgsRendererRange(lower, upper, symbol, label))
    layer.setRenderer(QgsGraduatedSymbolRenderer("value", ranges))


def _label(layer: QgsVectorLayer, only_verdict: str | None) -> None:
    """Each area's name and figure, with the verdict (a word, not only a colour); with ``only_verdict``, only
    the areas of that verdict."""
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    settings.fieldName = "\"name\" || '\\n' || \"shown\" || if(\"verdict\" <> '', ' ' || \"verdict\", '')"
    if only_verdict is not None:
        literal = only_verdict.replace("'", "''")
        settings.fieldName = f"if(\"verdict\" = '{literal}', {settings.fieldName}, NULL)"
    text_format = QgsTextFormat()
    text_format.setFont(QFont(CHINESE_FONT))
    text_format.setSize(8)
    buffer = text_format.buffer()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    text_format.setBuffer(buffer)
    settings.setFormat(text_format)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


# -- drill-down -------------------------------------------------------------------------------------


def registry_layer_of(project: QgsProject, dsn: str, standard: Standard, family: str) -> QgsVectorLayer | None:
    """The project's layer of a family's registry table (the first), else a new one added to the project."""
    for layer in project.mapLayers().values():
        found = registry_family(layer, standard) if isinstance(layer, QgsVectorLayer) else None
        if found is not None and found.name == family:
            return layer
    layer = make_layer(dsn, standard, family)
    if not layer.isValid():
        return None
    project.addMapLayer(layer)
    return layer


def select_components(layer: QgsVectorLayer, component_ids: set[str]) -> list[int]:
    """Select exactly the features of ``layer`` with these identifiers; their feature ids."""
    if not component_ids:
        layer.removeSelection()
        return []
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in sorted(component_ids))
    request = QgsFeatureRequest().setFilterExpression(f'"component_id" IN ({quoted})')
    request.setFlags(QgsFeatureRequest.NoGeometry)
    request.setSubsetOfAttributes([])
    ids = [feature.id() for feature in layer.getFeatures(request)]
    layer.selectByIds(ids)
    return ids


def case_layer(conn: Any, ids: list[int], srid: int, name: str) -> QgsVectorLayer:
    """The cases a drill-down lists, as points (a case without a position is listed, not drawn), all selected."""
    layer = QgsVectorLayer(f"Point?crs=EPSG:{srid}", name, "memory")
    layer.dataProvider().addAttributes(
        [
            QgsField("id", QVariant.LongLong),
            QgsField("case_no", QVariant.String),
            QgsField("matter_code", QVariant.String),
            QgsField("status", QVariant.String),
        ]
    )
    layer.updateFields()
    features = []
    for case in case_points(conn, ids):
        feature = QgsFeature(layer.fields())
        if case.wkb is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(case.wkb)
            feature.setGeometry(geometry)
        feature.setAttributes([case.id, case.case_no, case.matter_code, case.status])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    layer.selectAll()
    return layer


def select_drilled(
    conn: Any, dsn: str, drilled: KpiTable, standard: Standard, project: QgsProject, srid: int, lang: str
) -> dict[str, list[int]]:
    """Select on the map what a drill-down lists; the selected feature ids by layer id."""
    selected: dict[str, list[int]] = {}
    if drilled.indicator == "cases":
        name = text("kpi_desk.map.cases_layer", lang, group=drilled.drill or "-", period=drilled.period)
        layer = case_layer(conn, [int(row["id"]) for row in drilled.rows], srid, name)
        project.addMapLayer(layer)
        selected[layer.id()] = list(layer.selectedFeatureIds())
        return selected
    by_family: dict[str, set[str]] = {}
    for row in drilled.rows:
        by_family.setdefault(row.get("family") or "streetlight", set()).add(row["component_id"])
    if drilled.indicator == "lighting":
        by_family.setdefault("streetlight", set())
    for family, component_ids in sorted(by_family.items()):
        layer = registry_layer_of(project, dsn, standard, family)
        if layer is not None:
            selected[layer.id()] = select_components(layer, component_ids)
    return selected
