"""The small dialog an action of the cases panel opens: it asks for what that action needs (a reason, the
maintainer and crew, handling notes, parts and cost, the reporter's rating) and nothing else. Whether a
reason is required is the database's answer (case_allowed_actions.needs_reason); what a payload must hold
is checked again by assetreg_app.case_transition, whose refusal the panel shows in words."""

from __future__ import annotations

from typing import Any

from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ..core.case_panel import action_label
from ..core.standard import Standard
from ..qgis_common.i18n import Translated, ui_lang

# The payload fields each action takes (the keys case_transition reads from its payload).
PAYLOAD_FIELDS = {
    "dispatch": ("maintainer", "crew"),
    "rework": ("maintainer", "crew"),
    "handle": ("notes", "parts", "cost"),
    "rate": ("satisfaction",),
}
MAX_COST = 100_000_000


class CaseActionDialog(Translated, QDialog):
    def __init__(self, standard: Standard, action: str, needs_reason: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AssetRegistryCaseActionDialog")
        self.action = action
        self.setWindowTitle(action_label(action, ui_lang()))
        form = QFormLayout(self)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        if needs_reason:
            self.reason.setPlaceholderText(self.tr("required"))
        form.addRow(self.tr("Reason"), self.reason)
        self.inputs: dict[str, Any] = {}
        for name in PAYLOAD_FIELDS.get(action, ()):
            widget = self._input(standard, name)
            widget.setObjectName(name)
            self.inputs[name] = widget
            form.addRow(self._label(name), widget)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _label(self, name: str) -> str:
        labels = {
            "maintainer": self.tr("Maintainer (handling unit)"),
            "crew": self.tr("Crew"),
            "notes": self.tr("Handling notes"),
            "parts": self.tr("Parts used"),
            "cost": self.tr("Cost (yuan)"),
            "satisfaction": self.tr("Satisfaction"),
        }
        return labels[name]

    def _input(self, standard: Standard, name: str) -> QWidget:
        if name == "notes":
            return QPlainTextEdit()
        if name == "cost":
            cost = QDoubleSpinBox()
            cost.setRange(0, MAX_COST)
            cost.setDecimals(2)
            return cost
        if name == "satisfaction":
            choice = QComboBox()
            codelist = standard.codelists["satisfaction"]
            for code in codelist.codes:
                choice.addItem(codelist.label(code, ui_lang()), code)
            return choice
        return QLineEdit()

    def reason_text(self) -> str | None:
        return self.reason.text().strip() or None

    def payload(self) -> dict[str, Any]:
        """The payload as case_transition reads it; empty texts left out (the database names what is missing)."""
        values: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QPlainTextEdit):
                value: Any = widget.toPlainText().strip()
            elif isinstance(widget, QDoubleSpinBox):
                value = widget.value()
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
            else:
                value = widget.text().strip()
            if value not in ("", None):
                values[name] = value
        return values
