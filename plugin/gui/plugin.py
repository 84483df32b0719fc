"""The QGIS plugin object: menu, toolbar button and Processing provider."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..core.errors import UserError
from ..core.standard import DEFAULT_PROFILE, Standard, load_profile
from ..paths import resources_dir
from ..processing.provider import AssetRegistryProvider
from ..qgis_common.i18n import Translated, in_ui_lang, install_translator, message_text, ui_lang
from ..qgis_common.settings import registry_dsn, store_dsn, stored_dsn

CREATE_CASES_ALGORITHM = "asset_registry:create_work_orders"
STREETLIGHT = "streetlight"
OPEN_PROJECT = "asset_registry_open_project"  # the action's objectName
# where the action writes the registry project, in the user's QGIS profile: made anew each time it is opened
PROJECT_FILE = Path("asset_registry") / "registry.qgz"
# the panels the plugin docks, each made on first use and removed with the plugin
DOCKS = ("kpi_dock", "submissions_dock", "patrol_panel", "cases_dock")


class AssetRegistryPlugin(Translated):
    def __init__(self, iface):
        self.iface = iface
        install_translator()
        self.menu = self.tr("Asset Registry")  # the plugin's submenu, named alike when its actions leave it
        self.provider: AssetRegistryProvider | None = None
        self.actions: list[QAction] = []
        self.toolbar = None
        self.guarding = False  # whether layers added to the project get the registry's guards
        self.kpi_dock = None
        self.patrol_panel = None
        self.submissions_dock = None
        self.cases_dock = None

    def initProcessing(self) -> None:
        self.provider = AssetRegistryProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        self.initProcessing()
        icon = QIcon(str(resources_dir() / "icon.svg"))
        self.toolbar = self.iface.addToolBar(self.tr("Asset Registry"))
        self.toolbar.setObjectName("AssetRegistryToolbar")
        open_project = self._action(icon, self.tr("Open the registry project"), self.open_registry_project)
        open_project.setObjectName(OPEN_PROJECT)
        self.toolbar.addAction(open_project)
        add_layer = self._action(icon, self.tr("Add streetlight layer"), self.add_streetlight_layer)
        self.toolbar.addAction(add_layer)
        create_cases = self._action(icon, self.tr("Create cases from selected assets…"), self.open_create_cases)
        self.toolbar.addAction(create_cases)
        self._action(icon, self.tr("Validate a delivery…"), self.open_validation)
        self._action(QIcon(), self.tr("Registry connection…"), self.configure_connection)
        self._action(icon, self.tr("Indicators panel"), self.open_kpi_dock)
        patrol = self._action(icon, self.tr("Night lighting patrol…"), self.open_patrol_mode)
        self.toolbar.addAction(patrol)
        self._action(icon, self.tr("Submissions"), self.show_submissions)
        self._action(icon, self.tr("Field mapping…"), self.open_mapping_dialog)
        QgsProject.instance().layersAdded.connect(self.guard_registry_layers)
        self.guarding = True
        self.guard_registry_layers(QgsProject.instance().mapLayers().values())  # a project open before the plugin
        from .asset_record import register_record_widget

        register_record_widget()  # the record tab of the registry's forms
        from .attachments_widget import register_inspection_attachments_widget

        register_inspection_attachments_widget()  # the attachments tab of the survey forms
        from ..qgis_common.forms import show_empty_as_empty

        show_empty_as_empty()
        self._action(icon, self.tr("Cases panel"), self.open_cases_panel)

    def _action(self, icon: QIcon, text: str, slot) -> QAction:
        action = QAction(icon, text, self.iface.mainWindow())
        action.triggered.connect(slot)
        self.iface.addPluginToMenu(self.menu, action)
        self.actions.append(action)
        return action

    def unload(self) -> None:
        if self.guarding:  # only initGui connects it: qgis_process and the tests may load Processing alone
            QgsProject.instance().layersAdded.disconnect(self.guard_registry_layers)
            self.guarding = False
        for action in self.actions:
            self.iface.removePluginMenu(self.menu, action)
            action.deleteLater()  # a child of the main window: gone with the plugin, not found by its name later
        self.actions.clear()
        if self.toolbar is not None:
            self.toolbar.deleteLater()
            self.toolbar = None
        for name in DOCKS:
            dock = getattr(self, name)
            if dock is not None:
                dock.close()
                self.iface.removeDockWidget(dock)
                dock.deleteLater()
                setattr(self, name, None)
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

    def guard_registry_layers(self, layers) -> None:
        """Deleting or retiring an asset with open cases asks first (qgis_common/open_case_guard.py)."""
        from ..qgis_common.commit_errors import watch_commit_errors
        from ..qgis_common.open_case_guard import guard_registry_layer
        from ..qgis_common.stale_edits import keep_versions
        from ..qgis_common.survey_commit import commit_surveys_through_import

        standard = Standard()
        for layer in layers:
            guard_registry_layer(layer, standard)
            keep_versions(layer, self._refused)  # a stale edit refused in words (qgis_common/stale_edits.py)
            watch_commit_errors(layer, standard, self.iface.messageBar())  # a refused save in our words
            commit_surveys_through_import(layer)  # a survey form's records saved through the import (issue 13)

    # -- actions -------------------------------------------------------------

    def add_streetlight_layer(self):
        from ..qgis_common.layers import make_layer

        try:
            standard = Standard()
            layer = make_layer(registry_dsn(), standard, STREETLIGHT)
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return None
        if not layer.isValid():
            self._warn(message_text("qgis.layer.unavailable", family=standard.family(STREETLIGHT).title(ui_lang())))
            return None
        QgsProject.instance().addMapLayer(layer)
        return layer

    def registry_project_path(self) -> Path:
        return Path(QgsApplication.qgisSettingsDirPath()) / PROJECT_FILE

    def open_registry_project(self) -> bool:
        """Make the registry project anew from the standard and the connection, and open it in place of the
        current one (QGIS asks first to save that one, when it has changes)."""
        from ..qgis_common.project import write_project

        if not self.iface.newProject(True):
            return False  # the user kept the current project
        path = self.registry_project_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_project(path, registry_dsn(), Standard(), load_profile(DEFAULT_PROFILE), ui_lang())
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return False
        return bool(self.iface.addProject(str(path)))

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

    def open_patrol_mode(self):
        """The night patrol dock (made once), shown with its map tool active."""
        from qgis.PyQt.QtCore import Qt

        from .patrol_mode import PatrolPanel

        if self.patrol_panel is None:
            self.patrol_panel = PatrolPanel(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.patrol_panel)
        self.patrol_panel.show()
        self.patrol_panel.activate()
        return self.patrol_panel

    def configure_connection(self):
        """The connection dialog (gui/connection_dialog.py): a service, a server with an auth configuration, or
        the local demo registry, tested before it is kept."""
        from .connection_dialog import ConnectionDialog

        dialog = ConnectionDialog(stored_dsn(), self.iface.mainWindow())
        if dialog.exec_():
            store_dsn(dialog.dsn())
        return dialog

    def open_kpi_dock(self):
        """The indicators panel, docked on the right, filled for the default grouping and this month."""
        from .kpi_dock import KpiDock

        if self.kpi_dock is None:
            self.kpi_dock = KpiDock(self.iface, parent=self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.kpi_dock)
        self.kpi_dock.show()
        self.kpi_dock.raise_()
        self.kpi_dock.refresh()
        return self.kpi_dock

    def show_submissions(self):
        """The submissions panel, made on first use, docked on the right, its list fresh."""
        from .submissions_dock import SubmissionsDock

        if self.submissions_dock is None:
            self.submissions_dock = SubmissionsDock(registry_dsn, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.submissions_dock)
        self.submissions_dock.show()
        self.submissions_dock.raise_()
        self.submissions_dock.refresh()
        return self.submissions_dock

    def open_mapping_dialog(self):
        """Choose a delivery and its class, then map its columns in the dialog."""
        from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog

        from ..processing.validate_submission import DELIVERY_FILTER
        from .mapping_dialog import MappingDialog

        window = self.iface.mainWindow()
        path, _ = QFileDialog.getOpenFileName(window, self.tr("Delivery to map"), "", DELIVERY_FILTER)
        if not path:
            return None
        classes = list(Standard().delivery_classes.values())
        titles = [family.title(ui_lang()) for family in classes]
        title, chosen = QInputDialog.getItem(window, self.tr("Field mapping…"), self.tr("Class"), titles, 0, False)
        if not chosen:
            return None
        try:
            dialog = MappingDialog(path, classes[titles.index(title)].name, parent=window)
        except UserError as exc:
            self._warn(in_ui_lang(exc))
            return None
        dialog.show()
        return dialog

    def open_cases_panel(self):
        """The cases panel, docked on the right, made once and shown again when asked."""
        from qgis.PyQt.QtCore import Qt

        from .cases_dock import AssetRegistryCasesDock

        if self.cases_dock is None:
            self.cases_dock = AssetRegistryCasesDock(self.iface, parent=self.iface.mainWindow())
            self.iface.addDockWidget(Qt.RightDockWidgetArea, self.cases_dock)
        self.cases_dock.show()
        self.cases_dock.raise_()
        self.cases_dock.reload()
        return self.cases_dock

    def _refused(self, message: str) -> None:
        self.iface.messageBar().pushCritical(self.tr("Asset Registry"), message)

    def _warn(self, message: str) -> None:
        self.iface.messageBar().pushWarning(self.tr("Asset Registry"), message)
