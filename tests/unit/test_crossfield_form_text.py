"""A check across fields as the form says it (core/field_rules.crossfield_rule): the validator's own words for the
feature, without the value, which a form's fixed text cannot show (issue 17's circuit without a cabinet)."""

from __future__ import annotations

from asset_registry.core.field_rules import crossfield_rule
from asset_registry.core.validate import validate_delivery

from tests.helpers import XIANGZHOU_XY, light, write_geojson


def test_the_forms_text_is_the_validators_without_the_value(standard, profile, tmp_path):
    path = write_geojson(tmp_path / "lights.geojson", [(light(circuit_id="HL03"), XIANGZHOU_XY)])
    report = validate_delivery(path, standard, profile, "streetlight")
    [finding] = [f for f in report.findings if f.rule == "crossfield.circuit_without_cabinet"]
    rule = crossfield_rule(finding.rule, standard.family("streetlight").field("circuit_id"))
    assert rule.field == "circuit_id" and rule.severity == "warning"
    # no space left where the value stood: between the quoted name and the comma in Chinese, one in English
    assert rule.text("zh") == finding.message("zh").replace(" 'HL03'", "")
    assert rule.text("zh") == "填写了“回路编号”，但没有填写配电箱编号：回路编号只在其配电箱内有意义。"
    assert rule.text("en") == finding.message("en").replace(" 'HL03'", "")
    assert rule.text("en").startswith("'Circuit number' is given without the cabinet number")
