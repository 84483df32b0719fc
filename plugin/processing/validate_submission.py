"""``asset_registry:validate_submission``: the CLI's ``assetreg validate`` as a Processing algorithm."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core.errors import UserError
from ..core.outputs import write_error_layers, write_reports
from ..core.standard import Standard
from ..core.submission import prepare, validate_submission

AUTO = "auto"
DELIVERY_FILTER = "Vector data (*.geojson *.json *.gpkg *.shp *.zip *.csv *.xlsx);;All files (*)"


def _families() -> list[tuple[str, str]]:
    """The choices of CLASS: detection, the families, then the deliverable records (indices of families stay put)."""
    standard = Standard()
    return [(AUTO, "自动识别 Detect")] + [
        (family.name, f"{family.title_zh} {family.title_en}") for family in standard.delivery_classes.values()
    ]


class ValidateSubmission(QgsProcessingAlgorithm):
    INPUT = "INPUT"
    FAMILY = "CLASS"
    LAYER = "LAYER"
    PROFILE = "PROFILE"
    MAPPING = "MAPPING"
    ENVELOPE = "ENVELOPE"
    REPORT = "REPORT"
    ERROR_LAYER = "ERROR_LAYER"

    def name(self) -> str:
        return "validate_submission"

    def displayName(self) -> str:
        return "检查成果数据 Validate a delivery"

    def group(self) -> str:
        return "基础数据规范 Standard"

    def groupId(self) -> str:
        return "standard"

    def shortHelpString(self) -> str:
        return (
            "按基础数据规范和城市配置检查一份交付数据（GeoJSON、GeoPackage、Shapefile 或其 zip、CSV、XLSX），"
            "可用字段映射和交付说明；报告写为 JSON 或 HTML，不合格要素可写入 GeoPackage 图层。"
            "与命令行 assetreg validate 使用同一检查程序。\n\n"
            "Checks a delivery against the base-data standard and the city profile, with an optional field mapping "
            "and delivery envelope; writes the report as JSON or HTML and the failing features to a GeoPackage. "
            "The same checks as `assetreg validate`."
        )

    def createInstance(self) -> ValidateSubmission:
        return ValidateSubmission()

    def initAlgorithm(self, config=None) -> None:
        self._family_codes = [code for code, _ in _families()]
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT, "交付文件 Delivery file", behavior=QgsProcessingParameterFile.File, fileFilter=DELIVERY_FILTER
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FAMILY, "类别 Class (asset family or record)", options=[label for _, label in _families()], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.LAYER, "图层（留空检查全部）Layer (empty: every layer)", optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.PROFILE, "城市配置（留空：映射或交付说明所指，否则珠海）City profile", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.MAPPING,
                "字段映射 Field mapping",
                behavior=QgsProcessingParameterFile.File,
                fileFilter="JSON (*.json)",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.ENVELOPE,
                "交付说明 Delivery envelope",
                behavior=QgsProcessingParameterFile.File,
                fileFilter="JSON (*.json)",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT, "检查报告 Report", fileFilter="HTML (*.html);;JSON (*.json)", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.ERROR_LAYER,
                "不合格要素 Failing features",
                fileFilter="GeoPackage (*.gpkg)",
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputBoolean("VALID", "合格 Valid"))
        self.addOutput(QgsProcessingOutputNumber("FEATURES", "要素数 Features"))
        self.addOutput(QgsProcessingOutputNumber("VALID_FEATURES", "合格要素 Valid features"))
        self.addOutput(QgsProcessingOutputNumber("ERRORS", "错误 Errors"))
        self.addOutput(QgsProcessingOutputNumber("WARNINGS", "警告 Warnings"))

    def processAlgorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.INPUT, context)
        family = self._family_codes[self.parameterAsEnum(parameters, self.FAMILY, context)]
        layer = self.parameterAsString(parameters, self.LAYER, context) or None
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        error_layer = self.parameterAsFileOutput(parameters, self.ERROR_LAYER, context)

        def progress(done: int, total: int) -> None:
            if total > 0:
                feedback.setProgress(100.0 * done / total)

        try:
            submission = prepare(
                path,
                self.parameterAsString(parameters, self.PROFILE, context) or None,
                mapping_path=self.parameterAsFile(parameters, self.MAPPING, context) or None,
                envelope_path=self.parameterAsFile(parameters, self.ENVELOPE, context) or None,
            )
            reports = validate_submission(path, submission, None if family == AUTO else family, layer, progress)
        except UserError as exc:
            raise QgsProcessingException(f"{exc.message('zh')}\n{exc.message('en')}") from None
        for report in reports:
            for line in report.summary_text("zh", 20).splitlines():
                feedback.pushInfo(line)
        results = {
            "VALID": all(report.is_valid for report in reports),
            "FEATURES": sum(report.feature_count for report in reports),
            "VALID_FEATURES": sum(report.valid_count for report in reports),
            "ERRORS": sum(len(report.errors) for report in reports),
            "WARNINGS": sum(len(report.warnings) for report in reports),
        }
        if report_path:
            write_reports(reports, report_path)
            results[self.REPORT] = report_path
        if error_layer:
            write_error_layers(reports, error_layer, submission.mapping)
            results[self.ERROR_LAYER] = error_layer
        return results
