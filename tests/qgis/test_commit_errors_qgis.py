"""A bulk edit's illegal value refused in the standard's words (issue 17): the plugin watches every registry
layer added to the project, and a save the database refuses puts the validator's text for the field, in the
user's language, into the message bar instead of leaving only PostgreSQL's constraint name."""

from __future__ import annotations

import pytest
from asset_registry import classFactory
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from tests.db.conftest import query
from tests.qgis.test_bulk_editing import _set_all
from tests.qgis.test_editing import editable_registry  # noqa: F401 (the fixture: three lights in grid 440402001001001)


@pytest.fixture
def plugin(qgis_iface, qgis_processing):
    instance = classFactory(qgis_iface)
    instance.initGui()
    qgis_iface.messageBar().clear_messages()
    yield instance
    instance.unload()
    QgsProject.instance().removeAllMapLayers()


def _save_refused(plugin, layer) -> list[str]:
    assert not layer.commitChanges()
    QCoreApplication.processEvents()  # the watcher reads the errors once the commit has returned
    errors = "\n".join(layer.commitErrors())
    layer.rollBack()
    return plugin.iface.messageBar().get_messages(Qgis.Critical), errors


def _registry_layer(dsn, standard):
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(dsn, standard)
    QgsProject.instance().addMapLayer(layer)  # the plugin puts its watcher on it
    assert layer.startEditing()
    return layer


def test_a_bulk_edit_with_an_illegal_value_shows_the_standards_words_in_chinese(plugin, editable_registry, standard):  # noqa: F811
    layer = _registry_layer(editable_registry, standard)
    _set_all(layer, "lamp_power_w", 5000)  # the field calculator's way; the standard's maximum is 2000 W
    shown, errors = _save_refused(plugin, layer)
    assert "streetlight_lamp_power_w" in errors  # what QGIS alone would have said
    # the validator's text for the field (core/field_rules.py), as the form shows it
    assert shown == ["路灯：保存被拒绝:字段“灯具功率”的值超出允许范围（> 0, <= 2000 W）。"]
    assert query(editable_registry, "SELECT count(*) FROM assetreg.streetlight WHERE lamp_power_w = 5000") == [(0,)]


def test_a_required_field_emptied_in_bulk_says_which_field(plugin, editable_registry, standard):  # noqa: F811
    layer = _registry_layer(editable_registry, standard)
    _set_all(layer, "name", None)
    shown, errors = _save_refused(plugin, layer)
    assert "not-null" in errors, errors
    assert len(shown) == 1 and "缺少必填字段“管理部件名称”" in shown[0], shown


def test_a_save_that_succeeds_shows_nothing(plugin, editable_registry, standard):  # noqa: F811
    layer = _registry_layer(editable_registry, standard)
    _set_all(layer, "lamp_power_w", 150)
    assert layer.commitChanges(), layer.commitErrors()
    QCoreApplication.processEvents()
    assert plugin.iface.messageBar().get_messages(Qgis.Critical) == []


def test_a_trigger_refusal_shows_its_catalogue_text(plugin, editable_registry, standard):  # noqa: F811
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    from tests.helpers import XIANGZHOU_XY, light

    layer = _registry_layer(editable_registry, standard)
    added = QgsFeature(layer.fields())
    for name, value in light(component_id="44040201060000099").items():  # a cabinet's class on a light
        added[name] = value
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(XIANGZHOU_XY[0] + 100, XIANGZHOU_XY[1])))
    assert layer.addFeature(added)
    shown, errors = _save_refused(plugin, layer)
    assert "refusal.identifier.class_of_another_family" in errors
    assert len(shown) == 1 and "的部件类别 01060 路灯配电箱 不属于路灯" in shown[0], shown


def test_a_layer_of_a_project_open_before_the_plugin_is_watched_too(qgis_iface, qgis_processing, editable_registry, standard):  # noqa: F811
    from asset_registry.qgis_common.commit_errors import CommitErrorWatcher
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(editable_registry, standard)
    QgsProject.instance().addMapLayer(layer)
    instance = classFactory(qgis_iface)
    instance.initGui()
    try:
        assert layer.findChild(CommitErrorWatcher) is not None
    finally:
        instance.unload()
        QgsProject.instance().removeAllMapLayers()
