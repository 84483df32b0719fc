"""Cases from the assets selected on a registry layer, in a real QGIS against a real registry:
``asset_registry:create_work_orders`` and the plugin's menu command that opens it."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light

ALGORITHM = "asset_registry:create_work_orders"
SELECTED = ["44040201037000002", "44040201037000003", "44040201037000005"]
STREETLIGHT_CLASSES = ["01037", "01038", "01039", "01077", "10002"]  # the streetlight matters (01060: the cabinets')


class Recorder(QgsProcessingFeedback):
    """Keeps what the algorithm tells the user."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []
        self.infos: list[str] = []

    def reportError(self, error, fatalError=False):
        self.errors.append(error)

    def pushInfo(self, info):
        self.infos.append(info)


@pytest.fixture
def registry_layer(lights_db, standard, qgis_new_project):
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(lights_db, standard)
    assert layer.isValid(), layer.error().summary()
    QgsProject.instance().addMapLayer(layer)
    yield layer, lights_db
    QgsProject.instance().removeMapLayer(layer.id())


def select(layer: QgsVectorLayer, component_ids) -> None:
    layer.selectByIds([f.id() for f in layer.getFeatures() if f["component_id"] in component_ids])
    assert layer.selectedFeatureCount() == len(component_ids)


def matter_class(standard, code: str) -> int:
    return list(standard.codelists["matter_class"].codes).index(code)


def run(layer, feedback=None, **parameters):
    import processing

    inputs = {"INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True), **parameters}
    return processing.run(ALGORITHM, inputs, feedback=feedback)


def cases(dsn):
    return query(
        dsn, "SELECT id, case_no, matter_code, source, urgency, status, version, description FROM assetreg.work_order ORDER BY id"
    )


def links(dsn):
    return query(dsn, "SELECT work_order_id, family, component_id FROM assetreg.work_order_asset ORDER BY 1, 3")


def test_one_case_links_every_selected_light(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    select(layer, SELECTED)
    feedback = Recorder()
    result = run(layer, feedback, MATTER_CLASS=matter_class(standard, "01037"), DESCRIPTION="三盏灯不亮 / three lights out")

    (case,) = cases(dsn)
    case_id, case_no, matter_code, source, urgency, status, version, description = case
    assert (result["COUNT"], result["CASE_IDS"], result["CASE_NUMBERS"]) == (1, str(case_id), case_no)
    # the district of the lights (440402, the first 6 digits of their identifiers) + the matter class
    assert (matter_code, source, urgency, status, version) == ("44040201037", "gis_user", "ordinary", "reported", 1)
    assert description == "三盏灯不亮 / three lights out"
    assert links(dsn) == [(case_id, "streetlight", c) for c in SELECTED]
    events = query(dsn, "SELECT version, action, from_status, to_status, payload ->> 'source' FROM assetreg.work_order_event")
    assert events == [(1, "report", None, "reported", "gis_user")]
    located = query(dsn, "SELECT geom IS NOT NULL FROM assetreg.work_order")
    assert located == [(True,)]  # at its first asset
    assert f"已登记案卷 {case_id}（编号 {case_no}）。" in feedback.infos


def test_one_case_per_selected_light(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    select(layer, SELECTED)
    urgencies = list(standard.codelists["urgency"].codes)
    sources = list(standard.codelists["work_order_source"].codes)
    result = run(
        layer,
        MATTER_CLASS=matter_class(standard, "01038"),
        DESCRIPTION="配电箱门损坏",
        ONE_PER_ASSET=True,
        URGENCY=urgencies.index("emergency"),
        SOURCE=sources.index("patrol"),
        REPORTER="张三",
        CONTACT="13800000000",
    )

    reported = cases(dsn)
    assert result["COUNT"] == 3
    assert result["CASE_IDS"] == ",".join(str(c[0]) for c in reported)
    assert result["CASE_NUMBERS"] == ",".join(c[1] for c in reported)
    assert {(c[2], c[3], c[4], c[5]) for c in reported} == {("44040201038", "patrol", "emergency", "reported")}
    assert links(dsn) == [(c[0], "streetlight", component) for c, component in zip(reported, SELECTED, strict=False)]
    assert query(dsn, "SELECT DISTINCT reporter_name, reporter_contact FROM assetreg.work_order") == [("张三", "13800000000")]
    assert query(dsn, "SELECT count(*) FROM assetreg.work_order_event WHERE action = 'report'") == [(3,)]


def refused(layer, standard, **parameters) -> str:
    feedback = Recorder()
    defaults = {"MATTER_CLASS": matter_class(standard, "01037"), "DESCRIPTION": "灯不亮"}
    with pytest.raises(QgsProcessingException) as raised:
        run(layer, feedback, **{**defaults, **parameters})
    return "\n".join([str(raised.value), *feedback.errors])


def test_an_empty_selection_is_refused_and_creates_nothing(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    layer.removeSelection()
    message = refused(layer, standard)
    assert "没有所选部件" in message
    assert cases(dsn) == []


def test_an_unknown_matter_class_is_refused_and_creates_nothing(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    select(layer, SELECTED)
    message = refused(layer, standard, MATTER_CLASS=999)
    assert "事项类别“999”不在规范的代码表中" in message
    assert cases(dsn) == []


def test_a_case_without_a_description_is_refused_and_creates_nothing(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    select(layer, SELECTED)
    message = refused(layer, standard, DESCRIPTION="  ")
    assert "缺少问题描述" in message
    assert cases(dsn) == []


def test_a_matter_class_of_another_family_is_refused_naming_the_fitting_ones(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    select(layer, SELECTED)
    message = refused(layer, standard, MATTER_CLASS=matter_class(standard, "06012"))  # dirty road
    assert "不适用于路灯" in message
    assert "可选：01037 路灯异常" in message
    assert cases(dsn) == []


def test_an_asset_not_in_the_registry_is_refused_and_creates_nothing(plugin, registry_layer, standard):
    layer, dsn = registry_layer
    assert layer.startEditing()
    added = QgsFeature(layer.fields())
    for name, value in light(component_id="44040201037000099").items():
        added[name] = value
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(XIANGZHOU_XY[0] + 5, XIANGZHOU_XY[1] + 5)))
    assert layer.addFeature(added)  # in the edit buffer only: not saved to the registry
    select(layer, [*SELECTED, "44040201037000099"])
    message = refused(layer, standard)
    layer.rollBack()
    assert "44040201037000099" in message
    assert "登记库中没有这些部件" in message
    assert cases(dsn) == []  # the three registered ones were not reported either


def test_a_layer_outside_the_registry_is_refused(plugin, registry_layer, standard):
    _, dsn = registry_layer
    scratch = QgsVectorLayer("Point?crs=EPSG:4547&field=component_id:string", "scratch", "memory")
    feature = QgsFeature(scratch.fields())
    feature["component_id"] = SELECTED[0]
    scratch.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(scratch)
    scratch.selectAll()
    message = refused(scratch, standard, DSN=dsn)
    assert "“scratch”不是登记库的部件图层" in message
    assert cases(dsn) == []


def test_the_menu_command_opens_the_dialog_on_the_active_layers_selection(plugin, registry_layer, qgis_iface, monkeypatch):
    import processing
    from asset_registry.gui.plugin import CREATE_CASES_ALGORITHM

    layer, _ = registry_layer
    action = next(a for a in plugin.actions if a.text() == "从所选部件创建案卷…")
    assert action in plugin.toolbar.actions()
    opened = []
    monkeypatch.setattr(processing, "execAlgorithmDialog", lambda alg, params=None: opened.append((alg, params)))
    qgis_iface.setActiveLayer(layer)
    action.trigger()
    ((algorithm, parameters),) = opened
    assert algorithm == CREATE_CASES_ALGORITHM == ALGORITHM
    definition = parameters["INPUT"]
    assert definition.selectedFeaturesOnly and definition.source.staticValue() == layer.id()


def test_the_dialog_offers_the_matter_classes_of_the_layers_family(plugin, registry_layer, standard, qgis_iface, monkeypatch):
    import processing
    from qgis.gui import QgsBrowserGuiModel

    layer, _ = registry_layer
    browser = QgsBrowserGuiModel()  # pytest-qgis's iface has none; the Processing dialog asks for it
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)
    dialog = processing.createAlgorithmDialog(
        ALGORITHM, {"INPUT": QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True)}
    )
    try:
        combo = dialog.mainWidget().wrappers["MATTER_CLASS"].widget
        shown = [combo.itemText(i)[:5] for i in range(combo.count())]
        assert shown == STREETLIGHT_CLASSES
        # the value stays the index in the whole code list, as processing.run takes it
        combo.setCurrentIndex(shown.index("01038"))
        assert dialog.mainWidget().wrappers["MATTER_CLASS"].parameterValue() == matter_class(standard, "01038")
        assert combo.currentText() == "01038 地灯异常"
    finally:
        dialog.deleteLater()
