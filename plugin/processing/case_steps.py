"""``asset_registry:case_step`` and ``asset_registry:load_responsibility_areas``: the steps the cities describe
(return, supervise, urge, reply, on-the-spot handling) and the responsibility areas a dispatch takes its unit
from, as ``assetreg wo return|supervise|urge|reply|on-the-spot`` and ``assetreg areas responsibility`` do
(storage/case_steps.py, storage/responsibility_areas.py; the database enforces each step)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..qgis_common.i18n import message_text
from .base import RegistryAlgorithm

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


class CaseStep(RegistryAlgorithm):
    NAME = "case_step"
    GROUP = "cases"
    CASE = "CASE"
    VERSION = "VERSION"
    STEP = "STEP"
    TEXT = "TEXT"
    CHANNEL = "CHANNEL"
    ATTACHMENT = "ATTACHMENT"

    def displayName(self) -> str:
        return self.tr("Return, supervise, urge, reply to or handle a case on the spot")

    def shortHelpString(self) -> str:
        return self.tr(
            "One step of a case, on the version last seen. Return: the crew sends a wrongly dispatched case back "
            "for re-dispatch (the text is the reason). Supervise or urge: recorded on an open case, its stage "
            "unchanged (editors, administrators). Reply: the reporter told how (a reply channel code: sms, phone, "
            "app, wechat, other) and what; a citizen's case cannot close before it. On the spot: the collector who "
            "reported the case handles and closes it, with a note or an attachment of the case. The same code as "
            "`assetreg wo return|supervise|urge|reply|on-the-spot`."
        )

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
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("VERSION", self.tr("New version")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.connection import connection

        step = STEPS[self.parameterAsEnum(parameters, self.STEP, context)]
        case = self.parameterAsInt(parameters, self.CASE, context)
        attachment = self.optional_int(parameters, self.ATTACHMENT, context)
        with self.user_errors(), connection(self.registry_dsn(parameters, context)) as conn:
            version = _run_step(
                conn,
                step,
                case,
                self.parameterAsInt(parameters, self.VERSION, context),
                self.parameterAsString(parameters, self.TEXT, context) or None,
                self.parameterAsString(parameters, self.CHANNEL, context) or None,
                attachment,
            )
        feedback.pushInfo(message_text("cli.wo.step_done", case=case, action=step, version=version))
        return {"VERSION": version}


class LoadResponsibilityAreas(RegistryAlgorithm):
    NAME = "load_responsibility_areas"
    GROUP = "cases"
    FILE = "FILE"

    def displayName(self) -> str:
        return self.tr("Load responsibility areas")

    def shortHelpString(self) -> str:
        return self.tr(
            "Loads responsibility areas: polygons with the fields code, name and maintainer (the responsible unit), "
            "added or updated by code, all or none. A dispatch that names no maintainer takes the maintainer of the "
            "case's assets, else the unit of the area the case lies in. The same code as "
            "`assetreg areas responsibility`."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterFile(self.FILE, self.tr("File of responsibility areas")))
        self.add_profile_parameter()
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("LOADED", self.tr("Areas loaded")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.responsibility_areas import load_responsibility_areas

        with self.user_errors():
            _, profile = self.standard_and_profile(parameters, context)
            loaded = load_responsibility_areas(
                self.registry_dsn(parameters, context), self.parameterAsFile(parameters, self.FILE, context), profile
            )
        feedback.pushInfo(message_text("cli.case_steps.responsibility.loaded", count=loaded))
        return {"LOADED": loaded}
