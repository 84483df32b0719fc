"""Identifier rules and grid mismatches as a QGIS user meets them on the registry layer."""

from __future__ import annotations

from tests.db.conftest import query
from tests.qgis.test_editing import editable_registry  # noqa: F401 (the fixture: three lights in grid 440402001001001)


def test_layer_marks_the_light_whose_typed_grid_code_disagrees(editable_registry, standard):  # noqa: F811
    from asset_registry.qgis_common.layers import GRID_MISMATCH, make_layer
    from qgis.core import QgsExpressionContextUtils, QgsFieldConstraints, QgsVectorLayerUtils

    query(
        editable_registry,
        "UPDATE assetreg.streetlight SET grid_code = '440402001001002' WHERE component_id = '44040201037000002'",
    )
    layer = make_layer(editable_registry, standard)
    assert layer.isValid()
    fields = layer.fields()
    marked = {f["component_id"]: f[GRID_MISMATCH] for f in layer.getFeatures()}
    assert marked == {"44040201037000001": False, "44040201037000002": True, "44040201037000003": False}
    assert layer.attributeAlias(fields.indexFromName(GRID_MISMATCH)) == "网格不符"

    # the form warns on the mark beside the grid code (soft: the edit may still be saved, the registry records
    # it); the grid code's own constraint is the standard's (required, 15 digits), hard
    grid = fields.indexFromName(GRID_MISMATCH)
    soft = QgsFieldConstraints.ConstraintStrengthSoft
    for feature in layer.getFeatures():
        valid, errors = QgsVectorLayerUtils.validateAttribute(layer, feature, grid, soft)
        assert valid == (feature["component_id"] != "44040201037000002")
        assert valid or any("填报的单元网格与几何所在的网格不符" in error for error in errors)
    assert fields.at(grid).constraints().constraintStrength(QgsFieldConstraints.ConstraintExpression) == soft
    typed = fields.at(fields.indexFromName("grid_code")).constraints()
    assert typed.constraintStrength(QgsFieldConstraints.ConstraintExpression) == QgsFieldConstraints.ConstraintStrengthHard

    # and the attribute table shows the row in red
    (style,) = layer.conditionalStyles().rowStyles()
    wrong = next(f for f in layer.getFeatures() if f["component_id"] == "44040201037000002")
    right = next(f for f in layer.getFeatures() if f["component_id"] == "44040201037000001")
    context = QgsExpressionContextUtils.createFeatureBasedContext(wrong, fields)
    assert style.matches(None, context)
    context.setFeature(right)
    assert not style.matches(None, context)


def test_qgis_cannot_save_a_light_with_the_class_code_of_a_distribution_cabinet(editable_registry, standard):  # noqa: F811
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    from tests.helpers import XIANGZHOU_XY, light

    layer = make_layer(editable_registry, standard)
    added = QgsFeature(layer.fields())
    for name, value in light(component_id="44040201060000099").items():
        added[name] = value
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(XIANGZHOU_XY[0] + 100, XIANGZHOU_XY[1])))
    assert layer.startEditing() and layer.addFeature(added)
    assert not layer.commitChanges()
    errors = "\n".join(layer.commitErrors())
    assert "01060 Streetlight distribution cabinet" in errors and "路灯配电箱" in errors, errors
    layer.rollBack()
    assert query(editable_registry, "SELECT count(*) FROM assetreg.streetlight WHERE component_id LIKE '%01060%'") == [(0,)]
