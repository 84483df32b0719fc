"""Survey records saved from QGIS's survey forms (issue 13) become inspection records exactly as the same records
imported from a delivery would: linked to their asset and grid, validated by the standard's inspection record,
updating their asset's condition, counted in ``assetreg kpi intactness``; an invalid one is refused in words and
stays in the form. The forms' layers are QGIS's own postgres layers, saved by QGIS's own commit, with the plugin
loaded as QGIS loads it (its committer on every survey layer added to the project)."""

from __future__ import annotations

import json
import uuid

import psycopg2
import pytest
from asset_registry.storage import localpg, migrate, roles
from asset_registry.storage.areas import load_areas
from asset_registry.storage.importing import import_delivery
from qgis.core import QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayerTools, QgsVectorLayerUtils
from qgis.PyQt.QtCore import QCoreApplication, QDate, QDateTime, QTime

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import ROAD_LINE, XIANGZHOU_XY, road, square, tree, write_geojson
from tests.unit.test_cli import assetreg

ROAD = "44040200000000001"
TREE = "44040204002000001"
TREE_XY = (XIANGZHOU_XY[0] + 100.0, XIANGZHOU_XY[1] + 40.0)
WEST_GRID, EAST_GRID = "440402001001001", "440402001001002"
SURVEYED_AT = QDateTime(QDate(2026, 4, 2), QTime(10, 0))
# what the records keep of the form: everything but the registry's own keys and moments
RECORD_COLUMNS = (
    "inspection_id, kind, component_id, inspected_at, inspector, status_found, road_name, pci, condition_grade, vigour,"
    " notes, asset_family, located_grid, ST_AsText(geom)"
)


@pytest.fixture(scope="module")
def roads_and_trees_template(standard, profile, tmp_path_factory):
    """A registry with two roads and two trees, all intact, in 香洲区's two grids: the west one (the trees) and
    the east one (where the road survey is taken)."""
    folder = tmp_path_factory.mktemp("surveys")
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_surveys_tpl")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    x, y = XIANGZHOU_XY
    areas = [
        ({"level": "district", "code": "440402", "name": "香洲区"}, square(x - 2000, y - 2000, 4000)),
        ({"level": "grid", "code": WEST_GRID, "name": "网格1"}, square(x - 2000, y - 2000, 2150, 4000)),
        ({"level": "grid", "code": EAST_GRID, "name": "网格2"}, square(x + 150, y - 2000, 1850, 4000)),
    ]
    load_areas(dsn, write_geojson(folder / "areas.geojson", areas), profile)
    second_line = {"type": "LineString", "coordinates": [[452000, 2462300], [452400, 2462300]]}
    roads = [(road(), ROAD_LINE), (road(component_id="44040200000000002", road_name="凤凰路"), second_line)]
    trees = [(tree(), TREE_XY), (tree(component_id="44040204002000002"), (TREE_XY[0] + 50, TREE_XY[1]))]
    import_delivery(dsn, write_geojson(folder / "roads.geojson", roads), standard, profile, "road_segment")
    import_delivery(dsn, write_geojson(folder / "trees.geojson", trees), standard, profile, "tree")
    yield name
    drop_database(name)


@pytest.fixture
def two_registries(roads_and_trees_template):
    """Two copies of that registry: one for the forms, one for the same records imported from a file."""
    names = [new_database(roads_and_trees_template, prefix="assetreg_test_qgis_surveys") for _ in range(2)]
    yield [localpg.server_dsn(name) for name in names]
    for name in names:
        drop_database(name)


def login(dsn: str, role: str) -> str:
    """A new login with a registry role: a crew's or an editor's."""
    name = f"test_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:6]}"
    roles.grant(dsn, name, role)
    return psycopg2.extensions.make_dsn(dsn, user=name)


def open_survey_layer(dsn: str, standard, kind: str):
    from asset_registry.qgis_common.survey_commit import SurveyCommitter
    from asset_registry.qgis_common.survey_layers import survey_layer

    layer = survey_layer(dsn, standard, kind, 4547)
    assert layer.isValid(), layer.error().summary()
    QgsProject.instance().addMapLayer(layer)  # the plugin puts its committer on it, as on a project's layers
    committer = layer.findChild(SurveyCommitter)
    assert committer is not None
    return layer, committer


def enter(layer, values: dict, at: tuple[float, float] | None):
    """A record as the form makes it (the layer's defaults: kind, a UUID, now), with what the user typed."""
    fields = layer.fields()
    geometry = QgsGeometry.fromPointXY(QgsPointXY(*at)) if at else QgsGeometry()
    typed = {fields.indexFromName(name): value for name, value in values.items()}
    feature = QgsVectorLayerUtils.createFeature(layer, geometry, typed)
    assert layer.isEditable() or layer.startEditing()
    assert layer.addFeature(feature)
    return feature


def saved_records(dsn: str):
    return query(dsn, f"SELECT {RECORD_COLUMNS} FROM assetreg.inspection ORDER BY inspection_id")


def intactness(dsn: str) -> list[dict]:
    """The rows of ``assetreg kpi intactness --by grid`` (without the moment it was asked)."""
    run = assetreg("kpi", "intactness", "--by", "grid", "--format", "json", "--dsn", dsn)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["indicator"] == "intactness"
    return answer["rows"]


def test_road_and_tree_surveys_saved_from_the_forms_count_as_the_same_delivery_imported(
    plugin, standard, profile, two_registries, tmp_path
):
    form_db, file_db = two_registries
    assert intactness(form_db) == intactness(file_db)
    before = intactness(form_db)
    surveyor = login(form_db, "assetreg_editor")

    roads, road_committer = open_survey_layer(surveyor, standard, "road_survey")
    when = roads.editorWidgetSetup(roads.fields().indexFromName("inspected_at")).config()
    assert when["display_format"] == "yyyy-MM-dd HH:mm"  # the hour of a survey shown, not the date alone
    enter(roads, {"component_id": ROAD, "road_name": "人民路", "inspector": "王五", "inspected_at": SURVEYED_AT,
                  "status_found": "damaged", "pci": 55, "condition_grade": "D", "notes": "坑槽"},
          (XIANGZHOU_XY[0] + 200, XIANGZHOU_XY[1] + 2))  # fmt: skip
    assert roads.commitChanges(), roads.commitErrors()
    assert road_committer.last_refusal is None and road_committer.last_result.inserted == 1

    trees, tree_committer = open_survey_layer(surveyor, standard, "tree_survey")
    enter(trees, {"component_id": TREE, "inspector": "王五", "inspected_at": SURVEYED_AT, "status_found": "damaged",
                  "vigour": "weak"}, None)  # fmt: skip
    assert trees.commitChanges(), trees.commitErrors()
    assert tree_committer.last_result.inserted == 1
    QCoreApplication.processEvents()  # the layers reload: the records as the import registered them
    assert [f["component_id"] for f in roads.getFeatures()] == [ROAD]
    assert not roads.isEditable() and roads.editBuffer() is None

    # linked to their asset and grid, in a submission, as an import links them
    linked = query(
        form_db,
        "SELECT i.kind, i.asset_uid = coalesce(r.uid, t.uid), s.family, s.outcome,"
        " s.submitted_by LIKE 'test_editor_%%' FROM assetreg.inspection i JOIN assetreg.submission s ON s.id = i.submission_id"
        " LEFT JOIN assetreg.road_segment r ON r.component_id = i.component_id"
        " LEFT JOIN assetreg.tree t ON t.component_id = i.component_id ORDER BY i.kind",
    )
    assert linked == [("road_survey", True, "inspection", "accepted", True),
                      ("tree_survey", True, "inspection", "accepted", True)]  # fmt: skip
    # the road's at the position it was taken, the tree's (no position) its tree's
    assert query(form_db, "SELECT kind, located_grid FROM assetreg.inspection ORDER BY kind") == [
        ("road_survey", EAST_GRID), ("tree_survey", WEST_GRID)]  # fmt: skip
    assert query(form_db, "SELECT status, pci, condition_grade FROM assetreg.road_segment WHERE component_id = %s",
                 (ROAD,)) == [("damaged", 55, "D")]  # fmt: skip
    assert query(form_db, "SELECT status, vigour FROM assetreg.tree WHERE component_id = %s", (TREE,)) == [("damaged", "weak")]

    # the same records as a contractor's delivery, imported into the other copy
    records = query(
        form_db,
        "SELECT json_strip_nulls(json_build_object('inspection_id', inspection_id, 'kind', kind, 'component_id',"
        " component_id, 'inspected_at', inspected_at, 'inspector', inspector, 'status_found', status_found, 'road_name',"
        " road_name, 'pci', pci, 'condition_grade', condition_grade, 'vigour', vigour, 'notes', notes)),"
        " ST_AsGeoJSON(geom)::json FROM assetreg.inspection ORDER BY inspection_id",
    )
    delivery = write_geojson(tmp_path / "surveys.geojson", [(properties, geometry) for properties, geometry in records])
    imported = assetreg("import", str(delivery), "--class", "inspection", "--dsn", file_db)
    assert imported.returncode == 0, imported.stderr + imported.stdout

    assert saved_records(form_db) == saved_records(file_db)
    after = intactness(form_db)
    assert after == intactness(file_db)
    assert after != before  # the damaged road and tree count


def test_an_invalid_survey_is_refused_in_words_and_stays_in_the_form(plugin, standard, two_registries):
    form_db, _ = two_registries
    trees, committer = open_survey_layer(login(form_db, "assetreg_editor"), standard, "tree_survey")
    said = []
    committer.say = said.append
    before = intactness(form_db)

    # a tree survey names its tree (the standard's inspection record); this one does not, and leans past 90°
    entered = enter(trees, {"inspector": "王五", "vigour": "weak", "lean_deg": 120}, TREE_XY)
    trees.commitChanges()
    QCoreApplication.processEvents()  # the refused record goes back into the form's edit buffer
    assert query(form_db, "SELECT count(*) FROM assetreg.inspection") == [(0,)]
    assert query(form_db, "SELECT outcome FROM assetreg.submission WHERE family = 'inspection'") == [("rejected",)]
    assert len(said) == 1 and "巡查记录未保存" in said[0] and "管理部件标识码" in said[0] and "改正" in said[0]
    assert "Traceback" not in said[0] and "ERROR" not in said[0]
    assert committer.last_refusal.exit_code == 1
    assert "component identifier" in committer.last_refusal.message("en").lower()
    assert trees.isEditable()
    [kept] = list(trees.editBuffer().addedFeatures().values())
    assert kept["inspection_id"] == entered["inspection_id"] and kept["vigour"] == "weak"

    # corrected in the form, it is saved
    fields = trees.fields()
    trees.changeAttributeValue(kept.id(), fields.indexFromName("component_id"), TREE)
    trees.changeAttributeValue(kept.id(), fields.indexFromName("lean_deg"), 12)
    trees.changeAttributeValue(kept.id(), fields.indexFromName("status_found"), "damaged")
    assert trees.commitChanges(), trees.commitErrors()
    assert committer.last_refusal is None
    assert query(form_db, "SELECT component_id, asset_family, lean_deg FROM assetreg.inspection") == [(TREE, "tree", 12)]
    assert intactness(form_db) != before


def test_a_crews_direct_write_is_refused_and_the_plugin_less_survey_layer_says_why(standard, two_registries):
    """Without the plugin (plain QGIS, psql), a crew's record cannot bypass the import (db/app/46_inspection_guard.sql)."""
    from asset_registry.qgis_common.survey_layers import survey_layer
    from asset_registry.storage.errors import refusal

    form_db, _ = two_registries
    crew = login(form_db, "assetreg_crew")
    layer = survey_layer(crew, standard, "tree_survey", 4547)  # not in the project: no committer
    enter(layer, {"component_id": TREE, "inspector": "王五"}, TREE_XY)
    assert not layer.commitChanges()
    assert "refusal.inspection.only_through_an_import" in "\n".join(layer.commitErrors())
    layer.rollBack()
    conn = psycopg2.connect(crew)
    try:
        with pytest.raises(psycopg2.Error) as refused, conn, conn.cursor() as cur:
            cur.execute("INSERT INTO assetreg.inspection (inspection_id, kind, component_id, inspected_at)"
                        " VALUES ('X-1', 'tree_survey', %s, now())", (TREE,))  # fmt: skip
    finally:
        conn.close()
    assert refused.value.pgcode == "AR040"
    assert "只能通过导入" in refusal(refused.value).message("zh")
    assert query(form_db, "SELECT count(*) FROM assetreg.inspection") == [(0,)]


def direct_update(dsn: str, statement: str, values: tuple) -> psycopg2.Error | None:
    """What PostgreSQL answers a login's UPDATE (None: done)."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement, values)
    except psycopg2.Error as refused:
        return refused
    finally:
        conn.close()
    return None


def test_a_crew_saves_tree_and_road_surveys_and_may_change_no_other_column(plugin, standard, two_registries):
    """A crew's daily work is the survey: saved from the form, it updates the condition the records carry (a tree's
    vigour, a road's PCI); the crew's login may update exactly those columns (and status, remarks) and no other."""
    form_db, _ = two_registries
    crew = login(form_db, "assetreg_crew")

    trees, tree_committer = open_survey_layer(crew, standard, "tree_survey")
    enter(trees, {"component_id": TREE, "inspector": "王五", "inspected_at": SURVEYED_AT, "status_found": "damaged",
                  "vigour": "weak"}, None)  # fmt: skip
    assert trees.commitChanges(), trees.commitErrors()
    assert tree_committer.last_refusal is None and tree_committer.last_result.inserted == 1
    roads, road_committer = open_survey_layer(crew, standard, "road_survey")
    enter(roads, {"component_id": ROAD, "road_name": "人民路", "inspector": "王五", "inspected_at": SURVEYED_AT,
                  "pci": 55, "condition_grade": "D"}, (XIANGZHOU_XY[0] + 200, XIANGZHOU_XY[1] + 2))  # fmt: skip
    assert roads.commitChanges(), roads.commitErrors()
    assert road_committer.last_refusal is None and road_committer.last_result.inserted == 1
    assert query(form_db, "SELECT status, vigour FROM assetreg.tree WHERE component_id = %s", (TREE,)) == [("damaged", "weak")]
    assert query(form_db, "SELECT pci, condition_grade FROM assetreg.road_segment WHERE component_id = %s",
                 (ROAD,)) == [(55, "D")]  # fmt: skip

    # the crew's login, directly: any column but the condition ones is refused
    for statement, values in (
        ("UPDATE assetreg.tree SET species_zh = %s WHERE component_id = %s", ("樟树", TREE)),
        ("UPDATE assetreg.tree SET component_id = %s WHERE component_id = %s", ("44040204002000009", TREE)),
        ("UPDATE assetreg.tree SET age_years = %s WHERE component_id = %s", (99, TREE)),
        ("UPDATE assetreg.road_segment SET road_name = %s WHERE component_id = %s", ("改名路", ROAD)),
        ("UPDATE assetreg.road_segment SET geom = ST_Translate(geom, 10, 0) WHERE component_id = %s", (ROAD,)),
        ("UPDATE assetreg.bridge SET road_name = %s", ("改名路",)),
        ("DELETE FROM assetreg.tree WHERE component_id = %s", (TREE,)),
    ):
        refused = direct_update(crew, statement, values)
        assert refused is not None and refused.pgcode == "42501", statement  # insufficient_privilege
    assert query(form_db, "SELECT species_zh, age_years FROM assetreg.tree WHERE component_id = %s", (TREE,)) == [
        ("细叶榕", 40)]  # fmt: skip
    assert query(form_db, "SELECT road_name FROM assetreg.road_segment WHERE component_id = %s", (ROAD,)) == [("人民路",)]
    # and the columns granted are those the standard maps from an inspection (core/condition.py), no more
    granted = query(
        form_db,
        "SELECT table_name, column_name FROM information_schema.column_privileges WHERE grantee = 'assetreg_crew'"
        " AND privilege_type = 'UPDATE' AND table_name IN ('tree', 'road_segment') ORDER BY 1, 2",
    )
    assert granted == [
        ("road_segment", "change_date"), ("road_segment", "condition_grade"), ("road_segment", "pci"),
        ("road_segment", "remarks"), ("road_segment", "rqi"), ("road_segment", "status"), ("road_segment", "updated_at"),
        ("tree", "change_date"), ("tree", "remarks"), ("tree", "status"), ("tree", "updated_at"), ("tree", "vigour"),
    ]  # fmt: skip


class EditingTools(QgsVectorLayerTools):
    """What QGIS's own vector layer tools do for a form (pytest-qgis's interface has none): edit the layer."""

    def addFeature(self, layer, defaultValues=None, defaultGeometry=None, parentWidget=None, showModal=True, hideParent=False):
        return False, None

    def startEditing(self, layer):
        return layer.startEditing()

    def stopEditing(self, layer, allowCancel=True):
        return layer.commitChanges()

    def saveEdits(self, layer):
        return layer.commitChanges(False)


KEPT_TOOLS = [EditingTools()]  # a form keeps a bare pointer to its tools: they outlive every form of the session


def test_a_tree_survey_picks_its_tree_on_the_map_and_is_saved_linked_to_it(
    plugin, standard, profile, two_registries, qgis_app, qgis_iface
):
    """In the registry project the survey form's component field picks the asset the kind examines (a tree survey:
    the trees' layer, the standard's inspection_kind x-families) by a click on the map; saved, it is linked."""
    from asset_registry.qgis_common.project import build_project
    from asset_registry.qgis_common.sources import layer_plans_of
    from asset_registry.qgis_common.survey_commit import SurveyCommitter
    from asset_registry.qgis_common.survey_layers import picker_relation_id, survey_layer_id
    from qgis.core import QgsEditFormConfig, QgsRectangle
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext, QgsMapMouseEvent, QgsRelationReferenceWidget
    from qgis.PyQt.QtCore import QCoreApplication, QEvent, QPoint, Qt

    form_db, _ = two_registries
    canvas = qgis_iface.mapCanvas()
    project = build_project(QgsProject.instance(), form_db, standard, profile, "zh")
    try:
        trees = project.mapLayer(layer_plans_of(standard.family("tree"))[0].layer_id)
        surveys = project.mapLayer(survey_layer_id("tree_survey"))
        committer = surveys.findChild(SurveyCommitter)  # the plugin's, put on the project's survey layers
        assert committer is not None
        index = surveys.fields().indexFromName("component_id")
        setup = surveys.editorWidgetSetup(index)
        assert setup.type() == "RelationReference" and setup.config()["MapIdentification"] is True
        relation = project.relationManager().relation(setup.config()["Relation"])
        assert relation.id() == picker_relation_id("tree_survey") and relation.referencedLayerId() == trees.id()
        assert relation.fieldPairs() == {"component_id": "component_id"}
        roads = project.mapLayer(survey_layer_id("road_survey"))
        road_relation = project.relationManager().relation(roads.editorWidgetSetup(index).config()["Relation"])
        assert road_relation.referencedLayer().name() == standard.family("road_segment").title("zh")

        canvas.resize(800, 600)
        canvas.setDestinationCrs(trees.crs())
        canvas.setLayers([trees])
        canvas.setExtent(QgsRectangle(TREE_XY[0] - 100, TREE_XY[1] - 75, TREE_XY[0] + 100, TREE_XY[1] + 75))
        context = QgsAttributeEditorContext()
        context.setMapCanvas(canvas)
        tools = KEPT_TOOLS[0]
        context.setVectorLayerTools(tools)  # as QGIS gives a form: identifying on the map needs them
        form = surveys.editFormConfig()
        form.setInitCodeSource(QgsEditFormConfig.CodeSourceNone)  # QGIS's Python runner, which a test lacks, runs it
        surveys.setEditFormConfig(form)
        assert surveys.startEditing()
        values = {surveys.fields().indexFromName("inspector"): "王五", surveys.fields().indexFromName("status_found"): "damaged"}
        feature = QgsVectorLayerUtils.createFeature(surveys, QgsGeometry.fromPointXY(QgsPointXY(*TREE_XY)), values)
        dialog = QgsAttributeDialog(surveys, feature, False, None, True, context)
        dialog.setMode(QgsAttributeEditorContext.AddFeatureMode)
        pickers = dialog.attributeForm().findChildren(QgsRelationReferenceWidget)
        [picker] = [widget for widget in pickers if widget.objectName() == "component_id"]
        picker.setEditorContext(context, canvas, qgis_iface.messageBar())  # what the desktop's widget factory gives
        picker.mapIdentification()  # the form's "identify on map" button: the map tool picks a tree
        tool = canvas.mapTool()
        pixel = canvas.getCoordinateTransform().transform(QgsPointXY(*TREE_XY))
        click = QPoint(round(pixel.x()), round(pixel.y()))
        tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, click, Qt.LeftButton, Qt.NoButton))
        qgis_app.processEvents()
        assert picker.foreignKeys() == [TREE]
        dialog.accept()  # the record into the edit buffer, as the form's OK does
        dialog.deleteLater()
        # gone while the tools and layers it was given live: processEvents leaves deferred deletions pending, and a
        # form deleted after project.clear() reads freed layers (a crash at the session's end)
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        assert surveys.commitChanges(), surveys.commitErrors()
        assert committer.last_refusal is None and committer.last_result.inserted == 1
        assert query(form_db, "SELECT i.component_id, i.asset_uid = t.uid, i.located_grid FROM assetreg.inspection i"
                     " JOIN assetreg.tree t ON t.component_id = i.component_id") == [(TREE, True, WEST_GRID)]  # fmt: skip
    finally:
        canvas.unsetMapTool(canvas.mapTool())
        if surveys.isEditable():
            surveys.rollBack()
        project.clear()
