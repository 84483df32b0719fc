"""``asset_registry:attach_file``: a photo or document kept in the file store under its SHA-256 and recorded for
one case or one inspection, as ``assetreg attach`` (storage/attachments.attach)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..qgis_common.i18n import Translated, in_ui_lang, message_text
from .record_patrol import profile_of, registry_of


class AttachFile(Translated, QgsProcessingAlgorithm):
    FILE = "FILE"
    CASE = "CASE"
    INSPECTION = "INSPECTION"
    STORE = "STORE"
    PROFILE = "PROFILE"
    DSN = "DSN"

    def name(self) -> str:
        return "attach_file"

    def displayName(self) -> str:
        return self.tr("Attach a file to a case or an inspection")

    def group(self) -> str:
        return self.tr("Inspections")

    def groupId(self) -> str:
        return "inspections"

    def shortHelpString(self) -> str:
        return self.tr(
            "Copies a photo or document into the attachment store, named by its SHA-256 (the same content is kept "
            "once), and records it for one case (its id) or one inspection record (its UUID): hash, size, type and "
            "address. The store is the one given, else ASSETREG_ATTACHMENT_STORE, else the city profile's "
            "attachment_store. The same code as `assetreg attach`."
        )

    def createInstance(self) -> AttachFile:
        return AttachFile()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterFile(self.FILE, self.tr("File")))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.CASE, self.tr("Case id"), QgsProcessingParameterNumber.Integer, optional=True, minValue=1
            )
        )
        self.addParameter(QgsProcessingParameterString(self.INSPECTION, self.tr("Inspection record UUID"), optional=True))
        self.addParameter(
            QgsProcessingParameterString(self.STORE, self.tr("Attachment store (empty: the profile's)"), optional=True)
        )
        self.addParameter(QgsProcessingParameterString(self.PROFILE, self.tr("City profile (empty: zhuhai)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber("ATTACHMENT", self.tr("Attachment id")))
        self.addOutput(QgsProcessingOutputString("SHA256", self.tr("SHA-256 hash")))
        self.addOutput(QgsProcessingOutputString("URI", self.tr("Stored at")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.attachments import attach
        from ..storage.connection import connection
        from ..storage.filestore import open_store, store_location

        case = parameters.get(self.CASE)
        case = self.parameterAsInt(parameters, self.CASE, context) if case not in (None, "") else None
        inspection = self.parameterAsString(parameters, self.INSPECTION, context) or None
        try:
            _, profile = profile_of(self, parameters, context)
            store = open_store(store_location(profile, self.parameterAsString(parameters, self.STORE, context) or None))
            with connection(registry_of(self, parameters, context)) as conn:
                added, already = attach(conn, self.parameterAsFile(parameters, self.FILE, context), store, inspection, case)
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        feedback.pushInfo(
            message_text(
                "cli.attach.done", id=added.id, name=added.file_name, sha256=added.sha256, size=added.size_bytes, uri=added.uri
            )
        )
        if already:
            feedback.pushInfo(message_text("cli.attach.deduplicated"))
        return {"ATTACHMENT": added.id, "SHA256": added.sha256, "URI": added.uri}
