"""The cases panel (gui/cases_dock.py) in a real QGIS against a real registry: it lists and filters, runs an
action with the version it read, says a stale one is refused and reloads, offers exactly the actions the
database allows the login, links assets selected on the map, and keeps the cases layer current."""

from __future__ import annotations

import uuid

import psycopg2
import pytest
from asset_registry.core.messages import text
from asset_registry.gui.case_action_dialog import CaseActionDialog
from asset_registry.gui.cases_dock import AssetRegistryCasesDock
from asset_registry.storage import roles
from asset_registry.storage.connection import connection
from asset_registry.storage.workorders import ACTIONS, allowed_actions, report_cases, show_case, transition
from psycopg2 import sql
from qgis.core import QgsProject, QgsRenderContext

from tests.db.conftest import admin, query
from tests.db.test_workorders import PATHS, PAYLOAD, walk

LIGHT = "44040201037000002"


def report(dsn, path=(), **case):
    base = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "x": 500000, "y": 2460000}
    with connection(dsn) as conn:
        reported = report_cases(conn, [{**base, **case}])[0]
        return reported.id, walk(conn, reported.id, reported.version, path)


@pytest.fixture
def panel_cases(lights_db):
    """Two reported cases (one about a light, one hotline road damage), one dispatched, one closed."""
    made = {
        "light": report(lights_db, assets=[{"family": "streetlight", "component_id": LIGHT}])[0],
        "road": report(lights_db, source="hotline_12345", matter_code="44040206013", address="人民东路 88 号")[0],
        "dispatched": report(lights_db, PATHS["dispatched"])[0],
        "closed": report(lights_db, PATHS["closed"])[0],
    }
    return lights_db, made


@pytest.fixture
def dock(panel_cases, qgis_new_project):
    dsn, _ = panel_cases
    panel = AssetRegistryCasesDock(dsn=dsn)
    panel.reload()
    panel.wait_for_reads()
    yield panel
    panel.close()
    panel.deleteLater()


@pytest.fixture
def logins(lights_db):
    """login(role) -> DSN of a new login with that registry role (dropped afterwards)."""
    made = []

    def login(role: str) -> str:
        name = f"test_{role.removeprefix('assetreg_')}_{uuid.uuid4().hex[:6]}"
        roles.grant(lights_db, name, role)
        made.append(name)
        return psycopg2.extensions.make_dsn(lights_db, user=name)

    yield login
    database = psycopg2.extensions.parse_dsn(lights_db)["dbname"]
    for name in made:
        admin(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(name)), dbname=database)
        admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def listed(panel) -> list[int]:
    return [panel.table.item(row, 0).data(256) for row in range(panel.table.rowCount())]  # Qt.UserRole


def choose(panel, combo, value) -> None:
    """A filter chosen as a click does, and its list read (in the background) applied."""
    combo.setCurrentIndex(combo.findData(value))
    panel.wait_for_reads()


def test_the_panel_lists_and_filters(dock, panel_cases, standard):
    _, made = panel_cases
    # open cases by default, newest first; labels in Chinese from the standard
    assert listed(dock) == [made["dispatched"], made["road"], made["light"]]
    assert {dock.table.item(row, 1).text() for row in range(3)} == {"上报", "派遣"}
    assert dock.table.item(listed(dock).index(made["road"]), 3).text() == "道路破损"
    assert dock.table.horizontalHeaderItem(0).text() == "案件编号"
    assert "上报 2" in dock.counts_label.text() and "派遣 1" in dock.counts_label.text()
    choose(dock, dock.stage_filter, "dispatched")
    assert listed(dock) == [made["dispatched"]]
    choose(dock, dock.stage_filter, None)  # every stage
    assert set(listed(dock)) == set(made.values())
    choose(dock, dock.source_filter, "hotline_12345")
    assert listed(dock) == [made["road"]]
    choose(dock, dock.source_filter, None)
    choose(dock, dock.matter_filter, "01037")
    assert made["road"] not in listed(dock)
    choose(dock, dock.matter_filter, None)
    dock.search_edit.setText(LIGHT)
    dock.reload()
    dock.wait_for_reads()
    assert listed(dock) == [made["light"]]
    dock.search_edit.setText("人民东路")
    dock.reload()
    dock.wait_for_reads()
    assert listed(dock) == [made["road"]]


def test_selecting_a_case_shows_its_timeline_deadlines_and_assets_on_the_map(dock, panel_cases, lights_db, standard):
    from asset_registry.qgis_common.layers import make_layer

    _, made = panel_cases
    layer = make_layer(lights_db, standard)
    QgsProject.instance().addMapLayer(layer)
    dock.select_case(made["light"])
    dock.wait_for_reads()
    assert dock.current.id == made["light"]
    assert [f["component_id"] for f in layer.selectedFeatures()] == [LIGHT]
    dock.select_case(made["dispatched"])
    dock.wait_for_reads()
    timeline = dock.timeline
    assert timeline.rowCount() == 1 + len(PATHS["dispatched"])
    assert timeline.item(3, 2).text() == "派遣" and timeline.item(3, 4).text() == "派遣"
    assert timeline.item(0, 0).text().endswith("+08:00")
    assert PAYLOAD["maintainer"] in timeline.item(3, 6).text()
    assert "处置时限" in dock.deadlines_label.text() and "工作时间" in dock.deadlines_label.text()
    assert layer.selectedFeatureCount() == 0


def test_a_collector_filled_in_by_a_later_export_shows_in_the_timeline_in_words(dock):
    """The event a history load writes when a later export names a case's collector (66_case_history_fills.sql)."""
    from datetime import UTC, datetime

    from asset_registry.storage.workorders import CaseEvent

    fill = CaseEvent(8, datetime(2026, 12, 4, 1, 0, tzinfo=UTC), "importer", "fill_collector", "closed", "closed", None,
                     {"collector": "ZH-CJ-001", "submission": 12})  # fmt: skip
    dock._fill_timeline([fill])
    cells = [dock.timeline.item(0, column).text() for column in range(dock.timeline.columnCount())]
    assert cells[1:] == ["importer", "补录采集员", "结案", "结案", "", "信息采集员：ZH-CJ-001；提交编号：12"]
    dock.lang = "en"
    assert dock.action_label("fill_collector") == "Collector filled in"
    assert dock.payload_text(fill.payload) == "Collector: ZH-CJ-001; Submission: 12"


def test_an_action_through_the_panel_moves_the_case_and_a_stale_one_is_refused_in_words(dock, panel_cases, lights_db):
    _, made = panel_cases
    case_id = made["light"]
    dock.select_case(case_id)
    dock.wait_for_reads()
    assert dock.perform("accept")
    # the answer to the click is shown when the click returns, with no background read to wait for
    assert dock.current.version == 2 and dock.current.status == "accepted" and dock.timeline.rowCount() == 2
    dock.wait_for_reads()
    assert query(lights_db, "SELECT status, version FROM assetreg.work_order WHERE id = %s", (case_id,))[0] == ("accepted", 2)
    assert dock.current.version == 2 and dock.timeline.rowCount() == 2
    assert "受理完成" in dock.message_label.text()
    # its row and the counts follow at once, without listing again
    assert dock.table.item(listed(dock).index(case_id), 1).text() == "受理"
    assert "上报 1" in dock.counts_label.text() and "受理 1" in dock.counts_label.text()
    # someone else registers it meanwhile: the panel still holds version 2
    with connection(lights_db) as conn:
        transition(conn, case_id, 2, "register")
    assert not dock.perform("refuse", "重复上报")
    dock.wait_for_reads()
    conflict = text("refusal.case.version_conflict", "zh", case_id=case_id, current=3, expected=2)
    assert conflict in dock.message_label.text() and "已重新读取" in dock.message_label.text()
    assert query(lights_db, "SELECT status, version FROM assetreg.work_order WHERE id = %s", (case_id,))[0] == ("registered", 3)
    # reloaded: the new version and the actions of the new stage
    assert dock.current.version == 3 and dock.offered_actions() == ["dispatch", "defer", "cancel"]


def test_a_missing_reason_is_refused_in_words_and_nothing_changes(dock, panel_cases, lights_db):
    _, made = panel_cases
    dock.select_case(made["road"])
    dock.wait_for_reads()
    assert not dock.perform("cancel")
    dock.wait_for_reads()
    assert text("refusal.case.reason_needed", "zh", action="cancel") in dock.message_label.text()
    assert query(lights_db, "SELECT status FROM assetreg.work_order WHERE id = %s", (made["road"],))[0][0] == "reported"


@pytest.mark.parametrize("role", ("assetreg_crew", "assetreg_editor"))
def test_the_buttons_are_the_databases_allowed_actions_for_the_login(panel_cases, logins, role, qgis_new_project):
    lights_db, _ = panel_cases
    login = logins(role)
    at_stage = {stage: report(lights_db, path)[0] for stage, path in PATHS.items()}
    panel = AssetRegistryCasesDock(dsn=login)
    choose(panel, panel.stage_filter, None)
    offered_anywhere = set()
    try:
        with connection(login) as conn:
            for stage, case_id in at_stage.items():
                panel.select_case(case_id)
                panel.wait_for_reads()
                expected = [allowed.action for allowed in allowed_actions(conn, case_id)]
                assert panel.offered_actions() == expected, stage
                offered_anywhere |= set(expected)
                conn.rollback()
    finally:
        panel.close()
    if role == "assetreg_crew":
        assert offered_anywhere == {"start", "handle", "return"}  # 回退: what was wrongly sent to the crew
    else:
        assert offered_anywhere == set(ACTIONS)


def test_a_crew_handles_through_the_panel_with_notes_parts_and_cost(panel_cases, logins, qgis_new_project):
    lights_db, made = panel_cases
    crew = logins("assetreg_crew")
    panel = AssetRegistryCasesDock(dsn=crew)
    panel.reload()
    panel.wait_for_reads()
    try:
        panel.select_case(made["dispatched"])
        panel.wait_for_reads()
        assert panel.offered_actions() == ["start", "return"]
        assert panel.perform("start")
        panel.wait_for_reads()
        assert panel.offered_actions() == ["handle", "return"]
        assert panel.perform("handle", None, {"notes": "更换灯具", "parts": "LED 120W", "cost": 380.0})
        panel.wait_for_reads()
    finally:
        panel.close()
    with connection(lights_db) as conn:
        case = show_case(conn, made["dispatched"])
    assert (case.status, case.handled_notes, case.handled_parts, case.handled_cost) == ("handled", "更换灯具", "LED 120W", 380.0)


def test_the_action_dialog_asks_for_what_the_action_needs(standard, qgis_new_project):
    dispatch = CaseActionDialog(standard, "dispatch", needs_reason=False)
    dispatch.inputs["maintainer"].setText("路灯管理所")
    dispatch.inputs["crew"].setText("一班")
    assert dispatch.payload() == {"maintainer": "路灯管理所", "crew": "一班"} and dispatch.reason_text() is None
    assert dispatch.windowTitle() == "派遣"
    handle = CaseActionDialog(standard, "handle", needs_reason=False)
    assert set(handle.inputs) == {"notes", "parts", "cost"}
    rate = CaseActionDialog(standard, "rate", needs_reason=False)
    assert rate.payload()["satisfaction"] in standard.codelists["satisfaction"].codes
    refuse = CaseActionDialog(standard, "refuse", needs_reason=True)
    assert refuse.inputs == {} and refuse.reason.placeholderText() == "必填"


def test_link_and_unlink_the_assets_selected_on_the_map(dock, panel_cases, lights_db, standard):
    from asset_registry.qgis_common.layers import make_layer

    _, made = panel_cases
    layer = make_layer(lights_db, standard)
    QgsProject.instance().addMapLayer(layer)
    dock.select_case(made["road"])
    dock.wait_for_reads()
    layer.selectByExpression("\"component_id\" IN ('44040201037000003', '44040201037000004')")
    assert dock.change_links(unlink=False)
    dock.wait_for_reads()
    linked = "SELECT component_id FROM assetreg.work_order_asset WHERE work_order_id = %s ORDER BY 1"
    assert [row[0] for row in query(lights_db, linked, (made["road"],))] == ["44040201037000003", "44040201037000004"]
    layer.selectByExpression("\"component_id\" = '44040201037000003'")
    assert dock.change_links(unlink=True)
    dock.wait_for_reads()
    assert [row[0] for row in query(lights_db, linked, (made["road"],))] == ["44040201037000004"]
    layer.removeSelection()
    assert not dock.change_links(unlink=False)
    dock.wait_for_reads()
    assert "没有选中" in dock.message_label.text()


def test_the_cases_layer_holds_the_open_cases_and_follows_the_panels_actions(dock, panel_cases):
    _, made = panel_cases
    layer = dock.add_cases_layer()
    assert layer is not None and layer.isValid()
    assert layer.featureCount() == 3  # the closed one is not on the map
    assert dock.add_cases_layer() is layer  # once
    dock.select_case(made["road"])
    dock.wait_for_reads()
    assert dock.perform("cancel", "重复上报")
    dock.wait_for_reads()
    assert sorted(f["id"] for f in layer.getFeatures()) == sorted([made["light"], made["dispatched"]])
    labels = {category.label() for category in layer.renderer().categories()}
    assert {"上报", "上报（超期）", "派遣"} <= labels
    # every case is drawn, a reported one (no deadline yet, overdue NULL in the view) too
    context = QgsRenderContext()
    renderer = layer.renderer().clone()
    renderer.startRender(context, layer.fields())
    assert all(renderer.willRenderFeature(feature, context) for feature in layer.getFeatures())
    renderer.stopRender(context)


# -- the same steps as Processing algorithms ------------------------------------------------------------


def test_case_transition_algorithm_moves_the_case_and_refuses_in_words(panel_cases, qgis_processing):
    import processing
    from asset_registry.processing.provider import AssetRegistryProvider
    from qgis.core import QgsApplication, QgsProcessingException

    lights_db, made = panel_cases
    provider = AssetRegistryProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    try:
        dispatch = {"CASE_ID": made["dispatched"], "VERSION": 4, "DSN": lights_db}
        result = processing.run("asset_registry:case_transition", {**dispatch, "ACTION": ACTIONS.index("start")})
        assert result["VERSION"] == 5
        handled = {**dispatch, "VERSION": 5, "ACTION": ACTIONS.index("handle"), "NOTES": "更换灯具", "PARTS": "LED", "COST": 120}
        assert processing.run("asset_registry:case_transition", handled)["VERSION"] == 6
        with connection(lights_db) as conn:
            case = show_case(conn, made["dispatched"])
        assert (case.status, case.handled_notes, case.handled_cost) == ("handled", "更换灯具", 120.0)
        with pytest.raises(QgsProcessingException) as refused:
            processing.run("asset_registry:case_transition", {**handled, "ACTION": ACTIONS.index("verify")})  # stale
        assert text("refusal.case.version_conflict", "zh", case_id=made["dispatched"], current=6, expected=5) in str(
            refused.value
        )
    finally:
        QgsApplication.processingRegistry().removeProvider(provider)


def test_link_assets_algorithm_links_and_unlinks_the_selected_features(panel_cases, standard, qgis_processing):
    import processing
    from asset_registry.processing.provider import AssetRegistryProvider
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsApplication, QgsProcessingFeatureSourceDefinition

    lights_db, made = panel_cases
    provider = AssetRegistryProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    layer = make_layer(lights_db, standard)
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByExpression("\"component_id\" IN ('44040201037000005', '44040201037000006')")
        selected = QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True)
        linked = processing.run("asset_registry:link_assets", {"INPUT": selected, "CASE_ID": made["road"], "VERSION": 1})
        assert (linked["VERSION"], linked["COUNT"]) == (2, 2)
        unlinked = processing.run(
            "asset_registry:link_assets", {"INPUT": selected, "CASE_ID": made["road"], "VERSION": 2, "UNLINK": True}
        )
        assert unlinked["VERSION"] == 3
        assert query(lights_db, "SELECT count(*) FROM assetreg.work_order_asset WHERE work_order_id = %s", (made["road"],)) == [
            (0,)
        ]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
        QgsApplication.processingRegistry().removeProvider(provider)


def test_the_menu_opens_the_panel_once_on_the_plugins_connection(panel_cases, qgis_iface, qgis_processing):
    from asset_registry import classFactory
    from asset_registry.qgis_common.settings import DSN_SETTING, store_dsn, stored_dsn
    from qgis.core import QgsSettings

    lights_db, made = panel_cases
    before = stored_dsn()
    store_dsn(lights_db)
    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        menu_action = next(action for action in plugin.actions if action.text() == "案卷面板")
        menu_action.trigger()
        panel = plugin.cases_dock
        assert panel is not None and panel.wait_for_reads()
        assert panel.objectName() == "AssetRegistryCasesDock" and panel.windowTitle() == "案卷"
        assert set(listed(panel)) == {made["light"], made["road"], made["dispatched"]}
        assert plugin.open_cases_panel() is panel
    finally:
        plugin.unload()
        if before:
            store_dsn(before)
        else:  # the test profile (.qgis-settings, committed) keeps no setting of ours
            QgsSettings().remove(DSN_SETTING)
    assert plugin.cases_dock is None


def test_the_panel_shows_the_selected_cases_attachments(dock, panel_cases, lights_db, tmp_path, monkeypatch):
    from asset_registry.storage.attachments import attach
    from asset_registry.storage.filestore import STORE_ENV, open_store

    monkeypatch.setenv(STORE_ENV, str(tmp_path / "store"))
    _, made = panel_cases
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not much of a photo")
    with connection(lights_db) as conn:
        attach(conn, photo, open_store(str(tmp_path / "store")), work_order_id=made["light"])
    dock.select_case(made["light"])
    dock.wait_for_reads()
    assert [a.file_name for a in dock.attachments.attachments] == ["lamp.jpg"]
    assert dock.attachments.isEnabled() and dock.attachments.case_id == made["light"]
    dock.select_case(made["dispatched"])  # another case: its own attachments, none
    dock.wait_for_reads()
    assert dock.attachments.case_id == made["dispatched"] and dock.attachments.attachments == []
