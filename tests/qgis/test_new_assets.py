"""A new asset of every family, added through its QGIS layer as the form adds it (QGIS's defaults, the form's
constraints) with only its geometry, its class and the attributes a person knows, is saved with the
identifier, place, departments and date the registry makes (issue 17, db/app/22_edit_defaults.sql)."""

from __future__ import annotations

import datetime
import json

import pytest
from asset_registry.core.validate import validate_delivery
from asset_registry.storage import localpg, migrate

from tests.db.conftest import drop_database, new_database, query
from tests.helpers import XIANGZHOU_XY, square, write_geojson
from tests.qgis.test_forms import FAMILIES, qgis_feature, valid_record

X, Y = XIANGZHOU_XY
DISTRICT, STREET, COMMUNITY, GRID = "440402", "440402001", "440402001001", "440402001001001"
DEPT = ("11440400MB2C10093Y", "珠海市城市管理和综合执法局")


@pytest.fixture(scope="module")
def mapped_registry(standard, profile, tmp_path_factory):
    """An empty registry with the areas around XIANGZHOU_XY and a competent department for its district."""
    from asset_registry.storage.areas import load_areas

    localpg.ensure_running()
    name = new_database(None, prefix="assetreg_test_qgis_new")
    dsn = localpg.server_dsn(name)
    migrate.init(dsn, profile)
    areas = [
        ({"level": "district", "code": DISTRICT, "name": "香洲区"}, square(X - 3000, Y - 3000, 6000)),
        ({"level": "street", "code": STREET, "name": "拱北街道"}, square(X - 2500, Y - 2500, 5000)),
        ({"level": "community", "code": COMMUNITY, "name": "夏湾社区"}, square(X - 2000, Y - 2000, 4000)),
        ({"level": "grid", "code": GRID, "name": "夏湾01"}, square(X - 1500, Y - 1500, 3000)),
    ]
    load_areas(dsn, write_geojson(tmp_path_factory.mktemp("areas") / "areas.geojson", areas), profile)
    query(
        dsn,
        "INSERT INTO assetreg.area_default (area_code, family, competent_dept_code, competent_dept_name) VALUES (%s, '', %s, %s)",
        (DISTRICT, *DEPT),
    )
    yield dsn
    drop_database(name)


def hard_refusals(layer, feature) -> dict[str, list[str]]:
    """What the form's hard constraints say of each field of ``feature`` (empty: the form lets it be saved)."""
    from qgis.core import QgsFieldConstraints, QgsVectorLayerUtils

    said = {}
    for index, field in enumerate(layer.fields()):
        valid, errors = QgsVectorLayerUtils.validateAttribute(layer, feature, index, QgsFieldConstraints.ConstraintStrengthHard)
        if not valid:
            said[field.name()] = errors
    return said


def what_a_person_types(standard, profile, family_name: str, layer) -> dict:
    """The class (where the family has several) and the attributes the standard or the city requires that the
    registry does not fill."""
    from asset_registry.qgis_common.forms import filled_by_registry

    family = standard.family(family_name)
    record, _ = valid_record(family_name)
    filled = filled_by_registry(layer) | {"initial_date"}
    typed = {s.name: record[s.name] for s in family.fields if s.required and s.name not in filled}
    typed |= {name: record[name] for name in profile.required_fields(family_name)}
    if len(family.class_codes) > 1:
        typed["component_class"] = record["component_id"][6:11]
    return typed


@pytest.mark.parametrize("family_name", FAMILIES)
def test_a_new_asset_gets_its_identifier_and_place_from_the_registry(mapped_registry, standard, profile, tmp_path, family_name):
    from asset_registry.qgis_common.forms import filled_by_registry
    from asset_registry.qgis_common.layers import make_layer
    from osgeo import ogr
    from qgis.core import QgsGeometry, QgsVectorLayerUtils

    layer = make_layer(mapped_registry, standard, family_name)
    assert layer.isValid()
    family = standard.family(family_name)
    assert {"component_id", "grid_code", "competent_dept_code", "competent_dept_name"} <= filled_by_registry(layer)
    typed = what_a_person_types(standard, profile, family_name, layer)
    assert "component_id" not in typed and "grid_code" not in typed
    _, shape = valid_record(family_name)
    geometry = QgsGeometry.fromWkt(ogr.CreateGeometryFromJson(geometry_json(shape)).ExportToWkt())
    assert layer.startEditing()
    # what QGIS hands the form of a feature being added: the layer's and the server's defaults, evaluated
    values = {layer.fields().indexFromName(name): value for name, value in qgis_feature(layer, typed).attributeMap().items()}
    feature = QgsVectorLayerUtils.createFeature(layer, geometry, values)
    shown = {field.name(): feature[field.name()] for field in layer.fields()}
    assert not [name for name, value in shown.items() if isinstance(value, str) and "(" in value]  # no SQL as text
    assert shown["initial_date"].toPyDate() == datetime.date.today()
    assert hard_refusals(layer, feature) == {}  # nothing the registry fills is demanded of the user
    assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()

    (row,) = query(
        mapped_registry,
        f"SELECT component_id, grid_code, street_code, community_code, competent_dept_code, located_district,"
        f" to_jsonb(a), ST_AsGeoJSON(geom)::jsonb FROM assetreg.{family.table} a",
    )
    identifier, grid, street, community, dept, district, stored, stored_geometry = row
    assert identifier.startswith(DISTRICT) and identifier.endswith("000001") and len(identifier) == 17
    if family.class_codes:
        assert identifier[6:11] == typed.get("component_class", family.class_codes[0])
    assert (grid, street, community, dept, district) == (GRID, STREET, COMMUNITY, DEPT[0], DISTRICT)
    kept = {name: stored[name] for name in family.field_names if stored.get(name) is not None}
    saved = write_geojson(tmp_path / "saved.geojson", [(kept, stored_geometry)])
    # the standard's rules and the city's own delivery requirements (a bridge's grade), both asked by the form
    report = validate_delivery(saved, standard, profile, family_name)
    assert [f.message("en") for f in report.findings if f.severity == "error"] == []


def geometry_json(shape) -> str:
    return json.dumps({"type": "Point", "coordinates": list(shape)} if isinstance(shape, tuple) else shape)


def test_the_class_is_asked_in_the_form_of_a_new_asset_only(mapped_registry, standard):
    from asset_registry.core.messages import text
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsExpressionContextUtils, QgsFeature, QgsVectorLayerUtils

    layer = make_layer(mapped_registry, standard, "tree")
    fields = layer.fields()
    index = fields.indexFromName("component_class")
    setup = layer.editorWidgetSetup(index)
    assert setup.type() == "ValueMap"
    choices = [next(iter(entry)) for entry in setup.config()["map"]]
    assert choices == ["（请选择）", "古树名木 04001", "行道树 04002", "独立树 04003"]
    new = QgsVectorLayerUtils.createFeature(layer)  # as the form of a feature being added gets it
    said = hard_refusals(layer, new)
    assert said["component_class"][0].startswith(text("editing.form.component_class_needed", "zh"))
    identity = layer.editFormConfig().tabs()[0]
    box = next(child for child in identity.children() if child.name() == text("editing.form.new_asset", "zh"))
    shown_when = box.visibilityExpression().data()
    assert shown_when.evaluate(QgsExpressionContextUtils.createFeatureBasedContext(new, fields))
    assert not shown_when.evaluate(QgsExpressionContextUtils.createFeatureBasedContext(QgsFeature(fields, 7), fields))
    # a family of one class asks for none
    assert make_layer(mapped_registry, standard, "park").editorWidgetSetup(index).type() != "ValueMap"


def test_a_new_asset_saved_without_its_class_is_refused_in_words(mapped_registry, standard, profile):
    """Past the form (a feature added by code), the database refuses it, and the commit's error reads in words."""
    from asset_registry.qgis_common.layers import make_layer
    from asset_registry.storage.errors import refusal_in_text
    from qgis.core import QgsGeometry, QgsPointXY, QgsVectorLayerUtils

    before = query(mapped_registry, "SELECT count(*) FROM assetreg.tree")
    layer = make_layer(mapped_registry, standard, "tree")
    typed = what_a_person_types(standard, profile, "tree", layer)
    del typed["component_class"]
    assert layer.startEditing()
    values = {layer.fields().indexFromName(name): value for name, value in qgis_feature(layer, typed).attributeMap().items()}
    feature = QgsVectorLayerUtils.createFeature(layer, QgsGeometry.fromPointXY(QgsPointXY(X + 10, Y + 10)), values)
    assert layer.addFeature(feature)
    assert not layer.commitChanges()
    errors = "\n".join(layer.commitErrors())
    layer.rollBack()
    refused = refusal_in_text(errors)
    assert refused is not None and refused.id == "refusal.identifier.class_needed", errors
    assert refused.message("zh").startswith("请为新树木选择部件类别（可用：04001 古树名木、04002 行道树、04003 独立树）")
    assert query(mapped_registry, "SELECT count(*) FROM assetreg.tree") == before
