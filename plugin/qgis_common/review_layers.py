"""The layers a standards officer reviews a delivery with: its failing features styled by rule, and an
import's dry run styled by change kind. The error layer's fields are core/error_layer.py's; the rules'
titles and every label come from the message catalogue, in the interface language."""

from __future__ import annotations

from collections import Counter

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsEditorWidgetSetup,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.error_layer import CHECK_FIELDS
from ..core.messages import text
from ..core.rules import RULES
from .styles import in_pass, symbol_for

RULE_FIELD = "chk_rule"  # one rule per feature: the renderer's categories
# distinct colours, in the order of the rules found (the report's order), for a legend read at a glance
RULE_PALETTE = (
    "#e41a1c", "#377eb8", "#ff7f00", "#984ea3", "#4daf4a", "#a65628",
    "#f781bf", "#17becf", "#999999", "#dede00", "#1b9e77", "#7570b3",
)  # fmt: skip
CHANGE_KINDS = ("new", "changed", "deleted", "rejected")
CHANGE_COLOURS = {"new": "#2e7d32", "changed": "#1565c0", "deleted": "#616161", "rejected": "#c62828"}
CHANGE_SHAPES = {"deleted": "cross_fill", "rejected": "triangle"}  # told apart without colour too
KIND_FIELD = "change_kind"
DRY_RUN_FIELDS = (KIND_FIELD, "component_id", "changed_fields", "feature", "findings")


def geometry_kind(layer: QgsVectorLayer) -> str:
    return {QgsWkbTypes.PointGeometry: "point", QgsWkbTypes.LineGeometry: "line"}.get(layer.geometryType(), "polygon")


def review_symbol(kind: str, colour: str, shape: str = "circle"):
    """A symbol that stands out on a base map: a larger dot with a white ring, a wide line, a fill."""
    if kind == "point":
        return QgsMarkerSymbol.createSimple(
            {"name": shape, "color": colour, "size": "3.2", "outline_color": "#ffffff", "outline_width": "0.4"}
        )
    return symbol_for(kind, colour, 1.4)


def rule_title(rule: str, lang: str) -> str:
    return text(f"review.rule_title.{rule}", lang) if rule in RULES else rule


def _counted(layer: QgsVectorLayer, field: str) -> Counter:
    index = layer.fields().indexOf(field)
    return Counter(feature[index] for feature in layer.getFeatures()) if index >= 0 else Counter()


def rule_renderer(layer: QgsVectorLayer, lang: str) -> QgsCategorizedSymbolRenderer:
    """A category per rule found in the layer, in the rules' order, labelled with its title and count."""
    counts = _counted(layer, RULE_FIELD)
    order = {rule: index for index, rule in enumerate(RULES)}
    kind = geometry_kind(layer)
    categories = [
        QgsRendererCategory(
            rule,
            review_symbol(kind, RULE_PALETTE[index % len(RULE_PALETTE)]),
            text("review.legend.rule", lang, title=rule_title(rule, lang), rule=rule, count=counts[rule]),
        )
        for index, rule in enumerate(sorted(counts, key=lambda rule: (order.get(rule, len(order)), str(rule))))
    ]
    renderer = QgsCategorizedSymbolRenderer(RULE_FIELD, categories)
    draw_rarest_on_top(renderer, counts)
    return renderer


def draw_rarest_on_top(renderer: QgsCategorizedSymbolRenderer, counts: Counter) -> None:
    """A feature failing several rules is drawn once per rule at one spot: the rarer rule's symbol on top,
    so a rule that few features fail is not hidden under one that all fail."""
    passes = {value: rank for rank, (value, _) in enumerate(sorted(counts.items(), key=lambda item: -item[1]))}
    for index, category in enumerate(renderer.categories()):
        renderer.updateCategorySymbol(index, in_pass(category.symbol().clone(), passes.get(category.value(), 0)))
    renderer.setUsingSymbolLevels(True)


def _aliases(layer: QgsVectorLayer, names, lang: str) -> None:
    for name in names:
        index = layer.fields().indexOf(name)
        if index >= 0:
            layer.setFieldAlias(index, text(f"review.field.{name}", lang))


def _hide_key(layer: QgsVectorLayer) -> None:
    """The GeoPackage's feature id means nothing to a reviewer: not in the form."""
    for index in layer.primaryKeyAttributes():
        layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("Hidden", {}))


def _multiline(layer: QgsVectorLayer, name: str) -> None:
    index = layer.fields().indexOf(name)
    if index >= 0:
        layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False}))


def style_error_layer(layer: QgsVectorLayer, lang: str) -> None:
    """Styled by rule, read-only, the finding in the user's language named in the identify panel and shown
    first in the form."""
    layer.setRenderer(rule_renderer(layer, lang))
    _aliases(layer, (name for name, _ in CHECK_FIELDS), lang)
    _hide_key(layer)
    findings = f"chk_messages_{lang}" if lang in ("zh", "en") else "chk_messages_zh"
    for name in ("chk_messages_zh", "chk_messages_en"):
        _multiline(layer, name)
    layer.setDisplayExpression(f'"{findings}"')
    layer.setMapTipTemplate(f'[% "{findings}" %]')
    layer.setReadOnly(True)
    layer.triggerRepaint()


def kind_renderer(layer: QgsVectorLayer, lang: str) -> QgsCategorizedSymbolRenderer:
    """A category per change kind, always all four, labelled with the kind and its count."""
    counts = _counted(layer, KIND_FIELD)
    kind = geometry_kind(layer)
    categories = [
        QgsRendererCategory(
            change,
            review_symbol(kind, CHANGE_COLOURS[change], CHANGE_SHAPES.get(change, "circle")),
            text("review.legend.change", lang, kind=text(f"review.change.{change}", lang), count=counts[change]),
        )
        for change in CHANGE_KINDS
    ]
    return QgsCategorizedSymbolRenderer(KIND_FIELD, categories)


def style_dry_run_layer(layer: QgsVectorLayer, lang: str) -> None:
    layer.setRenderer(kind_renderer(layer, lang))
    _aliases(layer, DRY_RUN_FIELDS, lang)
    _hide_key(layer)
    kinds = {change: text(f"review.change.{change}", lang) for change in CHANGE_KINDS}
    index = layer.fields().indexOf(KIND_FIELD)
    value_map = [{label: change} for change, label in kinds.items()]
    layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("ValueMap", {"map": value_map}))
    _multiline(layer, "findings")
    layer.setDisplayExpression('concat("component_id", \' · \', represent_value("change_kind"))')
    layer.setReadOnly(True)
    layer.triggerRepaint()
