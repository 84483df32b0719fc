"""Adding registry layers to QGIS with what the standard says: aliases, code lists, style."""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsConditionalStyle,
    QgsEditorWidgetSetup,
    QgsField,
    QgsFieldConstraints,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from ..core.standard import Family, Standard
from ..qgis_common.sources import registry_uri

# presentation only: the colour of each component status on the map
STATUS_COLOURS = {
    "intact": "#2e7d32",
    "damaged": "#f9a825",
    "lost": "#c62828",
    "abandoned": "#757575",
    "removed": "#bdbdbd",
}

# The typed unit grid code is not the grid the geometry lies in: the test of the view
# assetreg_app.grid_mismatch (db/app/30_identifier_rules.sql), as a QGIS expression.
GRID_MISMATCH = "grid_mismatch"
GRID_MISMATCH_TEST = '"located_grid" IS NOT NULL AND coalesce("grid_code", \'\') <> "located_grid"'
GRID_MISMATCH_ALIAS = "网格不符 Grid mismatch"
GRID_MISMATCH_TEXT = "填报的单元网格与几何所在的网格不符 / The unit grid typed is not the grid the asset lies in"


def make_layer(dsn: str, standard: Standard, family_name: str = "streetlight") -> QgsVectorLayer:
    """A layer on the registry table with Chinese aliases, value maps and a status style."""
    family = standard.family(family_name)
    layer = QgsVectorLayer(registry_uri(dsn, family).uri(False), f"{family.title_zh} {family.title_en}", "postgres")
    if layer.isValid():
        apply_standard(layer, standard, family)
    return layer


def apply_standard(layer: QgsVectorLayer, standard: Standard, family: Family) -> None:
    fields = layer.fields()
    for spec in family.fields:
        index = fields.indexFromName(spec.name)
        if index < 0:
            continue
        layer.setFieldAlias(index, spec.title_zh)
        if spec.codelist:
            codelist = standard.codelists[spec.codelist]
            value_map = [{f"{codelist.label(code, 'zh')} {code}": code} for code in codelist.codes]
            layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("ValueMap", {"map": value_map}))
    _registry_columns_read_only(layer, {spec.name for spec in family.fields})
    _mark_grid_mismatch(layer)
    if fields.indexFromName("status") >= 0:
        layer.setRenderer(status_renderer(standard))


def _registry_columns_read_only(layer: QgsVectorLayer, standard_fields: set[str]) -> None:
    """Key, time stamps and location are the registry's own: shown with their column comment, never typed."""
    form = layer.editFormConfig()
    for index, field in enumerate(layer.fields()):
        if field.name() in standard_fields:
            continue
        comment = field.comment()
        if comment:
            layer.setFieldAlias(index, comment.split(" / ")[0])
        form.setReadOnly(index, True)
    layer.setEditFormConfig(form)


def _mark_grid_mismatch(layer: QgsVectorLayer) -> None:
    """Show where the typed grid code disagrees with the located grid: a virtual field, a warning on the
    grid code in the form (soft: the database records it, saving is not refused) and the row in red in
    the attribute table. The located grid is the server's: a moved asset shows its new one once saved."""
    fields = layer.fields()
    if fields.indexFromName("grid_code") < 0 or fields.indexFromName("located_grid") < 0:
        return
    layer.addExpressionField(GRID_MISMATCH_TEST, QgsField(GRID_MISMATCH, QVariant.Bool))
    layer.setFieldAlias(layer.fields().indexFromName(GRID_MISMATCH), GRID_MISMATCH_ALIAS)
    grid = layer.fields().indexFromName("grid_code")
    layer.setConstraintExpression(grid, f"NOT ({GRID_MISMATCH_TEST})", GRID_MISMATCH_TEXT)
    layer.setFieldConstraint(grid, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthSoft)
    marked = QgsConditionalStyle(GRID_MISMATCH_TEST)
    marked.setName(GRID_MISMATCH_ALIAS)
    marked.setBackgroundColor(QColor("#ffcdd2"))
    layer.conditionalStyles().setRowStyles([marked])


def status_renderer(standard: Standard) -> QgsCategorizedSymbolRenderer:
    codelist = standard.codelists["component_status"]
    categories = []
    for code in codelist.codes:
        symbol = QgsMarkerSymbol.createSimple(
            {
                "name": "circle",
                "color": STATUS_COLOURS.get(code, "#1565c0"),
                "size": "2.2",
                "outline_color": "#263238",
                "outline_width": "0.2",
            }
        )
        categories.append(QgsRendererCategory(code, symbol, f"{codelist.label(code, 'zh')} {codelist.label(code, 'en')}"))
    return QgsCategorizedSymbolRenderer("status", categories)
