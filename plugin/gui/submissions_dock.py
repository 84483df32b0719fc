"""The submissions panel: the registry's deliveries (who, when, file hash, outcome, counts), a submission's
report in the browser, its quarantine on the map, and the fixed file resubmitted through the import."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from qgis.core import QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.messages import catalogue, text
from ..core.report_html import write_html
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..processing.validate_submission import DELIVERY_FILTER
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..qgis_common.review_layers import style_error_layer
from ..qgis_common.review_load import open_report
from ..qgis_common.settings import registry_dsn
from ..storage import quarantine
from ..storage.importing import MODES
from ..storage.submissions import SubmissionRow, list_submissions, stored_report

DOCK_NAME = "AssetRegistrySubmissionsDock"
IMPORT_ALGORITHM = "asset_registry:import_delivery"
SHOWN = 200  # the latest submissions listed
COUNTED = ("inserted", "updated", "unchanged", "deleted", "rejected")
HASH_SHOWN = 12  # the hash's first characters in the table; the whole of it in the tooltip


def city_time(moment: datetime | None, zone: str) -> str:
    """A time as the city reads it, with its offset: 2026-12-03 15:06 +08:00."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


class SubmissionsDock(Translated, QgsDockWidget):
    def __init__(self, dsn: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(DOCK_NAME)
        self.setWindowTitle(self.tr("Submissions"))
        self._dsn = dsn
        self.rows: list[SubmissionRow] = []
        self.zone = load_profile(DEFAULT_PROFILE).body["timezone"]
        self._build()

    # -- building ------------------------------------------------------------

    def _columns(self) -> list[str]:
        return [
            self.tr("No."),
            self.tr("File"),
            self.tr("Class"),
            self.tr("Submitted by"),
            self.tr("Submitted at"),
            self.tr("Outcome"),
            self.tr("Counts"),
            self.tr("File SHA-256"),
        ]

    def _build(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.table = QTableWidget(0, len(self._columns()), body)
        self.table.setHorizontalHeaderLabels(self._columns())
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._enable)
        layout.addWidget(self.table)
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.refresh_button = self._button(self.tr("Refresh"), self.refresh, buttons)
        self.report_button = self._button(self.tr("Open report"), self.open_selected_report, buttons)
        self.quarantine_button = self._button(self.tr("Load quarantine"), self.load_selected_quarantine, buttons)
        self.resubmit_button = self._button(self.tr("Resubmit a fixed file…"), self.choose_fixed_file, buttons)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.setWidget(body)
        self._enable()

    def _button(self, label: str, slot, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def _enable(self) -> None:
        row = self.selected()
        for button in (self.report_button, self.resubmit_button):
            button.setEnabled(row is not None)
        self.quarantine_button.setEnabled(row is not None and bool((row.counts or {}).get("rejected")))

    # -- the list ------------------------------------------------------------

    def outcome_text(self, outcome: str) -> str:
        # each outcome storage records is shown as the CLI's cli.submissions.outcome.<outcome>
        msg_id = f"cli.submissions.outcome.{outcome}"
        return text(msg_id, ui_lang()) if msg_id in catalogue() else outcome

    def counts_text(self, counts: dict[str, int] | None) -> str:
        lang = ui_lang()
        shown = [(name, (counts or {}).get(name)) for name in COUNTED]
        return text("review.list_separator", lang).join(
            text(f"review.count.{name}", lang, count=count) for name, count in shown if count
        )

    def refresh(self) -> None:
        try:
            self.rows = list_submissions(self._dsn(), SHOWN)
        except UserError as exc:
            self.rows = []
            self.status.setText(in_ui_lang(exc))
        else:
            self.status.setText("")
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            cells = [
                str(row.id),
                row.file_name,
                self._class_title(row.family),
                row.submitted_by,
                city_time(row.submitted_at, self.zone),
                self.outcome_text(row.outcome),
                self.counts_text(row.counts),
                row.file_sha256[:HASH_SHOWN] + "…",
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, row.id)
                self.table.setItem(index, column, item)
            self.table.item(index, len(cells) - 1).setToolTip(row.file_sha256)
            if row.message:
                self.table.item(index, 5).setToolTip(row.message)
        self._enable()

    def _class_title(self, family: str | None) -> str:
        classes = Standard().delivery_classes
        return classes[family].title(ui_lang()) if family in classes else (family or "")

    def selected(self) -> SubmissionRow | None:
        chosen = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[chosen[0].row()] if chosen and chosen[0].row() < len(self.rows) else None

    def select(self, submission: int) -> None:
        for index, row in enumerate(self.rows):
            if row.id == submission:
                self.table.selectRow(index)
                return

    # -- actions -------------------------------------------------------------

    def open_selected_report(self) -> Path | None:
        row = self.selected()
        if row is None:
            return None
        try:
            report = stored_report(self._dsn(), row.id)
        except UserError as exc:
            self.status.setText(in_ui_lang(exc))
            return None
        if report is None:
            self.status.setText(self.tr("There is no report of this submission to show."))
            return None
        path = Path(tempfile.mkdtemp(prefix="assetreg-report-")) / f"submission-{row.id}.html"
        write_html(report, path)
        open_report(path)
        return path

    def load_selected_quarantine(self) -> QgsVectorLayer | None:
        row = self.selected()
        if row is None:
            return None
        path = Path(tempfile.mkdtemp(prefix="assetreg-quarantine-")) / f"quarantine_{row.id}.gpkg"
        try:
            quarantine.export(self._dsn(), row.id, path)
        except UserError as exc:
            self.status.setText(in_ui_lang(exc))
            return None
        name = text("review.layer.quarantine", ui_lang(), submission=row.id)
        layer = QgsVectorLayer(f"{path}|layername={path.stem}", name, "ogr")
        if not layer.isValid():
            return None
        style_error_layer(layer, ui_lang())
        QgsProject.instance().addMapLayer(layer)
        return layer

    def resubmit_parameters(self, row: SubmissionRow, path: str | Path) -> dict:
        """The import's parameters for a fixed file: the submission's class and mode, the panel's registry."""
        families = list(Standard().families)
        family = families.index(row.family) if row.family in families else len(families)  # else: detect
        mode = MODES.index(row.mode) if row.mode in MODES else 0
        parameters = {"INPUT": str(path), "CLASS": family, "MODE": mode}
        if self._dsn() != registry_dsn():  # the plugin's own connection is the import's default: not shown
            parameters["DSN"] = self._dsn()
        return parameters

    def choose_fixed_file(self) -> None:
        row = self.selected()
        if row is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The fixed delivery"), "", DELIVERY_FILTER)
        if path:
            self.resubmit(row, path)

    def resubmit(self, row: SubmissionRow, path: str | Path) -> None:
        """The import dialog, filled in: the officer checks the mode and runs it; the list then shows it."""
        import processing

        processing.execAlgorithmDialog(IMPORT_ALGORITHM, self.resubmit_parameters(row, path))
        self.refresh()
