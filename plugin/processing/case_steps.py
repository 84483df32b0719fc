"""``asset_registry:case_step`` and ``asset_registry:load_responsibility_areas``: the steps the cities describe
(return, supervise, urge, reply, on-the-spot handling) and the responsibility areas a dispatch takes its unit
from, as ``assetreg wo return|supervise|urge|reply|on-the-spot`` and ``assetreg areas responsibility`` do
(storage/case_steps.py, storage/responsibility_areas.py; the database enforces each step)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..qgis_common.i18n import Translated, in_ui_lang, message_text
from .record_patrol import profile_of, registry_of

# the steps in the order of the enum; each names what its text parameter is
STEPS = ("return", "supervise", "urge", "reply", "on_the_spot")


def _run_step(conn, step: str, case: int, version: int, words: str | None, channel: str | None, attachment: int | None):
    from ..storage.case_steps import on_the_spot, reply, supervise
    from ..storage.workorders import transition

    if step == "return":
        return transition(conn, case, version, "return", words)
    if step in ("supervise", "urge"):
        return supervise(conn, case, version, step, words)
    if step == "reply":
        return reply(conn, case, version, channel or "", words or "")
    return on_the_spot(conn, case, version, words, attachment)


class CaseStep(Translated, QgsProcessingAlgorithm):
    CASE = "CASE"
    VERSION = "VERSION"
    STEP = "STEP"
    TEXT = "TEXT"
    CHANNEL = "CHANNEL"
    ATTACHMENT = "ATTACHMENT"
    DSN = "DSN"

    def name(self) -> str:
        return "case_step"

    def displayName(self) -> str:
        return self.tr("Return, supervise, urge, reply to or handle a case on the spot")

    def group(self) -> str:
        return self.tr("Cases")

    def groupId(self) -> str:
        return "cases"

    def shortHelpString(self) -> str:
        return self.tr(
            "One step of a case, on the version last seen. Return: the crew sends a wrongly dispatched case back "
            "for re-dispatch (the text is the reason). Supervise or urge: recorded on an open case, its stage "
            "unchanged (editors, administrators). Reply: the reporter told how (a reply channel code: sms, phone, "
            "app, wechat, other) and what; a citizen's case cannot close before it. On the spot: the collector who "
            "reported the case handles and closes it, with a note or an attachment of the case. The same code as "
            "`assetreg wo return|supervise|urge|reply|on-the-spot`."
        )

    def createInstance(self) -> CaseStep:
        return CaseStep()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterNumber(self.CASE, self.tr("Case id"), QgsProcessingParameterNumber.Integer, minValue=1)
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.VERSION, self.tr("Version last seen"), QgsProcessingParameterNumber.Integer, minValue=1
            )
        )
        labels = [
            self.tr("Return"),
            self.tr("Supervise"),
            self.tr("Urge"),
            self.tr("Reply to the reporter"),
            self.tr("On the spot"),
        ]
        # urging first shown: the one step that changes nothing but the record, never taken by mistake
        self.addParameter(
            QgsProcessingParameterEnum(self.STEP, self.tr("Step"), options=labels, defaultValue=STEPS.index("urge"))
        )
        self.addParameter(
            QgsProcessingParameterString(self.TEXT, self.tr("Reason, note or reply text"), optional=True, multiLine=True)
        )
        self.addParameter(QgsProcessingParameterString(self.CHANNEL, self.tr("Reply channel"), optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.ATTACHMENT,
                self.tr("Attachment id (evidence)"),
                QgsProcessingParameterNumber.Integer,
                optional=True,
                minValue=1,
            )
        )
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber("VERSION", self.tr("New version")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.connection import connection

        step = STEPS[self.parameterAsEnum(parameters, self.STEP, context)]
        case = self.parameterAsInt(parameters, self.CASE, context)
        attachment = parameters.get(self.ATTACHMENT)
        attachment = self.parameterAsInt(parameters, self.ATTACHMENT, context) if attachment not in (None, "") else None
        try:
            with connection(registry_of(self, parameters, context)) as conn:
                version = _run_step(
                    conn,
                    step,
                    case,
                    self.parameterAsInt(parameters, self.VERSION, context),
                    self.parameterAsString(parameters, self.TEXT, context) or None,
                    self.parameterAsString(parameters, self.CHANNEL, context) or None,
                    attachment,
                )
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        feedback.pushInfo(message_text("cli.wo.step_done", case=case, action=step, version=version))
        return {"VERSION": version}


class LoadResponsibilityAreas(Translated, QgsProcessingAlgorithm):
    FILE = "FILE"
    PROFILE = "PROFILE"
    DSN = "DSN"

    def name(self) -> str:
        return "load_responsibility_areas"

    def displayName(self) -> str:
        return self.tr("Load responsibility areas")

    def group(self) -> str:
        return self.tr("Cases")

    def groupId(self) -> str:
        return "cases"

    def shortHelpString(self) -> str:
        return self.tr(
            "Loads responsibility areas: polygons with the fields code, name and maintainer (the responsible unit), "
            "added or updated by code, all or none. A dispatch that names no maintainer takes the maintainer of the "
            "case's assets, else the unit of the area the case lies in. The same code as "
            "`assetreg areas responsibility`."
        )

    def createInstance(self) -> LoadResponsibilityAreas:
        return LoadResponsibilityAreas()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterFile(self.FILE, self.tr("File of responsibility areas")))
        self.addParameter(QgsProcessingParameterString(self.PROFILE, self.tr("City profile (empty: zhuhai)"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.DSN, self.tr("Connection (empty: the plugin's)"), optional=True))
        self.addOutput(QgsProcessingOutputNumber("LOADED", self.tr("Areas loaded")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.responsibility_areas import load_responsibility_areas

        try:
            _, profile = profile_of(self, parameters, context)
            loaded = load_responsibility_areas(
                registry_of(self, parameters, context), self.parameterAsFile(parameters, self.FILE, context), profile
            )
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
        feedback.pushInfo(message_text("cli.case_steps.responsibility.loaded", count=loaded))
        return {"LOADED": loaded}
