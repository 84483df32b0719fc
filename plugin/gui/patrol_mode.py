"""The night patrol mode (夜间亮灯巡查): a map tool and a dock where the inspector marks a patrol on the map.

The inspector picks the patrol's date and time and their name, then
  * takes in the patrolled lights: drags a rectangle over the stretch they drove (or takes the layer's
    selection) — every light taken in is lit unless marked;
  * marks the lights found unlit: a click toggles one light, a rectangle marks every light in it.
Marked lights are drawn on the map (lit: a gold ring; unlit: a red cross on a dark square). Saving sends the
patrol through the same import as ``assetreg import --class inspection`` (storage/patrols.record_patrol) as
one delivery; then the dock offers to report cases of the lights found unlit (cases_from_findings).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapLayerProxyModel,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsMapLayerComboBox, QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import QDateTime, QPoint, Qt, QTime
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import UserError
from ..core.patrol import PatrolMarks
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..qgis_common.i18n import Translated, in_ui_lang

DOCK_NAME = "AssetRegistryPatrolDock"
IDENTIFIER = "component_id"
NAME_FIELD = "name"
STREETLIGHT = "streetlight"
TAKE_IN, MARK_UNLIT = "take_in", "mark_unlit"
DRAG_PIXELS = 5  # a press and release further apart than this is a rectangle, not a click
LIT_COLOUR = QColor("#f2b705")
UNLIT_COLOUR = QColor("#e0301e")
UNLIT_GROUND = QColor("#202020")
EVENING = QTime(21, 0)  # the default hour of a night patrol


class PatrolMapTool(QgsMapTool):
    """Clicks and rectangles on the canvas, handed to the panel in map coordinates."""

    def __init__(self, canvas, panel: PatrolPanel):
        super().__init__(canvas)
        self.panel = panel
        self.mode = MARK_UNLIT
        self._start: QPoint | None = None
        self._band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry)
        self._band.setStrokeColor(QColor(255, 255, 255, 220))
        self._band.setFillColor(QColor(242, 183, 5, 50))
        self._band.setWidth(1)
        self.setCursor(Qt.CrossCursor)

    def canvasPressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            self._start = event.pos()

    def canvasMoveEvent(self, event) -> None:
        if self._start is not None and self._dragged(event.pos()):
            self._band.setToGeometry(QgsGeometry.fromRect(self._rectangle(event.pos())), None)

    def canvasReleaseEvent(self, event) -> None:
        if self._start is None or event.button() != Qt.LeftButton:
            return
        if self._dragged(event.pos()):
            self.panel.take_rectangle(self._rectangle(event.pos()), self.mode)
        else:
            self.panel.take_click(event.mapPoint(), self.mode)
        self._start = None
        self._band.reset(QgsWkbTypes.PolygonGeometry)

    def deactivate(self) -> None:
        self._band.reset(QgsWkbTypes.PolygonGeometry)
        self._start = None
        super().deactivate()

    def _dragged(self, pos: QPoint) -> bool:
        return (pos - self._start).manhattanLength() > DRAG_PIXELS

    def _rectangle(self, pos: QPoint) -> QgsRectangle:
        converter = self.canvas().getCoordinateTransform()
        return QgsRectangle(converter.toMapCoordinates(self._start), converter.toMapCoordinates(pos))


class PatrolPanel(Translated, QgsDockWidget):
    """The dock of the patrol mode; ``marks`` is the patrol being marked."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.marks = PatrolMarks()
        self.positions: dict[str, QgsPointXY] = {}  # in the layer's CRS, for drawing
        self.names: dict[str, str] = {}
        self.setObjectName(DOCK_NAME)
        self.setWindowTitle(self.tr("Night lighting patrol"))
        self.tool = PatrolMapTool(self.canvas, self)
        self._lit_band = self._point_band(QgsRubberBand.ICON_CIRCLE, LIT_COLOUR, 13, 3)
        self._unlit_ground = self._point_band(QgsRubberBand.ICON_FULL_BOX, UNLIT_GROUND, 17, 1)
        self._unlit_band = self._point_band(QgsRubberBand.ICON_X, UNLIT_COLOUR, 15, 3)
        self.setWidget(self._build())
        self.layer_box.layerChanged.connect(self._layer_changed)
        self._choose_streetlight_layer()
        self.refresh()

    # -- building ------------------------------------------------------------

    def _build(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        steps = QLabel(self.tr("1. Drag a box over the stretch you patrolled.  2. Click the lights that were out.  3. Save."))
        steps.setWordWrap(True)
        layout.addWidget(steps)
        form = QFormLayout()
        self.layer_box = QgsMapLayerComboBox()
        self.layer_box.setFilters(QgsMapLayerProxyModel.PointLayer)
        form.addRow(self.tr("Streetlight layer"), self.layer_box)
        self.when = QDateTimeEdit(QDateTime(QDateTime.currentDateTime().date(), EVENING))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        form.addRow(self.tr("Patrol date and time"), self.when)
        self.inspector = QLineEdit()
        self.inspector.setPlaceholderText(self.tr("Name of the inspector"))
        form.addRow(self.tr("Inspector"), self.inspector)
        layout.addLayout(form)

        self.take_in_button = QPushButton(self.tr("Take in patrolled lights (drag a box)"))
        self.take_in_button.setToolTip(
            self.tr("Drag a box over the lights you patrolled, or click one: they count as lit unless you mark them.")
        )
        self.mark_button = QPushButton(self.tr("Mark unlit lights (click or box)"))
        self.mark_button.setToolTip(
            self.tr("Click a light to mark it unlit, click again to undo; a box marks every light in it.")
        )
        modes = QButtonGroup(self)
        for button, mode in ((self.take_in_button, TAKE_IN), (self.mark_button, MARK_UNLIT)):
            button.setCheckable(True)
            modes.addButton(button)
            button.clicked.connect(lambda _checked, chosen=mode: self.activate(chosen))
            layout.addWidget(button)
        for button in (self.take_in_button, self.mark_button):  # which mode the map tool is in, at a glance
            button.setStyleSheet(f"QPushButton:checked {{ background-color: {LIT_COLOUR.name()}; font-weight: bold; }}")
        self.mark_button.setChecked(True)
        row = QHBoxLayout()
        self.selection_button = QPushButton(self.tr("Take in the layer's selection"))
        self.selection_button.clicked.connect(self.take_selection)
        self.clear_button = QPushButton(self.tr("Start over"))
        self.clear_button.clicked.connect(self.clear)
        row.addWidget(self.selection_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)

        lit_word, unlit_word = self.tr("lit (the default)"), self.tr("unlit")
        legend = QLabel(
            f"<span style='color:{LIT_COLOUR.name()};font-size:16px'>●</span> {lit_word}"
            f"&nbsp;&nbsp;&nbsp;<span style='color:{UNLIT_COLOUR.name()};background:{UNLIT_GROUND.name()};"
            f"font-size:16px'>&nbsp;✕&nbsp;</span> {unlit_word}"
        )
        layout.addWidget(legend)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Lights found unlit:")))
        self.unlit_list = QListWidget()
        self.unlit_list.setSelectionMode(QAbstractItemView.NoSelection)
        layout.addWidget(self.unlit_list, 1)
        self.save_button = QPushButton(self.tr("Save the patrol"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_and_offer_cases)
        layout.addWidget(self.save_button)
        return body

    def _point_band(self, icon: int, colour: QColor, size: int, width: int) -> QgsRubberBand:
        band = QgsRubberBand(self.canvas, QgsWkbTypes.PointGeometry)
        band.setIcon(icon)
        band.setColor(colour)
        band.setIconSize(size)
        band.setWidth(width)
        return band

    def _choose_streetlight_layer(self) -> None:
        from ..qgis_common.sources import registry_family

        standard = Standard()
        for layer in QgsProject.instance().mapLayers().values():
            family = registry_family(layer, standard) if isinstance(layer, QgsVectorLayer) else None
            if family is not None and family.name == STREETLIGHT:
                self.layer_box.setLayer(layer)
                return

    # -- the tool ------------------------------------------------------------

    def activate(self, mode: str | None = None) -> None:
        """Make the patrol tool the map's tool, in ``mode`` (take in, or mark unlit)."""
        if mode is not None:
            self.tool.mode = mode
            (self.take_in_button if mode == TAKE_IN else self.mark_button).setChecked(True)
        self.canvas.setMapTool(self.tool)

    def layer(self) -> QgsVectorLayer | None:
        layer = self.layer_box.currentLayer()
        return layer if isinstance(layer, QgsVectorLayer) else None

    def _layer_changed(self, _layer) -> None:
        self.clear()

    def _to_layer(self, layer: QgsVectorLayer) -> QgsCoordinateTransform:
        return QgsCoordinateTransform(self.canvas.mapSettings().destinationCrs(), layer.crs(), QgsProject.instance())

    def _lights_in(self, rectangle: QgsRectangle) -> list[str]:
        layer = self.layer()
        if layer is None or layer.fields().indexFromName(IDENTIFIER) < 0:
            self._warn(self.tr("Choose a streetlight layer of the registry first."))
            return []
        area = self._to_layer(layer).transformBoundingBox(rectangle)
        found = []
        for feature in layer.getFeatures(QgsFeatureRequest().setFilterRect(area)):
            component_id = feature[IDENTIFIER]
            if not component_id or feature.geometry().isEmpty():
                continue
            self._remember(str(component_id), feature)
            found.append(str(component_id))
        return found

    def _remember(self, component_id: str, feature) -> None:
        self.positions[component_id] = feature.geometry().centroid().asPoint()
        if feature.fields().indexFromName(NAME_FIELD) >= 0 and feature[NAME_FIELD]:
            self.names[component_id] = str(feature[NAME_FIELD])

    def take_rectangle(self, rectangle: QgsRectangle, mode: str) -> None:
        lights = self._lights_in(rectangle)
        if mode == TAKE_IN:
            self.marks.take_in(lights)
        else:
            self.marks.mark_unlit(lights)
        self.refresh()

    def take_click(self, point: QgsPointXY, mode: str) -> None:
        """The light nearest the click, within the map's search radius: taken in, or its unlit mark toggled."""
        radius = QgsMapTool.searchRadiusMU(self.canvas)
        near = QgsRectangle(point.x() - radius, point.y() - radius, point.x() + radius, point.y() + radius)
        lights = self._lights_in(near)
        if not lights:
            return
        layer = self.layer()
        here = self._to_layer(layer).transform(point)
        nearest = min(lights, key=lambda c: self.positions[c].sqrDist(here))
        if mode == TAKE_IN:
            self.marks.take_in([nearest])
        else:
            self.marks.toggle_unlit(nearest)
        self.refresh()

    def take_selection(self) -> None:
        layer = self.layer()
        if layer is None:
            return
        for feature in layer.selectedFeatures():
            if feature[IDENTIFIER]:
                self._remember(str(feature[IDENTIFIER]), feature)
                self.marks.take_in([str(feature[IDENTIFIER])])
        self.refresh()

    def clear(self) -> None:
        self.marks.clear()
        self.refresh()

    # -- showing -------------------------------------------------------------

    def refresh(self) -> None:
        """Draw the marks (positions kept in the layer's CRS, drawn in the map's) and count them."""
        bands = (self._lit_band, self._unlit_ground, self._unlit_band)
        for band in bands:
            band.reset(QgsWkbTypes.PointGeometry)
        unlit = [c for c in self.marks.patrolled if c in self.marks.unlit]
        layer = self.layer()
        if layer is not None:
            lit_points = [self.positions[c] for c in self.marks.lit]
            unlit_points = [self.positions[c] for c in unlit]
            for band, points in (
                (self._lit_band, lit_points),
                (self._unlit_ground, unlit_points),
                (self._unlit_band, unlit_points),
            ):
                if points:  # the band transforms from the layer's CRS to the map's
                    band.addGeometry(QgsGeometry.fromMultiPointXY(points), layer.crs())
        total, dark = len(self.marks.patrolled), len(unlit)
        self.summary.setText(
            self.tr("Patrolled: {total} lights — lit {lit}, unlit {unlit}.").format(total=total, lit=total - dark, unlit=dark)
        )
        self.unlit_list.clear()
        for component_id in unlit:
            name = self.names.get(component_id, "")
            QListWidgetItem(f"{component_id}  {name}".strip(), self.unlit_list)
        self.save_button.setEnabled(total > 0)

    # -- saving --------------------------------------------------------------

    def patrol_time(self, timezone: str) -> datetime:
        chosen = self.when.dateTime()
        date, time = chosen.date(), chosen.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=ZoneInfo(timezone))

    def registry(self) -> str:
        from ..qgis_common.settings import registry_dsn
        from ..qgis_common.sources import layer_dsn

        layer = self.layer()
        if layer is not None and layer.providerType() == "postgres":
            return layer_dsn(layer)
        return registry_dsn()

    def save(self):
        """Import the patrol as one inspection delivery; the import's result, or None when refused (said why)."""
        from ..storage.patrols import record_patrol

        profile = load_profile(DEFAULT_PROFILE)
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            result = record_patrol(
                self.registry(),
                Standard(profile.standard_version),
                profile,
                self.marks,
                self.patrol_time(profile.body["timezone"]),
                self.inspector.text(),
            )
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.iface.messageBar().pushSuccess(
            self.tr("Night lighting patrol"),
            self.tr("Saved {records} inspection records (submission {submission}).").format(
                records=result.inserted, submission=result.submission_id
            ),
        )
        return result

    def report_cases(self, submission: int) -> int:
        """Cases of the findings of one saved patrol; how many were reported."""
        from ..storage.connection import connection
        from ..storage.workorders import cases_from_findings

        profile = load_profile(DEFAULT_PROFILE)
        try:
            with connection(self.registry()) as conn:
                found = cases_from_findings(conn, Standard(profile.standard_version), profile, submission=submission)
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return 0
        self.iface.messageBar().pushSuccess(
            self.tr("Night lighting patrol"), self.tr("Reported {cases} cases.").format(cases=len(found.reported))
        )
        return len(found.reported)

    def save_and_offer_cases(self) -> None:
        unlit = len(self.marks.unlit)
        result = self.save()
        if result is None:
            return
        self.clear()
        if unlit and self._ask_cases(unlit):
            self.report_cases(result.submission_id)

    def _ask_cases(self, unlit: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Night lighting patrol"),
            self.tr("{unlit} lights were found unlit. Report a case for each of them now?").format(unlit=unlit),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.Yes,
        )
        return answer == QMessageBox.Yes

    def _warn(self, message: str) -> None:
        self.iface.messageBar().pushWarning(self.tr("Night lighting patrol"), message)

    def closeEvent(self, event) -> None:
        if self.canvas.mapTool() is self.tool:
            self.canvas.unsetMapTool(self.tool)
        for band in (self._lit_band, self._unlit_ground, self._unlit_band):
            band.reset(QgsWkbTypes.PointGeometry)
        super().closeEvent(event)
