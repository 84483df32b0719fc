"""The cases panel (案卷面板): the cases a user can see, filtered; counts per stage; a case's assets on the
map, its timeline and deadlines; the actions the database allows this login at this stage, each sending
the version it read. The rules live in the database (assetreg_app.case_allowed_actions, case_transition):
the panel asks, offers what it is told, and shows a refusal in the catalogue's words.

Reads and changes go through storage (case_list, workorders). The list, the counts and a case's detail are
read in the background (gui/background_reads.py: QGIS tasks on a connection of their own, the results applied
on the GUI thread, a busy bar meanwhile), so millions of cases never freeze QGIS; the changes (an action, a
link) are the user's own clicks and run on the panel's connection, each read after ending its transaction, so
the next one sees what others changed meanwhile."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

import psycopg2
from qgis.core import QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.case_panel import (
    CALENDAR_HOURS,
    OVERDUE_KINDS,
    CaseFilter,
    action_label,
    city_time,
    hours_and_minutes,
    time_left,
)
from ..core.errors import UserError
from ..core.messages import text
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..core.working_calendar import calendar_from_profile
from ..qgis_common.case_layer import LAYER_PROPERTY, make_cases_layer, refresh
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..qgis_common.settings import registry_dsn
from ..qgis_common.sources import registry_family
from ..storage import case_list, workorders
from .background_reads import BackgroundReads
from .case_action_dialog import CaseActionDialog

OBJECT_NAME = "AssetRegistryCasesDock"
OVERDUE_BACKGROUND = QColor("#ffcdd2")
REFUSAL_COLOUR = "#b71c1c"
# the period choices, in days back from today (None: every time)
PERIOD_DAYS = (None, 1, 7, 30, 365)
# the payload keys the timeline shows (each has its message qgis.cases_panel.payload.<key>)
PAYLOAD_SHOWN = (
    "maintainer",
    "crew",
    "notes",
    "parts",
    "cost",
    "satisfaction",
    "assets",
    "inspection_id",
    "collector",
    "submission",
)
# the busy bar shows only for a read that lasts: one of a few milliseconds would only flicker
BUSY_SHOWN_AFTER_MS = 150


class AssetRegistryCasesDock(Translated, QgsDockWidget):
    def __init__(self, iface=None, dsn: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.iface = iface
        self.dsn = dsn
        self.lang = ui_lang()
        self.standard = Standard()
        self.profile = load_profile(DEFAULT_PROFILE)
        self.calendar = calendar_from_profile(self.profile.body)
        self._conn = None
        self.current: workorders.Case | None = None
        self.current_units: dict[str, str | None] = {}  # the units of the shown case's time limits
        self.showing: int | None = None  # the case asked for last (shown once its read is applied)
        self.listing: case_list.CaseListing | None = None
        self.reads = BackgroundReads(lambda: self.dsn or registry_dsn(), self)
        self.reads.busyChanged.connect(self._busy_changed)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(lambda: self._show_busy(self.reads.busy))
        self.setWindowTitle(self.tr("Cases"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(self._filter_row())
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        layout.addLayout(self._busy_row())
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self._case_table())
        splitter.addWidget(self._detail_area())
        layout.addWidget(splitter, 1)
        self.setWidget(body)

    # -- labels from the standard and the catalogue -----------------------------------------------

    def label(self, codelist: str, code: str | None) -> str:
        return self.standard.codelists[codelist].label(code, self.lang) if code else ""

    def action_label(self, action: str) -> str:
        return action_label(action, self.lang)

    def district_label(self, code: str | None) -> str:
        return self.profile.admin_codes.get(code or "", {}).get(self.lang, code or "")

    # -- the filter row --------------------------------------------------------------------------

    def _filter_row(self) -> QGridLayout:
        grid = QGridLayout()
        self.stage_filter = self._combo("stage_filter", [(self.tr("Open cases"), "open"), (self.tr("All stages"), None)])
        for code in self.standard.codelists["work_order_status"].codes:
            self.stage_filter.addItem(self.label("work_order_status", code), code)
        overdue_labels = (self.tr("Handling overdue"), self.tr("Closing overdue"), self.tr("Any overdue"))
        self.overdue_filter = self._combo(
            "overdue_filter", [(self.tr("Overdue or not"), None), *zip(overdue_labels, OVERDUE_KINDS, strict=True)]
        )
        self.matter_filter = self._code_combo("matter_filter", "matter_class", self.tr("All matter classes"), with_code=True)
        self.source_filter = self._code_combo("source_filter", "work_order_source", self.tr("All sources"))
        districts = [(name[self.lang], code) for code, name in self.profile.admin_codes.items() if not code.endswith("00")]
        self.district_filter = self._combo("district_filter", [(self.tr("All districts"), None), *districts])
        self.maintainer_filter = QComboBox()
        self.maintainer_filter.setObjectName("maintainer_filter")
        self.maintainer_filter.setEditable(True)
        self.maintainer_filter.lineEdit().setPlaceholderText(self.tr("All maintainers"))
        self.maintainer_filter.lineEdit().returnPressed.connect(self.reload)
        period_labels = (
            self.tr("Any time"),
            self.tr("Today"),
            self.tr("Last 7 days"),
            self.tr("Last 30 days"),
            self.tr("Last year"),
        )
        self.period_filter = self._combo("period_filter", list(zip(period_labels, PERIOD_DAYS, strict=True)))
        self.mine_check = QCheckBox(self.tr("Mine"))
        self.mine_check.setObjectName("mine_filter")
        self.mine_check.toggled.connect(self.reload)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(self.tr("Case number, asset identifier or address"))
        self.search_edit.returnPressed.connect(self.reload)
        refresh_button = QPushButton(self.tr("Refresh"))
        refresh_button.setObjectName("refresh")
        refresh_button.clicked.connect(self.reload)
        layer_button = QPushButton(self.tr("Cases on the map"))
        layer_button.setObjectName("add_cases_layer")
        layer_button.clicked.connect(self.add_cases_layer)
        row_one = (self.stage_filter, self.overdue_filter, self.matter_filter, self.source_filter)
        row_two = (self.district_filter, self.maintainer_filter, self.period_filter, self.mine_check)
        for column, widget in enumerate(row_one):
            grid.addWidget(widget, 0, column)
        for column, widget in enumerate(row_two):
            grid.addWidget(widget, 1, column)
        grid.addWidget(self.search_edit, 2, 0, 1, 2)
        grid.addWidget(refresh_button, 2, 2)
        grid.addWidget(layer_button, 2, 3)
        return grid

    def _combo(self, name: str, items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for label, value in items:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self.reload)
        return combo

    def _code_combo(self, name: str, codelist: str, everything: str, with_code: bool = False) -> QComboBox:
        codes = self.standard.codelists[codelist]
        items = [
            (f"{code} {codes.label(code, self.lang)}" if with_code else codes.label(code, self.lang), code)
            for code in codes.codes
        ]
        return self._combo(name, [(everything, None), *items])

    def _busy_row(self) -> QHBoxLayout:
        """An indeterminate bar and a word while the panel reads: the list is not yet what the filter says."""
        row = QHBoxLayout()
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busy")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(12)
        self.busy_label = QLabel(self.tr("Reading the registry…"))
        self.busy_label.setObjectName("busy_label")
        row.addWidget(self.busy_label)
        row.addWidget(self.busy_bar, 1)
        for widget in (self.busy_label, self.busy_bar):  # its room kept: the list does not jump at each read
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self._show_busy(False)
        return row

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start(BUSY_SHOWN_AFTER_MS)
        else:
            self._busy_timer.stop()
            self._show_busy(False)

    def _show_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    def wait_for_reads(self, timeout_s: float = 30.0) -> bool:
        """Until the background reads asked for are applied (tests and the benchmark wait here)."""
        return self.reads.wait(timeout_s)

    def case_filter(self) -> CaseFilter:
        """The filter the row's widgets say."""
        stage = self.stage_filter.currentData()
        stages = case_list.open_stages() if stage == "open" else (stage,) if stage else ()
        days = self.period_filter.currentData()
        since = None
        if days:
            today = datetime.now(self.calendar.timezone).replace(hour=0, minute=0, second=0, microsecond=0)
            since = today - timedelta(days=days - 1)
        return CaseFilter(
            stages=stages,
            overdue=self.overdue_filter.currentData(),
            matter_class=self.matter_filter.currentData(),
            district=self.district_filter.currentData(),
            maintainer=self.maintainer_filter.currentText().strip() or None,
            source=self.source_filter.currentData(),
            reported_from=since,
            mine=self.mine_check.isChecked(),
            search=self.search_edit.text(),
        )

    # -- the list ----------------------------------------------------------------------------------

    def _case_table(self) -> QTableWidget:
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("cases_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Case number"),
                self.tr("Stage"),
                self.tr("Overdue"),
                self.tr("Matter class"),
                self.tr("Source"),
                self.tr("District"),
                self.tr("Maintainer"),
                self.tr("Reported at"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        return self.table

    def connection(self):
        from ..storage.connection import connect

        if self._conn is None or self._conn.closed:
            self._conn = connect(self.dsn or registry_dsn())
        return self._conn

    def _read(self, reader, *args):
        """A read on the GUI thread's connection, its transaction ended, so the next read sees fresh data."""
        conn = self.connection()
        try:
            return reader(conn, *args)
        finally:
            conn.rollback()

    def _read_failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.say(in_ui_lang(error), refused=True)
        else:  # a lost connection, a server gone: said in words, the panel stays usable (Refresh tries again)
            self.say(text("qgis.cases_panel.read_failed", self.lang, error=str(error).strip()), refused=True)

    def reload(self, *_ignored) -> None:
        """List the cases of the filter again (in the background), keeping the selected case selected (and
        re-read) if still listed."""
        if not hasattr(self, "table"):
            return  # a filter widget fired while the row is being built
        selected = self.case_filter()
        self.reads.read(
            "list",
            case_list.list_panel_cases,
            (selected,),
            lambda listing: self._listed(listing, selected),
            self._read_failed,
        )

    def _listed(self, listing: case_list.CaseListing, selected: CaseFilter) -> None:
        keep = self.current.id if self.current else None
        self.listing = listing
        self._fill_counts(listing, selected)
        self._fill_table(listing.rows, keep)
        if keep is not None and not any(row["id"] == keep for row in listing.rows):
            self.show_case(keep)  # changed out of the filter: still shown, with its new stage and actions

    def _fill_counts(self, listing: case_list.CaseListing, selected: CaseFilter | None = None) -> None:
        statuses = self.standard.codelists["work_order_status"]
        parts = [
            text("qgis.cases_panel.count", self.lang, stage=statuses.label(code, self.lang), count=listing.counts[code])
            for code in statuses.codes
            if code in listing.counts
        ]
        listed = "qgis.cases_panel.listed_newest" if listing.truncated else "qgis.cases_panel.listed"
        selected = selected or self.case_filter()
        note = text("qgis.cases_panel.finished_in_period_only", self.lang) if not selected.reported_from else ""
        self.counts_label.setText("   ".join(parts) + "\n" + text(listed, self.lang, count=len(listing.rows)) + note)

    def _fill_table(self, rows: list[dict[str, Any]], keep: int | None) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()  # a selection is of a row index: it would stay on whatever case comes there
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                row["case_no"],
                self.label("work_order_status", row["status"]),
                text("qgis.cases_panel.overdue", self.lang) if row["overdue"] else "",
                self.label("matter_class", row["matter_class"]),
                self.label("work_order_source", row["source"]),
                self.district_label(row["located_district"]),
                row["handling_unit"] or "",
                city_time(row["reported_at"], self.calendar),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, row["id"])
                if row["overdue"]:
                    item.setBackground(OVERDUE_BACKGROUND)
                self.table.setItem(index, column, item)
            if row["id"] == keep:
                self.table.selectRow(index)
        self.table.blockSignals(False)

    def _selection_changed(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.show_case(items[0].data(Qt.UserRole))

    def select_case(self, case_id: int) -> None:
        """Select a listed case in the table (as a click does)."""
        for index in range(self.table.rowCount()):
            if self.table.item(index, 0).data(Qt.UserRole) == case_id:
                self.table.selectRow(index)
                break
        if self.showing != case_id:
            self.show_case(case_id)  # the row was selected already (the list refilled under it), or is not listed

    # -- the detail area ---------------------------------------------------------------------------

    def _detail_area(self) -> QWidget:
        box = QGroupBox(self.tr("Case"))
        layout = QVBoxLayout(box)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.deadlines_label = QLabel()
        self.deadlines_label.setObjectName("deadlines")
        self.deadlines_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.deadlines_label)
        self.actions_row = QHBoxLayout()
        layout.addLayout(self.actions_row)
        links = QHBoxLayout()
        self.link_button = QPushButton(self.tr("Link selected assets"))
        self.link_button.setObjectName("link_assets")
        self.link_button.clicked.connect(lambda: self.change_links(unlink=False))
        self.unlink_button = QPushButton(self.tr("Unlink selected assets"))
        self.unlink_button.setObjectName("unlink_assets")
        self.unlink_button.clicked.connect(lambda: self.change_links(unlink=True))
        links.addWidget(self.link_button)
        links.addWidget(self.unlink_button)
        links.addStretch(1)
        layout.addLayout(links)
        self.message_label = QLabel()
        self.message_label.setObjectName("message")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.timeline = QTableWidget(0, 7)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Who"),
                self.tr("Action"),
                self.tr("From"),
                self.tr("To"),
                self.tr("Reason"),
                self.tr("Details"),
            ]
        )
        self.timeline.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.timeline, 1)
        # the case's photos and documents, shown for self.current; made on the first case shown, so a panel
        # that only lists never opens the file store
        self.attachments_slot = QVBoxLayout()
        self.attachments_slot.setObjectName("attachments_slot")
        layout.addLayout(self.attachments_slot)
        self.attachments = None
        self._set_case_widgets_enabled(False)
        return box

    def _set_case_widgets_enabled(self, enabled: bool) -> None:
        self.link_button.setEnabled(enabled)
        self.unlink_button.setEnabled(enabled)

    def show_case(self, case_id: int, then=None) -> None:
        """Read the case anew (in the background) and show it: summary, deadlines, timeline, the actions this
        login may take now; then ``then(case)``. Its buttons wait for the read: an action is sent with the
        version the panel shows."""
        self.showing = case_id
        self._set_actions_enabled(False)
        self.reads.read(
            "case", case_list.panel_case, (case_id,), lambda shown: self._show_read_case(shown, then), self._case_read_failed
        )

    def _case_read_failed(self, error: BaseException) -> None:
        self.current = None
        self._read_failed(error)

    def _show_read_case(self, shown: case_list.PanelCase, then=None) -> None:
        case = shown.case
        self.current, self.current_units = case, shown.units
        self._fill_summary(case)
        self._fill_deadlines(case)
        self._fill_timeline(case.events)
        self._fill_actions(shown.allowed)
        self._set_case_widgets_enabled(shown.links_open)
        self._show_attachments(case.id)
        self.show_on_map(case)
        if then is not None:
            then(case)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for index in range(self.actions_row.count()):
            widget = self.actions_row.itemAt(index).widget()
            if widget is not None:
                widget.setEnabled(enabled)
        if not enabled:
            self._set_case_widgets_enabled(False)

    def _show_attachments(self, case_id: int) -> None:
        from .attachments_widget import AttachmentsWidget

        if self.attachments is None:
            self.attachments = AttachmentsWidget(self.dsn or registry_dsn(), case_id=case_id, parent=self)
            self.attachments_slot.addWidget(self.attachments)
        else:
            self.attachments.set_owner(case_id=case_id)

    def _fill_summary(self, case: workorders.Case) -> None:
        lines = [
            text(
                "qgis.cases_panel.summary",
                self.lang,
                case_no=case.case_no,
                version=case.version,
                stage=self.label("work_order_status", case.status),
                matter=self.label("matter_class", case.matter_class),
            ),
            text("qgis.cases_panel.description", self.lang, description=case.description),
        ]
        if case.address:
            lines.append(text("qgis.cases_panel.address", self.lang, address=case.address))
        if case.handling_unit:
            lines.append(text("qgis.cases_panel.handled_by", self.lang, maintainer=case.handling_unit, crew=case.crew or "—"))
        if case.assets:
            assets = ", ".join(asset["component_id"] for asset in case.assets)
            lines.append(text("qgis.cases_panel.assets", self.lang, assets=assets))
        else:
            lines.append(text("qgis.cases_panel.no_assets", self.lang))
        self.summary_label.setText("\n".join(lines))

    def _fill_deadlines(self, case: workorders.Case) -> None:
        now = datetime.now(self.calendar.timezone)
        deferred = case.status == "deferred" and [event.at for event in case.events if event.action == "defer"]
        if deferred:  # 缓办 stops the clock (resuming moves the deadlines on): the time left as at the deferral
            now = max(deferred)
        units = self.current_units
        lines = [
            self._deadline_line(
                "qgis.cases_panel.handling_deadline", case.handling_deadline, case.handled_at, now, units.get("handling")
            ),
            self._deadline_line(
                "qgis.cases_panel.closing_deadline", case.closing_deadline, case.closed_at, now, units.get("closing")
            ),
        ]
        if deferred:
            lines.append(text("qgis.cases_panel.clock_stopped", self.lang))
        self.deadlines_label.setText("\n".join(lines))

    def _deadline_line(
        self, which: str, due: datetime | None, met_at: datetime | None, now: datetime, unit: str | None = None
    ) -> str:
        """A deadline, and whether it was met, or the time left in the clock of its limit (calendar hours on the
        wall clock, the rest in working time)."""
        name = text(which, self.lang)
        if due is None:
            return text("qgis.cases_panel.deadline_not_set", self.lang, which=name)
        if met_at is not None:
            state = text("qgis.cases_panel.deadline_met" if met_at <= due else "qgis.cases_panel.deadline_missed", self.lang)
        else:
            left = time_left(now, due, unit, self.calendar)
            hours, minutes = hours_and_minutes(left)
            message = "qgis.cases_panel.time_left" if left >= timedelta() else "qgis.cases_panel.time_over"
            state = text(
                message + "_calendar" if unit == CALENDAR_HOURS else message,
                self.lang,
                hours=hours,
                minutes=minutes,
            )
        return text("qgis.cases_panel.deadline", self.lang, which=name, due=city_time(due, self.calendar), left=state)

    def _fill_timeline(self, events: list[workorders.CaseEvent]) -> None:
        self.timeline.setRowCount(len(events))
        for index, event in enumerate(events):
            cells = (
                city_time(event.at, self.calendar),
                event.actor,
                self.action_label(event.action),
                self.label("work_order_status", event.from_status),
                self.label("work_order_status", event.to_status),
                event.reason or "",
                self.payload_text(event.payload),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # a long payload or reason is cut in its cell
                self.timeline.setItem(index, column, item)

    def payload_text(self, payload: dict[str, Any] | None) -> str:
        """What an event's payload says, in words: the keys the flow reads (maintainer, notes, cost …) and the
        assets; the rest (the reported case's own fields, shown above) left out."""
        parts = []
        for key in PAYLOAD_SHOWN:  # in this order, not the JSON object's
            value = (payload or {}).get(key)
            if value in (None, "", []):
                continue
            if key == "assets":
                value = ", ".join(str(asset.get("component_id") or asset.get("uid")) for asset in value)
            elif key == "satisfaction":
                value = self.label("satisfaction", value)
            parts.append(text(f"qgis.cases_panel.payload.{key}", self.lang, value=value))
        return text("qgis.cases_panel.payload_separator", self.lang).join(parts)

    def action_button_text(self, choice: workorders.AllowedAction) -> str:
        """The action, and the stage it leads to when that has another name (resume → registered)."""
        action, stage = self.action_label(choice.action), self.label("work_order_status", choice.to_status)
        return action if stage == action else text("qgis.cases_panel.action_to", self.lang, action=action, stage=stage)

    def _fill_actions(self, allowed: list[workorders.AllowedAction]) -> None:
        while self.actions_row.count():
            widget = self.actions_row.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for choice in allowed:
            button = QPushButton(self.action_button_text(choice))
            button.setObjectName(f"case_action_{choice.action}")
            button.setProperty("case_action", choice.action)
            button.clicked.connect(lambda _checked=False, c=choice: self.ask_and_perform(c))
            self.actions_row.addWidget(button)
        self.actions_row.addStretch(1)

    def offered_actions(self) -> list[str]:
        """The actions the panel's buttons offer now, in their order."""
        found = (self.actions_row.itemAt(i).widget() for i in range(self.actions_row.count()))
        return [widget.property("case_action") for widget in found if isinstance(widget, QPushButton)]

    # -- acting ------------------------------------------------------------------------------------

    def ask_and_perform(self, choice: workorders.AllowedAction) -> bool:
        dialog = CaseActionDialog(self.standard, choice.action, choice.needs_reason, self)
        if dialog.exec_() != QDialog.Accepted:
            return False
        return self.perform(choice.action, dialog.reason_text(), dialog.payload())

    def perform(self, action: str, reason: str | None = None, payload: dict[str, Any] | None = None) -> bool:
        """Run an action on the shown case with the version the panel read; a refusal (a stale version among
        them) is said in words and the panel reloads."""
        if self.current is None:
            return False
        case = self.current
        try:
            version = workorders.transition(self.connection(), case.id, case.version, action, reason, payload)
        except UserError as exc:
            self.reload()
            self.show_case(case.id)
            self.say(text("qgis.cases_panel.refused_reloaded", self.lang, refusal=in_ui_lang(exc)), refused=True)
            return False
        self._after_change(case.id, case.status)
        self.say(
            text("qgis.cases_panel.done", self.lang, case_no=case.case_no, action=self.action_label(action), version=version)
        )
        return True

    def change_links(self, unlink: bool) -> bool:
        """Link (or unlink) the registry assets selected on the map to the shown case."""
        if self.current is None:
            return False
        assets = selected_registry_assets(self.standard)
        if not assets:
            self.say(text("qgis.cases_panel.nothing_selected_on_map", self.lang), refused=True)
            return False
        change = workorders.unlink_assets if unlink else workorders.link_assets
        case = self.current
        try:
            version = change(self.connection(), case.id, case.version, assets)
        except UserError as exc:
            self.reload()
            self.show_case(case.id)
            self.say(text("qgis.cases_panel.refused_reloaded", self.lang, refusal=in_ui_lang(exc)), refused=True)
            return False
        self._after_change(case.id, case.status)
        action = self.action_label("unlink" if unlink else "link")
        self.say(text("qgis.cases_panel.done", self.lang, case_no=case.case_no, action=action, version=version))
        return True

    def _after_change(self, case_id: int, status_before: str) -> None:
        """After the panel's own change: the case read anew (stage, version, timeline, actions), its row and the
        counts per stage updated in place; the rest of the list is not read again (a round trip on millions of
        cases, bench/desktop_cases.py): Refresh does that. The case stays listed, with its new stage.

        The case is read on the connection that has just written it, before the click returns: it is the answer
        to the user's action (one short read after the write, which also runs here), and handing it to a
        background task cost more than the read itself on a loaded machine. Should it fail, it is read in the
        background as any other."""
        follow = partial(self._row_and_counts_follow, status_before=status_before)
        self.reads.supersede("case")
        try:
            shown = self._read(case_list.panel_case, case_id)
        except (UserError, psycopg2.Error):
            self.show_case(case_id, then=follow)
        else:
            self.showing = case_id
            self._show_read_case(shown, then=follow)
        layer = self.cases_layer()
        if layer is not None:
            refresh(layer)

    def _row_and_counts_follow(self, case: workorders.Case, status_before: str) -> None:
        if self.listing is not None:
            self._update_row(case)
            self._move_count(status_before, case.status)

    def _update_row(self, case: workorders.Case) -> None:
        for index in range(self.table.rowCount()):
            if self.table.item(index, 0).data(Qt.UserRole) == case.id:
                self.table.item(index, 1).setText(self.label("work_order_status", case.status))
                self.table.item(index, 2).setText(text("qgis.cases_panel.overdue", self.lang) if case.overdue else "")
                self.table.item(index, 6).setText(case.handling_unit or "")

    def _move_count(self, before: str, after: str) -> None:
        """One case moved from one stage to another: the counts say so (a stage counted only as stage_counts
        counts it: finished ones within a period)."""
        if before == after:
            return
        counts = self.listing.counts
        if before in counts:
            counts[before] -= 1
            if not counts[before]:
                del counts[before]  # as stage_counts: a stage without cases is not named
        if after in case_list.open_stages() or self.case_filter().reported_from:
            counts[after] = counts.get(after, 0) + 1
        self._fill_counts(self.listing)

    def say(self, message: str, refused: bool = False) -> None:
        self.message_label.setStyleSheet(f"color: {REFUSAL_COLOUR};" if refused else "")
        self.message_label.setText(message)

    # -- the map -----------------------------------------------------------------------------------

    def cases_layer(self) -> QgsVectorLayer | None:
        for layer in QgsProject.instance().mapLayers().values():
            if layer.customProperty(LAYER_PROPERTY):
                return layer
        return None

    def add_cases_layer(self) -> QgsVectorLayer | None:
        """The cases layer, added to the project once (refreshed if it is there already)."""
        layer = self.cases_layer()
        if layer is not None:
            refresh(layer)
            return layer
        layer = make_cases_layer(self.dsn or registry_dsn(), self.standard, self.profile.registry_srid, self.lang)
        if not layer.isValid():
            self.say(
                text("qgis.layer.unavailable", self.lang, family=text("qgis.cases_panel.layer_name", self.lang)), refused=True
            )
            return None
        QgsProject.instance().addMapLayer(layer)
        return layer

    def show_on_map(self, case: workorders.Case) -> None:
        """Select the case's assets on the registry layers of the project and zoom to them."""
        by_table: dict[str, list[str]] = {}
        for asset in case.assets:
            by_table.setdefault(asset["family"], []).append(asset["component_id"])
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        for layer in QgsProject.instance().mapLayers().values():
            family = registry_family(layer, self.standard) if isinstance(layer, QgsVectorLayer) else None
            if family is None:
                continue
            ids = by_table.get(family.table, [])
            quoted = ", ".join("'" + component_id.replace("'", "''") + "'" for component_id in ids)
            if ids:
                layer.selectByExpression(f'"{family.identifier}" IN ({quoted})')
                if canvas is not None:
                    canvas.zoomToSelected(layer)
            else:
                layer.removeSelection()

    def closeEvent(self, event) -> None:
        self.reads.close()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        super().closeEvent(event)


def selected_registry_assets(standard: Standard) -> list[dict[str, str]]:
    """The features selected on the project's registry layers, as {family (table), component_id}."""
    assets = []
    for layer in QgsProject.instance().mapLayers().values():
        family = registry_family(layer, standard) if isinstance(layer, QgsVectorLayer) else None
        if family is None:
            continue
        for feature in layer.selectedFeatures():
            value = feature[family.identifier]
            if value:
                assets.append({"family": family.table, "component_id": str(value)})
    return assets
