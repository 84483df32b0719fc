"""Adding registry layers to QGIS with what the standard says: aliases, code lists, style."""

from __future__ import annotations

from qgis.core import (
    QgsConditionalStyle,
    QgsField,
    QgsFieldConstraints,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from ..core.messages import LANGS, text
from ..core.standard import Family, Standard
from .forms import apply_form
from .i18n import ui_lang
from .sources import layer_plans_of, registry_uri
from .styles import status_renderer

# The typed unit grid code is not the grid the geometry lies in: the test of the view
# assetreg_app.grid_mismatch (db/app/30_identifier_rules.sql), as a QGIS expression.
GRID_MISMATCH = "grid_mismatch"
GRID_MISMATCH_TEST = '"located_grid" IS NOT NULL AND coalesce("grid_code", \'\') <> "located_grid"'


def make_layer(dsn: str, standard: Standard, family_name: str = "streetlight") -> QgsVectorLayer:
    """A layer on the registry table (its first geometry kind) with aliases, value maps and a status style in
    the interface language."""
    family = standard.family(family_name)
    plan = layer_plans_of(family)[0]
    layer = QgsVectorLayer(registry_uri(dsn, family, plan.wkb_type).uri(False), family.title(ui_lang()), "postgres")
    if layer.isValid():
        apply_standard(layer, standard, family)
        if layer.fields().indexFromName("status") >= 0:
            layer.setRenderer(status_renderer(standard, plan.kind, ui_lang()))
    return layer


def apply_standard(layer: QgsVectorLayer, standard: Standard, family: Family, lang: str | None = None) -> None:
    """Aliases, widgets, constraints and the tabbed form (qgis_common/forms.py) in ``lang`` (default: the interface
    language), the registry's own columns read only."""
    fields, lang = layer.fields(), lang or ui_lang()
    for spec in family.fields:
        index = fields.indexFromName(spec.name)
        if index < 0:
            continue
        layer.setFieldAlias(index, spec.title(lang))
    _registry_columns_read_only(layer, {spec.name for spec in family.fields}, lang)
    _mark_grid_mismatch(layer, lang)
    apply_form(layer, standard, family, lang, extra_location=(GRID_MISMATCH,))


def _registry_columns_read_only(layer: QgsVectorLayer, standard_fields: set[str], lang: str) -> None:
    """Key, time stamps and location are the registry's own: shown with their column comment (which holds
    both languages, "中文 / English"), never typed."""
    form = layer.editFormConfig()
    for index, field in enumerate(layer.fields()):
        if field.name() in standard_fields:
            continue
        comment = field.comment()
        if comment:
            layer.setFieldAlias(index, column_comment(comment, lang))
        form.setReadOnly(index, True)
    layer.setEditFormConfig(form)


def _mark_grid_mismatch(layer: QgsVectorLayer, lang: str) -> None:
    """Show where the typed grid code disagrees with the located grid: a virtual field, a warning on it in
    the form (soft: the database records it, saving is not refused) and the row in red in
    the attribute table. The located grid is the server's: a moved asset shows its new one once saved."""
    fields = layer.fields()
    if fields.indexFromName("grid_code") < 0 or fields.indexFromName("located_grid") < 0:
        return
    alias = text("qgis.layer.grid_mismatch", lang)
    layer.addExpressionField(GRID_MISMATCH_TEST, QgsField(GRID_MISMATCH, QVariant.Bool))
    layer.setFieldAlias(layer.fields().indexFromName(GRID_MISMATCH), alias)
    # on the mark, not the grid code: the grid code's own expression is the standard's (required, pattern)
    mark = layer.fields().indexFromName(GRID_MISMATCH)
    layer.setConstraintExpression(
        mark,
        f"NOT ({GRID_MISMATCH_TEST})",
        text("qgis.layer.grid_mismatch_explained", lang),
    )
    layer.setFieldConstraint(mark, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthSoft)
    marked = QgsConditionalStyle(GRID_MISMATCH_TEST)
    marked.setName(alias)
    marked.setBackgroundColor(QColor("#ffcdd2"))
    layer.conditionalStyles().setRowStyles([marked])


def column_comment(comment: str, lang: str) -> str:
    """One language of a registry column's bilingual comment ("中文 / English"), or the whole one if it has one only."""
    parts = dict(zip(LANGS, comment.split(" / ", 1), strict=False))
    return parts.get(lang) or comment
