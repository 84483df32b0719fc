"""Reviewing deliveries on the map (issue 14): the error layer, the dry-run layer, the submissions panel and
the mapping dialog, in a real QGIS with a real registry."""

from __future__ import annotations

import pytest
from asset_registry.core.messages import text
from asset_registry.qgis_common import review_load
from qgis.core import QgsProject, QgsVectorLayer

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson

VALIDATE = "asset_registry:validate_submission"


@pytest.fixture
def plugin(qgis_iface, qgis_processing):
    from asset_registry import classFactory

    instance = classFactory(qgis_iface)
    instance.initGui()
    yield instance
    instance.unload()


@pytest.fixture
def opened_urls():
    """The URLs the plugin would open in the browser."""
    urls = []
    review_load.set_url_opener(urls.append)
    yield urls
    review_load.set_url_opener(None)


@pytest.fixture
def project():
    QgsProject.instance().clear()
    yield QgsProject.instance()
    QgsProject.instance().clear()


def faulty_lights(path):
    """Six lights: three fine, two with a lamp type off the code list, one outside the city."""
    return write_geojson(
        path,
        [
            *numbered_lights(3),
            (light(component_id="44040201037000004", lamp_type="X"), XIANGZHOU_XY),
            (light(component_id="44040201037000005", lamp_type="Y"), XIANGZHOU_XY),
            (light(component_id="44040201037000006"), (XIANGZHOU_XY[0] + 500000, XIANGZHOU_XY[1])),
        ],
    )


def test_validation_adds_the_error_layer_styled_by_rule_and_opens_the_report(plugin, project, opened_urls, tmp_path):
    import processing

    path = faulty_lights(tmp_path / "lights.geojson")
    result = processing.runAndLoadResults(VALIDATE, {"INPUT": str(path), "CLASS": 0})
    assert result["ERRORS"] >= 3
    layers = [layer for layer in project.mapLayers().values() if isinstance(layer, QgsVectorLayer)]
    assert len(layers) == 1
    layer = layers[0]
    assert layer.name() == text("review.layer.errors", "zh", name="lights")
    assert layer.featureCount() == 3
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "chk_rule"
    found = {feature["chk_rule"] for feature in layer.getFeatures()}
    assert {category.value() for category in renderer.categories()} == found
    assert found == {"schema.codelist", "geometry.outside_extent"}
    labels = {category.value(): category.label() for category in renderer.categories()}
    assert labels["schema.codelist"] == "值不在代码表中（schema.codelist）· 2"
    # the finding is what the identify panel names and the form shows, under Chinese names
    assert layer.displayExpression() == '"chk_messages_zh"'
    assert layer.attributeDisplayName(layer.fields().indexOf("chk_messages_zh")) == "问题说明"
    feature = next(f for f in layer.getFeatures() if f["chk_rule"] == "geometry.outside_extent")
    assert "范围之外" in feature["chk_messages_zh"]
    # the HTML report is opened in the browser
    assert [url.toLocalFile() for url in opened_urls] == [result["REPORT"]]
    assert result["REPORT"].endswith(".html")
