"""The cases on the map: a layer of the open cases (at their first asset, or where they were reported: the
location assetreg_app.case_report gives each case), coloured by stage in the order of the standard's
status code list, an overdue case drawn larger with a red ring above the others (the query returns them
last: QGIS draws a layer's features in the order they come, which costs nothing, where symbol levels made it
hold and draw 50,000 cases twice). The cases panel adds it
and refreshes it whenever it changes a case."""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsDataSourceUri,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.case_panel import FINISHED_STAGES
from ..core.messages import text
from ..core.standard import Standard
from .styles import in_pass

LAYER_PROPERTY = "asset_registry/cases_layer"  # marks the layer, so the panel finds its own again
OVERDUE_RING = "#c62828"
# The open stages in the code list's order: cool and dark colours, none of the asset status palette's green,
# amber or red (qgis_common/styles.py), so a case never reads as an asset's condition; red is for overdue.
STAGE_PALETTE = ("#1565c0", "#00838f", "#283593", "#6a1b9a", "#ad1457", "#4e342e", "#212121", "#78909c")
# What the layer holds: few columns, the open cases only (read from the open cases' covering index alone,
# work_order_open_map_idx of revision 0018); the view computes overdue from the deadlines and now (NULL before
# any deadline: false). The key as a 4-byte integer: QGIS takes it as the feature id as it is, where for a
# bigint it keeps a map entry per feature (a third of the draw on 50,000 cases; 2^31 cases are not in sight).
# Overdue cases last, so drawn above the others.
# The style key, stage and overdue in one column, lets a categorized renderer draw it: a lookup per case,
# where rules would evaluate an expression per case and rule (16 of them), too slow for 50,000 cases.
OVERDUE_SUFFIX = ":overdue"
CASES_QUERY = (
    "(SELECT o.id::integer AS id, o.case_no, o.status, o.matter_class, coalesce(o.overdue, false) AS overdue,"
    " o.status || CASE WHEN o.overdue THEN '" + OVERDUE_SUFFIX + "' ELSE '' END AS style, o.geom"
    " FROM assetreg_app.case_overview o WHERE o.status IN ({stages}) AND o.geom IS NOT NULL"
    " ORDER BY coalesce(o.overdue, false))"
)


def cases_uri(dsn: str, standard: Standard, srid: int) -> QgsDataSourceUri:
    stages = ", ".join(f"'{stage}'" for stage in open_stages(standard))  # codes of the standard's code list
    uri = QgsDataSourceUri(dsn)
    uri.setDataSource("", CASES_QUERY.format(stages=stages), "geom", "", "id")
    uri.setWkbType(QgsWkbTypes.Point)
    uri.setSrid(str(srid))
    return uri


def make_cases_layer(dsn: str, standard: Standard, srid: int, lang: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(cases_uri(dsn, standard, srid).uri(False), text("qgis.cases_panel.layer_name", lang), "postgres")
    if layer.isValid():
        layer.setRenderer(stage_renderer(standard, lang))
        layer.setCustomProperty(LAYER_PROPERTY, True)
    return layer


def open_stages(standard: Standard) -> list[str]:
    return [code for code in standard.codelists["work_order_status"].codes if code not in FINISHED_STAGES]


def stage_colour(index: int) -> str:
    return STAGE_PALETTE[index % len(STAGE_PALETTE)]


def case_symbol(colour: str, overdue: bool) -> QgsMarkerSymbol:
    """A diamond, unlike the registry's round asset dots it sits on; an overdue case larger, ringed in red."""
    return QgsMarkerSymbol.createSimple(
        {
            "name": "diamond",
            "color": colour,
            "size": "4.2" if overdue else "3.2",
            "outline_color": OVERDUE_RING if overdue else "#ffffff",
            "outline_width": "0.8" if overdue else "0.4",
        }
    )


def stage_renderer(standard: Standard, lang: str) -> QgsCategorizedSymbolRenderer:
    """A category per open stage, and one per overdue stage (drawn above the others: the query returns them last)."""
    statuses = standard.codelists["work_order_status"]
    on_time, late = [], []
    for index, stage in enumerate(open_stages(standard)):
        label, colour = statuses.label(stage, lang), stage_colour(index)
        on_time.append(QgsRendererCategory(stage, in_pass(case_symbol(colour, False), 0), label, True))
        overdue_label = text("qgis.cases_panel.layer_overdue", lang, stage=label)
        late.append(QgsRendererCategory(stage + OVERDUE_SUFFIX, in_pass(case_symbol(colour, True), 1), overdue_label, True))
    return QgsCategorizedSymbolRenderer("style", on_time + late)


def refresh(layer: QgsVectorLayer) -> None:
    """Read the cases anew (a stage changed, a case became overdue) and redraw."""
    layer.dataProvider().reloadData()
    layer.triggerRepaint()
