"""Survey forms (巡查/检测记录表): one layer of the registry's inspection table per inspection kind of the
standard's code list (road condition survey, bridge inspection, tree survey, facility check, night patrol),
each filtered to its kind, with the form derived from the standard's inspection record exactly as the asset
forms are (qgis_common/forms.py: aliases, code-list widgets, constraints, tabs), the kind filled in, a new
record's id a UUID (as the standard asks of field-app records) and its time now; only the fields of its kind
(the standard's x-kinds: a tree survey has no PCI); and a tab with the record's attachments: the plugin's editor
widget (ATTACHMENTS_WIDGET, gui/attachments_widget.py) on a virtual field holding the record's key, as the asset
forms carry their record tab. Not a Python form init function: QGIS 3.22 asks "Python macros are currently
disabled. Do you allow this macro to run?" before running one.

The record's asset is named by its identifier or picked on the map: in the registry project, the component
field of each kind's layer is a relation reference to the layer of the family that kind examines (the standard's
inspection_kind, x-families), as a light's cabinet is picked (qgis_common/references.py). A record saved from the
form goes through the import (qgis_common/survey_commit.py), which links it to its asset and grid.
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsField,
    QgsMarkerSymbol,
    QgsProject,
    QgsRelation,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.messages import text
from ..core.standard import Family, Standard
from .forms import RECORD_FIELD
from .i18n import ui_lang
from .layers import apply_standard
from .references import reference_widget, show_by_name
from .sources import SCHEMA, layer_plans_of, table_uri

INSPECTION = "inspection"
KIND_FIELD = "kind"
KIND_CODELIST = "inspection_kind"
COMPONENT_FIELD = "component_id"
INSPECTED_AT_WIDGET = {"display_format": "yyyy-MM-dd HH:mm", "calendar_popup": True, "allow_null": True}
RECORD_COLOUR = "#6a3d9a"
# the record's attachments: the plugin's editor widget (gui/attachments_widget.py) on a virtual field holding its key,
# alone in the last tab; without the plugin (another QGIS), the field shows the key as text
ATTACHMENTS_WIDGET = "AssetRegistryInspectionAttachments"
ATTACHMENTS_FIELD = "inspection_attachments"


def survey_layer_id(kind: str) -> str:
    return f"{SCHEMA}_{INSPECTION}_{kind}"


def survey_layer(dsn: str, standard: Standard, kind: str, srid: int | None = None, lang: str | None = None) -> QgsVectorLayer:
    """The inspection records of one kind, as a layer with the inspection record's form."""
    lang = lang or ui_lang()
    record = standard.delivery_class(INSPECTION)
    label = standard.codelists[KIND_CODELIST].label(kind, lang)
    uri = table_uri(dsn, INSPECTION, QgsWkbTypes.Point, srid, "uid", f"\"{KIND_FIELD}\" = '{kind}'")
    layer = QgsVectorLayer(uri.uri(False), text("qgis.survey.layer_name", lang, kind=label), "postgres")
    if not layer.isValid():
        return layer
    apply_standard(layer, standard, record, lang)
    fields = layer.fields()
    layer.setDefaultValueDefinition(fields.indexFromName(KIND_FIELD), QgsDefaultValue(f"'{kind}'"))
    layer.setDefaultValueDefinition(fields.indexFromName(record.identifier), QgsDefaultValue("substr(uuid(), 2, 36)"))
    inspected_at = fields.indexFromName("inspected_at")
    if inspected_at >= 0:
        layer.setDefaultValueDefinition(inspected_at, QgsDefaultValue("now()"))
        # a survey's hour matters (a night patrol, a check after a storm): shown and chosen, not the date alone
        layer.setEditorWidgetSetup(inspected_at, QgsEditorWidgetSetup("DateTime", INSPECTED_AT_WIDGET))
    # one fixed symbol (a default one takes a random colour: the same registry would make another project)
    symbol = QgsMarkerSymbol.createSimple({"name": "diamond", "color": RECORD_COLOUR, "outline_color": "#ffffff", "size": "2.6"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    form = layer.editFormConfig()
    form.setReadOnly(fields.indexFromName(KIND_FIELD), True)  # the layer's kind: a record of another kind goes elsewhere
    form.setInitCodeSource(QgsEditFormConfig.CodeSourceNone)  # no macro: QGIS would ask whether to run it
    layer.setEditFormConfig(form)
    _kind_tabs(layer, record, kind, lang)
    return layer


def fields_of_other_kinds(record: Family, kind: str) -> set[str]:
    """The inspection record's fields that belong to other kinds than ``kind`` (the standard's x-kinds)."""
    return {spec.name for spec in record.fields if spec.kinds and kind not in spec.kinds}


def _kind_tabs(layer: QgsVectorLayer, record: Family, kind: str, lang: str) -> None:
    """The standard's tabs with only ``kind``'s fields, and the attachments tab in place of the asset forms' record
    tab (an inspection is no asset: that tab would stay empty)."""
    hidden = fields_of_other_kinds(record, kind) | {RECORD_FIELD}
    form = layer.editFormConfig()
    root = form.invisibleRootContainer()
    tabs = []
    for tab in root.children():
        kept = QgsAttributeEditorContainer(tab.name(), root)
        kept.setIsGroupBox(tab.isGroupBox())
        kept.setColumnCount(tab.columnCount())
        kept.setVisibilityExpression(tab.visibilityExpression())
        for child in tab.children():
            if child.name() not in hidden:
                kept.addChildElement(child.clone(kept))
        if kept.children():
            tabs.append(kept)
    root.clear()
    for tab in tabs:
        root.addChildElement(tab)
    root.addChildElement(_attachments_tab(layer, root, lang))
    layer.setEditFormConfig(form)


def _attachments_tab(layer: QgsVectorLayer, root: QgsAttributeEditorContainer, lang: str) -> QgsAttributeEditorContainer:
    if layer.fields().indexFromName(ATTACHMENTS_FIELD) < 0:
        layer.addExpressionField('"uid"', QgsField(ATTACHMENTS_FIELD, QVariant.String))
    index = layer.fields().indexFromName(ATTACHMENTS_FIELD)
    layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup(ATTACHMENTS_WIDGET, {}))
    tab = QgsAttributeEditorContainer(text("survey.form.tab.attachments", lang), root)
    tab.setIsGroupBox(False)
    tab.setColumnCount(1)
    element = QgsAttributeEditorField(ATTACHMENTS_FIELD, index, tab)
    element.setShowLabel(False)
    tab.addChildElement(element)
    return tab


def survey_kinds(standard: Standard) -> tuple[str, ...]:
    return tuple(standard.codelists[KIND_CODELIST].codes)


def add_survey_layers(
    project: QgsProject, dsn: str, standard: Standard, srid: int, lang: str, with_id: Callable = lambda layer, _: layer
) -> list[QgsVectorLayer]:
    """A group of the survey layers (one per inspection kind) above the last group of ``project``'s layer tree
    (the areas, whose polygons would cover the records' points). ``with_id`` gives a layer its fixed id
    (survey_layer_id), so that the same registry makes the same project."""
    root = project.layerTreeRoot()
    group = root.insertGroup(max(len(root.children()) - 1, 0), text("qgis.survey.group", lang))
    layers = []
    for kind in survey_kinds(standard):
        layer = survey_layer(dsn, standard, kind, srid, lang)
        if not layer.isValid():
            continue
        layer = with_id(layer, survey_layer_id(kind))
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        layers.append(layer)
        pick_assets_on_the_map(project, standard, layer, kind, lang)
    group.setExpanded(False)
    return layers


def picker_relation_id(kind: str) -> str:
    return f"{survey_layer_id(kind)}_{COMPONENT_FIELD}"


def pick_assets_on_the_map(project: QgsProject, standard: Standard, layer: QgsVectorLayer, kind: str, lang: str) -> bool:
    """The component field of ``layer`` picks the asset from the layer of the family ``kind`` examines (its first
    geometry kind's layer in ``project``): from a list of names, or by clicking it on the map. Whether it does."""
    families = standard.codelists[KIND_CODELIST].families.get(kind, ())
    family = standard.families.get(families[0]) if families else None
    target = project.mapLayer(layer_plans_of(family)[0].layer_id) if family is not None else None
    index = layer.fields().indexFromName(COMPONENT_FIELD)
    if target is None or index < 0:
        return False
    relation = QgsRelation()
    relation.setId(picker_relation_id(kind))
    relation.setName(f"{layer.name()} › {family.title(lang)}")
    relation.setReferencingLayer(layer.id())
    relation.setReferencedLayer(target.id())
    relation.addFieldPair(COMPONENT_FIELD, family.identifier)
    if not relation.isValid():
        return False
    project.relationManager().addRelation(relation)
    show_by_name(target, family.identifier)
    layer.setEditorWidgetSetup(index, reference_widget(relation))
    return True
