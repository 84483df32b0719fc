"""``asset_registry:area_defaults``: set, list or clear the competent department and maintainer a new asset of
an area gets; the same functions as ``assetreg areas defaults`` (storage/area_defaults.py)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)

from ..core.messages import text
from ..core.standard import Standard
from ..qgis_common.i18n import ui_lang
from ..storage import area_defaults
from .base import RegistryAlgorithm

ACTIONS = ("set", "list", "clear")


class AreaDefaults(RegistryAlgorithm):
    NAME = "area_defaults"
    GROUP = "registry"
    ACTION = "ACTION"
    AREA = "AREA"
    FAMILY = "FAMILY"
    DEPT_CODE, DEPT_NAME = "COMPETENT_DEPT_CODE", "COMPETENT_DEPT_NAME"
    MAINTAINER_CODE, MAINTAINER_NAME = "MAINTAINER_CODE", "MAINTAINER_NAME"

    def displayName(self) -> str:
        return self.tr("Area defaults for new assets")

    def shortHelpString(self) -> str:
        return self.tr(
            "Sets, lists or clears the competent department and maintainer a new asset gets from the community, street "
            "or district it lies in (the most specific first; a family's own setting before the one for every family). "
            "Where no area sets them, the city profile's new_asset_defaults apply. Only editors and admins may change "
            "them. The same as `assetreg areas defaults`."
        )

    def initAlgorithm(self, config=None) -> None:
        standard = Standard()
        self._families = list(standard.families)
        actions = [self.tr("Set"), self.tr("List"), self.tr("Clear")]
        self.addParameter(QgsProcessingParameterEnum(self.ACTION, self.tr("Action"), options=actions, defaultValue=0))
        self.addParameter(
            QgsProcessingParameterString(
                self.AREA, self.tr("Area code (district 6, street 9, community 12 digits)"), optional=True
            )
        )
        families = [self.tr("Every family"), *(f"{standard.family(name).title(ui_lang())} ({name})" for name in self._families)]
        self.addParameter(QgsProcessingParameterEnum(self.FAMILY, self.tr("Family"), options=families, defaultValue=0))
        for name, label in (
            (self.DEPT_CODE, self.tr("Competent department code")),
            (self.DEPT_NAME, self.tr("Competent department name")),
            (self.MAINTAINER_CODE, self.tr("Maintainer code")),
            (self.MAINTAINER_NAME, self.tr("Maintainer name")),
        ):
            self.addParameter(QgsProcessingParameterString(name, label, optional=True))
        self.add_dsn_parameter()
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Area defaults")))
        self.addOutput(QgsProcessingOutputString("TEXT", self.tr("Area defaults as text")))

    def processAlgorithm(self, parameters, context, feedback):
        action = ACTIONS[self.parameterAsEnum(parameters, self.ACTION, context)]
        dsn = self.registry_dsn(parameters, context)
        area = self.parameterAsString(parameters, self.AREA, context).strip()
        family_index = self.parameterAsEnum(parameters, self.FAMILY, context)
        family = self._families[family_index - 1] if family_index else None
        lang = ui_lang()
        with self.user_errors():
            if action == "set":
                row = area_defaults.set_area_default(
                    dsn,
                    Standard(),
                    area,
                    family,
                    competent_dept=self._pair(parameters, context, self.DEPT_CODE, self.DEPT_NAME),
                    maintainer=self._pair(parameters, context, self.MAINTAINER_CODE, self.MAINTAINER_NAME),
                )
                lines = [text("area_defaults.set_done", lang, **area_defaults.row_params(row))]
                count = 1
            elif action == "clear":
                count = area_defaults.clear_area_default(dsn, Standard(), area, family)
                lines = [
                    text(
                        "area_defaults.cleared",
                        lang,
                        area=area,
                        family=family or text("area_defaults.every_family", lang),
                        count=count,
                    )
                ]
            else:
                rows = area_defaults.list_area_defaults(dsn)
                lines = [text("area_defaults.row", lang, **area_defaults.row_params(row)) for row in rows]
                lines = lines or [text("area_defaults.empty", lang)]
                fallback = area_defaults.profile_defaults(dsn)
                lines.append(text("area_defaults.profile_row", lang, **area_defaults.row_params(fallback)))
                count = len(rows)
        for line in lines:
            feedback.pushInfo(line)
        return {"COUNT": count, "TEXT": "\n".join(lines)}

    def _pair(self, parameters, context, code_name: str, name_name: str) -> tuple[str, str] | None:
        code = self.parameterAsString(parameters, code_name, context).strip()
        name = self.parameterAsString(parameters, name_name, context).strip()
        return (code, name) if code or name else None
