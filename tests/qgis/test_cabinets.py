"""Lighting distribution cabinets in the registry project (standard 1.1, issue 17), in the real QGIS against a real
PostGIS: the cabinets' layer, the light's form picking its cabinet from that layer (a list of the cabinets, and
"identify on map"), and a cabinet added on the map getting its identifier of class 01060 from the registry."""

from __future__ import annotations

import time

import pytest
from asset_registry.storage import localpg, migrate
from asset_registry.storage.areas import load_areas
from asset_registry.storage.importing import import_delivery
from qgis.PyQt.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QTabWidget, QToolButton

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import COMMON, XIANGZHOU_XY, numbered_lights, square, write_geojson

X, Y = XIANGZHOU_XY
DISTRICT = "440402"
DEPT = ("11440400MB2C10093Y", "珠海市城市管理和综合执法局")
CABINETS = {"44040201060000001": "人民路配电箱01", "44040201060000002": "人民路配电箱02"}
LIGHTS_LAYER, CABINETS_LAYER = "assetreg_streetlight_point", "assetreg_lighting_cabinet_point"


@pytest.fixture(scope="module")
def cabinet_registry(standard, profile, tmp_path_factory):
    """Two cabinets and three lights, the first light on the first cabinet; areas and a competent department."""
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_cabinets")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    folder = tmp_path_factory.mktemp("cabinets")
    areas = [
        ({"level": "district", "code": DISTRICT, "name": "香洲区"}, square(X - 2000, Y - 2000, 4000)),
        ({"level": "grid", "code": "440402001001001", "name": "网格1"}, square(X - 2000, Y - 2000, 4000)),
    ]
    load_areas(dsn, write_geojson(folder / "areas.geojson", areas), profile)
    query(
        dsn,
        "INSERT INTO assetreg.area_default (area_code, family, competent_dept_code, competent_dept_name) VALUES (%s, '', %s, %s)",
        (DISTRICT, *DEPT),
    )
    cabinets = [
        ({**COMMON, "component_id": code, "name": name, "circuit_count": 4, "control_mode": "time_light"}, (X + 400 * n, Y + 60))
        for n, (code, name) in enumerate(CABINETS.items())
    ]
    import_delivery(dsn, write_geojson(folder / "cabinets.geojson", cabinets), standard, profile, "lighting_cabinet")
    lights = numbered_lights(1, cabinet_id="44040201060000001", circuit_id="HL01") + numbered_lights(2, start=2)
    import_delivery(dsn, write_geojson(folder / "lights.geojson", lights), standard, profile, "streetlight")
    yield dsn
    drop_database(name)


@pytest.fixture
def project(cabinet_registry, standard, profile):
    from asset_registry.qgis_common.project import build_project
    from qgis.core import QgsProject

    made = build_project(QgsProject.instance(), cabinet_registry, standard, profile, "zh")
    yield made
    made.clear()


def test_the_project_has_a_valid_cabinets_layer_in_its_own_group(project, standard):
    cabinets = project.mapLayer(CABINETS_LAYER)
    assert cabinets is not None and cabinets.isValid() and cabinets.featureCount() == 2
    assert cabinets.name() == "路灯配电箱"
    group = project.layerTreeRoot().findLayer(CABINETS_LAYER).parent()
    assert group.name() == "路灯配电箱"
    # style by status, labels and form derived like every family's
    assert [c.value() for c in cabinets.renderer().categories()] == [*standard.codelists["component_status"].codes, None]
    labels = project.mapLayer(f"{CABINETS_LAYER}_label")  # labels on a layer of their own (qgis_common/labels.py)
    assert labels.isValid() and labels.labeling().settings().fieldName == "component_id"
    assert labels.name() == "路灯配电箱标注" and labels.featureCount() == 2
    control = cabinets.fields().indexFromName("control_mode")
    assert cabinets.attributeAlias(control) == "控制方式"
    assert cabinets.editorWidgetSetup(control).type() == "ValueMap"


def test_the_light_form_picks_its_cabinet_from_the_cabinets_layer(project, qgis_app, qgis_canvas, standard):
    from asset_registry.gui.asset_record import register_record_widget
    from qgis.core import QgsApplication, QgsFeatureRequest
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext, QgsRelationReferenceWidget

    lights = project.mapLayer(LIGHTS_LAYER)
    index = lights.fields().indexFromName("cabinet_id")
    setup = lights.editorWidgetSetup(index)
    assert setup.type() == "RelationReference" and setup.config()["MapIdentification"] is True
    relation = project.relationManager().relation(setup.config()["Relation"])
    assert relation.isValid() and relation.referencedLayerId() == CABINETS_LAYER
    assert relation.fieldPairs() == {"cabinet_id": "component_id"}

    register_record_widget()  # as the plugin does: the form's record tab is its widget
    light = next(lights.getFeatures(QgsFeatureRequest().setFilterExpression('"cabinet_id" IS NOT NULL')))
    context = QgsAttributeEditorContext()
    context.setMapCanvas(qgis_canvas)  # as QGIS gives a form: "identify on map" needs the map
    assert lights.startEditing()  # the cabinet is chosen while editing (else QGIS shows it read only)
    dialog = QgsAttributeDialog(lights, light, False, None, True, context)
    try:
        [widget] = [w for w in dialog.attributeForm().findChildren(QgsRelationReferenceWidget) if w.objectName() == "cabinet_id"]
        show_tab_of(dialog, widget, qgis_app)  # QGIS fills the chooser when it is first shown
        [combo] = widget.findChildren(QComboBox)  # QGIS's feature list combo box
        wanted = {f"{name} {code}" for code, name in CABINETS.items()}
        deadline = time.monotonic() + 20
        while not wanted <= items(combo) and time.monotonic() < deadline:  # QGIS fetches the list in a thread
            qgis_app.processEvents()
            time.sleep(0.05)
        assert items(combo) == wanted | {QgsApplication.nullRepresentation()}  # every cabinet by name and identifier, or none
        assert combo.currentText() == "人民路配电箱01 44040201060000001"  # the light's own cabinet
        buttons = [button for button in widget.findChildren(QToolButton) if button.isVisible()]
        assert len(buttons) >= 3  # open the cabinet's form, highlight it, identify it on the map
        dialog.resize(700, 760)
        dialog.grab().save("/tmp/cabinets-light-form.png")
    finally:
        dialog.reject()
        dialog.deleteLater()
        qgis_app.processEvents()
        lights.rollBack()


def show_tab_of(dialog, widget, app) -> None:
    dialog.show()
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if tabs.widget(index).isAncestorOf(widget):
                tabs.setCurrentIndex(index)
    app.processEvents()


def items(combo) -> set[str]:
    return {combo.itemText(row) for row in range(combo.count())}


def test_a_new_cabinet_saved_with_its_geometry_gets_an_identifier_of_class_01060(project, cabinet_registry):
    from qgis.core import QgsGeometry, QgsPointXY, QgsVectorLayerUtils

    cabinets = project.mapLayer(CABINETS_LAYER)
    fields = cabinets.fields()
    # the name and status are the two required fields nobody but the editor knows; the registry fills the rest
    typed = {fields.indexFromName("name"): "新配电箱", fields.indexFromName("status"): "intact"}
    assert cabinets.startEditing()
    feature = QgsVectorLayerUtils.createFeature(cabinets, QgsGeometry.fromPointXY(QgsPointXY(X + 900, Y)), typed)
    assert feature["component_id"] in (None, "") or feature["component_id"].isNull()
    assert cabinets.addFeature(feature)
    assert cabinets.commitChanges(), cabinets.commitErrors()
    made = query(cabinet_registry, "SELECT component_id FROM assetreg.lighting_cabinet WHERE name = '新配电箱'")
    assert made == [(f"{DISTRICT}01060000003",)]  # district + class 01060 + the serial after the two imported


# -- a light's circuit within its cabinet's circuits (issue 17 follow-up; tests/qgis/test_circuit_form.py) --


def light_form(lights, canvas):
    """The form of the first light on a cabinet, as QGIS opens it while the layer is edited (tests/qgis/
    test_circuit_without_cabinet.py too)."""
    from asset_registry.gui.asset_record import register_record_widget
    from qgis.core import QgsFeatureRequest
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext

    register_record_widget()
    light = next(lights.getFeatures(QgsFeatureRequest().setFilterExpression('"cabinet_id" IS NOT NULL')))
    context = QgsAttributeEditorContext()
    context.setMapCanvas(canvas)
    assert lights.startEditing()
    return QgsAttributeDialog(lights, light, False, None, True, context)


def test_the_form_refuses_a_circuit_beyond_its_cabinets_in_words(project, qgis_app, qgis_canvas):
    lights = project.mapLayer(LIGHTS_LAYER)
    dialog = light_form(lights, qgis_canvas)
    try:
        form = dialog.attributeForm()
        editors = [w for w in form.findChildren(QLineEdit) if w.text() == "HL01"]
        [editor] = [w for w in editors if w.objectName() == "circuit_id"]
        show_tab_of(dialog, editor, qgis_app)
        wait_for_cabinets(dialog, qgis_app)  # the chooser's list is read in a thread: let it end before closing
        form.changeAttribute("circuit_id", "HL07")
        qgis_app.processEvents()
        [buttons] = dialog.findChildren(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.Ok)
        assert not ok.isEnabled()  # QGIS refuses a hard constraint's failure: OK is greyed until it holds
        dialog.resize(700, 760)
        dialog.grab().save("/tmp/cabinetfix-circuit-form.png")
        form.changeAttribute("circuit_id", "HL03")
        qgis_app.processEvents()
        assert ok.isEnabled()  # a circuit of the cabinet's four
    finally:
        form.changeAttribute("circuit_id", "HL01")  # as it was: the form leaves nothing to save behind
        dialog.reject()
        dialog.deleteLater()
        qgis_app.processEvents()
        lights.rollBack()


def wait_for_cabinets(dialog, app) -> None:
    from qgis.gui import QgsRelationReferenceWidget

    [widget] = [w for w in dialog.findChildren(QgsRelationReferenceWidget) if w.objectName() == "cabinet_id"]
    [combo] = widget.findChildren(QComboBox)
    deadline = time.monotonic() + 20
    while combo.count() < 1 + len(CABINETS) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    assert combo.count() >= 1 + len(CABINETS)  # (a test before may have added one)
