"""The texts of core/ (rules, reports, documentation, readers) come from the message catalogue
(plugin/i18n/messages/rules.toml and core.toml), in both languages."""

from __future__ import annotations

from asset_registry.core import messages
from asset_registry.core.rules import RULES, message


def test_every_rule_has_its_text_in_the_catalogue_and_every_rule_text_a_rule():
    catalogue = messages.catalogue()
    assert {rule.message_id for rule in RULES.values()} <= set(catalogue)
    assert {msg_id for msg_id in catalogue if msg_id.startswith("rule.")} == {f"rule.{rule}" for rule in RULES}


def test_a_rule_renders_its_finding_in_each_language():
    assert message("file.unknown_layer", "zh", value="lights", detail="a, b") == "文件中没有图层“lights”（已有：a, b）。"
    assert message("file.unknown_layer", "en", value="lights", detail="a, b") == "The file has no layer 'lights' (it has: a, b)."
    # a value a finding does not have shows as nothing, not as "None"
    assert message("schema.required", "en", field="lamp_type", value=None, detail=None) == (
        "The required field 'lamp_type' is missing."
    )


def test_a_rule_keeps_its_templates_for_the_code_that_reads_them():
    rule = RULES["schema.codelist"]
    assert rule.zh == "字段“{field}”的值 {value} 不在代码表中（可选：{detail}）。"
    assert rule.en == "The value {value} of '{field}' is not in the code list (allowed: {detail})."
