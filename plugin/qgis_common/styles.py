"""How the registry is drawn in QGIS: the one palette of component status, symbols fit for each geometry kind
(points, lines, polygons) and labels; the registry project and a single registry layer use the same."""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ..core.messages import text
from ..core.standard import Standard

# The one palette of component status: the i-th colour is the i-th code of the standard's status code list
# (intact, damaged, lost, abandoned, removed); a code list grown longer takes the last colour.
STATUS_PALETTE = ("#2e7d32", "#f9a825", "#c62828", "#616161", "#bdbdbd")
# Categories taken from the data (maintainers): colours in turn, in the sorted order of the values.
QUALITATIVE_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
# Road classes in the code list's order, from the widest road down.
ROAD_CLASS_PALETTE = ("#b71c1c", "#ef6c00", "#f9a825", "#78909c")
ROAD_CLASS_WIDTHS = (1.6, 1.2, 0.9, 0.6)
OTHER_COLOUR = "#9e9e9e"  # a value no category names

LABEL_FONT = "WenQuanYi Micro Hei"  # a CJK font Debian's QGIS has; Qt substitutes another where it is missing


def symbol_for(kind: str, colour: str, width: float = 0.8):
    """A symbol of one colour fit for the geometry kind: a dot, a line, a translucent fill with its outline."""
    if kind == "point":
        return QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": colour, "size": "1.8", "outline_color": "#263238", "outline_width": "0.15"}
        )
    if kind == "line":
        return QgsLineSymbol.createSimple({"color": colour, "width": f"{width:g}", "capstyle": "round", "joinstyle": "round"})
    fill = QColor(colour)
    fill.setAlpha(90)
    return QgsFillSymbol.createSimple(
        {"color": fill.name(QColor.HexArgb), "outline_color": colour, "outline_width": "0.5", "style": "solid"}
    )


def status_colour(index: int) -> str:
    return STATUS_PALETTE[min(index, len(STATUS_PALETTE) - 1)]


def in_pass(symbol, rendering_pass: int):
    """The symbol drawn in its pass when the renderer uses symbol levels: a higher pass above, whatever the
    order of the rows, so the few features that matter are not hidden under the many."""
    for layer in symbol.symbolLayers():
        layer.setRenderingPass(rendering_pass)
    return symbol


def status_renderer(standard: Standard, kind: str, lang: str) -> QgsCategorizedSymbolRenderer:
    """By status, in the code list's order and colours; a damaged or lost line or area is drawn above the intact
    ones. Points are drawn in one pass: symbol levels make QGIS hold every feature of the extent before drawing
    (half again to twice the time for a million streetlights, bench/desktop.py), and a point is seldom hidden."""
    codelist = standard.codelists["component_status"]
    categories = [
        QgsRendererCategory(code, in_pass(symbol_for(kind, status_colour(i)), i), codelist.label(code, lang), True)
        for i, code in enumerate(codelist.codes)
    ]
    categories.append(catch_all(kind, lang))
    renderer = QgsCategorizedSymbolRenderer("status", categories)
    renderer.setUsingSymbolLevels(kind != "point")
    return renderer


def road_class_renderer(standard: Standard, kind: str, lang: str) -> QgsCategorizedSymbolRenderer:
    """By road class, in the code list's order; the wider road drawn above the narrower where they meet."""
    codelist = standard.codelists["road_class"]
    last = len(codelist.codes) - 1
    categories = []
    for i, code in enumerate(codelist.codes):
        colour = ROAD_CLASS_PALETTE[min(i, len(ROAD_CLASS_PALETTE) - 1)]
        symbol = in_pass(symbol_for(kind, colour, ROAD_CLASS_WIDTHS[min(i, len(ROAD_CLASS_WIDTHS) - 1)]), last - i)
        categories.append(QgsRendererCategory(code, symbol, codelist.label(code, lang), True))
    categories.append(catch_all(kind, lang))
    renderer = QgsCategorizedSymbolRenderer("road_class", categories)
    renderer.setUsingSymbolLevels(True)
    return renderer


def maintainer_renderer(layer: QgsVectorLayer, kind: str, lang: str) -> QgsCategorizedSymbolRenderer:
    """By maintainer: one category per maintainer the layer holds now (sorted), and one for the rest."""
    field = layer.fields().indexFromName("maintainer_name")
    values = sorted(str(value) for value in layer.uniqueValues(field) if value not in (None, "") and value == value)
    categories = [
        QgsRendererCategory(value, symbol_for(kind, QUALITATIVE_PALETTE[i % len(QUALITATIVE_PALETTE)]), value, True)
        for i, value in enumerate(values)
    ]
    categories.append(catch_all(kind, lang))
    return QgsCategorizedSymbolRenderer("maintainer_name", categories)


def catch_all(kind: str, lang: str) -> QgsRendererCategory:
    """The category of any other value, drawn in grey. Beside the categories of every code it keeps QGIS from
    filtering the rows by them: a renderer whose categories do not cover every value makes QGIS ask for
    "status IN (...)" and test it again on each feature, which doubles the time a million lights take to
    draw (bench/desktop.py). A code list's column holds its codes only, so nothing is drawn differently."""
    return QgsRendererCategory(None, symbol_for(kind, OTHER_COLOUR), text("qgis.project.other", lang), True)


def text_format(size: float, colour: str = "#212121") -> QgsTextFormat:
    form = QgsTextFormat()
    form.setFont(QFont(LABEL_FONT))
    form.setSize(size)
    form.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))
    form.setBuffer(buffer)
    return form


def set_labels(layer: QgsVectorLayer, field: str, kind: str, scale: int, size: float = 8.0, colour: str = "#212121"):
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.setFormat(text_format(size, colour))
    settings.scaleVisibility = True
    settings.minimumScale = scale  # the most zoomed-out scale the labels show at
    settings.maximumScale = 0
    if kind == "point":
        settings.placement = QgsPalLayerSettings.OrderedPositionsAroundPoint
        settings.dist = 1.0
    elif kind == "line":
        settings.placement = QgsPalLayerSettings.Line
    else:
        settings.placement = QgsPalLayerSettings.Horizontal
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
