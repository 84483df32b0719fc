"""A field that names an asset of another family (standard 1.1: a light's cabinet_id, the identifier of its
lighting cabinet, x-references in the schema) is picked in the form from that family's layer: a QGIS relation
from the field to the other family's identifier and a relation reference widget on it, with "identify on map",
so an editor chooses the cabinet from a list of its names or by clicking it on the map (issue 17).

Derived from the standard: every field with x-references whose family has a layer in the project gets one.
"""

from __future__ import annotations

from qgis.core import QgsEditorWidgetSetup, QgsExpression, QgsProject, QgsRelation, QgsVectorLayer

from ..core.standard import Standard
from .sources import LayerPlan

RELATION_WIDGET = "RelationReference"


def relation_id(plan: LayerPlan, field: str) -> str:
    """The relation's id, fixed by the referencing layer and field: the same project made twice is the same."""
    return f"{plan.layer_id}_{field}"


def add_references(project: QgsProject, standard: Standard, layers: list[tuple[LayerPlan, QgsVectorLayer]], lang: str) -> None:
    """A relation and a relation reference widget for every referencing field of a layer in ``layers``."""
    first_layer = {}
    for plan, layer in layers:
        first_layer.setdefault(plan.family.name, layer)
    for plan, layer in layers:
        for spec in plan.family.fields:
            target = first_layer.get(spec.references) if spec.references else None
            index = layer.fields().indexFromName(spec.name)
            if target is None or index < 0:
                continue
            referenced = standard.family(spec.references)
            relation = QgsRelation()
            relation.setId(relation_id(plan, spec.name))
            relation.setName(f"{plan.family.title(lang)} › {referenced.title(lang)}")
            relation.setReferencingLayer(layer.id())
            relation.setReferencedLayer(target.id())
            relation.addFieldPair(spec.name, referenced.identifier)
            if not relation.isValid():
                continue
            project.relationManager().addRelation(relation)
            show_by_name(target, referenced.identifier)
            layer.setEditorWidgetSetup(index, reference_widget(relation))


def show_by_name(layer: QgsVectorLayer, identifier: str) -> None:
    """What the list and the map tip show of a referenced asset: its name, then its identifier."""
    name = QgsExpression.quotedColumnRef("name") if layer.fields().indexFromName("name") >= 0 else "''"
    layer.setDisplayExpression(f"concat({name}, ' ', {QgsExpression.quotedColumnRef(identifier)})")


def reference_widget(relation: QgsRelation) -> QgsEditorWidgetSetup:
    return QgsEditorWidgetSetup(
        RELATION_WIDGET,
        {
            "Relation": relation.id(),
            "AllowNULL": True,
            "MapIdentification": True,  # pick the cabinet on the map
            "ShowOpenFormButton": True,
            "ShowForm": False,
            "OrderByValue": True,
            "ReadOnly": False,
            "AllowAddFeatures": False,
            "ReferencedLayerId": relation.referencedLayerId(),
            "ReferencedLayerName": relation.referencedLayer().name(),
            "ReferencedLayerDataSource": relation.referencedLayer().publicSource(),
            "ReferencedLayerProviderKey": relation.referencedLayer().providerType(),
        },
    )
