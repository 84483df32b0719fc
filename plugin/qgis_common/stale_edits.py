"""A stale edit refused in words (issue 17): two editors change the same asset; the second to save is refused.

The database refuses an update whose updated_at is older than the row's (db/app/23_stale_edits.sql). A
keeper on each registry layer makes the layer send it: it notes the database's clock when an edit session
begins (or saves and goes on), and just before a commit puts into each changed asset's changes the version
that edit builds on (storage/stale_edits.py: its updated_at, no later than the session's start), so the
UPDATE carries it: an asset someone else saved since the session began is refused. When
the commit fails on a refusal, the keeper says it in the user's language (the catalogue's words, not
PostgreSQL's) through ``say``: the plugin's message bar, or what a test gives.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg2
from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QDateTime, QObject, Qt, QTimer

from ..core.errors import UserError
from ..core.messages import text
from ..storage import stale_edits
from ..storage.errors import refusal_in_text
from ..storage.names import SCHEMA
from .i18n import in_ui_lang, ui_lang

STALE_REFUSAL = "refusal.edit.stale"  # db/app/23_stale_edits.sql, AR031
VERSION = "updated_at"
KEY = "uid"
Say = Callable[[str], None]


def say_in_the_message_bar(said: str) -> None:
    from qgis.utils import iface

    if iface is not None:
        iface.messageBar().pushCritical(text("editing.stale.title", ui_lang()), said)


class VersionKeeper(QObject):
    def __init__(self, layer: QgsVectorLayer, say: Say = say_in_the_message_bar):
        super().__init__(layer)  # lives as long as its layer
        self.layer, self.say = layer, say
        uri = QgsDataSourceUri(layer.source())
        self.dsn, self.table = uri.connectionInfo(False), uri.table()  # the layer's own login and table
        self.started: str | None = None  # the database's clock when this edit session began or last saved
        layer.editingStarted.connect(self._begin)
        layer.afterCommitChanges.connect(self._begin)  # a save that keeps editing begins anew
        layer.beforeCommitChanges.connect(self._carry_versions)

    def _begin(self) -> None:
        try:
            self.started = stale_edits.session_start(self.dsn) if self.layer.isEditable() else None
        except (UserError, psycopg2.Error):
            self.started = None  # the server out of reach: the commit will say so itself, nothing to check

    def _carry_versions(self, *_) -> None:
        """Put the version each changed asset builds on into its changes, so that its UPDATE carries it."""
        buffer = self.layer.editBuffer()
        changed = sorted(fid for fid in set(buffer.changedAttributeValues()) | set(buffer.changedGeometries()) if fid >= 0)
        if changed and self.started is not None:
            keys = {fid: str(feature[KEY]) for fid, feature in self._as_stored(changed)}
            try:
                versions = stale_edits.versions_as_read(self.dsn, self.table, sorted(set(keys.values())), self.started)
            except (UserError, psycopg2.Error):
                versions = {}  # the server out of reach: the commit fails and says so itself
            index = self.layer.fields().indexFromName(VERSION)
            for fid, key in keys.items():
                if key in versions:
                    self.layer.changeAttributeValue(fid, index, QDateTime.fromString(versions[key], Qt.ISODateWithMs))
        # whoever commits (QGIS's save button, a script), once it is done: a refusal said in words
        QTimer.singleShot(0, self.report_refusal)

    def _as_stored(self, fids: list[int]):
        request = QgsFeatureRequest().setFilterFids(fids).setSubsetOfAttributes([KEY], self.layer.fields())
        request.setFlags(QgsFeatureRequest.NoGeometry)
        return ((feature.id(), feature) for feature in self.layer.dataProvider().getFeatures(request))

    def refusal(self) -> UserError | None:
        """The database's refusal in the layer's last commit errors, None when there is none."""
        return refusal_in_text("\n".join(self.layer.commitErrors()))

    def report_refusal(self) -> UserError | None:
        """Say the refusal of a commit that failed (its edits are still in the buffer); the refusal, or None."""
        refused = self.refusal() if self.layer.isEditable() and self.layer.isModified() else None
        # only the stale edit is the keeper's to say: every other refusal is said by the commit-error watcher
        if refused is not None and refused.id == STALE_REFUSAL:
            self.say(in_ui_lang(refused))
        return refused


def keep_versions(layer: QgsVectorLayer, say: Say = say_in_the_message_bar) -> VersionKeeper | None:
    """A keeper on ``layer`` when it is a registry family's table (and has none yet), else None."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "postgres":
        return None
    if QgsDataSourceUri(layer.source()).schema() != SCHEMA or layer.fields().indexFromName(VERSION) < 0:
        return None
    if layer.findChild(VersionKeeper) is not None:
        return None
    return VersionKeeper(layer, say)
