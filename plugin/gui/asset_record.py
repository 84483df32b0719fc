"""The record of a saved asset in its form (issue 17): its inspections, its cases, the attachments of both
(photos shown as thumbnails) and its history in words, with the asset as it was at a chosen date.

An editor widget (RECORD_WIDGET) the plugin registers with QGIS, as Giswater's and TEKSI's forms carry
their own widgets: qgis_common/forms.py puts it, on the layer's virtual field asset_record (the asset's key),
in the form's record tab, shown once the asset is saved. QGIS creates one for every form it opens and hands it
the feature; it reads the registry with the layer's own connection. Without the plugin (another QGIS), the
field shows the key as text. The attachments tab is plain here; where gui/attachments_widget.py
(AttachmentsWidget) exists, it is used instead.

Read on demand: the record when its tab is first shown (one connection, the inspections, cases and attachments),
the history when its own tab is, so a form opened to read or change a field waits for none of it.
"""

from __future__ import annotations

import functools
from datetime import datetime, time
from pathlib import Path
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo

from qgis.core import QgsDataSourceUri, QgsVectorLayer
from qgis.gui import QgsEditorWidgetFactory, QgsEditorWidgetWrapper, QgsGui
from qgis.PyQt.QtCore import QDate, Qt, QTimer
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.change_words import TIME_FORMAT, change_lines, heading, shown_value
from ..core.errors import UserError
from ..core.messages import text
from ..core.standard import Family, Standard
from ..qgis_common.form_layout import attribute_form_of, fit_form
from ..qgis_common.forms import RECORD_WIDGET
from ..qgis_common.i18n import ui_lang
from ..storage.asset_record import AssetRecord, AttachmentRow, asset_record
from ..storage.history import as_of, history
from ..storage.names import SCHEMA

THUMBNAIL = 160  # px, the longer side of a photo's thumbnail


@functools.lru_cache(maxsize=1)
def _standard() -> Standard:
    return Standard()


def family_of(layer: QgsVectorLayer) -> Family | None:
    uri = QgsDataSourceUri(layer.source())
    if uri.schema() != SCHEMA:
        return None
    standard = _standard()
    return next((f for f in map(standard.family, standard.families) if f.table == uri.table()), None)


class RecordTabs(QTabWidget):
    """The record's tabs, read from the registry only when the user first shows them: QGIS builds the whole form
    (every tab) when it opens, and most forms are opened to read or change a field, not the record."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pending: tuple | None = None  # (layer, family, uid, component_id) still to read

    def show_record(self, layer: QgsVectorLayer, family: Family, uid: str, component_id: str | None) -> None:
        self.clear()
        self.pending = (layer, family, uid, component_id)
        if self.isVisible():
            self.load()

    def load(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            add_record_tabs(self, *pending)

    def showEvent(self, event) -> None:  # Qt calls it each time the widget is shown
        self.load()
        super().showEvent(event)


class RecordWrapper(QgsEditorWidgetWrapper):
    """The record tabs of the feature QGIS hands the form; an asset being added (no key yet) has none."""

    def createWidget(self, parent: QWidget) -> QWidget:
        return RecordTabs(parent)

    def initWidget(self, editor: QWidget) -> None:
        self.tabs = editor
        self.shown_uid = None
        # every registry form has this widget: once QGIS has built the whole form, make it fit its dialog
        form = attribute_form_of(editor)
        QTimer.singleShot(0, lambda: fit_form(form))

    def valid(self) -> bool:
        return isinstance(self.widget(), RecordTabs)

    def value(self):
        return self.shown_uid

    def setEnabled(self, enabled: bool) -> None:  # a record to read, whether the layer is being edited or not
        pass

    def setFeature(self, feature) -> None:
        uid = feature[self.fieldIdx()] if feature.isValid() or feature.fields().count() else None
        family = family_of(self.layer())
        if not uid or feature.id() < 0 or family is None or str(uid) == str(self.shown_uid):
            return
        self.shown_uid = str(uid)
        self.tabs.show_record(self.layer(), family, self.shown_uid, feature[family.identifier])


class RecordFactory(QgsEditorWidgetFactory):
    def create(self, layer, field_index, editor, parent):
        return RecordWrapper(layer, field_index, editor, parent)


def register_record_widget() -> None:
    """Make RECORD_WIDGET known to QGIS's forms (once: QGIS 3.22 cannot take a widget type back)."""
    registry = QgsGui.editorWidgetRegistry()
    if RECORD_WIDGET not in registry.factories():
        _factory.append(RecordFactory("asset_registry record"))
        registry.registerWidget(RECORD_WIDGET, _factory[-1])


_factory: list[RecordFactory] = []  # kept alive as long as QGIS may use it


def add_record_tabs(tabs: QTabWidget, layer: QgsVectorLayer, family: Family, uid: str, component_id: str | None) -> None:
    """Inspections, cases, attachments and history of the asset, as tabs of ``tabs``."""
    lang = ui_lang()
    dsn = QgsDataSourceUri(layer.source()).connectionInfo(False)
    try:
        record = asset_record(dsn, family.table, uid, component_id)
    except Exception as exc:  # an unreachable registry: the form still opens, and says why the tabs are empty
        said = exc.message(lang) if isinstance(exc, UserError) else str(exc)
        _add(tabs, QLabel(text("editing.record.unavailable", lang, reason=said)), text("editing.record.tab.history", lang))
        return
    standard = _standard()
    _add(tabs, _inspections(record, standard, lang), text("editing.record.tab.inspections", lang, count=len(record.inspections)))
    _add(tabs, _cases(record, standard, lang), text("editing.record.tab.cases", lang, count=len(record.cases)))
    _add(
        tabs,
        attachments_widget(record.attachments, lang),
        text("editing.record.tab.attachments", lang, count=len(record.attachments)),
    )
    _add(tabs, HistoryPanel(dsn, standard, family, uid, record.timezone, lang), text("editing.record.tab.history", lang))


def _add(tabs: QTabWidget, widget: QWidget, title: str) -> None:
    tabs.addTab(widget, title)


def _local(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime(TIME_FORMAT)


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _label(standard: Standard, codelist: str, code: str | None, lang: str) -> str:
    if not code:
        return ""
    return standard.codelists[codelist].label(code, lang) if codelist in standard.codelists else code


def _inspections(record: AssetRecord, standard: Standard, lang: str) -> QWidget:
    headers = [text(f"editing.record.inspection.{name}", lang) for name in ("id", "kind", "at", "inspector", "status", "notes")]
    rows = [
        [
            i.inspection_id,
            _label(standard, "inspection_kind", i.kind, lang),
            _local(i.inspected_at, record.timezone),
            i.inspector or "",
            _label(standard, "component_status", i.status_found, lang),
            i.notes or "",
        ]
        for i in record.inspections
    ]
    return _table(headers, rows)


def _cases(record: AssetRecord, standard: Standard, lang: str) -> QWidget:
    headers = [text(f"editing.record.case.{name}", lang) for name in ("number", "status", "reported", "description")]
    rows = [
        [
            c.case_no,
            _label(standard, "work_order_status", c.status, lang),
            _local(c.reported_at, record.timezone),
            c.description or "",
        ]
        for c in record.cases
    ]
    return _table(headers, rows)


def local_path(uri: str) -> Path | None:
    """The file a file:// URI names, when it is on this machine."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = Path(unquote(parsed.path))
    return path if path.is_file() else None


def attachments_widget(rows: list[AttachmentRow], lang: str) -> QWidget:
    """The asset's attachments, gathered from all its inspections and cases, as thumbnails and names.

    Not gui/attachments_widget.AttachmentsWidget: that one belongs to one case or one inspection and adds
    files to it; an asset's record only shows what its cases and inspections hold."""
    return PlainAttachments(rows, lang)


class PlainAttachments(QWidget):
    """Each attachment: a thumbnail for a photo found on this machine, its name, whose it is and when."""

    def __init__(self, rows: list[AttachmentRow], lang: str):
        super().__init__()
        grid = QGridLayout(self)
        self.thumbnails: list[QLabel] = []
        for n, row in enumerate(rows):
            picture = QLabel()
            path = local_path(row.uri)
            pixmap = QPixmap(str(path)) if path and row.is_photo else QPixmap()
            if not pixmap.isNull():
                picture.setPixmap(pixmap.scaled(THUMBNAIL, THUMBNAIL, Qt.KeepAspectRatio, Qt.SmoothTransformation))
                self.thumbnails.append(picture)
            else:
                picture.setText(text("editing.record.attachment.no_preview", lang))
            caption = QLabel(text("editing.record.attachment.caption", lang, name=row.file_name, owner=row.owner))
            caption.setWordWrap(True)
            grid.addWidget(picture, (n // 3) * 2, n % 3, Qt.AlignCenter)
            grid.addWidget(caption, (n // 3) * 2 + 1, n % 3, Qt.AlignTop | Qt.AlignHCenter)
        if not rows:
            grid.addWidget(QLabel(text("editing.record.attachment.none", lang)), 0, 0)
        grid.setRowStretch(grid.rowCount(), 1)


class HistoryPanel(QWidget):
    """What changed, in words, newest first; below it the asset as it was at the end of a chosen day."""

    def __init__(self, dsn: str, standard: Standard, family: Family, uid: str, timezone: str, lang: str):
        super().__init__()
        self.dsn, self.standard, self.family, self.uid, self.timezone, self.lang = dsn, standard, family, uid, timezone, lang
        layout = QVBoxLayout(self)
        self.changes = QTextBrowser()
        layout.addWidget(self.changes, 3)
        row = QHBoxLayout()
        row.addWidget(QLabel(text("editing.record.history.as_of", lang)))
        self.day = QDateEdit(QDate(datetime.now(ZoneInfo(timezone)).date()))  # the city's today, not this machine's
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        row.addWidget(self.day)
        row.addStretch(1)
        layout.addLayout(row)
        self.then = QTableWidget(0, 2)
        self.then.setHorizontalHeaderLabels(
            [text("editing.record.history.field", lang), text("editing.record.history.value", lang)]
        )
        self.then.verticalHeader().setVisible(False)
        self.then.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.then, 2)
        self.loaded = False

    def showEvent(self, event) -> None:  # Qt calls it each time the widget is shown
        self.load()
        super().showEvent(event)

    def load(self) -> None:
        """The history read when its tab is first shown: two more round trips a form opened for its fields
        need not wait for."""
        if self.loaded:
            return
        self.loaded = True
        self.changes.setPlainText(self.history_text())
        self.day.dateChanged.connect(self.show_as_of)
        self.show_as_of(self.day.date())

    def history_text(self) -> str:
        entries = history(self.dsn, self.uid)
        blocks = []
        for entry in reversed(entries):
            lines = [heading(entry.operation, entry.changed_at, entry.changed_by, self.timezone, self.lang)]
            if entry.operation == "update":
                lines += [
                    f"  · {line}"
                    for line in change_lines(
                        self.standard, self.family, entry.old_values or {}, entry.new_values or {}, self.lang
                    )
                ]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def show_as_of(self, day: QDate) -> None:
        end_of_day = datetime.combine(day.toPyDate(), time.max, tzinfo=ZoneInfo(self.timezone))
        values = as_of(self.dsn, self.uid, end_of_day)
        self.then.setRowCount(0)
        if values is None:
            self.then.setRowCount(1)
            self.then.setItem(0, 0, QTableWidgetItem(text("editing.record.history.not_registered", self.lang)))
            return
        specs = [spec for spec in self.family.fields if values.get(spec.name) not in (None, "")]
        self.then.setRowCount(len(specs))
        for r, spec in enumerate(specs):
            self.then.setItem(r, 0, QTableWidgetItem(spec.title(self.lang)))
            shown = shown_value(self.standard, self.family, spec.name, values.get(spec.name), self.lang)
            self.then.setItem(r, 1, QTableWidgetItem(shown))
        self.then.resizeColumnToContents(0)
