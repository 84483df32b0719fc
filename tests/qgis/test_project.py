"""The registry project (issue 17), made by its three faces in the real QGIS against a real PostGIS: the command
line (`assetreg project`), the menu action and the Processing algorithm. Lights, a road and a park are
registered; bridges, trees and park facilities are empty, and still give valid layers of their type."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from asset_registry import classFactory
from asset_registry.qgis_common.settings import DSN_SETTING
from asset_registry.storage import localpg, migrate
from asset_registry.storage.areas import load_areas
from asset_registry.storage.importing import import_delivery
from qgis.core import (
    Qgis,
    QgsDataSourceUri,
    QgsMapLayer,
    QgsProcessingException,
    QgsProject,
    QgsRenderContext,
    QgsSettings,
    QgsWkbTypes,
)

from tests.db.conftest import drop_database, new_database
from tests.helpers import XIANGZHOU_XY, numbered_lights, park, road, square, write_geojson

X0, Y0 = XIANGZHOU_XY
ROAD = {"type": "LineString", "coordinates": [[X0 - 200, Y0 + 50], [X0 + 400, Y0 + 50]]}
GEOMETRY_OF_KIND = {"point": QgsWkbTypes.PointGeometry, "line": QgsWkbTypes.LineGeometry, "polygon": QgsWkbTypes.PolygonGeometry}
SYMBOL_OF_KIND = {"point": "QgsMarkerSymbol", "line": "QgsLineSymbol", "polygon": "QgsFillSymbol"}


@pytest.fixture(scope="module")
def registry(standard, profile, tmp_path_factory):
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_project")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    folder = tmp_path_factory.mktemp("project")
    areas = [
        ({"level": "district", "code": "440402", "name": "香洲区"}, square(X0 - 1000, Y0 - 1000, 3000)),
        ({"level": "street", "code": "440402001", "name": "拱北街道"}, square(X0 - 1000, Y0 - 1000, 3000)),
        ({"level": "community", "code": "440402001001", "name": "拱北第1社区"}, square(X0 - 1000, Y0 - 1000, 3000)),
        ({"level": "grid", "code": "440402001001001", "name": "网格1"}, square(X0 - 1000, Y0 - 1000, 3000)),
    ]
    load_areas(dsn, write_geojson(folder / "areas.geojson", areas), profile)
    lights = numbered_lights(3) + numbered_lights(2, start=4, status="damaged", maintainer_name="路灯管理所")
    import_delivery(dsn, write_geojson(folder / "lights.geojson", lights), standard, profile, "streetlight")
    import_delivery(dsn, write_geojson(folder / "road.geojson", [(road(), ROAD)]), standard, profile, "road_segment")
    import_delivery(dsn, write_geojson(folder / "park.geojson", [(park(), square(X0, Y0 - 300, 200))]), standard, profile, "park")
    yield dsn
    drop_database(name)


def assetreg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "asset_registry.cli", *args], capture_output=True, text=True, timeout=300)


def read(path: Path) -> QgsProject:
    project = QgsProject()
    assert project.read(str(path)), project.error()
    return project


def expected_layers(standard) -> dict[str, tuple[str, str]]:
    """layer id -> (family, geometry kind), from the standard's geometry types."""
    from asset_registry.qgis_common.sources import layer_plans

    return {plan.layer_id: (plan.family.name, plan.kind) for plan in layer_plans(standard)}


def check_fast_to_draw(layer, labels) -> None:
    """What keeps a million features quick to draw at the full extent (bench/desktop.py): the renderer reads
    the status alone and filters nothing (a catch-all category), and the labels are a layer of their own over a
    narrow view, drawn from 1:5,000 in only (a layer with labels is handed to the labelling engine feature by
    feature at every scale)."""
    assert layer.renderer().usedAttributes(QgsRenderContext()) == {"status"}, layer.id()
    assert layer.renderer().filter(layer.fields()) == "", layer.id()
    assert not layer.labelsEnabled(), layer.id()
    assert labels.isValid(), labels.id()
    source = QgsDataSourceUri(labels.source())
    assert (source.schema(), source.table()) == ("assetreg_app", f"{source.table().removesuffix('_label')}_label")
    assert source.table() == QgsDataSourceUri(layer.source()).table() + "_label"
    assert labels.fields().names() == ["fid", "component_id"]
    assert labels.renderer().type() == "nullSymbol"
    assert labels.labelsEnabled() and labels.labeling().settings().fieldName == "component_id"
    assert labels.hasScaleBasedVisibility() and labels.minimumScale() == 5000
    assert labels.isInScaleRange(2000) and not labels.isInScaleRange(50000)
    assert labels.readOnly() and not labels.flags() & QgsMapLayer.Identifiable
    assert labels.name() == f"{layer.name()}标注"


def rows(layer) -> int:
    """The rows a layer reads. Not its featureCount(): the project trusts its layers' metadata (quicker to open,
    tests/qgis/test_project_open.py), so QGIS gives the server's estimate there (-1 before a table's first ANALYZE)."""
    return sum(1 for _ in layer.getFeatures())


def check_registry_project(project: QgsProject, standard, profile) -> None:
    layers = project.mapLayers()
    expected = expected_layers(standard)
    assert set(expected) <= set(layers)
    assert {family for family, _ in expected.values()} == set(standard.families)
    assert project.crs().authid() == f"EPSG:{profile.registry_srid}"
    counts = {}
    for layer_id, (_family, kind) in expected.items():
        layer = layers[layer_id]
        assert layer.isValid(), (layer_id, layer.error().summary())
        assert layer.geometryType() == GEOMETRY_OF_KIND[kind], layer_id
        assert layer.crs().authid() == f"EPSG:{profile.registry_srid}", layer_id
        # styles by status fit for the geometry: markers on points, lines on lines, fills on polygons
        categories = layer.renderer().categories()
        assert [c.value() for c in categories[:-1]] == list(standard.codelists["component_status"].codes)
        assert categories[-1].value() in (None, "") and categories[-1].label() == "其他"  # any other value, in grey
        assert {type(c.symbol()).__name__ for c in categories} == {SYMBOL_OF_KIND[kind]}, layer_id
        check_fast_to_draw(layer, layers[f"{layer_id}_label"])
        counts[layer_id] = rows(layer)
    # empty tables and filled ones alike
    assert counts["assetreg_streetlight_point"] == 5
    assert counts["assetreg_road_segment_line"] == 1
    assert counts["assetreg_park_polygon"] == 1
    assert counts["assetreg_tree_point"] == 0 and counts["assetreg_bridge_polygon"] == 0
    # a group per family, titled in Chinese (the QGIS locale), then the areas
    groups = [group.name() for group in project.layerTreeRoot().children()]
    assert set(groups[:-2]) == {family.title_zh for family in standard.families.values()}
    assert groups[-2:] == ["巡查与检测记录", "区域与单元网格"]
    for area in ("assetreg_admin_area_district", "assetreg_admin_area_street", "assetreg_unit_grid"):
        assert layers[area].isValid() and rows(layers[area]) == 1
    themes = project.mapThemeCollection()
    assert {"按状态", "按养护单位", "按道路等级", "状态：破损"} <= set(themes.mapThemes())
    damaged = standard.codelists["component_status"].codes.index("damaged")
    [lights] = [r for r in themes.mapThemeState("状态：破损").layerRecords() if r.layer().id() == "assetreg_streetlight_point"]
    assert (lights.currentStyle, lights.usingLegendItems, lights.checkedLegendItems) == ("按状态", True, {str(damaged)})
    with_road_class = {
        plan_id for plan_id, (family, _) in expected.items() if "road_class" in standard.family(family).field_names
    }
    assert with_road_class == {"assetreg_streetlight_point", "assetreg_road_segment_line"}
    shown = set(themes.mapThemeVisibleLayerIds("按道路等级"))
    assert with_road_class <= shown and not (set(expected) - with_road_class) & shown
    # a layer's labels are shown where the layer is
    assert {f"{layer_id}_label" for layer_id in with_road_class} <= shown
    assert not {f"{layer_id}_label" for layer_id in set(expected) - with_road_class} & shown
    road_style = layers["assetreg_road_segment_line"].styleManager()
    assert road_style.styles() == ["按养护单位", "按状态", "按道路等级"] and road_style.currentStyle() == "按状态"


def test_the_command_writes_the_registry_project(registry, standard, profile, tmp_path):
    out = tmp_path / "registry.qgz"
    completed = assetreg("project", "--out", str(out), "--dsn", registry)
    assert completed.returncode == 0, completed.stderr
    assert "registry.qgz" in completed.stdout
    check_registry_project(read(out), standard, profile)


def test_the_menu_action_opens_the_same_project(plugin, registry, standard, profile, tmp_path, monkeypatch):
    [action] = [action for action in plugin.actions if action.objectName() == "asset_registry_open_project"]
    assert action.text() == "打开登记库工程" and action in plugin.toolbar.actions()
    QgsSettings().setValue(DSN_SETTING, registry)
    try:
        action.trigger()
    finally:
        QgsSettings().remove(DSN_SETTING)
    project = QgsProject.instance()
    assert plugin.iface.messageBar().get_messages(Qgis.Warning) == []
    assert Path(project.fileName()) == plugin.registry_project_path()
    check_registry_project(project, standard, profile)
    out = tmp_path / "cli.qgz"
    assert assetreg("project", "--out", str(out), "--dsn", registry).returncode == 0
    assert project_content(out) == project_content(plugin.registry_project_path())


def test_the_processing_algorithm_writes_it_too(plugin, registry, standard, profile, tmp_path):
    import processing

    out = tmp_path / "algorithm.qgz"
    result = processing.run("asset_registry:create_project", {"DSN": registry, "OUTPUT": str(out)})
    assert result["OUTPUT"] == str(out)
    check_registry_project(read(out), standard, profile)
    with pytest.raises(QgsProcessingException, match="不存在"):  # in the QGIS locale's language
        processing.run("asset_registry:create_project", {"DSN": registry, "OUTPUT": str(tmp_path / "no" / "r.qgz")})


def test_the_project_speaks_the_language_asked(registry, standard, tmp_path):
    out = tmp_path / "en.qgz"
    completed = assetreg("--lang", "en", "project", "--out", str(out), "--dsn", registry)
    assert completed.returncode == 0 and completed.stderr == "", completed.stderr
    project = read(out)
    groups = [group.name() for group in project.layerTreeRoot().children()]
    assert groups == [
        *[family.title_en for family in ordered_families(standard)],
        "Inspection and survey records",
        "Areas and unit grids",
    ]
    assert project.mapLayer("assetreg_bridge_line").name() == f"{standard.family('bridge').title_en} (lines)"
    assert "Status: Damaged" in project.mapThemeCollection().mapThemes()
    lights = project.mapLayer("assetreg_streetlight_point")
    assert lights.renderer().categories()[1].label() == "Damaged"
    assert (
        lights.attributeAlias(lights.fields().indexFromName("lamp_type"))
        == standard.family("streetlight").field("lamp_type").title_en
    )


def ordered_families(standard):
    """The families as the project's groups list them: by the kind of their first layer (points first)."""
    from asset_registry.qgis_common.sources import KINDS, layer_plans_of

    return sorted(standard.families.values(), key=lambda family: KINDS.index(layer_plans_of(family)[0].kind))


def test_a_second_run_gives_the_same_project(registry, tmp_path):
    first, second = tmp_path / "first.qgz", tmp_path / "second.qgz"
    assert assetreg("project", "--out", str(first), "--dsn", registry).returncode == 0
    assert assetreg("project", "--out", str(second), "--dsn", registry).returncode == 0
    assert project_content(first) == project_content(second)
    assert "路灯管理所" in str(project_content(first))  # the maintainers' style holds the registry's maintainers


def test_the_command_refuses_what_it_cannot_do(registry, tmp_path):
    out = tmp_path / "registry.qgz"
    out.write_bytes(b"kept")
    completed = assetreg("--lang", "en", "project", "--out", str(out), "--dsn", registry)
    assert completed.returncode == 2 and "--overwrite" in completed.stderr and "Traceback" not in completed.stderr
    assert out.read_bytes() == b"kept"
    completed = assetreg("--lang", "en", "project", "--out", str(tmp_path / "registry.txt"), "--dsn", registry)
    assert completed.returncode == 2 and ".qgz" in completed.stderr and "Traceback" not in completed.stderr
    missing = registry.replace("dbname=", "dbname=no_such_")
    completed = assetreg("project", "--out", str(tmp_path / "r.qgz"), "--dsn", missing)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr
    assert not (tmp_path / "r.qgz").exists()


@pytest.fixture
def plugin(qgis_iface, qgis_processing, qgis_new_project):
    instance = classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()
    QgsProject.instance().clear()


# -- what a project file holds, without what QGIS stamps or orders by chance ---------------------------

# QGIS writes the time and the user of a save, the time the project was made (its metadata's creation) and a
# new id for the annotation layer every time; it writes attributes, and the individual snapping settings of
# layers, in the order of a hash.
STAMPS = ("saveDateTime", "saveUser", "saveUserFull")


def _canonical(element: ElementTree.Element):
    attributes = {}
    for key, value in element.attrib.items():
        if key in STAMPS:
            continue
        if value.startswith("<"):  # a symbol written as XML inside an attribute
            with contextlib.suppress(ElementTree.ParseError):
                value = _canonical(ElementTree.fromstring(value))
        attributes[key] = value
    children = [_canonical(child) for child in element]
    if element.tag == "individual-layer-settings":
        children.sort(key=repr)
    text = (element.text or "").strip()
    if element.tag == "id" and text.startswith("Annotations_"):
        text = "Annotations"
    if element.tag == "creation":
        text = ""
    return (element.tag, tuple(sorted(attributes.items(), key=lambda item: item[0])), text, tuple(children))


def project_content(path: Path):
    with zipfile.ZipFile(path) as archive:
        names = [name for name in archive.namelist() if name.endswith(".qgs")]
        assert len(names) == 1
        return _canonical(ElementTree.fromstring(archive.read(names[0])))


DESKTOP = """
import json
import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QAction

def check():
    action = qgis.utils.iface.mainWindow().findChild(QAction, "asset_registry_open_project")
    action.trigger()
    QgsApplication.processEvents()
    project = QgsProject.instance()
    result = {{
        "text": action.text(),
        "file": project.fileName(),
        # rows read, not featureCount(): the project trusts its layers' metadata, where QGIS gives an estimate
        "layers": {{layer.id(): [layer.isValid(), layer.geometryType(), sum(1 for _ in layer.getFeatures())]
                    for layer in project.mapLayers().values()}},
        "crs": qgis.utils.iface.mapCanvas().mapSettings().destinationCrs().authid(),
    }}
    with open({out!r}, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    QgsApplication.exit(0)

QTimer.singleShot(3000, check)
"""


def test_the_action_opens_the_project_in_the_qgis_desktop(installed_home, registry, standard, tmp_path):
    """The packaged plugin in the real QGIS desktop (Xvfb): the action makes and opens the project there."""
    import json

    from tests.qgis.conftest import INI, PROFILE, user_environment

    ini = installed_home / PROFILE / "QGIS" / "QGIS3.ini"
    ini.write_text(f'{INI}\n[asset_registry]\ndsn="{registry}"\n', encoding="utf-8")
    out, script = tmp_path / "result.json", tmp_path / "startup.py"
    script.write_text(DESKTOP.format(out=str(out)), encoding="utf-8")
    env = user_environment(installed_home)
    env.pop("QT_QPA_PLATFORM", None)
    completed = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "/usr/bin/qgis", "--nologo", "--noversioncheck", "--code", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert out.exists(), completed.stdout[-2000:] + completed.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["text"] == "打开登记库工程"
    assert result["file"].endswith("asset_registry/registry.qgz")
    assert result["crs"] == "EPSG:4547"
    for layer_id in expected_layers(standard):
        assert result["layers"][layer_id][0] is True, layer_id
    assert result["layers"]["assetreg_streetlight_point"][2] == 5
    assert "Traceback" not in completed.stderr
