"""A saved asset's form has its inspections, cases, attachments (photos shown) and history as tabs; the history
says what changed in words, and shows the asset as it was on a chosen day (issue 17). The form is QGIS's own
attribute dialog, with the record widget registered as the plugin registers it."""

from __future__ import annotations

import datetime

import pytest
from asset_registry.storage import localpg, migrate
from asset_registry.storage.attachments import add as add_attachment
from asset_registry.storage.connection import connection
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import report_cases

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import XIANGZHOU_XY, numbered_lights, write_geojson

LIGHT = "44040201037000001"


@pytest.fixture(scope="module")
def recorded_registry(standard, profile, tmp_path_factory):
    """One light with an inspection, a case with a photo, and a change two days after it was registered
    (moved 3.2 m east, status intact -> damaged)."""
    from qgis.PyQt.QtGui import QColor, QImage

    folder = tmp_path_factory.mktemp("record")
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_record")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    import_delivery(dsn, write_geojson(folder / "l.geojson", numbered_lights(1)), standard, profile, "streetlight")
    # registered three days ago (set past the triggers: no history entry of its own)
    query(dsn, "SET session_replication_role = replica; UPDATE assetreg.streetlight SET created_at = now() - interval '3 days'")
    (uid,) = query(dsn, "SELECT uid::text FROM assetreg.streetlight")[0]
    query(
        dsn,
        "INSERT INTO assetreg.inspection (inspection_id, kind, component_id, inspected_at, inspector, status_found,"
        " asset_family, asset_uid) VALUES ('XJ-001', 'lighting_patrol', %s, now() - interval '2 days', '李巡查', 'damaged',"
        " 'streetlight', %s)",
        (LIGHT, uid),
    )
    photo = folder / "灯杆.png"
    image = QImage(320, 240, QImage.Format_RGB32)
    image.fill(QColor("#1e88e5"))
    assert image.save(str(photo))
    with connection(dsn) as conn:
        case = {"matter_code": "44040201037", "source": "patrol", "description": "灯不亮", "case_no": "ZH-7"}
        (reported,) = report_cases(conn, [{**case, "assets": [{"family": "streetlight", "component_id": LIGHT}]}])
        add_attachment(conn, photo, work_order_id=reported.id)
        conn.commit()
    x, y = XIANGZHOU_XY[0] + 30, XIANGZHOU_XY[1]
    query(
        dsn,
        "UPDATE assetreg.streetlight SET geom = ST_SetSRID(ST_MakePoint(%s, %s), 4547), status = 'damaged'",
        (x + 3.2, y),
    )
    yield dsn
    drop_database(name)


def open_form(layer, feature):
    """QGIS's attribute dialog of ``feature``, and the record widget's tabs in it (None where it has none)."""
    from asset_registry.gui.asset_record import register_record_widget
    from asset_registry.qgis_common.forms import RECORD_FIELD
    from qgis.gui import QgsAttributeDialog

    register_record_widget()
    dialog = QgsAttributeDialog(layer, feature, False)
    wrappers = [w for w in dialog.attributeForm().findChildren(object) if type(w).__name__ == "RecordWrapper"]
    index = layer.fields().indexFromName(RECORD_FIELD)
    tabs = next((w.widget() for w in wrappers if w.fieldIdx() == index), None)
    return dialog, tabs


def bring_to_front(widget) -> None:
    """Make the form's tabs holding ``widget`` current, as a user clicking them would."""
    from qgis.PyQt.QtWidgets import QTabWidget

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            pages = [parent.widget(i) for i in range(parent.count())]
            parent.setCurrentWidget(next(page for page in pages if page.isAncestorOf(widget)))
        parent = parent.parentWidget()


def test_a_saved_assets_form_has_its_record_as_tabs(recorded_registry, standard, qgis_app):
    from asset_registry.gui.asset_record import HistoryPanel, PlainAttachments
    from asset_registry.qgis_common.layers import make_layer
    from qgis.PyQt.QtCore import QDate

    layer = make_layer(recorded_registry, standard, "streetlight")
    dialog, tabs = open_form(layer, next(layer.getFeatures()))
    dialog.show()
    assert tabs.count() == 0, "the record is read when its tab is shown, not when the form opens"
    bring_to_front(tabs)
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["巡查（1）", "案卷（1）", "附件（1）", "历史"]
    inspections, cases, attachments, panel = (tabs.widget(i) for i in range(tabs.count()))
    assert inspections.item(0, 0).text() == "XJ-001" and inspections.item(0, 3).text() == "李巡查"
    damaged = standard.codelists["component_status"].label("damaged", "zh")
    assert inspections.item(0, 4).text() == damaged
    assert cases.item(0, 0).text() == "ZH-7" and cases.item(0, 3).text() == "灯不亮"
    assert isinstance(attachments, PlainAttachments) and len(attachments.thumbnails) == 1
    assert not attachments.thumbnails[0].pixmap().isNull()
    assert isinstance(panel, HistoryPanel)
    assert not panel.loaded and panel.changes.toPlainText() == "", "the history is read when its tab is shown"
    tabs.setCurrentWidget(panel)
    words = panel.changes.toPlainText()
    assert "位置移动了 3.2 米" in words and "管理部件状态：完好 → 破损" in words
    assert " postgres  修改" in words and " postgres  登记" in words  # who, and the registration last
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d")
    assert today in words  # when, in the city's time
    # as it was: two days ago intact, today damaged
    status_row = lambda: next(  # noqa: E731
        panel.then.item(r, 1).text() for r in range(panel.then.rowCount()) if panel.then.item(r, 0).text() == "管理部件状态"
    )
    assert status_row() == damaged
    panel.day.setDate(QDate.currentDate().addDays(-2))
    assert status_row() == standard.codelists["component_status"].label("intact", "zh")
    panel.day.setDate(QDate.currentDate().addDays(-5))
    assert panel.then.item(0, 0).text() == "当日尚未登记"
    dialog.deleteLater()


def test_an_asset_being_added_gets_no_record_tabs(recorded_registry, standard, qgis_app):
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsVectorLayerUtils

    layer = make_layer(recorded_registry, standard, "streetlight")
    assert layer.startEditing()
    dialog, tabs = open_form(layer, QgsVectorLayerUtils.createFeature(layer))
    # no tabs, and nothing to read when they would be shown
    assert tabs is None or (tabs.count() == 0 and tabs.pending is None)
    layer.rollBack()
    dialog.deleteLater()
