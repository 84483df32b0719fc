"""The cases on the map: a layer of the open cases (at their first asset, or where they were reported: the
location assetreg_app.case_report gives each case), coloured by stage in the order of the standard's
status code list, an overdue case drawn larger with a red ring above the others. The cases panel adds it
and refreshes it whenever it changes a case."""

from __future__ import annotations

from qgis.core import QgsDataSourceUri, QgsRuleBasedRenderer, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtGui import QColor

from ..core.case_panel import FINISHED_STAGES
from ..core.messages import text
from ..core.standard import Standard
from .styles import QUALITATIVE_PALETTE, in_pass, symbol_for

LAYER_PROPERTY = "asset_registry/cases_layer"  # marks the layer, so the panel finds its own again
OVERDUE_RING = "#c62828"
# What the layer holds: few columns, the open cases only (the view computes overdue from the deadlines and now).
CASES_QUERY = (
    "(SELECT o.id, o.case_no, o.status, o.matter_class, o.overdue, o.handling_overdue, o.closing_overdue, o.geom"
    " FROM assetreg_app.case_overview o WHERE o.status NOT IN ({finished}) AND o.geom IS NOT NULL)"
)


def cases_uri(dsn: str, srid: int) -> QgsDataSourceUri:
    finished = ", ".join(f"'{stage}'" for stage in FINISHED_STAGES)
    uri = QgsDataSourceUri(dsn)
    uri.setDataSource("", CASES_QUERY.format(finished=finished), "geom", "", "id")
    uri.setWkbType(QgsWkbTypes.Point)
    uri.setSrid(str(srid))
    return uri


def make_cases_layer(dsn: str, standard: Standard, srid: int, lang: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(cases_uri(dsn, srid).uri(False), text("qgis.cases_panel.layer_name", lang), "postgres")
    if layer.isValid():
        layer.setRenderer(stage_renderer(standard, lang))
        layer.setCustomProperty(LAYER_PROPERTY, True)
    return layer


def open_stages(standard: Standard) -> list[str]:
    return [code for code in standard.codelists["work_order_status"].codes if code not in FINISHED_STAGES]


def stage_colour(index: int) -> str:
    return QUALITATIVE_PALETTE[index % len(QUALITATIVE_PALETTE)]


def stage_renderer(standard: Standard, lang: str) -> QgsRuleBasedRenderer:
    """One rule per open stage, and one per overdue stage drawn above: a bigger dot ringed in red."""
    statuses = standard.codelists["work_order_status"]
    root = QgsRuleBasedRenderer.Rule(None)
    stages = open_stages(standard)
    for index, stage in enumerate(stages):
        label = statuses.label(stage, lang)
        plain = symbol_for("point", stage_colour(index))
        plain.setSize(2.4)
        root.appendChild(QgsRuleBasedRenderer.Rule(in_pass(plain, 0), 0, 0, f'"status" = \'{stage}\' AND NOT "overdue"', label))
        late = symbol_for("point", stage_colour(index))
        late.setSize(3.6)
        late.symbolLayer(0).setStrokeColor(QColor(OVERDUE_RING))
        late.symbolLayer(0).setStrokeWidth(0.7)
        overdue_label = text("qgis.cases_panel.layer_overdue", lang, stage=label)
        root.appendChild(
            QgsRuleBasedRenderer.Rule(in_pass(late, 1), 0, 0, f'"status" = \'{stage}\' AND "overdue"', overdue_label)
        )
    renderer = QgsRuleBasedRenderer(root)
    renderer.setUsingSymbolLevels(True)
    return renderer


def refresh(layer: QgsVectorLayer) -> None:
    """Read the cases anew (a stage changed, a case became overdue) and redraw."""
    layer.dataProvider().reloadData()
    layer.triggerRepaint()
