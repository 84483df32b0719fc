"""A registry layer's refused save in the standard's words, in the message bar.

When a save from the edit buffer (a bulk edit with the field calculator, multi-edit, paste) breaks a CHECK,
a NOT NULL or a trigger's refusal, QGIS shows PostgreSQL's English text naming a constraint. The watcher
sits on a registry layer (the plugin installs it beside the open-case guard, gui/plugin.py); QGIS gives no
signal when a commit fails, so it looks at the layer's commit errors once the commit that began has returned
(a zero timer after beforeCommitChanges) and pushes storage/commit_errors.py's text to the message bar.

QGIS's desktop reports the same failure itself, in the same message bar, while the commit runs: the layer's
provider error ("Layer 路灯" / "PostGIS error while changing attributes: ERROR: new row … violates check
constraint …", PostgreSQL's English) and QgisApp::commitError's warning ("Could not commit changes to layer
路灯", a "Show more" button holding the same English). Once the refusal is said in words, those items (pushed
since the commit began, naming the layer) are taken back, so the user reads it once, in the standard's words
(tests/qgis/test_commit_errors_desktop.py runs the desktop's own Save). A failure we cannot put in words keeps
QGIS's items.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QTimer

from ..core.messages import text
from ..core.standard import Standard
from ..storage.commit_errors import commit_refusal
from ..storage.errors import refusal_in_text
from .i18n import ui_lang
from .sources import registry_family
from .stale_edits import STALE_REFUSAL


class CommitErrorWatcher(QObject):
    def __init__(self, layer: QgsVectorLayer, standard: Standard, message_bar):
        super().__init__(layer)  # lives as long as its layer
        self.layer, self.standard, self.message_bar = layer, standard, message_bar
        self.before: set[int] = set()
        layer.beforeCommitChanges.connect(self._on_commit)

    def _on_commit(self, *_stop_editing) -> None:
        self.before = _item_keys(self.message_bar)  # what the bar held before QGIS reports this commit
        QTimer.singleShot(0, self.report)  # after commitChanges has returned, its errors known

    def report(self) -> str | None:
        """Push the refusal of the last save in words; the text pushed, or None when there was none to tell."""
        errors = "\n".join(self.layer.commitErrors())
        if "ERROR" not in errors:
            return None  # saved, or failed for a reason QGIS's own message says best
        if _is_stale(errors):
            self._take_back_qgis_items()  # the stale-edit keeper (stale_edits.py) says this one
            return None
        refused = commit_refusal(errors, self.standard)
        if refused is None:
            return None
        lang = ui_lang()
        title = text("commit.refused_title", lang, layer=self.layer.name())
        said = refused.text(lang)
        self._take_back_qgis_items()
        self.message_bar.pushMessage(title, said, Qgis.Critical, 0)
        return said

    def _take_back_qgis_items(self) -> None:
        """QGIS's own items about this failed commit: pushed since it began, naming the layer."""
        name = self.layer.name()
        for item in _items(self.message_bar):
            if _key(item) not in self.before and (name in item.title() or name in item.text()):
                self.message_bar.popWidget(item)


def _is_stale(errors: str) -> bool:
    refused = refusal_in_text(errors)
    return refused is not None and refused.id == STALE_REFUSAL


def _items(message_bar) -> list:
    items = getattr(message_bar, "items", None)  # a QgsMessageBar's (3.14+); a stand-in bar may have none
    return list(items()) if callable(items) else []


def _key(item) -> int:
    return sip.unwrapinstance(item)


def _item_keys(message_bar) -> set[int]:
    return {_key(item) for item in _items(message_bar)}


def watch_commit_errors(layer, standard: Standard, message_bar) -> CommitErrorWatcher | None:
    """A watcher on ``layer`` when it shows a registry family's table (and has none yet), else None."""
    if not isinstance(layer, QgsVectorLayer) or registry_family(layer, standard) is None:
        return None
    if layer.findChild(CommitErrorWatcher) is not None:
        return None
    return CommitErrorWatcher(layer, standard, message_bar)
