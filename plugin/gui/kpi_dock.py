"""The indicators panel (dock ``AssetRegistryKpiDock``): every indicator of a grouping and month against
the profile's targets, the way ``assetreg kpi all`` computes them (storage/kpi.indicator_board, one
computation), charts of the trend and by group, a thematic map of a figure by area, and drill-down to
the features behind a figure. Missed targets are marked by colour and by the word (未达标)."""

from __future__ import annotations

from datetime import date
from typing import Any

from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import kpi_layout
from ..core.errors import UserError
from ..core.messages import text
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..qgis_common.settings import registry_dsn
from ..storage.kpi import ASSET_GROUPINGS, KpiTable

DOCK_NAME = "AssetRegistryKpiDock"
BULLETIN_ALGORITHM = "asset_registry:monthly_report"
MISSED_BACKGROUND = QColor("#f8d7da")
MISSED_TEXT = QColor("#a4161a")
RAW = Qt.UserRole  # the figure as the registry holds it, beside the text shown
MONTHS_OFFERED = 12


def recent_months(today: date, count: int = MONTHS_OFFERED) -> list[str]:
    """This month and the ones before it, latest first (YYYY-MM)."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


class KpiDock(Translated, QDockWidget):
    def __init__(self, iface: Any = None, dsn: str | None = None, parent: QWidget | None = None):
        QDockWidget.__init__(self, parent)
        self.iface = iface
        self._dsn = dsn
        self.lang = ui_lang()
        self.names = kpi_layout.standard_names(Standard(), self.lang)
        self.board: dict[str, KpiTable] = {}
        self.tables: dict[str, QTableWidget] = {}
        self.setObjectName(DOCK_NAME)
        self.setWindowTitle(self.tr("Indicators"))
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(self._controls())
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.tabs = QTabWidget(body)
        self.tabs.currentChanged.connect(lambda _: self._draw_charts())
        layout.addWidget(self.tabs, 3)
        layout.addLayout(self._actions())
        self.charts = QWidget(body)
        self.charts.setLayout(QHBoxLayout())
        self.charts.setMinimumHeight(220)
        layout.addWidget(self.charts, 2)
        self.setWidget(body)

    # -- widgets ---------------------------------------------------------------------------------------

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Grouping")))
        self.grouping = QComboBox()
        for code in (*ASSET_GROUPINGS, "person"):  # by person: the collectors' and crews' figures
            self.grouping.addItem(text(f"cli.kpi.grouping.{code}", self.lang), code)
        self.grouping.setCurrentIndex(ASSET_GROUPINGS.index("district"))
        row.addWidget(self.grouping)
        row.addWidget(QLabel(self.tr("Month")))
        self.period = QComboBox()
        self.period.setEditable(True)  # any YYYY-MM; the registry refuses one that is not
        self.period.addItems(recent_months(date.today()))
        row.addWidget(self.period)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.map_button = QPushButton(self.tr("Map by area"))
        self.map_button.setToolTip(self.tr("Adds a layer of the selected column (or the tab's main rate) by area"))
        self.map_button.clicked.connect(self.show_map)
        row.addWidget(self.map_button)
        self.drill_button = QPushButton(self.tr("Select on map"))
        self.drill_button.setToolTip(
            self.tr("Selects the lights off, the assets not intact or the cases behind the selected row")
        )
        self.drill_button.clicked.connect(self.drill_selected)
        row.addWidget(self.drill_button)
        self.bulletin_button = QPushButton(self.tr("Monthly bulletin…"))
        self.bulletin_button.clicked.connect(self.open_bulletin)
        row.addWidget(self.bulletin_button)
        row.addStretch(1)
        return row

    def dsn(self) -> str:
        return self._dsn if self._dsn is not None else registry_dsn()

    def group_by(self) -> str:
        return self.grouping.currentData()

    def chosen_period(self) -> str | None:
        return self.period.currentText().strip() or None

    def current_indicator(self) -> str | None:
        index = self.tabs.currentIndex()
        return list(self.board)[index] if 0 <= index < len(self.board) else None

    # -- the table ---------------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Read every indicator of the grouping and month (the same function as ``assetreg kpi all``)."""
        from ..storage.connection import connection
        from ..storage.kpi import indicator_board

        try:
            with connection(self.dsn()) as conn:
                board = indicator_board(conn, self.group_by(), self.chosen_period())
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return False
        self.show_board(board)
        return True

    def show_board(self, board: dict[str, KpiTable]) -> None:
        keep = self.current_indicator()
        self.board = board
        self.tables.clear()
        self.tabs.blockSignals(True)
        self.tabs.clear()
        for name, table in board.items():
            widget = self._table_widget(table)
            self.tables[name] = widget
            self.tabs.addTab(widget, kpi_layout.title(name, self.lang))
        self.tabs.blockSignals(False)
        if keep in board:
            self.tabs.setCurrentIndex(list(board).index(keep))
        first = next(iter(board.values()), None)
        if first is not None:
            source = self.tr("snapshot taken") if first.source == "snapshot" else self.tr("computed live at")
            self.status.setText(f"{first.period} · {source} {first.at.strftime('%Y-%m-%d %H:%M')}")
        self._draw_charts()

    def _table_widget(self, table: KpiTable) -> QTableWidget:
        columns = kpi_layout.COLUMNS[table.indicator]
        widget = QTableWidget(len(table.rows), len(columns) + 1)
        widget.setHorizontalHeaderLabels(
            [kpi_layout.header("group", self.lang), *(kpi_layout.header(k, self.lang) for k in columns)]
        )
        widget.setEditTriggers(QAbstractItemView.NoEditTriggers)
        widget.setSelectionBehavior(QAbstractItemView.SelectItems)
        widget.verticalHeader().setVisible(False)
        for number, row in enumerate(table.rows):
            missed = kpi_layout.missed(row)
            group = QTableWidgetItem(kpi_layout.group_label(row, self.lang))
            group.setData(RAW, None if row.get("is_total") else row.get("group_code"))
            cells = [group]
            for key in columns:
                item = QTableWidgetItem(kpi_layout.row_cell(key, row, self.lang, self.names))
                item.setData(RAW, row.get(key))
                if isinstance(row.get(key), int | float) and not isinstance(row.get(key), bool):
                    item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
                if key.startswith("meets") and row.get(key) is False or key == "list" and row.get(key) == "black":
                    item.setForeground(QBrush(MISSED_TEXT))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                cells.append(item)
            if row.get("is_total"):
                for item in cells:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
            for column, item in enumerate(cells):
                if missed:
                    item.setBackground(QBrush(MISSED_BACKGROUND))
                widget.setItem(number, column, item)
        widget.resizeColumnsToContents()
        return widget

    def table_figures(self, indicator: str) -> list[dict[str, Any]]:
        """What the panel's table holds of an indicator, row by row: the group and each column's figure."""
        widget = self.tables[indicator]
        columns = ["group_code", *kpi_layout.COLUMNS[indicator]]
        return [
            {key: widget.item(row, column).data(RAW) for column, key in enumerate(columns)} for row in range(widget.rowCount())
        ]

    def table_texts(self, indicator: str) -> list[list[str]]:
        widget = self.tables[indicator]
        return [[widget.item(r, c).text() for c in range(widget.columnCount())] for r in range(widget.rowCount())]

    def _selected_cell(self) -> tuple[str, dict[str, Any], str | None] | None:
        """The indicator, row and column key of the selected cell (the row only, when the group is chosen)."""
        indicator = self.current_indicator()
        if indicator is None:
            return None
        widget = self.tables[indicator]
        items = widget.selectedItems()
        if not items:
            return None
        row, column = items[0].row(), items[0].column()
        key = None if column == 0 else kpi_layout.COLUMNS[indicator][column - 1]
        return indicator, self.board[indicator].rows[row], key

    # -- charts ------------------------------------------------------------------------------------------

    def _draw_charts(self) -> None:
        from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg

        from ..qgis_common.kpi_charts import bars_figure, trend_figure
        from ..storage.connection import connection
        from ..storage.kpi import snapshot_trend

        layout = self.charts.layout()
        while layout.count():
            layout.takeAt(0).widget().deleteLater()
        indicator = self.current_indicator()
        if indicator is None or indicator not in kpi_layout.HEADLINE:
            return
        table = self.board[indicator]
        try:
            with connection(self.dsn()) as conn:
                trend = snapshot_trend(conn, indicator, table.group_by, None)
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            trend = []
        for figure in (trend_figure(trend, indicator, self.lang, 4, 2.4),
                       bars_figure(table.rows, kpi_layout.HEADLINE[indicator], self.lang, 4, 2.4)):  # fmt: skip
            layout.addWidget(FigureCanvasQTAgg(figure))

    # -- the map -----------------------------------------------------------------------------------------

    def show_map(self):
        """A thematic layer of the selected column (else the tab's main rate) by area, added to the project."""
        from ..qgis_common.kpi_map import mappable, thematic_layer
        from ..storage.connection import connection

        indicator = self.current_indicator()
        if indicator is None:
            return None
        table = self.board[indicator]
        if not mappable(table):
            self._warn(
                text("kpi_desk.map.not_an_area", self.lang, grouping=text(f"cli.kpi.grouping.{table.group_by}", self.lang))
            )
            return None
        chosen = self._selected_cell()
        key = chosen[2] if chosen and chosen[2] and self._numeric(table, chosen[2]) else kpi_layout.HEADLINE.get(indicator)
        if key is None:
            key = "lighting_rate"
        try:
            with connection(self.dsn()) as conn:
                layer = thematic_layer(conn, table, key, load_profile(DEFAULT_PROFILE).registry_srid, self.lang)
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return None
        QgsProject.instance().addMapLayer(layer)
        return layer

    @staticmethod
    def _numeric(table: KpiTable, key: str) -> bool:
        return any(isinstance(row.get(key), int | float) and not isinstance(row.get(key), bool) for row in table.rows)

    def drill_selected(self) -> dict[str, list[int]]:
        """Select on the map what is behind the selected row: lights off, assets not intact, cases."""
        from ..qgis_common.kpi_map import select_drilled
        from ..storage.connection import connection
        from ..storage.kpi import drill_down

        chosen = self._selected_cell()
        if chosen is None:
            self._warn(text("kpi_desk.drill.choose_a_row", self.lang))
            return {}
        indicator, row, _ = chosen
        table = self.board[indicator]
        code = None if row.get("is_total") else row.get("group_code")
        try:
            with connection(self.dsn()) as conn:
                drilled = drill_down(conn, indicator, table.group_by, code, table.period)
                srid = load_profile(DEFAULT_PROFILE).registry_srid
                return select_drilled(conn, self.dsn(), drilled, Standard(), QgsProject.instance(), srid, self.lang)
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return {}

    def open_bulletin(self) -> None:
        import processing

        processing.execAlgorithmDialog(BULLETIN_ALGORITHM, {"PERIOD": self.chosen_period() or ""})

    def _warn(self, message: str) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushWarning(self.tr("Indicators"), message)
        self.status.setText(message)
