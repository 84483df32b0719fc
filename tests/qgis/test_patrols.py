"""The night patrol mode in a real QGIS against a real registry: lights taken in with a box and marked unlit by
clicks on the canvas become one inspection delivery, the lighting rate follows, and cases can be reported from
the findings; ``asset_registry:record_patrol`` and ``asset_registry:cases_from_inspections`` through
processing.run give the same."""

from __future__ import annotations

import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.kpi import lighting_rate_by_road_class
from qgis.core import QgsPointXY, QgsProcessingFeatureSourceDefinition, QgsProject, QgsRectangle
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QDate, QDateTime, QEvent, QPoint, Qt, QTime
from qgis.PyQt.QtWidgets import QWidget

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY

LIGHT = "44040201037{:06d}"
UNLIT = [LIGHT.format(2), LIGHT.format(5)]
PATROL_NIGHT = QDateTime(QDate(2026, 4, 20), QTime(21, 30))


def position(serial: int) -> QgsPointXY:
    """Where tests.helpers.numbered_lights puts light ``serial`` (EPSG:4547)."""
    return QgsPointXY(XIANGZHOU_XY[0] + serial * 30.0, XIANGZHOU_XY[1])


@pytest.fixture
def lights_on_canvas(lights_db, standard, qgis_new_project, qgis_iface):
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(lights_db, standard)
    assert layer.isValid(), layer.error().summary()
    QgsProject.instance().addMapLayer(layer)
    canvas = qgis_iface.mapCanvas()
    canvas.resize(800, 600)
    canvas.setDestinationCrs(layer.crs())
    canvas.setExtent(QgsRectangle(XIANGZHOU_XY[0], XIANGZHOU_XY[1] - 100, XIANGZHOU_XY[0] + 210, XIANGZHOU_XY[1] + 100))
    yield layer, lights_db, canvas
    QgsProject.instance().removeMapLayer(layer.id())


def on_screen(canvas, point: QgsPointXY) -> QPoint:
    pixel = canvas.getCoordinateTransform().transform(point)
    return QPoint(round(pixel.x()), round(pixel.y()))


def press_and_release(canvas, tool, start: QPoint, end: QPoint) -> None:
    """A left click (start == end) or a drag, as the canvas hands them to the map tool."""
    tool.canvasPressEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonPress, start, Qt.LeftButton, Qt.LeftButton))
    tool.canvasMoveEvent(QgsMapMouseEvent(canvas, QEvent.MouseMove, end, Qt.NoButton, Qt.LeftButton))
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, end, Qt.LeftButton, Qt.NoButton))


def lighting(dsn: str) -> tuple[int, int]:
    with connection(dsn) as conn:
        total = lighting_rate_by_road_class(conn)[-1]
    return total.lights_on, total.lights_should_be_on


def expected_records(last: int) -> list[tuple]:
    return [(LIGHT.format(n), LIGHT.format(n) not in UNLIT, "李明", "lighting_patrol") for n in range(1, last + 1)]


def patrol_records(dsn: str):
    return query(dsn, "SELECT component_id, lit, inspector, kind FROM assetreg.inspection ORDER BY 1")


def test_a_patrol_marked_in_the_map_mode_becomes_records_and_the_lighting_rate_changes(plugin, lights_on_canvas):
    layer, dsn, canvas = lights_on_canvas
    panel = plugin.open_patrol_mode()
    assert panel.objectName() == "AssetRegistryPatrolDock" and panel.layer() is layer
    assert canvas.mapTool() is panel.tool
    assert lighting(dsn) == (6, 6)

    panel.activate("take_in")  # a box over lights 1-4: the stretch patrolled
    press_and_release(canvas, panel.tool, on_screen(canvas, QgsPointXY(position(1).x() - 10, XIANGZHOU_XY[1] - 20)),
                      on_screen(canvas, QgsPointXY(position(4).x() + 10, XIANGZHOU_XY[1] + 20)))  # fmt: skip
    assert list(panel.marks.patrolled) == [LIGHT.format(n) for n in range(1, 5)] and not panel.marks.unlit

    panel.activate("mark_unlit")
    for serial in (2, 5, 3, 3):  # 5 lies outside the box: marking takes it in; 3 clicked twice is lit again
        point = on_screen(canvas, position(serial))
        press_and_release(canvas, panel.tool, point, point)
    assert panel.marks.unlit == set(UNLIT) and len(panel.marks.patrolled) == 5
    assert panel._unlit_band.numberOfVertices() == 2 and panel._lit_band.numberOfVertices() == 3
    assert "5" in panel.summary.text() and panel.unlit_list.count() == 2

    panel.when.setDateTime(PATROL_NIGHT)
    panel.inspector.setText("李明")
    result = panel.save()
    assert result is not None and result.inserted == 5
    assert patrol_records(dsn) == expected_records(5)
    assert query(dsn, "SELECT DISTINCT inspected_at AT TIME ZONE 'Asia/Shanghai' FROM assetreg.inspection")[0][0].hour == 21
    assert lighting(dsn) == (4, 6)

    assert panel.report_cases(result.submission_id) == 2
    assert query(dsn, "SELECT component_id FROM assetreg.work_order_asset ORDER BY 1") == [(c,) for c in UNLIT]


def test_saving_without_an_inspector_says_so_and_records_nothing(plugin, lights_on_canvas, qgis_iface):
    layer, dsn, canvas = lights_on_canvas
    panel = plugin.open_patrol_mode()
    panel.take_rectangle(QgsRectangle(position(1).x() - 5, XIANGZHOU_XY[1] - 5, position(2).x() + 5, XIANGZHOU_XY[1] + 5),
                         "mark_unlit")  # fmt: skip
    assert panel.marks.unlit == {LIGHT.format(1), LIGHT.format(2)}
    assert panel.save() is None
    assert query(dsn, "SELECT count(*) FROM assetreg.inspection") == [(0,)]


def run_record_patrol(layer, **parameters):
    import processing

    inputs = {
        "LIGHTS": layer.id(),
        "UNLIT": QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True),
        "PATROLLED_AT": PATROL_NIGHT,
        "INSPECTOR": "李明",
        **parameters,
    }
    return processing.run("asset_registry:record_patrol", inputs)


def test_record_patrol_through_processing_gives_the_same(plugin, lights_on_canvas):
    layer, dsn, _ = lights_on_canvas
    layer.selectByIds([f.id() for f in layer.getFeatures() if f["component_id"] in UNLIT])
    result = run_record_patrol(layer)
    assert (result["RECORDS"], result["UNLIT_COUNT"], result["CASES"]) == (6, 2, 0)
    assert patrol_records(dsn) == expected_records(6)
    assert lighting(dsn) == (4, 6)
    assert query(dsn, "SELECT family, outcome FROM assetreg.submission WHERE id = %s", (result["SUBMISSION"],)) == [
        ("inspection", "accepted")
    ]
    import processing

    narrowed = {"SUBMISSION": result["SUBMISSION"], "DSN": dsn}
    dry = processing.run("asset_registry:cases_from_inspections", {**narrowed, "DRY_RUN": True})
    assert (dry["FINDINGS"], dry["COUNT"]) == (2, 0)
    reported = processing.run("asset_registry:cases_from_inspections", narrowed)
    assert reported["COUNT"] == 2 and len(reported["CASE_IDS"].split(",")) == 2
    assert query(dsn, "SELECT component_id FROM assetreg.work_order_asset ORDER BY 1") == [(c,) for c in UNLIT]


def test_record_patrol_without_an_inspector_is_a_processing_error_in_words(plugin, lights_on_canvas):
    from qgis.core import QgsProcessingException

    layer, dsn, _ = lights_on_canvas
    with pytest.raises(QgsProcessingException) as refused:
        run_record_patrol(layer, INSPECTOR=" ", UNLIT=None)
    assert "巡查人" in str(refused.value)
    assert query(dsn, "SELECT count(*) FROM assetreg.inspection") == [(0,)]


# -- survey forms --------------------------------------------------------------------------------


def test_survey_layers_have_the_inspection_records_form_per_kind(lights_db, standard, qgis_new_project, qgis_app, tmp_path):
    from asset_registry.gui.attachments_widget import AttachmentsWidget, register_inspection_attachments_widget
    from asset_registry.qgis_common.survey_commit import commit_surveys_through_import
    from asset_registry.qgis_common.survey_layers import survey_kinds, survey_layer
    from qgis.core import QgsEditFormConfig, QgsFieldConstraints, QgsGeometry, QgsVectorLayerUtils
    from qgis.gui import QgsAttributeDialog
    from qgis.PyQt.QtWidgets import QLabel

    assert survey_kinds(standard) == tuple(standard.codelists["inspection_kind"].codes)
    layer = survey_layer(lights_db, standard, "tree_survey", 4547)
    assert layer.isValid() and layer.name() == "树木调查记录"
    fields = layer.fields()
    record = standard.delivery_class("inspection")
    vigour = fields.indexFromName("vigour")
    assert layer.attributeAlias(vigour) == record.field("vigour").title_zh
    assert layer.editorWidgetSetup(vigour).type() in ("ValueMap", "ValueRelation")
    lean = fields.indexFromName("lean_deg")
    assert layer.editorWidgetSetup(lean).config()["Max"] == 90
    assert layer.constraintExpression(lean)  # the standard's limits, as the asset forms have them
    assert fields.at(lean).constraints().constraintStrength(QgsFieldConstraints.ConstraintExpression) in (
        QgsFieldConstraints.ConstraintStrengthHard,
        QgsFieldConstraints.ConstraintStrengthSoft,
    )
    form = layer.editFormConfig()
    assert form.layout() == QgsEditFormConfig.TabLayout
    # no Python init code: QGIS 3.22's desktop asks whether to allow the macro before it opens the form
    assert form.initCodeSource() == QgsEditFormConfig.CodeSourceNone and not form.initFunction() and not form.initCode()

    # a record entered in the form's layer is a tree survey, with a UUID for its id
    values = {
        fields.indexFromName("component_id"): "44040201037000001",
        fields.indexFromName("inspector"): "王五",
        fields.indexFromName("vigour"): standard.codelists["tree_vigour"].codes[0],
    }
    # as the form makes a new feature: the layer's defaults (kind, a UUID, now) and the database's; saved as the
    # plugin saves a survey layer, through the import (qgis_common/survey_commit.py, tests/qgis/test_surveys.py)
    commit_surveys_through_import(layer)
    feature = QgsVectorLayerUtils.createFeature(layer, QgsGeometry.fromPointXY(position(1)), values)
    assert layer.startEditing() and layer.addFeature(feature) and layer.commitChanges(), layer.commitErrors()
    [(kind, inspection_id, inspector, family)] = query(
        lights_db, "SELECT kind, inspection_id, inspector, asset_family FROM assetreg.inspection"
    )
    assert kind == "tree_survey" and len(inspection_id) == 36 and inspector == "王五" and family == "streetlight"

    saved = next(layer.getFeatures())
    register_inspection_attachments_widget()  # as the plugin does when QGIS starts it
    # the form QGIS opens on the saved record: its last tab lists the record's attachments
    dialog = QgsAttributeDialog(layer, saved, False)
    tabs = attachments_tab(dialog, qgis_app)
    assert tabs.tabText(tabs.count() - 1) == "附件"
    [attachments] = tabs.widget(tabs.count() - 1).findChildren(AttachmentsWidget)
    tabs.setCurrentIndex(tabs.count() - 1)
    dialog.resize(700, 600)
    dialog.show()
    qgis_app.processEvents()
    assert attachments.items.height() > tabs.height() / 2  # the list takes the tab's height, not a strip of it
    dialog.hide()
    assert attachments.inspection_uid == str(saved["uid"]) and attachments.isEnabled()
    # a record being added has none yet: the tab says to save it first
    new = QgsVectorLayerUtils.createFeature(layer, QgsGeometry.fromPointXY(position(2)), {})
    assert layer.startEditing()
    try:
        dialog = QgsAttributeDialog(layer, new, False)
        tabs = attachments_tab(dialog, qgis_app)
        page = tabs.widget(tabs.count() - 1)
        assert tabs.tabText(tabs.count() - 1) == "附件" and page.findChildren(AttachmentsWidget) == []
        [save_first] = [label for label in page.findChildren(QLabel) if label.objectName() == "AssetRegistrySaveFirst"]
        assert save_first.text() == "请先保存记录，然后即可添加照片和文档。"
    finally:
        layer.rollBack()


def attachments_tab(dialog, qgis_app):
    """The tab widget of a survey form QGIS built (QgsAttributeDialog, kept by the caller), shown as a user sees it."""
    from qgis.PyQt.QtWidgets import QTabWidget

    dialog.show()
    qgis_app.processEvents()
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    return tabs


def fields_in_tabs(layer) -> set[str]:
    """The fields a layer's tabbed form places, whatever their tab."""
    names = set()
    for tab in layer.editFormConfig().tabs():
        names |= {child.name() for child in tab.children()}
    return names


def editors_in_form(layer, qgis_app) -> set[str]:
    """The fields QGIS builds an editor for, in the form it opens on a new record."""
    from qgis.core import QgsVectorLayerUtils
    from qgis.gui import QgsAttributeDialog, QgsEditorWidgetWrapper

    dialog = QgsAttributeDialog(layer, QgsVectorLayerUtils.createFeature(layer), False)
    try:
        names = layer.fields().names()
        return {
            names[wrapper.fieldIdx()]
            for widget in dialog.attributeForm().findChildren(QWidget)
            if (wrapper := QgsEditorWidgetWrapper.fromWidget(widget)) is not None
        }
    finally:
        dialog.deleteLater()
        qgis_app.processEvents()


def test_each_survey_form_has_only_its_kinds_fields(lights_db, standard, qgis_new_project, qgis_app):
    """The standard 1.1 names the kinds of the inspection record's kind-specific fields (x-kinds): a tree survey's
    form has the tree's fields and no PCI or BCI; a road survey's has the PCI and no tree field."""
    from asset_registry.qgis_common.survey_layers import fields_of_other_kinds, survey_layer

    record = standard.delivery_class("inspection")
    assert record.field("pci").kinds == ("road_survey",) and record.field("notes").kinds == ()
    tree_fields = {"vigour", "lean_deg", "pests", "tree_risk"}
    road_fields = {"pci", "rqi", "rdi", "condition_grade", "road_name"}
    bridge_fields = {"bci", "bci_grade", "bci_deck"}
    common = {"inspection_id", "kind", "component_id", "inspected_at", "inspector", "status_found", "notes"}
    assert (tree_fields | road_fields | bridge_fields) <= fields_of_other_kinds(record, "lighting_patrol")

    trees = survey_layer(lights_db, standard, "tree_survey", 4547)
    roads = survey_layer(lights_db, standard, "road_survey", 4547)
    for layer, own, others in (
        (trees, tree_fields, road_fields | bridge_fields),
        (roads, road_fields, tree_fields | bridge_fields),
    ):
        for shown in (fields_in_tabs(layer), editors_in_form(layer, qgis_app)):
            assert own | common <= shown
            assert not (others | {"lit"}) & shown
