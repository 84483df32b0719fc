"""A field that names an asset of another family (standard 1.1: a light's cabinet_id, the identifier of its
lighting cabinet, x-references in the schema) is picked in the form from that family's layer: a QGIS relation
from the field to the other family's identifier and a relation reference widget on it, with "identify on map",
so an editor chooses the cabinet from a list of its names or by clicking it on the map (issue 17).

Derived from the standard: every field with x-references whose family has a layer in the project gets one.
"""

from __future__ import annotations

from qgis.core import (
    QgsEditorWidgetSetup,
    QgsExpression,
    QgsField,
    QgsFieldConstraints,
    QgsProject,
    QgsRelation,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from ..core import references
from ..core.field_rules import crossfield_rule, sentences
from ..core.messages import text
from ..core.standard import Family, Standard
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
            if references.circuit_fields(standard, plan.family) == (references.CIRCUIT, spec.name):
                add_circuit_check(layer, target, spec.name, referenced.identifier, lang)


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


def circuit_expression(cabinets: QgsVectorLayer, cabinet_field: str, identifier: str) -> str:
    """Whether the feature's circuit is one of its cabinet's 1..circuit_count, as core/references.py judges it (the
    one run of digits in the text), where both are known: the cabinet read from the cabinets' layer."""
    circuit = QgsExpression.quotedColumnRef(references.CIRCUIT)
    cabinet = QgsExpression.quotedColumnRef(cabinet_field)
    found = f"get_feature({QgsExpression.quotedString(cabinets.id())}, {QgsExpression.quotedString(identifier)}, {cabinet})"
    count = f"attribute(@circuit_cabinet, {QgsExpression.quotedString(references.CIRCUIT_COUNT)})"
    one_number = f"regexp_match({circuit}, '^[^0-9]*[0-9]+[^0-9]*$')"
    number = f"to_int(regexp_substr({circuit}, '([0-9]+)'))"
    judged = f"{one_number} AND {number} >= 1 AND {number} <= {count}"
    return (
        f"coalesce({circuit}, '') = '' OR coalesce({cabinet}, '') = '' OR "
        f"with_variable('circuit_cabinet', {found}, @circuit_cabinet IS NULL OR {count} IS NULL OR ({judged}))"
    )


def add_circuit_check(layer: QgsVectorLayer, cabinets: QgsVectorLayer, cabinet_field: str, identifier: str, lang: str) -> None:
    """The light's circuit within its cabinet's circuits, a hard constraint like the validator's error
    (record.circuit_out_of_range), joined to the checks the form already makes of the field."""
    index = layer.fields().indexFromName(references.CIRCUIT)
    if index < 0:
        return
    check = circuit_expression(cabinets, cabinet_field, identifier)
    before, said = layer.constraintExpression(index), layer.constraintDescription(index)
    expression = f"({before}) AND ({check})" if before else check
    description = sentences(
        [said, text("cabinetfix.form.circuit_out_of_range", lang)]
        if said
        else [text("cabinetfix.form.circuit_out_of_range", lang)]
    )
    layer.setConstraintExpression(index, expression, description)
    layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthHard)


# A circuit typed without its cabinet (crossfield.circuit_without_cabinet, a warning). The circuit's one expression
# is hard (its own checks and the cabinet's circuits) and the cabinet's too (its pattern), and QGIS keeps one
# expression of one strength per field: the warning goes on a virtual field of its own, shown after the cabinet.
WITHOUT_CABINET_MARK = "circuit_without_cabinet"


def without_cabinet_test(cabinet_field: str) -> str:
    """A circuit named and no cabinet, as core/references.check_circuits reads them (blank text is none)."""
    circuit = QgsExpression.quotedColumnRef(references.CIRCUIT)
    cabinet = QgsExpression.quotedColumnRef(cabinet_field)
    return f"trim(coalesce(to_string({circuit}), '')) <> '' AND trim(coalesce(to_string({cabinet}), '')) = ''"


def mark_circuit_without_cabinet(layer: QgsVectorLayer, standard: Standard, family: Family, lang: str) -> tuple[str, str] | None:
    """The mark of a circuit without its cabinet on ``layer`` (a virtual field, true when so), with the validator's
    warning as its soft constraint: the form says it in the validator's words, saving is not refused.
    (the mark, the cabinet field it follows in the form), or None where the family names no circuit."""
    fields = references.circuit_fields(standard, family)
    if fields is None or layer.fields().indexFromName(WITHOUT_CABINET_MARK) >= 0:
        return None
    circuit, cabinet = fields
    if layer.fields().indexFromName(circuit) < 0 or layer.fields().indexFromName(cabinet) < 0:
        return None
    test = without_cabinet_test(cabinet)
    layer.addExpressionField(test, QgsField(WITHOUT_CABINET_MARK, QVariant.Bool))
    index = layer.fields().indexFromName(WITHOUT_CABINET_MARK)
    layer.setFieldAlias(index, text(f"review.rule_title.{references.WITHOUT_CABINET}", lang))
    rule = crossfield_rule(references.WITHOUT_CABINET, family.field(circuit))
    layer.setConstraintExpression(index, f"NOT ({test})", rule.text(lang))
    layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthSoft)
    return WITHOUT_CABINET_MARK, cabinet
