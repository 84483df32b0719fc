"""The plugin speaks the language of the user's QGIS locale, one language at a time: the Processing
algorithms' names, groups, parameters and choices (the Qt translation, plugin/i18n/*.qm, and the
standard's own titles), the menu, the layers, and the catalogue's errors and progress notes."""

from __future__ import annotations

import re

import pytest
from asset_registry import classFactory
from qgis.core import Qgis, QgsApplication, QgsProcessingException, QgsProcessingFeatureSourceDefinition, QgsProject

from tests.helpers import numbered_lights, write_geojson
from tests.qgis.conftest import set_locale
from tests.qgis.test_cases import SELECTED, Recorder, matter_class, select

CJK = re.compile(r"[\u4e00-\u9fff]")
ALGORITHMS = ("validate_submission", "import_delivery", "create_work_orders")


def texts_of(algorithm_id: str) -> dict[str, list[str]]:
    """What the dialog of a freshly made algorithm shows, as QGIS makes one for a run or a dialog."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(f"asset_registry:{algorithm_id}")
    parameters = algorithm.parameterDefinitions()
    return {
        "name": [algorithm.displayName(), algorithm.group(), algorithm.shortHelpString(), algorithm.provider().name()],
        "parameters": [parameter.description() for parameter in parameters],
        "options": [option for parameter in parameters if parameter.type() == "enum" for option in parameter.options()],
        "outputs": [output.description() for output in algorithm.outputDefinitions()],
    }


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_in_a_chinese_qgis_the_algorithms_speak_chinese(plugin, algorithm_id):
    texts = texts_of(algorithm_id)
    for kind, shown in texts.items():
        assert shown and all(CJK.search(text) for text in shown), (kind, [t for t in shown if not CJK.search(t)])
        # one language, not both side by side: no English word longer than a code or a command's name
        assert not [text for text in shown if re.search(r"\b(?!assetreg|import|validate|create|matter|class)[a-z]{5,}\b", text)]


@pytest.mark.parametrize("algorithm_id", ALGORITHMS)
def test_in_an_english_qgis_the_algorithms_speak_english(plugin, algorithm_id):
    assert set_locale("en_US") == "en"
    texts = texts_of(algorithm_id)
    for kind, shown in texts.items():
        assert shown and not [text for text in shown if CJK.search(text)], kind


GROUPS = {
    "registry": ("登记库", "Registry"),
    "standard": ("基础数据规范", "Standard"),
    "cases": ("案卷", "Cases"),
    "inspections": ("巡查", "Inspections"),
    "indicators": ("指标", "Indicators"),
}


def test_every_algorithm_shows_its_group_and_shared_parameters_in_the_locales_language(plugin):
    # the group and the PROFILE and DSN parameters are written once (processing/base.py) and translated in
    # one context for every algorithm, whatever class runs them
    algorithms = {a.name(): a.groupId() for a in QgsApplication.processingRegistry().providerById("asset_registry").algorithms()}
    assert len(algorithms) == 18 and set(algorithms.values()) == set(GROUPS)
    for locale, column in (("zh_CN", 0), ("en_US", 1)):
        set_locale(locale)
        for name, group_id in algorithms.items():
            texts = texts_of(name)
            assert texts["name"][1] == GROUPS[group_id][column], (locale, name)
            shown = [text for kind in texts.values() for text in kind]
            assert [bool(CJK.search(text)) for text in shown] == [column == 0] * len(shown), (locale, name, shown)


def test_names_and_choices_in_each_language(plugin, standard):
    family = standard.family("streetlight")
    chinese = texts_of("validate_submission")
    assert chinese["name"][:2] == ["检查成果数据", "基础数据规范"] and chinese["name"][3] == "市政部件登记"
    assert chinese["options"][:2] == ["自动识别", family.title_zh]  # the standard's titles, not retyped
    set_locale("en_US")
    english = texts_of("validate_submission")
    assert english["name"][:2] == ["Validate a delivery", "Standard"] and english["name"][3] == "Asset registry"
    assert english["options"][:2] == ["Detect", family.title_en]
    urgency = standard.codelists["urgency"]
    assert texts_of("create_work_orders")["options"][-len(urgency.codes) :] == [urgency.label(c, "en") for c in urgency.codes]


def test_chinese_as_qgis_names_it_in_its_options_is_chinese(plugin):
    # QGIS's language choice writes the name of its own translation (qgis_zh-Hans.qm), not zh_CN
    assert set_locale("zh-Hans") == "zh"
    assert texts_of("import_delivery")["name"][0] == "导入成果数据"


def test_a_locale_the_plugin_does_not_speak_shows_english(plugin):
    assert set_locale("fr_FR") == "en"
    assert texts_of("import_delivery")["name"][0] == "Import a delivery"


def test_the_menu_follows_the_locale(qgis_iface, qgis_processing):
    set_locale("en_US")
    instance = classFactory(qgis_iface)
    instance.initGui()
    try:
        assert [action.text() for action in instance.actions] == [
            "Open the registry project",
            "Add streetlight layer",
            "Create cases from selected assets…",
            "Validate a delivery…",
            "Registry connection…",
            "Indicators panel",
            "Night lighting patrol…",
            "Submissions",
            "Field mapping…",
            "Cases panel",
        ]
        assert instance.menu == "Asset Registry"
    finally:
        instance.unload()


def broken_delivery(tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{ not json", encoding="utf-8")
    return {"INPUT": str(broken), "CLASS": 1, "PROFILE": "zhuhai"}


@pytest.mark.parametrize(("locale", "chinese"), [("zh_CN", True), ("en_US", False)])
def test_a_user_error_inside_an_algorithm_arrives_in_the_locales_language(plugin, tmp_path, locale, chinese):
    import processing

    set_locale(locale)
    with pytest.raises(QgsProcessingException) as raised:
        processing.run("asset_registry:validate_submission", broken_delivery(tmp_path))
    message = str(raised.value)
    assert "broken.geojson" in message
    assert bool(CJK.search(message)) is chinese, message


def test_storage_refusals_and_progress_of_the_case_algorithm_arrive_in_english(plugin, lights_db, standard):
    import processing
    from asset_registry.qgis_common.layers import make_layer

    set_locale("en_US")
    layer = make_layer(lights_db, standard)
    assert layer.isValid() and layer.name() == standard.family("streetlight").title_en
    QgsProject.instance().addMapLayer(layer)
    try:
        select(layer, SELECTED)
        source = QgsProcessingFeatureSourceDefinition(layer.id(), selectedFeaturesOnly=True)
        parameters = {"INPUT": source, "MATTER_CLASS": matter_class(standard, "01037")}
        with pytest.raises(QgsProcessingException) as raised:  # core/storage's refusal (a UserError)
            processing.run("asset_registry:create_work_orders", {**parameters, "DESCRIPTION": " "})
        assert "the description is missing" in str(raised.value) and not CJK.search(str(raised.value))
        feedback = Recorder()
        result = processing.run("asset_registry:create_work_orders", {**parameters, "DESCRIPTION": "out"}, feedback=feedback)
        assert f"Reported case {result['CASE_IDS']} (number {result['CASE_NUMBERS']})." in feedback.infos
        assert "1 case(s) about 3 asset(s)." in feedback.infos
        assert not [info for info in feedback.infos if CJK.search(info)]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_the_layer_follows_the_locale(lit_registry, standard):
    from asset_registry.qgis_common.layers import make_layer

    set_locale("en_US")
    layer = make_layer(lit_registry, standard)
    fields = layer.fields()
    family = standard.family("streetlight")
    assert layer.name() == family.title_en
    assert [layer.attributeAlias(fields.indexFromName(spec.name)) for spec in family.fields] == [
        spec.title_en for spec in family.fields
    ]
    assert layer.attributeAlias(fields.indexFromName("located_grid")) == "Unit grid the geometry lies in"
    assert layer.attributeAlias(fields.indexFromName("grid_mismatch")) == "Grid mismatch"
    status = standard.codelists["component_status"]
    assert [c.label() for c in layer.renderer().categories()] == [status.label(code, "en") for code in status.codes] + ["Other"]
    lamp = standard.codelists["lamp_type"]
    value_map = layer.editorWidgetSetup(fields.indexFromName("lamp_type")).config()["map"]
    assert {f"{lamp.label('LED', 'en')} LED": "LED"} in value_map


@pytest.mark.parametrize(
    ("locale", "promoting", "imported"),
    [("zh_CN", "正在写入登记库…", "已导入（提交"), ("en_US", "Promoting into the registry…", "Imported (submission")],
)
def test_the_import_reports_progress_and_result_in_the_locales_language(plugin, lights_db, tmp_path, locale, promoting, imported):
    import processing

    set_locale(locale)
    delivery = write_geojson(tmp_path / "more.geojson", numbered_lights(2, start=20))
    feedback = Recorder()
    result = processing.run(
        "asset_registry:import_delivery", {"INPUT": str(delivery), "CLASS": 0, "DSN": lights_db}, feedback=feedback
    )
    assert result["INSERTED"] == 2
    assert promoting in feedback.infos  # the importer's progress notes, one language
    assert any(info.startswith(imported) for info in feedback.infos)
    if locale == "en_US":
        assert not [info for info in feedback.infos if CJK.search(info)]


def test_the_import_detects_the_family_when_none_is_chosen(plugin, lights_db, tmp_path):
    import processing

    algorithm = QgsApplication.processingRegistry().algorithmById("asset_registry:import_delivery")
    family = algorithm.parameterDefinition("CLASS")
    assert family.options()[family.defaultValue()] == "自动识别"
    delivery = write_geojson(tmp_path / "more.geojson", numbered_lights(2, start=30))
    result = processing.run("asset_registry:import_delivery", {"INPUT": str(delivery), "DSN": lights_db}, feedback=Recorder())
    assert result["INSERTED"] == 2


def test_the_menus_warning_is_in_the_locales_language(plugin, qgis_iface):
    from asset_registry.qgis_common.settings import DSN_SETTING
    from qgis.core import QgsSettings

    set_locale("en_US")
    QgsSettings().setValue(DSN_SETTING, "host=/nonexistent port=1 dbname=none")
    try:
        assert plugin.add_streetlight_layer() is None
    finally:
        QgsSettings().remove(DSN_SETTING)
    # pytest-qgis's message bar keeps what was pushed as "title:text"
    warnings = qgis_iface.messageBar().get_messages(Qgis.Warning)
    assert warnings[-1] == (
        "Asset Registry:Cannot open the Streetlight table of the registry; "
        "check the registry connection or run `assetreg db init`."
    )
