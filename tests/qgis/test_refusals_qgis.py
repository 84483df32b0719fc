"""A refusal of the database as a QGIS user meets it saving a layer: the provider passes on the id and
its JSON parameters, and storage/errors.py (refusal_in_text) puts them into either language."""

from __future__ import annotations

from tests.qgis.test_editing import editable_registry  # noqa: F401 (the fixture: three lights in grid 440402001001001)


def test_the_commit_errors_of_a_layer_read_as_the_refusal_in_either_language(editable_registry, standard):  # noqa: F811
    from asset_registry.qgis_common.layers import make_layer
    from asset_registry.storage.errors import refusal_in_text
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
    layer.rollBack()
    refused = refusal_in_text(errors)
    assert refused is not None, errors
    assert refused.id == "refusal.identifier.class_of_another_family"
    assert refused.message("en").startswith(
        "The component class 01060 Streetlight distribution cabinet in the component identifier 44040201060000099"
        " is not a class of the streetlight family (allowed: 01037 Streetlight, "
    ), errors
    zh = "路灯的管理部件标识码 44040201060000099 的部件类别 01060 路灯配电箱 不属于路灯（可用：01037 路灯、"
    assert refused.message("zh").startswith(zh), errors
    assert refusal_in_text("ERROR: division by zero") is None
