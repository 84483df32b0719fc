"""The ``asset_registry`` Processing provider."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..paths import resources_dir
from ..qgis_common.i18n import Translated, install_translator
from .area_defaults import AreaDefaults
from .attach_file import AttachFile
from .case_repeats import CaseRepeats
from .case_steps import CaseStep, LoadResponsibilityAreas
from .case_transition import CaseTransition
from .cases_from_inspections import CasesFromInspections
from .check_connection import CheckConnection
from .create_project import CreateProject
from .create_work_orders import CreateWorkOrders
from .import_delivery import ImportDelivery
from .kpi import IndicatorMap, IndicatorTable, MonthlyReport
from .link_assets import LinkAssets
from .load_quarantine import LoadQuarantine
from .record_patrol import RecordPatrol
from .validate_submission import ValidateSubmission

PROVIDER_ID = "asset_registry"


class AssetRegistryProvider(Translated, QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        install_translator()  # qgis_process loads the provider alone, without the plugin's menu

    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return self.tr("Asset registry")

    def icon(self) -> QIcon:
        return QIcon(str(resources_dir() / "icon.svg"))

    def loadAlgorithms(self) -> None:
        self.addAlgorithm(ValidateSubmission())
        self.addAlgorithm(ImportDelivery())
        self.addAlgorithm(CreateWorkOrders())
        self.addAlgorithm(CreateProject())
        self.addAlgorithm(IndicatorTable())
        self.addAlgorithm(IndicatorMap())
        self.addAlgorithm(MonthlyReport())
        self.addAlgorithm(AttachFile())
        self.addAlgorithm(RecordPatrol())
        self.addAlgorithm(CasesFromInspections())
        self.addAlgorithm(LoadQuarantine())
        self.addAlgorithm(CaseTransition())
        self.addAlgorithm(LinkAssets())
        self.addAlgorithm(CaseStep())
        self.addAlgorithm(LoadResponsibilityAreas())
        self.addAlgorithm(AreaDefaults())
        self.addAlgorithm(CheckConnection())
        self.addAlgorithm(CaseRepeats())
