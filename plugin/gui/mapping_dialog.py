"""The field-mapping dialog: each delivery column beside the standard field it goes to, its sample values and
the findings the choice gives on the first rows; seeded with what ``assetreg mapping suggest`` proposes,
saved as the same mapping profile (standards/mapping.schema.json)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
from ..core.mapping_preview import (
    GEOMETRY_PARTS,
    Preview,
    geometry_choice,
    preview,
    profile_body,
    seed,
    to_mapping,
    write_profile,
)
from ..core.messages import text
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..qgis_common.i18n import Translated, in_ui_lang, ui_lang
from ..qgis_common.review_layers import rule_title

COLUMN, FIELD, SAMPLES, FINDINGS = range(4)
UNUSED = None  # the combo's data for a column left out of the mapping


class MappingDialog(Translated, QDialog):
    def __init__(self, path: str | Path, family: str, layer: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AssetRegistryMappingDialog")
        self.path, self.layer = Path(path), layer
        self.standard = Standard()
        self.profile = load_profile(DEFAULT_PROFILE)
        self.family = self.standard.delivery_class(family)
        self.lang = ui_lang()
        self.suggestion, choices = seed(self.path, self.standard, family, layer)
        self.preview: Preview | None = None
        self.setWindowTitle(self.tr("Field mapping") + f" · {self.path.name} · {self.family.title(self.lang)}")
        self.resize(1280, 720)
        self._build()
        self._fill(choices)
        self.try_mapping()

    # -- building ------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Each column of the delivery and the standard field it goes to; the findings are those of the "
                "first rows with the mapping chosen."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        crs_row = QHBoxLayout()
        crs_row.addWidget(QLabel(self.tr("Coordinates' CRS (when the file states none):"), self))
        self.crs = QComboBox(self)
        for srid in dict.fromkeys((*self.profile.accepted_srids, 4326)):
            self.crs.addItem(f"EPSG:{srid}", f"EPSG:{srid}")
        self.crs.currentIndexChanged.connect(self.try_mapping)
        crs_row.addWidget(self.crs)
        crs_row.addStretch()
        layout.addLayout(crs_row)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Delivery column"), self.tr("Standard field"), self.tr("Sample values"), self.tr("Findings")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (COLUMN, FIELD, SAMPLES):
            header.setSectionResizeMode(column, QHeaderView.Interactive)
        header.setStretchLastSection(True)  # the findings take what is left, and wrap
        for column, width in ((COLUMN, 190), (FIELD, 300), (SAMPLES, 300)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        check = QPushButton(self.tr("Check again"), self)
        check.clicked.connect(self.try_mapping)
        save = QPushButton(self.tr("Save the mapping…"), self)
        save.clicked.connect(self.choose_and_save)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        buttons.addWidget(check)
        buttons.addStretch()
        buttons.addWidget(save)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def _field_combo(self, chosen: str | None) -> QComboBox:
        combo = QComboBox(self.table)
        combo.addItem(self.tr("(not used)"), UNUSED)
        for spec in self.family.fields:
            mark = " *" if spec.required else ""  # as the standard's documentation marks a required field
            label = text("review.mapping.field_choice", self.lang, title=spec.title(self.lang), name=spec.name, mark=mark)
            combo.addItem(label, spec.name)
        for part in GEOMETRY_PARTS:  # a CSV's coordinates go to the geometry, not to a field
            combo.addItem(text(f"review.mapping.geometry.{part}", self.lang), geometry_choice(part))
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.currentIndexChanged.connect(self.try_mapping)
        return combo

    def _fill(self, choices: dict[str, str | None]) -> None:
        from ..core.mapping_preview import first_values

        columns, self.samples = first_values(self.path, self.layer)
        self.table.setRowCount(len(columns))
        for row, column in enumerate(columns):
            self.table.setItem(row, COLUMN, QTableWidgetItem(column))
            self.table.setCellWidget(row, FIELD, self._field_combo(choices.get(column)))
            values = self.samples.get(column, [])
            self.table.setItem(row, SAMPLES, QTableWidgetItem(" | ".join(values)))

    # -- the choices ---------------------------------------------------------

    def columns(self) -> list[str]:
        return [self.table.item(row, COLUMN).text() for row in range(self.table.rowCount())]

    def choices(self) -> dict[str, str | None]:
        return {
            self.table.item(row, COLUMN).text(): self.table.cellWidget(row, FIELD).currentData()
            for row in range(self.table.rowCount())
        }

    def choose(self, column: str, field: str | None) -> None:
        """Send ``column`` to ``field`` (None: leave it out), as picking it in the combo does."""
        row = self.columns().index(column)
        combo = self.table.cellWidget(row, FIELD)
        index = combo.findData(field)
        if index < 0:
            raise ValueError(f"{field!r} is not a choice of the combo")
        combo.setCurrentIndex(index)

    def body(self) -> dict:
        return profile_body(self.suggestion, self.choices(), self.crs.currentData())

    def try_mapping(self) -> Preview | None:
        """The findings of the first rows under the current choices, per column and in all."""
        try:
            self.preview = preview(self.path, self.standard, self.profile, self.family.name, to_mapping(self.body()), self.layer)
        except UserError as exc:
            self.preview = None
            self.summary.setText(in_ui_lang(exc))
            return None
        for row, column in enumerate(self.columns()):
            counts = self.preview.by_column.get(column, Counter())
            item = QTableWidgetItem(self._described(counts))
            if counts:
                item.setForeground(Qt.darkRed)
            self.table.setItem(row, FINDINGS, item)
        self.table.resizeRowsToContents()
        self.summary.setText(self._summary())
        return self.preview

    def _described(self, counts: Counter) -> str:
        separator = text("review.list_separator", self.lang)
        return separator.join(f"{rule_title(rule, self.lang)} ×{count}" for rule, count in counts.most_common())

    def unmapped_required(self) -> list[str]:
        """The required fields no column goes to and the mapping fills no other way."""
        body = self.body()
        filled = {*body["columns"].values(), *body.get("constants", {}), *body.get("templates", {})}
        return [spec.name for spec in self.family.fields if spec.required and spec.name not in filled]

    def _summary(self) -> str:
        report = self.preview.report
        counts = Counter(f.rule for f in report.findings)
        summary = text(
            "review.mapping.summary",
            self.lang,
            rows=report.feature_count,
            errors=len(report.errors),
            warnings=len(report.warnings),
            rules=self._described(counts) or "-",
        )
        missing = self.unmapped_required()
        if missing:
            separator = text("review.list_separator", self.lang)
            titles = separator.join(self.family.field(name).title(self.lang) for name in missing)
            summary += "\n" + text("review.mapping.unmapped_required", self.lang, fields=titles)
        return summary

    # -- saving --------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        return write_profile(self.body(), path)

    def choose_and_save(self) -> None:
        suggested = str(self.path.with_name(f"{self.path.stem}.mapping.json"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the mapping"), suggested, "JSON (*.json)")
        if path:
            saved = self.save(path)
            self.summary.setText(text("review.mapping.saved", self.lang, path=saved))
