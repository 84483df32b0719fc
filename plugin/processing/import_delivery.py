"""``asset_registry:import_delivery``: the CLI's ``assetreg import`` as a Processing algorithm."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..core.standard import Standard
from ..core.submission import prepare
from ..storage.importing import MODES, Area, import_delivery
from .validate_submission import DELIVERY_FILTER

MODE_LABELS = {
    "insert": "新增 insert (refused if any is registered)",
    "update": "更新 update (registered ones only)",
    "upsert": "新增并更新 upsert",
    "replace-area": "替换范围 replace-area (needs an area code)",
}
COUNTS = ("inserted", "updated", "unchanged", "deleted", "rejected")


class ImportDelivery(QgsProcessingAlgorithm):
    INPUT = "INPUT"
    FAMILY = "CLASS"
    LAYER = "LAYER"
    PROFILE = "PROFILE"
    MAPPING = "MAPPING"
    MODE = "MODE"
    AREA = "AREA"
    ACCEPT_VALID = "ACCEPT_VALID"
    DRY_RUN = "DRY_RUN"
    CONFIRM_DELETE = "CONFIRM_DELETE"
    DSN = "DSN"

    def name(self) -> str:
        return "import_delivery"

    def displayName(self) -> str:
        return "导入成果数据 Import a delivery"

    def group(self) -> str:
        return "登记库 Registry"

    def groupId(self) -> str:
        return "registry"

    def shortHelpString(self) -> str:
        return (
            "先检查，再整批导入登记库：暂存、与登记库比对、在一个事务中写入，要么全部成功，要么登记库不变。"
            "每次导入都留下提交记录，不合格要素进入隔离区。与命令行 assetreg import 使用同一程序。\n\n"
            "Validates, then imports in one transaction: staging, comparison with the registry, promotion; either "
            "everything is imported or the registry stays as it was. Every import leaves a submission record; "
            "rejected features go to quarantine. The same code as `assetreg import`.\n\n"
            "按范围替换只删除范围内交付完全没有提到的部件，并且必须勾选“确认删除”，否则不导入并列出将删除的部件；"
            "先试运行可查看。\n"
            "Replace-area deletes only the area's assets the delivery does not mention at all, and only when "
            "'Confirm deleting' is ticked; otherwise nothing is imported and the assets it would delete are listed. "
            "A dry run shows them first."
        )

    def createInstance(self) -> ImportDelivery:
        return ImportDelivery()

    def initAlgorithm(self, config=None) -> None:
        self._families = list(Standard().families.values())
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, "交付文件 Delivery file", behavior=QgsProcessingParameterFile.File, fileFilter=DELIVERY_FILTER
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FAMILY, "部件类别 Asset family", options=[f"{f.title_zh} {f.title_en}" for f in self._families]
            )
        )
        self.addParameter(QgsProcessingParameterString(self.LAYER, "图层 Layer", optional=True))
        self.addParameter(QgsProcessingParameterString(self.PROFILE, "城市配置 City profile", optional=True))
        self.addParameter(
            QgsProcessingParameterFile(self.MAPPING, "字段映射 Field mapping", fileFilter="JSON (*.json)", optional=True)
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.MODE, "导入方式 Mode", options=[MODE_LABELS[m] for m in MODES], defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterString(self.AREA, "替换范围代码 Area code (replace-area)", optional=True))
        self.addParameter(
            QgsProcessingParameterBoolean(self.ACCEPT_VALID, "只导入合格要素 Import the valid part", defaultValue=False)
        )
        self.addParameter(QgsProcessingParameterBoolean(self.DRY_RUN, "试运行 Dry run", defaultValue=False))
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.CONFIRM_DELETE,
                "确认删除范围内交付未提及的部件 Confirm deleting what the delivery omits",
                defaultValue=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.DSN, "数据库连接（留空：插件设置）Connection (empty: the plugin's)", optional=True)
        )
        self.addOutput(QgsProcessingOutputNumber("SUBMISSION", "提交编号 Submission"))
        for name in COUNTS:
            self.addOutput(QgsProcessingOutputNumber(name.upper(), name))

    def processAlgorithm(self, parameters, context, feedback):
        from ..qgis_common.settings import registry_dsn

        path = self.parameterAsFile(parameters, self.INPUT, context)
        family = self._families[self.parameterAsEnum(parameters, self.FAMILY, context)].name
        mode = MODES[self.parameterAsEnum(parameters, self.MODE, context)]
        area = self.parameterAsString(parameters, self.AREA, context) or None
        dsn = self.parameterAsString(parameters, self.DSN, context) or registry_dsn()

        def progress(done: int, total: int) -> None:
            if total > 0:
                feedback.setProgress(100.0 * done / total)

        try:
            submission = prepare(
                path,
                self.parameterAsString(parameters, self.PROFILE, context) or None,
                mapping_path=self.parameterAsFile(parameters, self.MAPPING, context) or None,
            )
            result = import_delivery(
                dsn,
                path,
                submission.standard,
                submission.profile,
                family,
                self.parameterAsString(parameters, self.LAYER, context) or None,
                mode,
                self.parameterAsBool(parameters, self.ACCEPT_VALID, context),
                progress,
                submission.mapping,
                dry_run=self.parameterAsBool(parameters, self.DRY_RUN, context),
                area=Area(code=area) if area else None,
                notify=lambda zh, en: feedback.pushInfo(f"{zh} {en}"),
                confirm_delete=self.parameterAsBool(parameters, self.CONFIRM_DELETE, context),
            )
        except UserError as exc:
            report = getattr(exc, "report", None)
            if report is not None:
                feedback.reportError(report.summary_text("zh", 20))
            raise QgsProcessingException(f"{exc.message('zh')}\n{exc.message('en')}") from None
        from ..storage.import_summary import describe_import

        feedback.pushInfo(result.report.summary_text("zh", 10))
        feedback.pushInfo(describe_import(result, "zh"))
        counts = result.counts()
        return {"SUBMISSION": result.submission_id, **{name.upper(): counts[name] for name in COUNTS}}
