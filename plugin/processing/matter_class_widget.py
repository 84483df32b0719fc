"""The matter-class choice of ``asset_registry:create_work_orders``, narrowed to the chosen layer's family.

The parameter stays an enum over the whole code list (so scripts and the history keep stable
indices); this widget only hides the classes the standard assigns to other families.
"""

from __future__ import annotations

from processing.gui.wrappers import DIALOG_STANDARD, WidgetWrapper
from qgis.PyQt.QtWidgets import QComboBox

from ..core.standard import Standard
from ..qgis_common.sources import layer_of, registry_family
from ..storage.workorders import matter_classes_for


class MatterClassWidgetWrapper(WidgetWrapper):
    LAYER_PARAMETER = "INPUT"

    def createWidget(self):
        self._standard = Standard()
        self._codes = matter_classes_for(self._standard)
        combo = QComboBox()
        self._fill(combo, self._codes, notify=False)
        combo.currentIndexChanged.connect(lambda: self.widgetValueHasChanged.emit(self))
        return combo

    def _fill(self, combo: QComboBox, codes, notify: bool = True) -> None:
        """Items show the labels; their data is the index in the whole code list (the parameter's value)."""
        current = combo.currentData()
        options = self.parameterDefinition().options()
        combo.blockSignals(True)
        combo.clear()
        for code in codes:
            index = self._codes.index(code)
            combo.addItem(options[index], index)
        combo.blockSignals(False)
        position = combo.findData(current)
        combo.setCurrentIndex(position if position >= 0 else 0)
        if notify and combo.currentData() != current:
            self.widgetValueHasChanged.emit(self)

    def postInitialize(self, wrappers):
        # batch rows and models have no one layer to narrow to: they keep every class
        if self.dialogType != DIALOG_STANDARD:
            return
        for wrapper in wrappers:
            if wrapper.parameterDefinition().name() == self.LAYER_PARAMETER:
                self.layer_changed(wrapper)
                wrapper.widgetValueHasChanged.connect(self.layer_changed)
                break

    def layer_changed(self, wrapper) -> None:
        family = registry_family(layer_of(wrapper.parameterValue()), self._standard)
        fitting = matter_classes_for(self._standard, family.name) if family else ()
        self._fill(self.widget, fitting or self._codes)

    def setValue(self, value):
        self.setComboValue(value)

    def value(self):
        return self.comboValue()
