"""What makes QGIS read the registry as fast as a plain table (issue 17, Speed; figures from bench/desktop.py): the
layer keys on the integer fid (QGIS's feature id is the key itself, no map entry per feature), and points are drawn in one
pass (symbol levels would hold every feature before drawing)."""

from __future__ import annotations

from asset_registry.qgis_common.layers import make_layer
from asset_registry.qgis_common.project import build_project
from qgis.core import QgsDataSourceUri, QgsFeatureRequest, QgsProject


def test_a_registry_layer_keys_on_the_integer_fid(lit_registry, standard):
    layer = make_layer(lit_registry, standard, "streetlight")
    assert layer.isValid()
    fields = layer.fields()
    assert [fields[index].name() for index in layer.dataProvider().pkAttributeIndexes()] == ["fid"]
    features = list(layer.getFeatures(QgsFeatureRequest().setSubsetOfAttributes(["fid"], fields)))
    assert len(features) == 6
    # the feature id is the key's value: QGIS needs no map from key to feature id
    assert all(feature.id() == feature["fid"] for feature in features)


def test_the_project_keys_every_family_on_fid_and_draws_points_in_one_pass(lit_registry, standard, profile):
    project = QgsProject()
    build_project(project, lit_registry, standard, profile, "zh")
    try:
        kinds = {}
        for layer in project.mapLayers().values():
            uri = QgsDataSourceUri(layer.source())
            if uri.table() in {family.table for family in standard.families.values()}:
                assert uri.keyColumn() == "fid", layer.name()
                kinds[layer.id().rsplit("_", 1)[1]] = layer.renderer().usingSymbolLevels()
        assert kinds == {"point": False, "line": True, "polygon": True}
    finally:
        project.clear()
