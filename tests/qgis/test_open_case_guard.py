"""Deleting or retiring an asset with open cases asks first and names the cases (issue 17): the guard the
plugin puts on a registry layer, in the real QGIS edit buffer against a real registry. The user's answer is
the one thing given by the test."""

from __future__ import annotations

import pytest
from asset_registry.storage import localpg, migrate
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases, transition

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import numbered_lights, write_geojson

LIGHT_1, LIGHT_2, LIGHT_3 = "44040201037000001", "44040201037000002", "44040201037000003"


@pytest.fixture
def cased_registry(standard, profile, tmp_path):
    """Three lights: the first with an open case (ZH-1, reported), the second with a cancelled one only."""
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_guard")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    import_delivery(dsn, write_geojson(tmp_path / "l.geojson", numbered_lights(3)), standard, profile, "streetlight")
    with connection(dsn) as conn:
        for case_no, light in (("ZH-1", LIGHT_1), ("ZH-2", LIGHT_2)):
            case = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "case_no": case_no}
            report_cases(conn, [{**case, "assets": [{"family": "streetlight", "component_id": light}]}])
        (cancelled,) = query(dsn, "SELECT id, version FROM assetreg.work_order WHERE case_no = 'ZH-2'")
        transition(conn, cancelled[0], cancelled[1], "cancel", "重复 / duplicate")
    yield dsn
    drop_database(name)


class Answer:
    def __init__(self, go_on: bool):
        self.go_on, self.asked = go_on, []

    def __call__(self, title: str, question: str) -> bool:
        self.asked.append((title, question))
        return self.go_on


def guarded(dsn, standard, answer):
    from asset_registry.qgis_common.layers import make_layer
    from asset_registry.qgis_common.open_case_guard import guard_registry_layer

    layer = make_layer(dsn, standard, "streetlight")
    guard = guard_registry_layer(layer, standard, answer)
    assert guard is not None and guard_registry_layer(layer, standard, answer) is None  # one guard a layer
    assert layer.startEditing()
    return layer, guard, {f["component_id"]: f.id() for f in layer.getFeatures()}


def delete(layer, fids) -> None:
    """As QGIS's delete action does: one edit command."""
    layer.beginEditCommand("delete")
    assert layer.deleteFeatures(fids)
    layer.endEditCommand()


def test_deleting_an_asset_with_an_open_case_asks_and_a_no_keeps_it(cased_registry, standard, qgis_app):
    answer = Answer(go_on=False)
    layer, guard, fids = guarded(cased_registry, standard, answer)
    delete(layer, [fids[LIGHT_1], fids[LIGHT_3]])
    qgis_app.processEvents()  # the guard asks once the deletion's edit command is done
    assert len(answer.asked) == 1
    title, question = answer.asked[0]
    assert title == "部件还有未结案卷"
    reported = standard.codelists["work_order_status"].label("reported", "zh")
    assert f"44040201037000001：案卷 ZH-1（{reported}）" in question
    assert "ZH-2" not in question and LIGHT_3 not in question  # a cancelled case is no open one
    assert layer.editBuffer().deletedFeatureIds() == []  # the "no" undid the whole deletion
    assert layer.commitChanges()
    assert query(cased_registry, "SELECT count(*) FROM assetreg.streetlight") == [(3,)]


def test_a_yes_deletes_and_an_asset_without_open_cases_is_deleted_without_a_question(cased_registry, standard, qgis_app):
    answer = Answer(go_on=True)
    layer, guard, fids = guarded(cased_registry, standard, answer)
    delete(layer, [fids[LIGHT_2], fids[LIGHT_3]])  # only a cancelled case: nothing to ask
    qgis_app.processEvents()
    assert answer.asked == []
    delete(layer, [fids[LIGHT_1]])
    qgis_app.processEvents()
    assert len(answer.asked) == 1
    assert layer.commitChanges()
    assert query(cased_registry, "SELECT count(*) FROM assetreg.streetlight") == [(0,)]


@pytest.mark.parametrize("locale, lang", [("zh_CN", "zh"), ("en_US", "en")])
def test_retiring_an_asset_with_an_open_case_asks_in_the_users_language(cased_registry, standard, qgis_app, locale, lang):
    from tests.qgis.conftest import set_locale

    assert set_locale(locale) == lang
    answer = Answer(go_on=False)
    layer, guard, fids = guarded(cased_registry, standard, answer)
    status = layer.fields().indexFromName("status")
    layer.beginEditCommand("form")
    layer.changeAttributeValue(fids[LIGHT_1], status, "removed")
    layer.endEditCommand()
    qgis_app.processEvents()
    ((title, question),) = answer.asked
    if lang == "en":
        assert "set to abandoned or removed" in question and "44040201037000001: case ZH-1 (" in question
    else:
        assert "改为废弃或移除" in question
    assert layer.getFeature(fids[LIGHT_1])["status"] == "intact"  # undone
    layer.changeAttributeValue(fids[LIGHT_1], status, "damaged")  # not a retirement: no question
    qgis_app.processEvents()
    assert len(answer.asked) == 1
    assert layer.commitChanges()
    assert query(cased_registry, "SELECT status FROM assetreg.streetlight WHERE component_id = %s", (LIGHT_1,)) == [("damaged",)]


def test_the_plugin_guards_every_registry_layer_added_to_the_project(cased_registry, standard, qgis_iface, qgis_processing):
    from asset_registry import classFactory
    from asset_registry.qgis_common.layers import make_layer
    from asset_registry.qgis_common.open_case_guard import OpenCaseGuard
    from qgis.core import QgsProject, QgsVectorLayer

    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        layer = make_layer(cased_registry, standard, "streetlight")
        scratch = QgsVectorLayer("Point?crs=EPSG:4547", "scratch", "memory")
        QgsProject.instance().addMapLayers([layer, scratch])
        assert layer.findChild(OpenCaseGuard) is not None and scratch.findChild(OpenCaseGuard) is None
    finally:
        plugin.unload()
        QgsProject.instance().removeAllMapLayers()
    later = make_layer(cased_registry, standard, "streetlight")
    QgsProject.instance().addMapLayer(later)  # the plugin unloaded: no guard any more
    assert later.findChild(OpenCaseGuard) is None
    QgsProject.instance().removeAllMapLayers()


def test_the_retiring_statuses_are_the_ones_the_standard_marks(cased_registry, standard, qgis_app, tmp_path):
    """The guard asks about the statuses the status code list marks out of service (x-out-of-service), so a
    standard that marked "lost" as well would be asked about on "lost"; nothing is written in Python."""
    import json
    import shutil

    from asset_registry.core.standard import Standard, standards_dir

    assert standard.codelists["component_status"].out_of_service == ("abandoned", "removed")
    shutil.copytree(standards_dir() / standard.version, tmp_path / standard.version)
    marked = tmp_path / standard.version / "codelists" / "component_status.json"
    body = json.loads(marked.read_text(encoding="utf-8"))
    marked.write_text(json.dumps({**body, "x-out-of-service": ["lost"]}, ensure_ascii=False), encoding="utf-8")
    answer = Answer(go_on=True)
    layer, _, fids = guarded(cased_registry, Standard(standard.version, root=tmp_path), answer)
    status = layer.fields().indexFromName("status")
    for value, questions in (("removed", 0), ("lost", 1)):
        layer.changeAttributeValue(fids[LIGHT_1], status, value)
        qgis_app.processEvents()
        assert len(answer.asked) == questions, value
