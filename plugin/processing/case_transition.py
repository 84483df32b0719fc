"""``asset_registry:case_transition``: one step of a case's life cycle (accept, dispatch, handle, close …), on
the version the caller last saw. The same function as the cases panel's buttons and ``assetreg wo <step>``:
storage/workorders.transition; the database decides whether this login may take the step now."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.case_panel import action_label
from ..core.standard import Standard
from ..qgis_common.i18n import message_text, ui_lang
from ..storage.workorders import ACTIONS
from .base import RegistryAlgorithm

TEXT_FIELDS = ("maintainer", "crew", "notes", "parts")  # payload keys the flow reads, as typed


class CaseTransition(RegistryAlgorithm):
    NAME = "case_transition"
    GROUP = "cases"
    CASE_ID = "CASE_ID"
    VERSION = "VERSION"
    ACTION = "ACTION"
    REASON = "REASON"
    COST = "COST"
    SATISFACTION = "SATISFACTION"

    def displayName(self) -> str:
        return self.tr("Move a case to its next stage")

    def shortHelpString(self) -> str:
        return self.tr(
            "Runs one action of the case life cycle (accept, register, dispatch, start, handle, verify, rework, close, "
            "defer, resume, cancel, rate) on the version of the case you last saw; a case changed meanwhile is refused: "
            "read it again. Refuse, rework, defer and cancel need a reason; dispatch needs the maintainer; handle needs "
            "notes; rate needs the satisfaction. The database decides whether your login may take the action now."
        )

    def initAlgorithm(self, config=None) -> None:
        lang = ui_lang()
        satisfaction = Standard().codelists["satisfaction"]
        self._satisfaction = satisfaction.codes
        self.addParameter(QgsProcessingParameterNumber(self.CASE_ID, self.tr("Case id"), minValue=1))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION, self.tr("Version you last saw"), minValue=1))
        actions = [action_label(action, lang) for action in ACTIONS]
        self.addParameter(QgsProcessingParameterEnum(self.ACTION, self.tr("Action"), options=actions))
        self.addParameter(QgsProcessingParameterString(self.REASON, self.tr("Reason"), optional=True))
        labels = {
            "maintainer": self.tr("Maintainer (handling unit)"),
            "crew": self.tr("Crew"),
            "notes": self.tr("Handling notes"),
            "parts": self.tr("Parts used"),
        }
        for key in TEXT_FIELDS:
            self.addParameter(QgsProcessingParameterString(key.upper(), labels[key], optional=True))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.COST, self.tr("Cost (yuan)"), QgsProcessingParameterNumber.Double, optional=True, minValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.SATISFACTION,
                self.tr("Satisfaction"),
                options=[satisfaction.label(code, lang) for code in self._satisfaction],
                optional=True,
            )
        )
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("VERSION", self.tr("New version")))

    def payload(self, parameters, context) -> dict:
        payload: dict = {}
        for key in TEXT_FIELDS:
            value = self.parameterAsString(parameters, key.upper(), context).strip()
            if value:
                payload[key] = value
        if parameters.get(self.COST) not in (None, ""):
            payload["cost"] = self.parameterAsDouble(parameters, self.COST, context)
        if parameters.get(self.SATISFACTION) not in (None, ""):
            payload["satisfaction"] = self._satisfaction[self.parameterAsEnum(parameters, self.SATISFACTION, context)]
        return payload

    def processAlgorithm(self, parameters, context, feedback):
        from ..storage.connection import connection
        from ..storage.workorders import transition

        case_id = self.parameterAsInt(parameters, self.CASE_ID, context)
        action = ACTIONS[self.parameterAsEnum(parameters, self.ACTION, context)]
        reason = self.parameterAsString(parameters, self.REASON, context).strip() or None
        with self.user_errors(), connection(self.registry_dsn(parameters, context)) as conn:
            version = transition(
                conn,
                case_id,
                self.parameterAsInt(parameters, self.VERSION, context),
                action,
                reason,
                self.payload(parameters, context),
            )
        label = action_label(action, ui_lang())
        feedback.pushInfo(message_text("qgis.cases_panel.transitioned", case_id=case_id, action=label, version=version))
        return {"VERSION": version}
