"""The QGIS plugin object: menu, toolbar button and Processing provider."""

from __future__ import annotations

from qgis.core import QgsApplication, QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QInputDialog, QLineEdit

from ..core.errors import UserError
from ..core.standard import Standard
from ..paths import resources_dir
from ..processing.provider import AssetRegistryProvider
from ..qgis_common.settings import registry_dsn, store_dsn, stored_dsn

MENU = "市政部件登记 Asset Registry"
CREATE_CASES = "从所选部件创建案卷… Create cases from selected assets…"
CREATE_CASES_ALGORITHM = "asset_registry:create_work_orders"


class AssetRegistryPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider: AssetRegistryProvider | None = None
        self.actions: list[QAction] = []
        self.toolbar = None

    def initProcessing(self) -> None:
        self.provider = AssetRegistryProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        self.initProcessing()
        icon = QIcon(str(resources_dir() / "icon.svg"))
        self.toolbar = self.iface.addToolBar("市政部件登记")
        self.toolbar.setObjectName("AssetRegistryToolbar")
        add_layer = self._action(icon, "添加路灯图层 Add streetlight layer", self.add_streetlight_layer)
        self.toolbar.addAction(add_layer)
        create_cases = self._action(icon, CREATE_CASES, self.open_create_cases)
        self.toolbar.addAction(create_cases)
        self._action(icon, "检查成果数据… Validate a delivery…", self.open_validation)
        self._action(QIcon(), "登记库连接… Registry connection…", self.configure_connection)

    def _action(self, icon: QIcon, text: str, slot) -> QAction:
        action = QAction(icon, text, self.iface.mainWindow())
        action.triggered.connect(slot)
        self.iface.addPluginToMenu(MENU, action)
        self.actions.append(action)
        return action

    def unload(self) -> None:
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
        self.actions.clear()
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

    # -- actions -------------------------------------------------------------

    def add_streetlight_layer(self):
        from .layers import make_layer

        try:
            layer = make_layer(registry_dsn(), Standard())
        except UserError as exc:
            self._warn(exc.message("zh"))
            return None
        if not layer.isValid():
            self._warn(
                "无法打开登记库中的路灯表，请检查登记库连接，或先运行 assetreg db init。"
                " Cannot open the streetlight table; check the registry connection or run `assetreg db init`."
            )
            return None
        QgsProject.instance().addMapLayer(layer)
        return layer

    def open_validation(self) -> None:
        import processing

        processing.execAlgorithmDialog("asset_registry:validate_submission")

    def create_cases_parameters(self) -> dict:
        """The dialog's start: the active vector layer, its selected features only."""
        layer = self.iface.activeLayer()
        if not isinstance(layer, QgsVectorLayer):
            return {}
        return {"INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True)}

    def open_create_cases(self) -> None:
        import processing

        processing.execAlgorithmDialog(CREATE_CASES_ALGORITHM, self.create_cases_parameters())

    def configure_connection(self) -> None:
        current = stored_dsn()
        text, accepted = QInputDialog.getText(
            self.iface.mainWindow(),
            "登记库连接 Registry connection",
            "libpq 连接串（留空用本地演示库）\nlibpq connection string (empty: the local demo database)",
            QLineEdit.Normal,
            current,
        )
        if accepted:
            store_dsn(text)

    def _warn(self, message: str) -> None:
        self.iface.messageBar().pushWarning("市政部件登记 Asset Registry", message)
