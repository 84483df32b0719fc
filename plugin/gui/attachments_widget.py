"""The attachments of one case or one inspection, as a reusable widget (the cases panel embeds it, the survey
forms show it through their editor widget InspectionAttachmentsWrapper): photos as thumbnails, documents as
icons, files dropped on it added to the file store under their SHA-256 (storage/attachments.attach), and a file
opened only once its hash is checked again (storage/attachments.open_verified): a changed or missing file is said, in
words, and never opened.

Each thumbnail is drawn from the verified file, so what the list shows is what the registry recorded.
"""

from __future__ import annotations

from pathlib import Path

from qgis.gui import QgsEditorWidgetFactory, QgsEditorWidgetWrapper, QgsGui
from qgis.PyQt.QtCore import QCoreApplication, QSize, Qt, QTimer, QUrl, QVariant
from qgis.PyQt.QtGui import QColor, QDesktopServices, QIcon, QPixmap
from qgis.PyQt.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..qgis_common.form_layout import attribute_form_of, fit_form
from ..qgis_common.i18n import Translated, in_ui_lang
from ..qgis_common.sources import layer_dsn
from ..qgis_common.survey_layers import ATTACHMENTS_WIDGET

THUMBNAIL = QSize(96, 96)
ATTACHMENT_ID = Qt.UserRole
STORE_ERROR_COLOUR = "#b3261e"


def open_with_system(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AttachmentsWidget(Translated, QWidget):
    """Attachments of a case (``case_id``) or an inspection (``inspection_uid``) in the registry at ``dsn``."""

    def __init__(self, dsn: str, case_id: int | None = None, inspection_uid: str | None = None, store=None, parent=None):
        super().__init__(parent)
        self.setObjectName("AssetRegistryAttachments")
        self.dsn = dsn
        self.case_id = case_id
        self.inspection_uid = inspection_uid
        self._store = store
        self.opener = open_with_system  # how a verified file is shown (the system's program for its type)
        self.attachments = []
        self.setAcceptDrops(True)
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.items = QListWidget()
        self.items.setViewMode(QListView.IconMode)
        self.items.setIconSize(THUMBNAIL)
        self.items.setGridSize(QSize(THUMBNAIL.width() + 40, THUMBNAIL.height() + 44))
        self.items.setResizeMode(QListView.Adjust)
        self.items.setMovement(QListView.Static)
        self.items.setWordWrap(True)
        self.items.setAcceptDrops(False)  # the widget takes the drop, wherever it lands
        self.items.itemActivated.connect(lambda item: self.open_attachment(item.data(ATTACHMENT_ID)))
        layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        self.hint = QLabel(self.tr("Drop photos or documents here to attach them; double-click one to open it."))
        self.hint.setWordWrap(True)
        row.addWidget(self.hint, 1)
        self.add_button = QPushButton(self.tr("Add files…"))
        self.add_button.clicked.connect(self.choose_files)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {STORE_ERROR_COLOUR}")
        self.status.hide()
        layout.addWidget(self.status)

    # -- the registry and the store -------------------------------------------

    def store(self):
        """The configured file store (made on first use; a store that cannot be used raises UserError)."""
        if self._store is None:
            from ..core.standard import DEFAULT_PROFILE, load_profile
            from ..storage.filestore import open_store, store_location

            self._store = open_store(store_location(load_profile(DEFAULT_PROFILE)))
        return self._store

    def _owner(self) -> dict:
        return {"inspection_uid": self.inspection_uid, "work_order_id": self.case_id}

    def set_owner(self, case_id: int | None = None, inspection_uid: str | None = None) -> None:
        self.case_id, self.inspection_uid = case_id, inspection_uid
        self.reload()

    def reload(self) -> None:
        from ..storage.attachments import attachments_of
        from ..storage.connection import connection

        self.items.clear()
        self.attachments = []
        has_owner = self.case_id is not None or self.inspection_uid is not None
        self.setEnabled(has_owner)
        if has_owner:
            try:
                with connection(self.dsn) as conn:
                    self.attachments = attachments_of(conn, **self._owner())
            except UserError as exc:
                self.say(in_ui_lang(exc))
        for recorded in self.attachments:
            self._add_item(recorded)
        self.heading.setText(self.tr("Attachments ({count})").format(count=len(self.attachments)))

    def _add_item(self, recorded) -> None:
        from ..storage.attachments import open_verified

        item = QListWidgetItem(recorded.file_name, self.items)
        item.setData(ATTACHMENT_ID, recorded.id)
        try:
            path = open_verified(self.store(), recorded)
        except UserError as exc:
            item.setIcon(self.style().standardIcon(QStyle.SP_MessageBoxWarning))
            item.setText(self.tr("{name}\n(changed or missing)").format(name=recorded.file_name))
            item.setForeground(QColor(STORE_ERROR_COLOUR))
            item.setToolTip(in_ui_lang(exc))
            return
        item.setIcon(self._icon(recorded, path))
        item.setToolTip(
            self.tr("{name}\n{size} bytes · {type}\nSHA-256 {sha256}\nadded by {who}").format(
                name=recorded.file_name,
                size=recorded.size_bytes,
                type=recorded.media_type,
                sha256=recorded.sha256,
                who=recorded.added_by,
            )
        )

    def _icon(self, recorded, path: Path) -> QIcon:
        if recorded.is_image:
            picture = QPixmap(str(path))
            if not picture.isNull():
                return QIcon(picture.scaled(THUMBNAIL, Qt.KeepAspectRatio, Qt.SmoothTransformation))
        return self.style().standardIcon(QStyle.SP_FileIcon)

    # -- acting --------------------------------------------------------------

    def add_files(self, paths) -> int:
        """Attach each file (kept in the store under its hash); how many were added."""
        from ..storage.attachments import attach
        from ..storage.connection import connection

        added = 0
        self.say("")
        try:
            store = self.store()
            with connection(self.dsn) as conn:
                for path in paths:
                    attach(conn, path, store, **self._owner())
                    added += 1
        except UserError as exc:
            self.say(in_ui_lang(exc))
        self.reload()
        return added

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if paths:
            self.add_files(paths)

    def open_attachment(self, attachment_id: int) -> Path | None:
        """Open the stored file once its SHA-256 is checked again; a changed or missing file is said, not opened."""
        from ..storage.attachments import attachment, open_verified
        from ..storage.connection import connection

        self.say("")
        try:
            with connection(self.dsn) as conn:
                recorded = attachment(conn, attachment_id)
            path = open_verified(self.store(), recorded)
        except UserError as exc:
            self.say(in_ui_lang(exc))
            return None
        self.opener(path)
        return path

    def say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))

    # -- drag and drop -------------------------------------------------------

    @staticmethod
    def _dropped_files(event) -> list[str]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [url.toLocalFile() for url in urls if url.isLocalFile() and Path(url.toLocalFile()).is_file()]

    def dragEnterEvent(self, event) -> None:
        if self.isEnabled() and self._dropped_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if self.isEnabled() and self._dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = self._dropped_files(event)
        if files:
            event.acceptProposedAction()
            self.add_files(files)


class InspectionAttachmentsWrapper(QgsEditorWidgetWrapper):
    """The attachments tab of a survey form (qgis_common/survey_layers.py, ATTACHMENTS_WIDGET): the record's
    attachments once it is saved (an attachment names a saved record), else a line saying to save it first."""

    def createWidget(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        # QGIS's form gives a row the height its widget asks for: the list takes the tab's height, as a tab's should
        page.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        return page

    def initWidget(self, editor: QWidget) -> None:
        self.page = editor
        self.shown_uid: str | None = None
        self.content: QWidget | None = None
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        # the survey forms have no record widget (gui/asset_record.py), which fits the asset forms: this one does
        form = attribute_form_of(editor)
        QTimer.singleShot(0, lambda: fit_form(form))

    def valid(self) -> bool:
        return isinstance(self.widget(), QWidget)

    def value(self):
        return self.shown_uid

    def setEnabled(self, enabled: bool) -> None:  # attachments are added whether the layer is being edited or not
        pass

    def setFeature(self, feature) -> None:
        uid = feature.attribute("uid") if feature.fields().indexFromName("uid") >= 0 else None
        saved = feature.id() >= 0 and uid not in (None, "") and not (isinstance(uid, QVariant) and uid.isNull())
        shown = str(uid) if saved else None
        if self.content is not None and shown == self.shown_uid:
            return
        self.shown_uid = shown
        if self.content is not None:
            self.content.deleteLater()
        if saved:
            self.content = AttachmentsWidget(layer_dsn(self.layer()), inspection_uid=shown)
        else:
            self.content = QLabel(
                QCoreApplication.translate(
                    "AttachmentsWidget", "Save the record first; then photos and documents can be attached."
                )
            )
            self.content.setObjectName("AssetRegistrySaveFirst")
            self.content.setWordWrap(True)
            self.content.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.page.layout().addWidget(self.content)


class InspectionAttachmentsFactory(QgsEditorWidgetFactory):
    def create(self, layer, field_index, editor, parent):
        return InspectionAttachmentsWrapper(layer, field_index, editor, parent)


def register_inspection_attachments_widget() -> None:
    """Make ATTACHMENTS_WIDGET known to QGIS's forms (once: QGIS 3.22 cannot take a widget type back)."""
    registry = QgsGui.editorWidgetRegistry()
    if ATTACHMENTS_WIDGET not in registry.factories():
        _factory.append(InspectionAttachmentsFactory("asset_registry inspection attachments"))
        registry.registerWidget(ATTACHMENTS_WIDGET, _factory[-1])


_factory: list[InspectionAttachmentsFactory] = []  # kept alive as long as QGIS may use it
