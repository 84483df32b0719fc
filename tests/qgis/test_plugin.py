"""The plugin in a real QGIS: loads, registers its provider, runs its algorithm, adds its layer."""

from __future__ import annotations

import pytest
from asset_registry import classFactory
from asset_registry.qgis_common.settings import DSN_SETTING
from qgis.core import Qgis, QgsApplication, QgsProcessingException, QgsProject, QgsSettings

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson

ALGORITHM = "asset_registry:validate_submission"


def test_canary_qgis_322_runs_offscreen(qgis_app, qgis_iface):
    # pytest-qgis 5 officially wants QGIS 3.34+: this fails first if the fixtures stop working on 3.22
    assert Qgis.QGIS_VERSION_INT // 100 == 322
    assert qgis_iface.mainWindow() is not None


def test_plugin_adds_menu_toolbar_and_provider(plugin):
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("asset_registry")
    assert provider is not None
    assert sorted(a.id() for a in provider.algorithms()) == [
        "asset_registry:area_defaults",
        "asset_registry:attach_file",
        "asset_registry:case_repeats",
        "asset_registry:case_step",
        "asset_registry:case_transition",
        "asset_registry:cases_from_inspections",
        "asset_registry:check_connection",
        "asset_registry:create_project",
        "asset_registry:create_work_orders",
        "asset_registry:import_delivery",
        "asset_registry:indicator_map",
        "asset_registry:indicator_table",
        "asset_registry:link_assets",
        "asset_registry:load_quarantine",
        "asset_registry:load_responsibility_areas",
        "asset_registry:monthly_report",
        "asset_registry:record_patrol",
        ALGORITHM,
    ]
    texts = [action.text() for action in plugin.actions]
    assert texts == [
        *("打开登记库工程", "添加路灯图层", "从所选部件创建案卷…", "检查成果数据…", "登记库连接…"),
        *("指标面板", "夜间亮灯巡查…", "提交记录", "字段映射…", "案卷面板"),
    ]
    assert plugin.toolbar is not None and len(plugin.toolbar.actions()) == 4
    assert plugin.menu == plugin.toolbar.windowTitle() == "市政部件登记"


def test_unload_removes_the_provider(qgis_iface, qgis_processing):
    instance = classFactory(qgis_iface)
    instance.initGui()
    instance.unload()
    assert QgsApplication.processingRegistry().providerById("asset_registry") is None


def test_algorithm_runs_through_processing_with_the_same_findings_as_the_cli(plugin, tmp_path):
    import json

    import processing

    path = write_geojson(
        tmp_path / "d.geojson", [*numbered_lights(3), (light(component_id="44040201037000009", lamp_type="钠灯X"), XIANGZHOU_XY)]
    )
    report = tmp_path / "report.json"
    result = processing.run(ALGORITHM, {"INPUT": str(path), "CLASS": 0, "PROFILE": "zhuhai", "REPORT": str(report)})
    assert result["VALID"] is False
    assert (result["FEATURES"], result["VALID_FEATURES"], result["ERRORS"], result["WARNINGS"]) == (4, 3, 1, 0)
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert [(f["rule"], f["feature"]) for f in findings] == [("schema.codelist", 4)]


def test_algorithm_reports_an_unreadable_file_as_a_processing_error(plugin, tmp_path):
    import processing

    broken = tmp_path / "broken.geojson"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(QgsProcessingException):
        processing.run(ALGORITHM, {"INPUT": str(broken), "CLASS": 1, "PROFILE": "zhuhai"})


def test_streetlight_layer_loads_with_aliases_value_maps_and_style(lit_registry, standard):
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(lit_registry, standard)
    assert layer.isValid(), layer.error().summary()
    assert layer.featureCount() == 6
    assert layer.crs().authid() == "EPSG:4547"
    fields = layer.fields()
    family = standard.family("streetlight")
    for spec in family.fields:
        assert layer.attributeAlias(fields.indexFromName(spec.name)) == spec.title_zh
    setup = layer.editorWidgetSetup(fields.indexFromName("lamp_type"))
    assert setup.type() == "ValueMap"
    assert {"LED灯 LED": "LED"} in setup.config()["map"]
    categories = layer.renderer().categories()
    # every code of the list, then the grey catch-all that spares QGIS a filter by category (styles.catch_all)
    assert [c.value() for c in categories] == [*standard.codelists["component_status"].codes, None]
    assert categories[0].label() == "完好" and categories[-1].label() == "其他"


def test_menu_command_adds_the_layer_to_the_project(plugin, lit_registry, qgis_new_project):
    QgsSettings().setValue(DSN_SETTING, lit_registry)
    try:
        layer = plugin.add_streetlight_layer()
    finally:
        QgsSettings().remove(DSN_SETTING)
    assert layer is not None
    assert QgsProject.instance().mapLayer(layer.id()) is layer
    assert layer.name() == "路灯"


def test_algorithm_takes_a_mapping_and_writes_html_and_the_error_layer(plugin, tmp_path):
    import json

    import processing
    from qgis.core import QgsVectorLayer

    path = write_geojson(
        tmp_path / "d.geojson",
        [({"ObjID": "44040201037000001", "LampKind": "钠灯X", **light(component_id=None, lamp_type=None)}, XIANGZHOU_XY)],
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"family": "streetlight", "columns": {"LampKind": "lamp_type"}}), encoding="utf-8")
    report, errors = tmp_path / "report.html", tmp_path / "errors.gpkg"
    result = processing.run(
        ALGORITHM, {"INPUT": str(path), "CLASS": 0, "MAPPING": str(mapping), "REPORT": str(report), "ERROR_LAYER": str(errors)}
    )
    assert (result["FEATURES"], result["ERRORS"]) == (1, 1)
    assert "schema.codelist" in report.read_text(encoding="utf-8")
    layer = QgsVectorLayer(f"{errors}|layername=d_errors", "errors", "ogr")
    assert layer.isValid() and layer.featureCount() == 1
    assert next(layer.getFeatures())["chk_rules"] == "schema.codelist"
