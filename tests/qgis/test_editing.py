"""Edits made in QGIS on the registry layer: located, stamped and kept in the history like any other change."""

from __future__ import annotations

import pytest
from asset_registry.storage import localpg, migrate
from asset_registry.storage.importing import import_delivery

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson


@pytest.fixture
def editable_registry(standard, profile, tmp_path):
    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_edit")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    x, y = XIANGZHOU_XY
    square = [[x - 500, y - 500], [x + 500, y - 500], [x + 500, y + 500], [x - 500, y + 500], [x - 500, y - 500]]
    grid = {"type": "Polygon", "coordinates": [square]}
    from asset_registry.storage.areas import load_areas

    load_areas(dsn, write_geojson(tmp_path / "g.geojson", [({"level": "grid", "code": "440402001001001"}, grid)]), profile)
    import_delivery(dsn, write_geojson(tmp_path / "l.geojson", numbered_lights(3)), standard, profile, "streetlight")
    yield dsn
    drop_database(name)


def test_qgis_edits_are_located_and_recorded_in_history(editable_registry, standard):
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    layer = make_layer(editable_registry, standard)
    assert layer.isValid()
    fields = layer.fields()
    first = next(f for f in layer.getFeatures() if f["component_id"] == "44040201037000001")

    assert layer.startEditing()
    layer.changeAttributeValue(first.id(), fields.indexFromName("status"), "damaged")
    layer.changeAttributeValue(first.id(), fields.indexFromName("change_date"), "2026-11-21")
    added = QgsFeature(fields)
    for name, value in light(component_id="44040201037000099").items():
        added[name] = value
    added.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(XIANGZHOU_XY[0] + 100, XIANGZHOU_XY[1])))
    assert layer.addFeature(added)
    third = next(f for f in layer.getFeatures() if f["component_id"] == "44040201037000003")
    assert layer.deleteFeature(third.id())
    assert layer.commitChanges(), "\n".join(layer.commitErrors())

    entries = query(
        editable_registry,
        "SELECT component_id, operation, new_values ->> 'status', edit_session, submission_id"
        " FROM assetreg.asset_history ORDER BY component_id, id",
    )
    assert [(e[0], e[1], e[2], e[4]) for e in entries] == [
        ("44040201037000001", "update", "damaged", None),
        ("44040201037000003", "delete", None, None),
    ]
    assert all(e[3].startswith("QGIS:") for e in entries)  # QGIS names itself; the transaction follows
    (added_by_qgis,) = query(
        editable_registry,
        "SELECT created_session, created_submission FROM assetreg.streetlight WHERE component_id = '44040201037000099'",
    )
    assert added_by_qgis[0].startswith("QGIS:") and added_by_qgis[1] is None
    from asset_registry.storage.history import history

    assert [e.operation for e in history(editable_registry, "44040201037000003")] == ["insert", "delete"]
    located, updated_later = query(
        editable_registry,
        "SELECT located_grid, updated_at > created_at FROM assetreg.streetlight WHERE component_id = '44040201037000099'",
    )[0]
    assert located == "440402001001001" and updated_later is False
    assert query(
        editable_registry, "SELECT updated_at > created_at FROM assetreg.streetlight WHERE component_id = '44040201037000001'"
    ) == [(True,)]


def test_registry_columns_are_read_only_with_their_comment_as_alias(editable_registry, standard):
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(editable_registry, standard)
    fields = layer.fields()
    form = layer.editFormConfig()
    for name, alias in (("located_grid", "空间落位的单元网格"), ("uid", "稳定的内部键"), ("located_district", "所在区县")):
        index = fields.indexFromName(name)
        assert form.readOnly(index), name
        assert layer.attributeAlias(index) == alias
    assert not form.readOnly(fields.indexFromName("status"))


def test_import_algorithm_runs_the_same_import_as_the_cli(editable_registry, qgis_processing, tmp_path):
    import processing
    from asset_registry.gui.plugin import AssetRegistryPlugin  # noqa: F401  (the provider is the plugin's)
    from asset_registry.processing.provider import AssetRegistryProvider
    from qgis.core import QgsApplication

    provider = AssetRegistryProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    try:
        delivery = write_geojson(tmp_path / "more.geojson", numbered_lights(2, start=20))
        common = {"INPUT": str(delivery), "CLASS": 0, "DSN": editable_registry}
        dry = processing.run("asset_registry:import_delivery", {**common, "DRY_RUN": True})
        assert (dry["INSERTED"], dry["SUBMISSION"] > 0) == (2, True)
        done = processing.run("asset_registry:import_delivery", {**common, "MODE": 0})
        assert done["INSERTED"] == 2 and done["SUBMISSION"] == dry["SUBMISSION"] + 1
        assert query(editable_registry, "SELECT count(*) FROM assetreg.streetlight") == [(5,)]
        from qgis.core import QgsProcessingException

        with pytest.raises(QgsProcessingException, match="登记库中已有 2 个相同标识码的部件"):
            processing.run("asset_registry:import_delivery", {**common, "MODE": 0})
    finally:
        QgsApplication.processingRegistry().removeProvider(provider)


def test_import_algorithm_deletes_only_with_an_explicit_confirmation(editable_registry, qgis_processing, tmp_path):
    import processing
    from asset_registry.processing.provider import AssetRegistryProvider
    from asset_registry.storage.importing import MODES
    from qgis.core import QgsApplication, QgsProcessingException

    provider = AssetRegistryProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    try:
        delivery = write_geojson(tmp_path / "two.geojson", numbered_lights(2))  # light 3 of the grid is not delivered
        common = {
            "INPUT": str(delivery),
            "CLASS": 0,
            "DSN": editable_registry,
            "MODE": MODES.index("replace-area"),
            "AREA": "440402001001001",
        }
        with pytest.raises(QgsProcessingException, match="44040201037000003"):
            processing.run("asset_registry:import_delivery", common)
        assert query(editable_registry, "SELECT count(*) FROM assetreg.streetlight") == [(3,)]
        done = processing.run("asset_registry:import_delivery", {**common, "CONFIRM_DELETE": True})
        assert done["DELETED"] == 1
        assert query(editable_registry, "SELECT count(*) FROM assetreg.streetlight") == [(2,)]
    finally:
        QgsApplication.processingRegistry().removeProvider(provider)
