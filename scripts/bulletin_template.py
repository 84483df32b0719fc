"""Write plugin/resources/bulletin.qpt, the monthly bulletin's print layout (two A4 pages).

The layout is a template a city restyles in QGIS's layout designer; the bulletin (qgis_common/bulletin.py)
finds its items by id and fills them: labels, tables (manual tables), the two maps, their legends and the
chart pictures. Its texts here are placeholders in English: every text is put in at rendering time from
the message catalogue, in the bulletin's language.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bulletin_template.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

OUT = Path(__file__).resolve().parents[1] / "plugin" / "resources" / "bulletin.qpt"
FONT = "WenQuanYi Micro Hei"
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
INNER = PAGE_W - 2 * MARGIN


def _place(layout, item, page: int, x: float, y: float, w: float, h: float) -> None:
    """Size and place an item that is in the layout already, in mm on its page."""
    item.attemptResize(QgsLayoutSize(w, h))
    item.attemptMove(QgsLayoutPoint(x, y), page=page)


def _label(layout, item_id: str, x: float, y: float, w: float, h: float, size: float, bold: bool = False, page: int = 0):
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    label.setText(item_id)
    font = QFont(FONT)
    font.setPointSizeF(size)
    font.setBold(bold)
    label.setFont(font)
    label.setVAlign(Qt.AlignTop)
    layout.addLayoutItem(label)
    _place(layout, label, page, x, y, w, h)
    return label


def _table(layout, item_id: str, page: int, x: float, y: float, w: float, h: float):
    table = QgsLayoutItemManualTable.create(layout)
    layout.addMultiFrame(table)
    table.setIncludeTableHeader(True)
    for setter, bold in ((table.setHeaderTextFormat, True), (table.setContentTextFormat, False)):
        text_format = QgsTextFormat()
        font = QFont(FONT)
        font.setBold(bold)
        text_format.setFont(font)
        text_format.setSize(7.5)
        setter(text_format)
    table.setCellMargin(1.0)
    table.setGridStrokeWidth(0.2)
    table.setGridColor(QColor("#888888"))
    table.setHeaderHAlignment(QgsLayoutItemManualTable.FollowColumn)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(item_id)
    table.addFrame(frame)
    _place(layout, frame, page, x, y, w, h)
    return frame


def _map(layout, item_id: str, page: int, x: float, y: float, w: float, h: float):
    item = QgsLayoutItemMap(layout)
    item.setId(item_id)
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(QgsLayoutMeasurement(0.3, QgsUnitTypes.LayoutMillimeters))
    item.setBackgroundColor(QColor("white"))
    layout.addLayoutItem(item)
    _place(layout, item, page, x, y, w, h)
    item.setExtent(QgsRectangle(0, 0, w, h))  # sized first: an extent given to a map of no size is NaN
    legend = QgsLayoutItemLegend(layout)
    legend.setId(f"{item_id}_legend")
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(False)
    legend.setTitle("")
    legend.setBackgroundEnabled(True)
    legend.setBackgroundColor(QColor(255, 255, 255, 220))
    legend.setFrameEnabled(True)
    for style, size, bold in (
        (QgsLegendStyle.Title, 9, True),
        (QgsLegendStyle.Subgroup, 8, True),
        (QgsLegendStyle.SymbolLabel, 7.5, False),
    ):
        font = QFont(FONT)
        font.setPointSizeF(size)
        font.setBold(bold)
        legend.setStyleFont(style, font)
    legend.setFrameEnabled(False)
    layout.addLayoutItem(legend)
    legend.attemptMove(QgsLayoutPoint(x, y + h + 1.5), page=page)  # below its map, not over it
    return item


def _picture(layout, item_id: str, page: int, x: float, y: float, w: float, h: float):
    picture = QgsLayoutItemPicture(layout)
    picture.setId(item_id)
    picture.setResizeMode(QgsLayoutItemPicture.Zoom)
    layout.addLayoutItem(picture)
    _place(layout, picture, page, x, y, w, h)
    return picture


def build(project: QgsProject) -> QgsPrintLayout:
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one page, landscape: turned before the second is added below it
    layout.setName("bulletin")
    layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Portrait)
    page = QgsLayoutItemPage(layout)
    page.setPageSize("A4", QgsLayoutItemPage.Portrait)
    layout.pageCollection().addPage(page)
    # page 1: the figures, stacked at rendering time in this order, each table's frame fitted to its rows
    _label(layout, "title", MARGIN, MARGIN, INNER, 12, 18, bold=True)
    _label(layout, "source", MARGIN, MARGIN + 13, INNER, 10, 8.5)
    _label(layout, "lighting_heading", MARGIN, 40, INNER, 6, 11, bold=True)
    _table(layout, "lighting_table", 0, MARGIN, 47, INNER, 48)
    _label(layout, "cases_heading", MARGIN, 98, INNER, 6, 11, bold=True)
    _table(layout, "cases_table", 0, MARGIN, 105, INNER, 48)
    _label(layout, "intactness_heading", MARGIN, 156, INNER, 6, 11, bold=True)
    _table(layout, "intactness_table", 0, MARGIN, 163, INNER, 38)
    _label(layout, "ranking_heading", MARGIN, 204, INNER, 6, 11, bold=True)
    _table(layout, "ranking_table", 0, MARGIN, 211, INNER, 44)
    _label(layout, "lists", MARGIN, 257, INNER, 26, 9.5)
    # page 2: maps, trends, problems
    half = (INNER - 6) / 2
    _label(layout, "lighting_map_heading", MARGIN, MARGIN, half, 6, 11, bold=True, page=1)
    _map(layout, "lighting_map", 1, MARGIN, MARGIN + 7, half, 95)
    _label(layout, "cases_map_heading", MARGIN + half + 6, MARGIN, half, 6, 11, bold=True, page=1)
    _map(layout, "cases_map", 1, MARGIN + half + 6, MARGIN + 7, half, 95)
    _label(layout, "trend_heading", MARGIN, 156, INNER, 6, 11, bold=True, page=1)
    _picture(layout, "lighting_trend", 1, MARGIN, 163, half, 62)
    _picture(layout, "cases_trend", 1, MARGIN + half + 6, 163, half, 62)
    _label(layout, "problems_heading", MARGIN, 230, INNER, 6, 11, bold=True, page=1)
    _table(layout, "problems_table", 1, MARGIN, 237, INNER, 50)
    return layout


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject()
    layout = build(project)
    layout.saveAsTemplate(str(OUT), QgsReadWriteContext())
    print(OUT)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
