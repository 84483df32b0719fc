"""Deleting or retiring an asset that open cases concern asks first, and says which cases (issue 17).

A guard sits on a registry layer: when features are deleted, or their status set to one that takes the
asset out of service, it looks up the open cases of those assets (storage/open_cases.py) once the edit is
done (the deletion or the form's save is one undo step), lists them by number and status and asks; a "no"
undoes that step, so nothing leaves the edit buffer the user did not confirm. The plugin puts a guard on
every registry layer added to the project (gui/plugin.py); the question is a callable, so a test answers it.
"""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QObject, QTimer

from ..core.messages import text
from ..core.standard import Family, Standard
from ..storage.names import SCHEMA
from ..storage.open_cases import OpenCase, open_cases_of
from .i18n import ui_lang

KEY = "uid"
Ask = Callable[[str, str], bool]  # (title, question) -> go on


def ask_in_a_dialog(title: str, question: str) -> bool:
    from qgis.PyQt.QtWidgets import QApplication, QMessageBox

    answer = QMessageBox.question(QApplication.activeWindow(), title, question, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


class OpenCaseGuard(QObject):
    def __init__(self, layer: QgsVectorLayer, standard: Standard, family: Family, ask: Ask = ask_in_a_dialog):
        super().__init__(layer)  # lives as long as its layer
        self.layer, self.standard, self.family, self.ask = layer, standard, family, ask
        self.dsn = QgsDataSourceUri(layer.source()).connectionInfo(False)  # the layer's own login
        # the statuses that take an asset out of service, as a deletion does: the standard marks them
        self.retired_statuses = standard.codelists[family.field("status").codelist].out_of_service
        self._deleted: set[int] = set()
        self._retired: set[int] = set()
        self._undoing = False
        self._scheduled = False
        layer.featuresDeleted.connect(self._on_deleted)
        layer.attributeValueChanged.connect(self._on_changed)

    def _on_deleted(self, fids) -> None:
        if not self._undoing:
            self._deleted |= {fid for fid in fids if fid >= 0}  # an unsaved feature has no case
            self._schedule()

    def _on_changed(self, fid: int, index: int, value) -> None:
        if self._undoing or fid < 0 or self.layer.fields().at(index).name() != "status":
            return
        if value in self.retired_statuses:
            self._retired.add(fid)
            self._schedule()

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self.review)  # after the edit command that deleted or changed them

    def review(self) -> bool:
        """Ask about the open cases of what was just deleted or retired; False when the user undid it."""
        self._scheduled = False
        deleted, retired = self._deleted, self._retired
        self._deleted, self._retired = set(), set()
        if not deleted and not retired:
            return True
        uids = self._uids(deleted, from_provider=True) + self._uids(retired - deleted, from_provider=False)
        cases = open_cases_of(self.dsn, self.family.table, uids)
        if not cases:
            return True
        lang = ui_lang()
        question_id = "editing.guard.delete_question" if deleted else "editing.guard.retire_question"
        question = text(question_id, lang, cases=self.case_lines(cases, lang), count=len({c.asset_uid for c in cases}))
        if self.ask(text("editing.guard.title", lang), question):
            return True
        self._undoing = True
        try:
            self.layer.undoStack().undo()
        finally:
            self._undoing = False
        return False

    def _uids(self, fids: set[int], from_provider: bool) -> list[str]:
        """The keys of these features: a deleted one as the database still holds it."""
        if not fids:
            return []
        request = QgsFeatureRequest().setFilterFids(sorted(fids))
        source = self.layer.dataProvider() if from_provider else self.layer
        return [str(feature[KEY]) for feature in source.getFeatures(request)]

    def case_lines(self, cases: list[OpenCase], lang: str) -> str:
        statuses = self.standard.codelists["work_order_status"]
        by_asset: dict[str, list[str]] = {}
        for case in cases:
            said = text("editing.guard.case", lang, case_no=case.case_no, status=statuses.label(case.status, lang))
            by_asset.setdefault(case.component_id, []).append(said)
        separator = text("core.list_separator", lang)
        return "\n".join(
            text("editing.guard.asset_line", lang, component_id=component_id, cases=separator.join(said))
            for component_id, said in by_asset.items()
        )


def guard_registry_layer(layer: QgsVectorLayer, standard: Standard, ask: Ask = ask_in_a_dialog) -> OpenCaseGuard | None:
    """A guard on ``layer`` when it is a registry family's table (and has none yet), else None."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "postgres":
        return None
    uri = QgsDataSourceUri(layer.source())
    family = next((f for f in map(standard.family, standard.families) if f.table == uri.table()), None)
    if uri.schema() != SCHEMA or family is None or layer.findChild(OpenCaseGuard) is not None:
        return None
    return OpenCaseGuard(layer, standard, family, ask)
