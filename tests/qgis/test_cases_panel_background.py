"""The cases panel (gui/cases_dock.py) in a real QGIS, issue 13's gaps: the time left before a deadline whose limit
is in calendar hours is counted on the wall clock (day and night), and the panel reads in the background, with a
busy state, so QGIS stays responsive while the registry is slow (here: held up by a lock)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import psycopg2
import pytest
from asset_registry.core.case_panel import hours_and_minutes
from asset_registry.core.messages import text
from asset_registry.gui.cases_dock import AssetRegistryCasesDock
from asset_registry.storage.connection import connection
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QEventLoop, QTimer

from tests.db.conftest import query
from tests.qgis.test_cases_panel import listed, report

# an emergency streetlight fault repaired through the night: limits in calendar hours, before the profile's own
# rule for 01037 and emergency (the first of equally specific rules wins)
CALENDAR_RULE = {
    "matter_class": "01037",
    "urgency": "emergency",
    "handling": {"amount": 12, "unit": "calendar_hours"},
    "closing": {"amount": 48, "unit": "calendar_hours"},
}


@pytest.fixture
def dock(lights_db, qgis_new_project):
    panel = AssetRegistryCasesDock(dsn=lights_db)
    yield panel
    panel.close()
    panel.deleteLater()


def left_texts(due: datetime, earliest: datetime, latest: datetime, message: str) -> set[str]:
    """The time-left texts the panel may show for a deadline, read between two moments (a minute may turn)."""
    return {
        text(message, "zh", hours=hours, minutes=minutes)
        for hours, minutes in (hours_and_minutes(due - earliest), hours_and_minutes(due - latest))
    }


def test_a_calendar_hour_limit_counts_time_left_on_the_wall_clock(dock, lights_db):
    with connection(lights_db) as conn, conn, conn.cursor() as cur:  # committed
        cur.execute(
            "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{case_time_limits,rules}',"
            " %s::jsonb || (body -> 'case_time_limits' -> 'rules'))",
            (json.dumps([CALENDAR_RULE]),),
        )
    case_id, _ = report(lights_db, ("accept", "register", "dispatch"), urgency="emergency")
    ordinary_id, _ = report(lights_db, ("accept", "register", "dispatch"))  # working days, as before
    handling_due, closing_due = query(
        lights_db, "SELECT handling_deadline, closing_deadline FROM assetreg.work_order WHERE id = %s", (case_id,)
    )[0]
    dispatched_at, registered_at = query(
        lights_db,
        "SELECT max(at) FILTER (WHERE action = 'dispatch'), max(at) FILTER (WHERE action = 'register')"
        " FROM assetreg.work_order_event WHERE work_order_id = %s",
        (case_id,),
    )[0]
    # the database set the deadlines by the calendar-hour rule: 12 and 48 hours on the wall clock
    assert (handling_due - dispatched_at, closing_due - registered_at) == (timedelta(hours=12), timedelta(hours=48))

    earliest = datetime.now(handling_due.tzinfo)
    dock.select_case(case_id)
    assert dock.wait_for_reads()
    latest = datetime.now(handling_due.tzinfo)
    shown = dock.deadlines_label.text().split("\n")
    assert dock.current_units == {"handling": "calendar_hours", "closing": "calendar_hours"}
    # 12 h (less the seconds since dispatch) on the wall clock: working time could never give 11 h 59 min in 12 hours
    assert any(left in shown[0] for left in left_texts(handling_due, earliest, latest, "qgis.cases_panel.time_left_calendar"))
    assert any(left in shown[1] for left in left_texts(closing_due, earliest, latest, "qgis.cases_panel.time_left_calendar"))
    assert "日历时间" in shown[0] and "工作时间" not in dock.deadlines_label.text()
    dock.resize(900, 700)
    dock.show()
    dock.grab().save("/tmp/casespeed-calendar.png")

    dock.select_case(ordinary_id)  # an ordinary 01037 case: its limits in working days, its time left in working time
    assert dock.wait_for_reads()
    assert dock.current_units == {"handling": "working_days", "closing": "working_days"}
    assert "工作时间" in dock.deadlines_label.text() and "日历时间" not in dock.deadlines_label.text()


def spin_until(condition, timeout_s: float = 20.0) -> bool:
    """Run QGIS's event loop until the condition holds (what a user's QGIS does meanwhile)."""
    loop_deadline = QTimer()
    loop_deadline.setSingleShot(True)
    loop_deadline.start(int(timeout_s * 1000))
    while not condition() and loop_deadline.isActive():
        QgsApplication.processEvents(QEventLoop.AllEvents, 20)
    return condition()


def test_the_panel_reads_in_the_background_with_a_busy_state(dock, lights_db):
    first, _ = report(lights_db)
    dock.reload()
    assert dock.wait_for_reads() and listed(dock) == [first]
    assert not dock.busy_bar.isVisibleTo(dock)
    second, _ = report(lights_db)
    # someone holds the case table (a long maintenance, a slow server): the panel's read waits for it
    blocker = psycopg2.connect(lights_db)
    blocker.cursor().execute("SET idle_in_transaction_session_timeout = '30s'")  # a broken test ends, never hangs
    blocker.cursor().execute("LOCK TABLE assetreg.work_order IN ACCESS EXCLUSIVE MODE")
    try:
        dock.reload()  # returns at once: the read is a QGIS task
        assert dock.reads.busy
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        # QGIS goes on: its event loop runs (the timer ticks) and the panel says it is reading
        assert spin_until(lambda: dock.busy_bar.isVisibleTo(dock) and len(ticks) >= 5)
        timer.stop()
        assert dock.busy_label.isVisibleTo(dock) and dock.busy_label.text() == "正在读取登记库…"
        assert dock.reads.busy and listed(dock) == [first]  # the list is still the one read before
        dock.show()
        dock.grab().save("/tmp/casespeed-busy.png")
        # closing the panel meanwhile does not wait for the registry: had it waited, the blocker's session
        # would have been ended by its timeout, and this statement would fail
        dock.close()
        blocker.cursor().execute("SELECT 1")
    finally:
        blocker.rollback()  # the lock goes: the read goes on
        blocker.close()
    assert dock.wait_for_reads()
    assert listed(dock) == [second, first] and not dock.busy_bar.isVisibleTo(dock)
    assert dock.reads._conn is None  # closed by the read once it ended
    dock.reload()  # shown again, it reads again
    assert dock.wait_for_reads() and listed(dock) == [second, first]


def test_only_the_newest_read_of_the_list_is_applied(dock, lights_db):
    reported, _ = report(lights_db)
    dispatched, _ = report(lights_db, ("accept", "register", "dispatch"))
    stage = dock.stage_filter
    for code in ("dispatched", "reported", None, "dispatched", "reported"):  # a user clicking through the stages
        stage.setCurrentIndex(stage.findData(code))
    assert dock.wait_for_reads()
    assert listed(dock) == [reported] and dispatched not in listed(dock)


def test_a_case_read_that_fails_is_said_in_words(dock, lights_db):
    dock.show_case(987654321)  # no such case
    assert dock.wait_for_reads()
    assert dock.current is None
    assert text("storage.case.not_found", "zh", case_id=987654321) in dock.message_label.text()


def test_the_cases_layer_draws_overdue_cases_last_without_symbol_levels(dock, lights_db):
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsProject
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    from tests.db.conftest import outside_the_flow

    late = [report(lights_db, ("accept", "register"), x=500000 + 40 * n)[0] for n in range(3)]
    on_time = [report(lights_db, ("accept", "register"), x=500020 + 40 * n)[0] for n in range(3)]
    outside_the_flow(
        lights_db, "UPDATE assetreg.work_order SET closing_deadline = now() - interval '1 hour' WHERE id = ANY(%s)", (late,)
    )
    layer = dock.add_cases_layer()
    try:
        drawn = [(feature["id"], feature["overdue"]) for feature in layer.getFeatures()]
        # the overdue cases come last, so QGIS draws them above the others; no symbol levels (a second pass)
        assert [overdue for _, overdue in drawn] == [False] * 3 + [True] * 3
        assert {case for case, _ in drawn[3:]} == set(late) and {case for case, _ in drawn[:3]} == set(on_time)
        assert not layer.renderer().usingSymbolLevels()
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layer.crs())
        settings.setOutputSize(QSize(400, 200))
        settings.setBackgroundColor(QColor("#ffffff"))
        settings.setExtent(layer.extent().buffered(30))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        job.renderedImage().save("/tmp/casespeed-layer.png")
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_deferred_case_shows_the_time_left_as_at_its_deferral(dock, lights_db):
    from tests.db.conftest import outside_the_flow

    with connection(lights_db) as conn, conn, conn.cursor() as cur:  # committed
        cur.execute(
            "UPDATE assetreg.city_profile SET body = jsonb_set(body, '{case_time_limits,rules}',"
            " %s::jsonb || (body -> 'case_time_limits' -> 'rules'))",
            (json.dumps([CALENDAR_RULE]),),
        )
    case_id, _ = report(lights_db, ("accept", "register", "defer"), urgency="emergency")
    # registered and deferred three hours ago (the closing deadline 48 calendar hours from then): at the deferral
    # all 48 hours were left, and they still are; counted from now, 45 would be
    outside_the_flow(
        lights_db,
        "UPDATE assetreg.work_order_event SET at = at - interval '3 hours' WHERE work_order_id = %(id)s;"
        " UPDATE assetreg.work_order SET closing_deadline = closing_deadline - interval '3 hours' WHERE id = %(id)s",
        {"id": case_id},
    )
    deferred_at, due = query(
        lights_db,
        "SELECT max(e.at) FILTER (WHERE e.action = 'defer'), w.closing_deadline FROM assetreg.work_order w"
        " JOIN assetreg.work_order_event e ON e.work_order_id = w.id WHERE w.id = %s GROUP BY w.closing_deadline",
        (case_id,),
    )[0]
    dock.select_case(case_id)
    assert dock.wait_for_reads()
    hours, minutes = hours_and_minutes(due - deferred_at)  # not from now: the clock stopped at the deferral
    assert hours == 47 and due - datetime.now(due.tzinfo) < timedelta(hours=45)
    closing = dock.deadlines_label.text().split("\n")[1]
    assert text("qgis.cases_panel.time_left_calendar", "zh", hours=hours, minutes=minutes) in closing
    assert text("qgis.cases_panel.clock_stopped", "zh") in dock.deadlines_label.text()
