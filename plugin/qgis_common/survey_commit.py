"""A survey layer's save goes through the import (issue 13): the layer is an edit buffer.

QGIS would INSERT a record entered in a survey form (qgis_common/survey_layers.py) straight into the inspection
table: unlinked to its asset and grid, unchecked by the standard, outside the indicators (and the database now
refuses that for a registry role: db/app/46_inspection_guard.sql). So just before QGIS commits, the committer
takes the records added in the edit buffer out of it and saves them as one inspection delivery through the
import (storage/surveys.py), which links, validates, updates the asset's condition and counts them exactly as
the same records delivered in a file. QGIS then commits what is left, which is nothing of theirs.

When the import refuses them, they are put back into the edit buffer as they were (the layer goes on being
edited), and the refusal is said in words: the user corrects the form and saves again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from qgis.core import QgsDataSourceUri, QgsFeature, QgsGeometry, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime, QObject, Qt, QTimer, QVariant

from ..core.errors import UserError
from ..core.messages import text
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..storage.importing import ImportResult
from ..storage.names import SCHEMA
from ..storage.surveys import INSPECTION_CLASS, SurveyRecord, record_surveys
from .i18n import in_ui_lang, ui_lang
from .sources import layer_dsn

Say = Callable[[str], None]


def say_in_the_message_bar(said: str) -> None:
    from qgis.utils import iface

    if iface is not None:
        iface.messageBar().pushCritical(text("survey.refused_title", ui_lang()), said)


def tell_in_the_message_bar(said: str) -> None:
    from qgis.utils import iface

    if iface is not None:
        iface.messageBar().pushSuccess(text("survey.saved_title", ui_lang()), said)


def is_survey_layer(layer) -> bool:
    """Whether ``layer`` shows the registry's inspection table (a survey layer, whatever its kind)."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "postgres":
        return False
    uri = QgsDataSourceUri(layer.source())
    return uri.schema() == SCHEMA and uri.table() == INSPECTION_CLASS


def plain_value(value: Any) -> Any:
    """A form's value as the delivery's JSON writes it; None for an empty one."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        # the form's time is the computer's local time: written with its offset, as UTC
        return value.toOffsetFromUtc(0).toString(Qt.ISODate) if value.isValid() else None
    if isinstance(value, QDate):
        return value.toString(Qt.ISODate) if value.isValid() else None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list | tuple):
        return [plain_value(item) for item in value] or None
    return value


def survey_record(feature: QgsFeature, field_names: tuple[str, ...]) -> SurveyRecord:
    """The standard's inspection record a feature of the form holds, and its position as GeoJSON."""
    properties = {}
    for name in field_names:
        if feature.fields().indexFromName(name) < 0:
            continue
        value = plain_value(feature.attribute(name))
        if value is not None:
            properties[name] = value
    geometry = feature.geometry()
    position = json.loads(geometry.asJson()) if geometry is not None and not geometry.isEmpty() else None
    return properties, position


def take_out_additions(buffer) -> None:
    """The features added in ``buffer`` taken out of it, its other changes kept. Not by deleting them: QGIS
    deletes only where the login may DELETE (an inspection: the admin alone). The buffer is rolled back, and
    what else it held (an admin's corrections of saved records) is done again."""
    changed_values = {fid: dict(values) for fid, values in buffer.changedAttributeValues().items() if fid >= 0}
    changed_geometries = {fid: QgsGeometry(geometry) for fid, geometry in buffer.changedGeometries().items() if fid >= 0}
    deleted = list(buffer.deletedFeatureIds())
    buffer.rollBack()
    for fid, values in changed_values.items():
        for index, value in values.items():
            buffer.changeAttributeValue(fid, index, value)
    for fid, geometry in changed_geometries.items():
        buffer.changeGeometry(fid, geometry)
    if deleted:
        buffer.deleteFeatures(deleted)


class SurveyCommitter(QObject):
    def __init__(self, layer: QgsVectorLayer, say: Say = say_in_the_message_bar, tell: Say = tell_in_the_message_bar):
        super().__init__(layer)  # lives as long as its layer
        self.layer, self.say, self.tell = layer, say, tell
        self.last_result: ImportResult | None = None
        self.last_refusal: UserError | None = None
        layer.beforeCommitChanges.connect(self._save_through_the_import)

    def _save_through_the_import(self, *_stop_editing) -> None:
        # a slot: an exception escaping it would abort QGIS, so every failure is said here
        buffer = self.layer.editBuffer()
        added = dict(buffer.addedFeatures()) if buffer is not None else {}
        if not added:
            return
        features = [QgsFeature(added[fid]) for fid in sorted(added, reverse=True)]  # in the order they were added
        take_out_additions(buffer)  # QGIS itself inserts none of them: the import does, or nobody
        self.last_result, self.last_refusal = None, None
        try:
            self.last_result = self._import(features)
        except Exception as failed:  # see above: a UserError says itself, anything else its text
            self.last_refusal = failed if isinstance(failed, UserError) else None
            QTimer.singleShot(0, lambda: self._keep_editing(features))  # once QGIS's commit has returned
            self.say(in_ui_lang(failed) if isinstance(failed, UserError) else str(failed))
            return
        QTimer.singleShot(0, self.layer.reload)  # the records as the import registered them
        self.tell(text("survey.saved", ui_lang(), records=self.last_result.inserted, submission=self.last_result.submission_id))

    def _import(self, features: list[QgsFeature]) -> ImportResult:
        profile = load_profile(DEFAULT_PROFILE)
        standard = Standard(profile.standard_version)
        field_names = tuple(standard.delivery_class(INSPECTION_CLASS).field_names)
        records = [survey_record(feature, field_names) for feature in features]
        srid = self.layer.crs().postgisSrid() or None
        return record_surveys(layer_dsn(self.layer), standard, profile, records, srid, datetime.now(UTC))

    def _keep_editing(self, features: list[QgsFeature]) -> None:
        """The refused records back in the edit buffer, as the user entered them."""
        if not self.layer.isEditable():
            self.layer.startEditing()
        self.layer.addFeatures(features)
        self.layer.triggerRepaint()


def commit_surveys_through_import(
    layer, say: Say = say_in_the_message_bar, tell: Say = tell_in_the_message_bar
) -> SurveyCommitter | None:
    """A committer on ``layer`` when it is a survey layer (and has none yet), else None."""
    if not is_survey_layer(layer) or layer.findChild(SurveyCommitter) is not None:
        return None
    return SurveyCommitter(layer, say, tell)
