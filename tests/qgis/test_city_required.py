"""The city's own required fields in the form (issue 17 item 2): what the profile's delivery_checks require of a
family is asked by its form as the validator asks it, hard, in the validator's words; a declared placeholder
(0, -1, 9999, 未知) counts as missing there, as the validator counts it."""

from __future__ import annotations

import pytest
from asset_registry.core.messages import text
from asset_registry.core.standard import Profile
from asset_registry.core.validate import validate_delivery
from qgis.PyQt.QtWidgets import QDialogButtonBox, QLabel

from tests.helpers import XIANGZHOU_XY, bridge, write_geojson
from tests.qgis.test_cabinets import show_tab_of
from tests.qgis.test_forms import qgis_feature, refusals


def validator_says(tmp_path, standard, profile, properties: dict, field: str, lang: str) -> list[str]:
    path = write_geojson(tmp_path / "bridge.geojson", [(properties, XIANGZHOU_XY)])
    report = validate_delivery(path, standard, profile, "bridge")
    return [(f.rule, f.message(lang)) for f in report.findings if f.field == field]


@pytest.fixture
def bridges(lit_registry, standard):
    """The bridge layer of the test registry, whose stored city profile is Zhuhai's (it requires bci_grade)."""
    from asset_registry.qgis_common.layers import make_layer

    layer = make_layer(lit_registry, standard, "bridge")
    assert layer.isValid()
    return layer


def test_the_bridge_form_without_a_grade_refuses_save_in_the_validators_words(bridges, qgis_app, standard, profile, tmp_path):
    from asset_registry.gui.asset_record import register_record_widget
    from qgis.core import QgsFieldConstraints, QgsGeometry, QgsPointXY
    from qgis.gui import QgsAttributeDialog, QgsAttributeEditorContext

    register_record_widget()  # as the plugin does: the form's record tab is its widget

    without_grade = {key: value for key, value in bridge(component_id="44040202009000778").items() if key != "bci_grade"}
    [(rule, said)] = validator_says(tmp_path, standard, profile, without_grade, "bci_grade", "zh")
    assert rule == "schema.profile_required"
    index = bridges.fields().indexFromName("bci_grade")
    constraints = bridges.fields().at(index).constraints()
    # the same words, the city's name in them, after the code list's (QGIS holds one text per field)
    assert constraints.constraintDescription().endswith(said)
    assert constraints.constraintStrength(QgsFieldConstraints.ConstraintExpression) == QgsFieldConstraints.ConstraintStrengthHard
    # the code list's empty choice asks for a choice, as for the standard's required codes
    assert next(iter(bridges.editorWidgetSetup(index).config()["map"][0])) == "（请选择）"

    feature = qgis_feature(bridges, without_grade)
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(*XIANGZHOU_XY)))
    valid, errors = refusals(bridges, feature, "bci_grade")
    assert not valid and said in " ".join(errors)

    # the form itself, as QGIS opens it for a new feature: it refuses to save, and nothing is added
    assert bridges.startEditing()
    dialog = QgsAttributeDialog(bridges, feature, False, None, True, QgsAttributeEditorContext())
    try:
        dialog.setMode(QgsAttributeEditorContext.AddFeatureMode)
        dialog.show()
        dialog.resize(720, 760)
        qgis_app.processEvents()
        # QGIS 3.22 holds the OK button while a hard constraint fails: the user cannot save this form
        assert not dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).isEnabled()
        show_tab_of(dialog, bci_grade_widget(dialog), qgis_app)
        # the field shows QGIS's failed mark, its tooltip the validator's words
        [mark] = [label for label in dialog.findChildren(QLabel) if label.toolTip().endswith(said) and label.isVisible()]
        assert "✘" in mark.text()
        dialog.grab().save("/tmp/form-shots/bridge-without-grade.png")
    finally:
        dialog.reject()
        dialog.deleteLater()
        qgis_app.processEvents()
        bridges.rollBack()

    # with a grade it passes
    graded = qgis_feature(bridges, {**without_grade, "bci_grade": "B"})
    assert refusals(bridges, graded, "bci_grade") == (True, [])


@pytest.mark.parametrize("placeholder", [0, -1, 9999])
def test_a_placeholder_of_a_required_field_is_missing_in_the_form_as_in_the_validator(
    lit_registry, standard, profile, tmp_path, placeholder
):
    """A city requiring a bridge's BCI, which it declares 0, -1 and 9999 placeholders of: the form refuses them
    with the validator's schema.profile_required text."""
    from asset_registry.qgis_common.layers import make_layer

    checks = profile.body["delivery_checks"]
    city = Profile(profile.id, {**profile.body, "delivery_checks": {**checks, "required": {"bridge": ["bci"]}}})
    layer = make_layer(lit_registry, standard, "bridge", city)
    properties = bridge(component_id="44040202009000779", bci=placeholder)
    found = dict(validator_says(tmp_path, standard, city, properties, "bci", "zh"))
    assert "schema.profile_required" in found
    # the validator names the field by the delivery's column (bci), the form by its title
    said = text("rule.schema.profile_required", "zh", field=standard.family("bridge").field("bci").title("zh"), detail="珠海市")
    valid, errors = refusals(layer, qgis_feature(layer, properties), "bci")
    assert not valid and said in " ".join(errors), (found, errors)
    assert refusals(layer, qgis_feature(layer, {**properties, "bci": 85}), "bci") == (True, [])


def test_a_placeholder_of_a_field_the_city_does_not_require_is_a_warning_as_in_the_validator(
    lit_registry, standard, profile, tmp_path
):
    """Zhuhai declares 0 a placeholder of a bridge's BCI without requiring it: the validator warns (the value
    counts as empty); the form warns too (soft), in the same words, and saves."""
    from asset_registry.qgis_common.layers import make_layer
    from qgis.core import QgsFieldConstraints, QgsVectorLayerUtils

    layer = make_layer(lit_registry, standard, "bridge")
    properties = {**bridge(component_id="44040202009000780", bci=0)}
    found = dict(validator_says(tmp_path, standard, profile, properties, "bci", "zh"))
    assert "schema.placeholder" in found
    feature = qgis_feature(layer, properties)
    assert refusals(layer, feature, "bci") == (True, [])  # not refused: a warning
    warned = [
        " ".join(QgsVectorLayerUtils.validateAttribute(layer, feature, index, QgsFieldConstraints.ConstraintStrengthSoft)[1])
        for index in range(layer.fields().count())
    ]
    # the validator's words, the field by its title and without the value (a form's text is fixed)
    title = standard.family("bridge").field("bci").title("zh")
    assert found["schema.placeholder"] == text("rule.schema.placeholder", "zh", field="bci", value=0)
    assert any(f"字段“{title}”的值是占位符，按空值处理。" in said for said in warned), warned
    assert refusals(layer, qgis_feature(layer, {**properties, "bci": 85}), "placeholder_values") == (True, [])


def bci_grade_widget(dialog):
    from qgis.PyQt.QtWidgets import QWidget

    return next(w for w in dialog.attributeForm().findChildren(QWidget) if w.objectName() == "bci_grade")
