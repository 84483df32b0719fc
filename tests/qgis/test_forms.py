"""Every family's edit form as QGIS builds it from the standard: tabs, widgets and the validator's checks.

A value the validator refuses is refused by the form's constraint, before anything is saved, with the
validator's text in the QGIS locale's language; a valid record passes every field's constraints.
"""

from __future__ import annotations

import pytest
from asset_registry.core.messages import text
from asset_registry.core.validate import validate_delivery

from tests.helpers import COMMON, ROAD_LINE, XIANGZHOU_XY, bridge, light, park, road, square, tree, write_geojson
from tests.qgis.conftest import set_locale

FAMILIES = ("streetlight", "road_segment", "bridge", "tree", "park", "park_facility", "lighting_cabinet")
CHECKED_KEYWORDS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern"}
TABS = ("identity", "attributes", "maintenance", "location", "registry", "record")


def valid_record(family: str) -> tuple[dict, object]:
    """A record the validator passes, under an identifier the test registry does not hold, with its geometry."""
    if family == "streetlight":
        return light(component_id="44040201037000777"), (XIANGZHOU_XY[0] + 500, XIANGZHOU_XY[1])
    if family == "road_segment":
        return road(component_id="44040200000000777"), ROAD_LINE
    if family == "bridge":
        return bridge(component_id="44040202009000777"), XIANGZHOU_XY
    if family == "tree":
        return tree(component_id="44040204002000777"), XIANGZHOU_XY
    if family == "park":
        return park(component_id="44040204013000777"), square(*XIANGZHOU_XY)
    if family == "lighting_cabinet":
        return {**COMMON, "component_id": "44040201060000777"}, XIANGZHOU_XY
    return {**COMMON, "component_id": "44040203001000777"}, XIANGZHOU_XY


def bad_values(standard, family_name: str) -> list[tuple[str, object, str]]:
    """(field, value, the rule the validator reports it under): one of each kind of check the family has."""
    family = standard.family(family_name)
    cases = [("name", "名" * 31, "schema.length"), ("grid_code", "44040200100100", "schema.pattern")]
    cases.append(("status", "broken", "schema.codelist"))
    cases.append(("component_id", "440402010370007X7", "identifier.structure"))
    ranged = next(spec for spec in family.fields if "maximum" in spec.schema and spec.name not in dict(COMMON))
    cases.append((ranged.name, ranged.schema["maximum"] + 1, "schema.range"))
    own_codelist = next((spec for spec in family.fields if spec.codelist and spec.name != "status" and spec.required), None)
    if own_codelist is not None:
        cases.append((own_codelist.name, "no_such_code", "schema.codelist"))
    return cases


def qgis_feature(layer, properties: dict):
    from qgis.core import QgsFeature
    from qgis.PyQt.QtCore import QDate, QVariant

    feature = QgsFeature(layer.fields())
    for name, value in properties.items():
        index = layer.fields().indexFromName(name)
        if layer.fields().at(index).type() == QVariant.Date and isinstance(value, str):
            value = QDate.fromString(value, "yyyy-MM-dd") if len(value) == 10 else value
        feature.setAttribute(index, value)
    return feature


def refusals(layer, feature, name: str) -> tuple[bool, list[str]]:
    from qgis.core import QgsFieldConstraints, QgsVectorLayerUtils

    index = layer.fields().indexFromName(name)
    return QgsVectorLayerUtils.validateAttribute(layer, feature, index, QgsFieldConstraints.ConstraintStrengthHard)


@pytest.mark.parametrize("family_name", FAMILIES)
def test_form_has_the_standards_tabs_widgets_and_constraints(lit_registry, standard, family_name):
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsEditFormConfig, QgsExpressionContextUtils, QgsFeature, QgsFieldConstraints

    layer = make_layer(lit_registry, standard, family_name)
    assert layer.isValid()
    family = standard.family(family_name)
    config = layer.editFormConfig()
    assert config.layout() == QgsEditFormConfig.TabLayout
    tabs = {tab.name(): [child.name() for child in tab.children()] for tab in config.tabs()}
    assert list(tabs) == [text(f"qgis.form.tab.{tab}", "zh") for tab in TABS]
    identity, attributes, maintenance, location, registry, record = tabs.values()
    assert record == ["asset_record"]  # the record widget (gui/asset_record.py) on the asset's key

    # the family's own attributes are what its schema adds to the common fields of component.schema.json
    common = set(standard.document("component.schema.json")["properties"])
    # (and the marks of the city's placeholders, where a field has some: tests/qgis/test_city_required.py, and of a
    # circuit without its cabinet: tests/qgis/test_circuit_without_cabinet.py)
    assert [name for name in attributes if name not in ("placeholder_values", "circuit_without_cabinet")] == [
        name for name in family.field_names if name not in common
    ]
    assert {"component_id", "name", "status", "initial_date"} <= set(identity)
    assert {"maintainer_code", "maintainer_name", "owner_code", "competent_dept_name"} <= set(maintenance)
    assert {"grid_code", "street_code", "community_name", "located_grid", "located_district"} <= set(location)
    assert {"uid", "created_at", "created_by", "updated_at"} <= set(registry)
    shown = [name for names in tabs.values() for name in names]
    assert sorted(shown) == sorted(set(shown))  # each field once
    assert set(family.field_names) <= set(shown)

    fields = layer.fields()
    for spec in family.fields:
        index = fields.indexFromName(spec.name)
        setup = layer.editorWidgetSetup(index)
        if spec.codelist:
            assert setup.type() == "ValueMap", spec.name
            labels = [next(iter(entry)) for entry in setup.config()["map"]]
            codelist = standard.codelists[spec.codelist]
            assert all(f"{codelist.label(code, 'zh')} {code}" in labels for code in codelist.codes)
        elif spec.format == "date":
            assert setup.type() == "DateTime", spec.name
            assert setup.config()["field_format"] == "yyyy-MM-dd"
        elif spec.json_type in ("number", "integer"):
            assert setup.type() == "Range", spec.name
            if "maximum" in spec.schema:
                assert setup.config()["Max"] == spec.schema["maximum"]
            if spec.unit:
                assert setup.config()["Suffix"].strip() == spec.unit
        constraints = fields.at(index).constraints()
        checked = spec.required or spec.codelist or set(spec.schema) & CHECKED_KEYWORDS or spec.json_type == "integer"
        if not checked:  # an optional date in a date column, a free text: the column's type is the check
            continue
        assert constraints.constraintExpression(), spec.name
        assert constraints.constraintStrength(QgsFieldConstraints.ConstraintExpression) == (
            QgsFieldConstraints.ConstraintStrengthHard
        )
    for name in ("uid", "created_at", "located_grid"):
        assert config.readOnly(fields.indexFromName(name)), name
    # the registry's record is shown once the asset is saved (its defaults are the server's, not text to show)
    registry_tab = config.tabs()[-2]
    shown_when = registry_tab.visibilityExpression()
    assert shown_when.enabled()
    new = QgsFeature(fields)  # what QGIS hands the form of an asset being added: no id yet
    assert not shown_when.data().evaluate(QgsExpressionContextUtils.createFeatureBasedContext(new, fields))
    saved = QgsFeature(fields, 7)
    assert shown_when.data().evaluate(QgsExpressionContextUtils.createFeatureBasedContext(saved, fields))


@pytest.mark.parametrize("locale, lang", [("zh_CN", "zh"), ("en_US", "en")])
@pytest.mark.parametrize("family_name", FAMILIES)
def test_form_refuses_what_the_validator_refuses_in_its_words(
    lit_registry, standard, profile, tmp_path, family_name, locale, lang
):
    from asset_registry.qgis_common.layers import make_layer

    assert set_locale(locale) == lang
    layer = make_layer(lit_registry, standard, family_name)
    family = standard.family(family_name)
    properties, geometry = valid_record(family_name)

    # the record the validator passes passes every field of the form
    path = write_geojson(tmp_path / "valid.geojson", [(properties, geometry)])
    report = validate_delivery(path, standard, profile, family_name)
    assert not [f for f in report.findings if f.severity == "error"], [f.message(lang) for f in report.findings]
    feature = qgis_feature(layer, properties)
    for name in family.field_names:
        assert refusals(layer, feature, name) == (True, []), name

    for name, value, rule in bad_values(standard, family_name):
        wrong = {**properties, name: value}
        path = write_geojson(tmp_path / f"{name}.geojson", [(wrong, geometry)])
        findings = [f for f in validate_delivery(path, standard, profile, family_name).findings if f.field == name]
        findings = [f for f in findings if f.rule == rule]  # (a cross-field rule may also speak of it)
        assert len(findings) == 1, (name, value)
        valid, errors = refusals(layer, qgis_feature(layer, wrong), name)
        assert not valid, (name, value)
        said = " ".join(errors)
        # the validator's words: its text of the rule, naming the field by its title, with the same detail
        detail = findings[0].detail
        detail = detail.get(lang) if isinstance(detail, dict) else detail
        assert family.field(name).title(lang) in said or rule == "identifier.structure", said
        if detail:
            assert str(detail) in said, (detail, said)
        template = text(f"rule.{rule}", lang)
        anchor = template.split("{")[0].strip() or template.split("}")[-1].strip()
        assert anchor[:6] in said, (anchor, said)

    # a missing required value too
    valid, errors = refusals(layer, qgis_feature(layer, {**properties, "name": None}), "name")
    assert not valid
    assert text("rule.schema.required", lang, field=family.field("name").title(lang)) in " ".join(errors)
