"""``asset_registry:create_work_orders``: cases (案卷) about the assets selected on a registry layer.

The same core as ``assetreg wo create --matter-class``: storage/workorders.report_asset_cases builds
the cases (matter code = the assets' district + the matter class) and reports them in one transaction.
"""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ..core.standard import Standard
from ..qgis_common.i18n import message_text, ui_lang
from ..storage.workorders import matter_classes_for
from .base import RegistryAlgorithm

DEFAULT_SOURCE = "gis_user"


def _labelled(standard: Standard, codelist: str, with_code: bool = False) -> list[str]:
    """The code list's labels in the interface language (the standard's), each after its code if asked."""
    codes, lang = standard.codelists[codelist], ui_lang()
    return [f"{code + ' ' if with_code else ''}{codes.label(code, lang)}" for code in codes.codes]


class CreateWorkOrders(RegistryAlgorithm):
    NAME = "create_work_orders"
    GROUP = "cases"
    INPUT = "INPUT"
    MATTER_CLASS = "MATTER_CLASS"
    SOURCE = "SOURCE"
    URGENCY = "URGENCY"
    DESCRIPTION = "DESCRIPTION"
    ONE_PER_ASSET = "ONE_PER_ASSET"
    REPORTER = "REPORTER"
    CONTACT = "CONTACT"

    def displayName(self) -> str:
        return self.tr("Create cases from selected assets")

    def shortHelpString(self) -> str:
        return self.tr(
            "Reports cases (stage reported) about the assets selected on a registry layer: one case linking all of "
            "them, or one case per asset. The matter code is the assets' district code (the first 6 digits of the "
            "identifier) followed by the matter class, which must concern the layer's asset family. All cases are "
            "reported in one transaction, all or none. The same code as `assetreg wo create --matter-class`."
        )

    def initAlgorithm(self, config=None) -> None:
        standard = Standard()
        self._matter_classes = matter_classes_for(standard)
        self._sources = standard.codelists["work_order_source"].codes
        self._urgencies = standard.codelists["urgency"].codes
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Asset layer (registry)"), [QgsProcessing.TypeVector])
        )
        matter_class = QgsProcessingParameterEnum(
            self.MATTER_CLASS, self.tr("Matter class"), options=_labelled(standard, "matter_class", with_code=True)
        )
        matter_class.setMetadata(_matter_class_widget())
        self.addParameter(matter_class)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.SOURCE,
                self.tr("Source"),
                options=_labelled(standard, "work_order_source"),
                defaultValue=self._sources.index(DEFAULT_SOURCE),
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.URGENCY, self.tr("Urgency"), options=_labelled(standard, "urgency"), defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterString(self.DESCRIPTION, self.tr("Description"), multiLine=True))
        self.addParameter(QgsProcessingParameterBoolean(self.ONE_PER_ASSET, self.tr("One case per asset"), defaultValue=False))
        self.addParameter(QgsProcessingParameterString(self.REPORTER, self.tr("Reporter"), optional=True))
        self.addParameter(QgsProcessingParameterString(self.CONTACT, self.tr("Reporter contact"), optional=True))
        self.add_dsn_parameter("layer")
        self.addOutput(QgsProcessingOutputNumber("COUNT", self.tr("Cases")))
        self.addOutput(QgsProcessingOutputString("CASE_IDS", self.tr("Case ids (comma-separated)")))
        self.addOutput(QgsProcessingOutputString("CASE_NUMBERS", self.tr("Case numbers (comma-separated)")))

    def checkParameterValues(self, parameters, context):
        # Say what is wrong with the matter class before QGIS's generic
        # "Incorrect parameter value" (an index outside the code list is the usual mistake of a script).
        value = parameters.get(self.MATTER_CLASS)
        try:
            index = int(value)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < len(self._matter_classes):
            return False, message_text("qgis.cases.matter_class_unknown", value=value, last=len(self._matter_classes) - 1)
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.sources import layer_of, registry_family
        from ..storage.connection import connection
        from ..storage.workorders import report_asset_cases

        standard = Standard()
        layer = layer_of(parameters.get(self.INPUT), context)
        family = registry_family(layer, standard)
        if family is None:
            name = layer.name() if layer else parameters.get(self.INPUT)
            raise QgsProcessingException(message_text("qgis.cases.not_a_registry_layer", name=name))
        source = self.parameterAsSource(parameters, self.INPUT, context)
        index = source.fields().indexFromName(family.identifier)
        if index < 0:
            raise QgsProcessingException(message_text("qgis.cases.identifier_missing", field=family.identifier))
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([index])
        component_ids = [feature.attribute(index) for feature in source.getFeatures(request)]
        if not component_ids:
            raise QgsProcessingException(message_text("qgis.cases.nothing_selected"))
        assets = [{"family": family.name, "component_id": str(c) if c is not None else ""} for c in component_ids]
        matter_class = self._matter_classes[self.parameterAsEnum(parameters, self.MATTER_CLASS, context)]
        one_per_asset = self.parameterAsBool(parameters, self.ONE_PER_ASSET, context)
        dsn = self.registry_dsn(parameters, context, layer)
        with self.user_errors(), connection(dsn) as conn:
            reported = report_asset_cases(
                conn,
                standard,
                assets,
                matter_class,
                self._sources[self.parameterAsEnum(parameters, self.SOURCE, context)],
                self.parameterAsString(parameters, self.DESCRIPTION, context),
                one_per_asset=one_per_asset,
                urgency=self._urgencies[self.parameterAsEnum(parameters, self.URGENCY, context)],
                reporter_name=self.parameterAsString(parameters, self.REPORTER, context),
                reporter_contact=self.parameterAsString(parameters, self.CONTACT, context),
            )
        for case in reported:
            feedback.pushInfo(message_text("qgis.cases.reported", case_id=case.id, case_no=case.case_no))
        feedback.pushInfo(message_text("qgis.cases.summary", cases=len(reported), assets=len(set(component_ids))))
        return {
            "COUNT": len(reported),
            "CASE_IDS": ",".join(str(case.id) for case in reported),
            "CASE_NUMBERS": ",".join(case.case_no for case in reported),
        }


def _matter_class_widget() -> dict:
    """The dialog's matter-class choice narrowed to the chosen layer's family (gui/); without the
    Processing GUI (qgis_process), QGIS's own list of every class."""
    try:
        from .matter_class_widget import MatterClassWidgetWrapper
    except ImportError:
        return {}
    return {"widget_wrapper": {"class": MatterClassWidgetWrapper}}
