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
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..core.validate import validate_delivery

AUTO = "auto"


def _families() -> list[tuple[str, str]]:
    standard = Standard()
    return [(AUTO, "自动识别 Detect")] + [
        (family.name, f"{family.title_zh} {family.title_en}") for family in standard.families.values()
    ]


class ValidateSubmission(QgsProcessingAlgorithm):
    INPUT = "INPUT"
    FAMILY = "CLASS"
    LAYER = "LAYER"
    PROFILE = "PROFILE"
    REPORT = "REPORT"

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
            "按基础数据规范和城市配置检查一份交付数据（GeoJSON、GeoPackage、Shapefile、CSV、XLSX），"
            "输出问题清单（JSON）。与命令行 assetreg validate 使用同一检查程序。\n\n"
            "Checks a delivery against the base-data standard and the city profile and writes the findings "
            "as JSON. The same checks as `assetreg validate`."
        )

    def createInstance(self) -> ValidateSubmission:
        return ValidateSubmission()

    def initAlgorithm(self, config=None) -> None:
        self._family_codes = [code for code, _ in _families()]
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                "交付文件 Delivery file",
                behavior=QgsProcessingParameterFile.File,
                fileFilter="Vector data (*.geojson *.json *.gpkg *.shp *.zip *.csv *.xlsx)",
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FAMILY, "部件类别 Asset family", options=[label for _, label in _families()], defaultValue=0
            )
        )
        self.addParameter(QgsProcessingParameterString(self.LAYER, "图层（多图层文件）Layer (files with several)", optional=True))
        self.addParameter(QgsProcessingParameterString(self.PROFILE, "城市配置 City profile", defaultValue=DEFAULT_PROFILE))
        self.addParameter(
            QgsProcessingParameterFileDestination(self.REPORT, "检查报告 Report", fileFilter="JSON (*.json)", optional=True)
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

        def progress(done: int, total: int) -> None:
            if total > 0:
                feedback.setProgress(100.0 * done / total)

        try:
            profile = load_profile(self.parameterAsString(parameters, self.PROFILE, context) or DEFAULT_PROFILE)
            standard = Standard(profile.standard_version)
            report = validate_delivery(path, standard, profile, None if family == AUTO else family, layer, progress)
        except UserError as exc:
            raise QgsProcessingException(f"{exc.message('zh')}\n{exc.message('en')}") from None
        for line in report.summary_text("zh", 20).splitlines():
            feedback.pushInfo(line)
        results = {
            "VALID": report.is_valid,
            "FEATURES": report.feature_count,
            "VALID_FEATURES": report.valid_count,
            "ERRORS": len(report.errors),
            "WARNINGS": len(report.warnings),
        }
        if report_path:
            report.write_json(report_path)
            results[self.REPORT] = report_path
        return results
