"""``asset_registry:attach_file``: a photo or document kept in the file store under its SHA-256 and recorded for
one case or one inspection, as ``assetreg attach`` (storage/attachments.attach)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..qgis_common.i18n import message_text
from .base import RegistryAlgorithm


class AttachFile(RegistryAlgorithm):
    NAME = "attach_file"
    GROUP = "inspections"
    FILE = "FILE"
    CASE = "CASE"
    INSPECTION = "INSPECTION"
    STORE = "STORE"

    def displayName(self) -> str:
        return self.tr("Attach a file to a case or an inspection")

    def shortHelpString(self) -> str:
        return self.tr(
            "Copies a photo or document into the attachment store, named by its SHA-256 (the same content is kept "
            "once), and records it for one case (its id) or one inspection record (its UUID): hash, size, type and "
            "address. The store is the one given, else ASSETREG_ATTACHMENT_STORE, else the city profile's "
            "attachment_store. The same code as `assetreg attach`."
        )

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
        self.add_profile_parameter()
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("ATTACHMENT", self.tr("Attachment id")))
        self.addOutput(QgsProcessingOutputString("SHA256", self.tr("SHA-256 hash")))
        self.addOutput(QgsProcessingOutputString("URI", self.tr("Stored at")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.attachments import attach
        from ..storage.connection import connection
        from ..storage.filestore import open_store, store_location

        case = self.optional_int(parameters, self.CASE, context)
        inspection = self.parameterAsString(parameters, self.INSPECTION, context) or None
        with self.user_errors():
            _, profile = self.standard_and_profile(parameters, context)
            store = open_store(store_location(profile, self.parameterAsString(parameters, self.STORE, context) or None))
            with connection(self.registry_dsn(parameters, context)) as conn:
                added, already = attach(conn, self.parameterAsFile(parameters, self.FILE, context), store, inspection, case)
        feedback.pushInfo(
            message_text(
                "cli.attach.done", id=added.id, name=added.file_name, sha256=added.sha256, size=added.size_bytes, uri=added.uri
            )
        )
        if already:
            feedback.pushInfo(message_text("cli.attach.deduplicated"))
        return {"ATTACHMENT": added.id, "SHA256": added.sha256, "URI": added.uri}
