"""Pictures of the registry project as a GIS user meets it, for docs/desktop/ and the README.

Run under a display (``make screenshots`` runs it under xvfb, after ``assetreg demo`` has filled the demo
registry): the project is made by the plugin's own function, in Chinese (the users' QGIS locale), opened,
and drawn by QGIS's map renderer at its opening view, at a street's scale and in its map theme by road
class; its layer tree is drawn as the Layers panel shows it; and the QGIS desktop itself is started with the
packaged plugin, its action asset_registry_open_project triggered and the window captured. Each family's edit
form is drawn with its tabs side by side, and the form of an asset being added (``--forms-only``: the forms alone).

    python scripts/screenshots.py docs/desktop [--dsn DSN] [--forms-only]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle
from qgis.gui import QgsLayerTreeView
from qgis.PyQt.QtCore import QLibraryInfo, QSize, QTranslator
from qgis.PyQt.QtGui import QColor

MAP_SIZE = QSize(1600, 1000)
FORM_SIZE = QSize(600, 760)  # an edit form as QGIS opens it beside the map
DETAIL_SCALE = 3000  # a street's scale: the identifiers are labelled from 1:5,000 in
LANG = "zh"


def render(project: QgsProject, extent: QgsRectangle, path: Path, theme: str | None = None) -> Path:
    settings = QgsMapSettings()
    root = project.layerTreeRoot()
    if theme is None:
        settings.setLayers([layer for layer in root.layerOrder() if root.findLayer(layer.id()).isVisible()])
    else:
        themes = project.mapThemeCollection()
        settings.setLayers(themes.mapThemeVisibleLayers(theme))
        settings.setLayerStyleOverrides(themes.mapThemeStyleOverrides(theme))
    settings.setDestinationCrs(project.crs())
    settings.setOutputSize(MAP_SIZE)
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor("#ffffff"))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(str(path), "PNG")
    return path


def at_scale(extent: QgsRectangle, scale: float) -> QgsRectangle:
    """The view of MAP_SIZE at ``scale`` around the centre of ``extent`` (96 dpi, metres)."""
    metres_per_pixel = scale * 0.0254 / 96
    centre = extent.center()
    half_w, half_h = MAP_SIZE.width() * metres_per_pixel / 2, MAP_SIZE.height() * metres_per_pixel / 2
    return QgsRectangle(centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h)


def layer_tree(project: QgsProject, path: Path) -> Path:
    from qgis.core import QgsLayerTreeModel

    model = QgsLayerTreeModel(project.layerTreeRoot())
    model.setFlag(QgsLayerTreeModel.AllowNodeChangeVisibility, True)  # the check boxes, as the Layers panel has
    view = QgsLayerTreeView()
    view.setModel(model)
    view.resize(360, 860)
    view.show()
    QgsApplication.processEvents()
    view.grab().save(str(path), "PNG")
    view.hide()
    return path


def form(layer, path: Path, new: bool = False) -> Path:
    """A layer's edit form on its first feature (or, ``new`` or for an empty table, on one being added, as QGIS
    fills it with the defaults), every tab side by side."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayerUtils
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext
    from qgis.PyQt.QtGui import QImage, QPainter
    from qgis.PyQt.QtWidgets import QTabWidget

    layer.startEditing()  # as a user who edits sees it: widgets enabled, constraints judged
    feature = None if new else next(layer.getFeatures(QgsFeatureRequest().setLimit(1)), None)
    if feature is None:
        feature = QgsVectorLayerUtils.createFeature(layer)
    context = QgsAttributeEditorContext()
    dialog = QgsAttributeDialog(layer, feature, False, None, True, context)
    dialog.resize(FORM_SIZE)
    dialog.show()
    QgsApplication.processEvents()
    tabs = dialog.findChild(QTabWidget)
    pages = []
    for index in range(tabs.count() if tabs else 1):
        if tabs:
            tabs.setCurrentIndex(index)
        QgsApplication.processEvents()
        pages.append(dialog.grab().toImage())
    dialog.close()
    layer.rollBack()
    sheet = QImage(sum(page.width() for page in pages), max(page.height() for page in pages), QImage.Format_ARGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    x = 0
    for page in pages:
        painter.drawImage(x, 0, page)
        x += page.width()
    painter.end()
    sheet.save(str(path), "PNG")
    return path


def forms(project: QgsProject, folder: Path) -> list[Path]:
    """Each family's form: the first layer of each family's group, the streetlights' on a demo light; and the
    form of an asset being added (form-<family>-new.png)."""
    from asset_registry.core.standard import Standard
    from asset_registry.gui.asset_record import register_record_widget
    from asset_registry.qgis_common.forms import show_empty_as_empty
    from asset_registry.qgis_common.sources import layer_plans_of
    from qgis.gui import QgsGui

    QgsGui.editorWidgetRegistry().initEditors()  # what the desktop does at start-up
    register_record_widget()  # and the plugin, when it starts
    show_empty_as_empty()
    written = []
    for family in Standard().families.values():
        layer = project.mapLayer(layer_plans_of(family)[0].layer_id)  # its first geometry kind
        if layer is not None:
            written.append(form(layer, folder / f"form-{family.name}.png"))
            written.append(form(layer, folder / f"form-{family.name}-new.png", new=True))
    return written


def survey_forms(project: QgsProject, folder: Path) -> list[Path]:
    """The form of a survey record being added, one per inspection kind (form-survey-<kind>.png)."""
    from asset_registry.core.standard import Standard
    from asset_registry.gui.attachments_widget import register_inspection_attachments_widget
    from asset_registry.qgis_common.survey_layers import survey_kinds, survey_layer_id

    register_inspection_attachments_widget()  # as the plugin does when it starts
    written = []
    for kind in survey_kinds(Standard()):
        layer = project.mapLayer(survey_layer_id(kind))
        if layer is None:
            continue
        written.append(form(layer, folder / f"form-survey-{kind}.png", new=True))
    return written


# The demo's cases (all reported by the night patrol) moved along the flow, so the cases panel shows every
# open stage: one case in each of these paths, in turn, with what each action needs.
CASE_PATHS = (
    ("accept",),
    ("accept", "register"),
    ("accept", "register", "dispatch"),
    ("accept", "register", "dispatch", "start"),
    ("accept", "register", "dispatch", "start", "handle"),
    ("accept", "register", "defer"),
)
CASE_STEPS = {
    "dispatch": (None, {"maintainer": "珠海市香洲区路灯管理所", "crew": "香洲一班"}),
    "handle": (None, {"notes": "更换 LED 灯具，恢复亮灯", "parts": "LED 120W 灯具 1 套", "cost": 380}),
    "defer": ("等待供电部门停电检修", None),
}


def cases_panel(dsn: str, folder: Path) -> list[Path]:
    """The cases panel in Chinese on the demo's cases (some moved along the flow first), a handled case selected:
    the whole dock, and its detail area with the case's timeline."""
    from asset_registry.gui.cases_dock import AssetRegistryCasesDock
    from asset_registry.qgis_common.i18n import LOCALE_SETTING, install_translator
    from asset_registry.storage.connection import connection
    from asset_registry.storage.workorders import transition
    from qgis.core import QgsSettings

    QgsSettings().setValue(LOCALE_SETTING, "zh_CN")
    install_translator()
    with connection(dsn) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT id, version FROM assetreg.work_order WHERE status = 'reported' ORDER BY id LIMIT 24")
            cases = cur.fetchall()
        conn.rollback()
        handled = None
        for index, (case_id, version) in enumerate(cases):
            for action in CASE_PATHS[index % len(CASE_PATHS)]:
                reason, payload = CASE_STEPS.get(action, (None, None))
                version = transition(conn, case_id, version, action, reason, payload)
            handled = case_id if action == "handle" else handled
    dock = AssetRegistryCasesDock(dsn=dsn)
    dock.resize(QSize(900, 1000))
    dock.reload()
    dock.wait_for_reads()
    if handled is not None:
        dock.select_case(handled)
        dock.wait_for_reads()
    dock.show()
    QgsApplication.processEvents()
    panel = folder / "cases-panel.png"
    dock.grab().save(str(panel), "PNG")
    timeline = folder / "cases-timeline.png"
    dock.timeline.parentWidget().grab().save(str(timeline), "PNG")
    dock.close()
    return [panel, timeline]


# The QGIS desktop as the bureau's users run it: the packaged plugin enabled, QGIS in Chinese, the connection set.
DESKTOP_INI = (
    '[PythonPlugins]\nasset_registry=true\n\n[locale]\noverrideFlag=true\nuserLocale=zh_CN\n\n[asset_registry]\ndsn="{dsn}"\n'
)
DESKTOP_SCRIPT = """
import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QAction

def opened():
    qgis.utils.iface.mainWindow().findChild(QAction, "asset_registry_open_project").trigger()
    QTimer.singleShot(4000, shot)

def shot():
    qgis.utils.iface.mainWindow().grab().save({path!r}, "PNG")
    QgsApplication.exit(0)

QTimer.singleShot(3000, opened)
"""


def desktop(dsn: str, path: Path, work: Path) -> Path:
    """The QGIS desktop (on this display) after the menu's Open the registry project, in a throw-away profile
    with the packaged plugin installed."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import package

    profile = work / "home" / ".local/share/QGIS/QGIS3/profiles/default"
    (profile / "python" / "plugins").mkdir(parents=True)
    with zipfile.ZipFile(package.build(work / "dist")) as archive:
        archive.extractall(profile / "python" / "plugins")
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(DESKTOP_INI.format(dsn=dsn), encoding="utf-8")
    script = work / "desktop.py"
    script.write_text(DESKTOP_SCRIPT.format(path=str(path.resolve())), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env = {key: value for key, value in env.items() if not key.startswith("QGIS_")}
    env.update(HOME=str(work / "home"), PATH="/usr/bin:/bin")
    subprocess.run(["/usr/bin/qgis", "--nologo", "--noversioncheck", "--code", str(script)], env=env, timeout=300, check=True)
    return path


def indicators(dsn: str, folder: Path, work: Path) -> list[Path]:
    """The indicators panel (by street, this month) and the pages of this month's bulletin (pdftoppm)."""
    from asset_registry.core.standard import DEFAULT_PROFILE, Standard, load_profile
    from asset_registry.gui.kpi_dock import KpiDock
    from asset_registry.qgis_common.bulletin import write_bulletin
    from asset_registry.qgis_common.i18n import LOCALE_SETTING, install_translator
    from qgis.core import QgsSettings

    QgsSettings().setValue(LOCALE_SETTING, "zh_CN")  # the panel as the bureau's users see it
    install_translator()
    dock = KpiDock(dsn=dsn)
    dock.resize(1000, 820)
    dock.grouping.setCurrentIndex(dock.grouping.findData("street"))
    dock.refresh()
    dock.show()
    QgsApplication.processEvents()
    written = [folder / "indicators-panel.png"]
    dock.grab().save(str(written[0]), "PNG")
    dock.hide()
    profile = load_profile(DEFAULT_PROFILE)
    pdf = write_bulletin(dsn, dock.board["lighting"].period, work / "bulletin.pdf", Standard(), profile, LANG)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(folder / "bulletin-page")], check=True)
    return written + sorted(folder.glob("bulletin-page-*.png"))


PATROL_SIZE = QSize(1400, 860)


class _PatrolIface:
    """What the patrol panel asks of QGIS's interface: the map and the message bar."""

    def __init__(self, canvas, bar):
        self._canvas, self._bar = canvas, bar

    def mapCanvas(self):
        return self._canvas

    def messageBar(self):
        return self._bar


def patrol_mode(project: QgsProject, extent: QgsRectangle, path: Path) -> Path:
    """The night patrol mode as an inspector meets it: the lights of a street taken in (lit by default), two marked
    unlit, the dock beside the map."""
    from asset_registry.gui.patrol_mode import TAKE_IN, PatrolPanel
    from qgis.gui import QgsMapCanvas, QgsMessageBar
    from qgis.PyQt.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

    lights = project.mapLayer("assetreg_streetlight_point")
    window = QWidget()
    window.resize(PATROL_SIZE)
    row, left = QHBoxLayout(window), QVBoxLayout()
    bar, canvas = QgsMessageBar(), QgsMapCanvas()
    left.addWidget(bar)
    left.addWidget(canvas, 1)
    row.addLayout(left, 1)
    canvas.setDestinationCrs(project.crs())
    root = project.layerTreeRoot()
    canvas.setLayers([layer for layer in root.layerOrder() if root.findLayer(layer.id()).isVisible()])
    panel = PatrolPanel(_PatrolIface(canvas, bar))
    panel.layer_box.setLayer(lights)
    panel.setFixedWidth(360)
    row.addWidget(panel)
    window.show()
    view = at_scale(extent, DETAIL_SCALE / 2)
    canvas.setExtent(view)
    patrolled = QgsRectangle(view)
    patrolled.scale(0.6)
    panel.take_rectangle(patrolled, TAKE_IN)
    for component_id in list(panel.marks.patrolled)[1:6:3]:  # two lights found out
        panel.marks.mark_unlit([component_id])
    panel.refresh()
    panel.inspector.setText("李明")
    canvas.refresh()
    canvas.waitWhileRendering()
    QgsApplication.processEvents()
    window.grab().save(str(path))
    window.close()
    return path


def chinese_interface() -> None:
    """The plugin's Qt texts in Chinese (its translation of the .ts file), as QGIS in zh_CN loads them."""
    from asset_registry.qgis_common.i18n import LOCALE_SETTING, install_translator
    from qgis.core import QgsSettings

    QgsSettings().setValue(LOCALE_SETTING, "zh_CN")
    install_translator()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dsn", default=None)
    parser.add_argument("--forms-only", action="store_true", help="only the forms (no map, no desktop)")
    args = parser.parse_args(argv)

    app = QgsApplication([], True)
    app.initQgis()
    qt_own = QTranslator(app)  # Qt's own buttons (OK, Cancel) as the desktop shows them, which loads them alike
    if qt_own.load("qtbase_zh_CN", QLibraryInfo.location(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt_own)
    chinese_interface()  # every shot as the bureau's users see the plugin, not only the cases panel
    from asset_registry.core.messages import text
    from asset_registry.core.standard import DEFAULT_PROFILE, Standard, load_profile
    from asset_registry.qgis_common.project import write_project
    from asset_registry.storage.connection import resolve_dsn
    from review_screenshots import review_shots

    profile = load_profile(DEFAULT_PROFILE)
    args.folder.mkdir(parents=True, exist_ok=True)
    dsn = resolve_dsn(args.dsn)
    with tempfile.TemporaryDirectory() as work:
        path = write_project(Path(work) / "registry.qgz", dsn, Standard(), profile, LANG)
        project = QgsProject.instance()
        if not project.read(str(path)):
            print(project.error(), file=sys.stderr)
            return 1
        written = forms(project, args.folder)
        written += survey_forms(project, args.folder)
        if args.forms_only:
            for item in written:
                print(item)
            return 0
        extent = project.viewSettings().defaultViewExtent()
        written += [
            render(project, extent, args.folder / "registry-map.png"),
            render(project, at_scale(extent, DETAIL_SCALE), args.folder / "registry-map-street.png"),
            render(project, extent, args.folder / "registry-map-road-class.png", text("qgis.project.theme.road_class", LANG)),
            layer_tree(project, args.folder / "registry-layers.png"),
            patrol_mode(project, extent, args.folder / "registry-patrol-mode.png"),
        ]
        written += indicators(dsn, args.folder, Path(work))
        written += cases_panel(dsn, args.folder)
        project.clear()
        written += review_shots(args.folder, dsn)
        written.append(desktop(dsn, args.folder / "registry-desktop.png", Path(work)))
    for item in written:
        print(item)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
