"""An edit form that fits its dialog (issue 17 item 3): every label and widget readable at the dialog's size.

What made the first tab too narrow is not our fields: QGIS 3.22 builds each field's editor as a stacked widget
of two pages, the editor and the search widget of the "select by form" mode (a value box, a case check box,
an aggregate button and an operator button, about 420 px at a 12 pt font). A stacked widget is as wide as
its widest page, shown or not, so every field asked for the search page's width even while editing, and a
600 px dialog scrolled sideways. fit_form lets a page that is not shown ask for nothing, and a group box (a new
asset's class) no more height than its content.

Who calls it: the record widget (gui/asset_record.py), which QGIS creates in every registry form, once the
form is built. Not a Python form init function: QGIS 3.22 asks "Python macros are currently disabled. Do you
allow this macro to run?" before running one, unless the user has allowed macros for good.
"""

from __future__ import annotations

from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import QGroupBox, QSizePolicy, QStackedWidget, QWidget

EDITOR_WIDGET = "QgsAttributeFormEditorWidget"  # QGIS's frame of one field's editor and search pages


def fit_form(form: QWidget | None) -> None:
    """Fit a QGIS attribute form (QgsAttributeForm) to its dialog, whatever its size."""
    if form is None or sip.isdeleted(form):
        return
    for stack in form.findChildren(QStackedWidget):
        parent = stack.parentWidget()
        if parent is not None and parent.metaObject().className() == EDITOR_WIDGET:
            _only_the_shown_page_counts(stack)
            stack.currentChanged.connect(lambda _index, stack=stack: _only_the_shown_page_counts(stack))
    for box in form.findChildren(QGroupBox):
        policy = box.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Maximum)
        box.setSizePolicy(policy)


def _only_the_shown_page_counts(stack: QStackedWidget) -> None:
    for index in range(stack.count()):
        page = stack.widget(index)
        policy = QSizePolicy.Preferred if index == stack.currentIndex() else QSizePolicy.Ignored
        page.setSizePolicy(policy, policy)
    stack.updateGeometry()


def attribute_form_of(widget: QWidget) -> QWidget | None:
    """The QGIS attribute form a widget of it lies in."""
    while widget is not None and widget.metaObject().className() != "QgsAttributeForm":
        widget = widget.parentWidget()
    return widget
