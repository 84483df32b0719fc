"""``asset_registry:create_work_orders``: cases (案卷) about the assets selected on a registry layer.

The same core as ``assetreg wo create --matter-class``: storage/workorders.report_asset_cases builds
the cases (matter code = the assets' district + the matter class) and reports them in one transaction.
"""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..core.standard import Standard
from ..storage.workorders import matter_classes_for

DEFAULT_SOURCE = "gis_user"


def _labelled(standard: Standard, codelist: str, with_code: bool = False) -> list[str]:
    codes = standard.codelists[codelist]
    return [f"{code + ' ' if with_code else ''}{codes.label(code, 'zh')} {codes.label(code, 'en')}" for code in codes.codes]


def _error(zh: str, en: str) -> QgsProcessingException:
    return QgsProcessingException(f"{zh}\n{en}")


class CreateWorkOrders(QgsProcessingAlgorithm):
    INPUT = "INPUT"
    MATTER_CLASS = "MATTER_CLASS"
    SOURCE = "SOURCE"
    URGENCY = "URGENCY"
    DESCRIPTION = "DESCRIPTION"
    ONE_PER_ASSET = "ONE_PER_ASSET"
    REPORTER = "REPORTER"
    CONTACT = "CONTACT"
    DSN = "DSN"

    def name(self) -> str:
        return "create_work_orders"

    def displayName(self) -> str:
        return "从所选部件创建案卷 Create cases from selected assets"

    def group(self) -> str:
        return "案卷 Cases"

    def groupId(self) -> str:
        return "cases"

    def shortHelpString(self) -> str:
        return (
            "为登记库图层上所选的部件登记案卷（环节：上报）：一件案卷关联全部所选部件，或每个部件一件。"
            "事项代码 = 部件所在区县代码（标识码前6位）+ 事项类别；事项类别须适用于该图层的部件类别。"
            "全部案卷在一个事务中登记，要么全部成功，要么一件也不登记。"
            "与命令行 assetreg wo create --matter-class 使用同一程序。\n\n"
            "Reports cases (stage reported) about the assets selected on a registry layer: one case linking all of "
            "them, or one case per asset. The matter code is the assets' district code (the first 6 digits of the "
            "identifier) followed by the matter class, which must concern the layer's asset family. All cases are "
            "reported in one transaction, all or none. The same code as `assetreg wo create --matter-class`."
        )

    def createInstance(self) -> CreateWorkOrders:
        return CreateWorkOrders()

    def initAlgorithm(self, config=None) -> None:
        standard = Standard()
        self._matter_classes = matter_classes_for(standard)
        self._sources = standard.codelists["work_order_source"].codes
        self._urgencies = standard.codelists["urgency"].codes
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, "部件图层（登记库）Asset layer (registry)", [QgsProcessing.TypeVector]
            )
        )
        matter_class = QgsProcessingParameterEnum(
            self.MATTER_CLASS, "事项类别 Matter class", options=_labelled(standard, "matter_class", with_code=True)
        )
        matter_class.setMetadata(_matter_class_widget())
        self.addParameter(matter_class)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.SOURCE,
                "案件来源 Source",
                options=_labelled(standard, "work_order_source"),
                defaultValue=self._sources.index(DEFAULT_SOURCE),
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.URGENCY, "紧急程度 Urgency", options=_labelled(standard, "urgency"), defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterString(self.DESCRIPTION, "问题描述 Description", multiLine=True))
        self.addParameter(
            QgsProcessingParameterBoolean(self.ONE_PER_ASSET, "每个部件一件案卷 One case per asset", defaultValue=False)
        )
        self.addParameter(QgsProcessingParameterString(self.REPORTER, "上报人 Reporter", optional=True))
        self.addParameter(QgsProcessingParameterString(self.CONTACT, "上报人联系方式 Reporter contact", optional=True))
        self.addParameter(
            QgsProcessingParameterString(
                self.DSN, "数据库连接（留空：图层所在的登记库）Connection (empty: the layer's)", optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber("COUNT", "案卷数 Cases"))
        self.addOutput(QgsProcessingOutputString("CASE_IDS", "案卷编号（逗号分隔）Case ids (comma-separated)"))
        self.addOutput(QgsProcessingOutputString("CASE_NUMBERS", "案件编号（逗号分隔）Case numbers (comma-separated)"))

    def checkParameterValues(self, parameters, context):
        # Say what is wrong with the matter class in both languages before QGIS's generic
        # "Incorrect parameter value" (an index outside the code list is the usual mistake of a script).
        value = parameters.get(self.MATTER_CLASS)
        try:
            index = int(value)
        except (TypeError, ValueError):
            index = -1
        if not 0 <= index < len(self._matter_classes):
            return False, (
                f"事项类别“{value}”不在规范的代码表中（0–{len(self._matter_classes) - 1}）。\n"
                f"The matter class '{value}' is not in the standard's code list (0–{len(self._matter_classes) - 1})."
            )
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.sources import layer_dsn, layer_of, registry_family
        from ..storage.connection import connection
        from ..storage.workorders import report_asset_cases

        standard = Standard()
        layer = layer_of(parameters.get(self.INPUT), context)
        family = registry_family(layer, standard)
        if family is None:
            name = layer.name() if layer else parameters.get(self.INPUT)
            raise _error(
                f"“{name}”不是登记库的部件图层：请用从登记库添加的图层（如“添加路灯图层”）。",
                f"'{name}' is not an asset layer of the registry: use a layer added from the registry.",
            )
        source = self.parameterAsSource(parameters, self.INPUT, context)
        index = source.fields().indexFromName(family.identifier)
        if index < 0:
            raise _error(f"图层没有字段 {family.identifier}。", f"The layer has no field {family.identifier}.")
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([index])
        component_ids = [feature.attribute(index) for feature in source.getFeatures(request)]
        if not component_ids:
            raise _error(
                "没有所选部件：请先在地图上选择部件，并勾选“仅所选要素”。",
                "No asset selected: select assets on the map first, with 'Selected features only' ticked.",
            )
        assets = [{"family": family.name, "component_id": str(c) if c is not None else ""} for c in component_ids]
        matter_class = self._matter_classes[self.parameterAsEnum(parameters, self.MATTER_CLASS, context)]
        one_per_asset = self.parameterAsBool(parameters, self.ONE_PER_ASSET, context)
        dsn = self.parameterAsString(parameters, self.DSN, context) or layer_dsn(layer)
        try:
            with connection(dsn) as conn:
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
        except UserError as exc:
            raise _error(exc.message("zh"), exc.message("en")) from None
        for case in reported:
            feedback.pushInfo(f"已登记案卷 {case.id}（编号 {case.case_no}）。 Reported case {case.id} (number {case.case_no}).")
        feedback.pushInfo(
            f"共 {len(reported)} 件案卷，关联 {len(set(component_ids))} 个部件。"
            f" {len(reported)} case(s) about {len(set(component_ids))} asset(s)."
        )
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
