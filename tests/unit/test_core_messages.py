"""The texts of core/ (rules, reports, documentation, readers) come from the message catalogue
(plugin/i18n/messages/rules.toml and core.toml), in both languages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from asset_registry.core import messages
from asset_registry.core.errors import InputError
from asset_registry.core.mapping import PLACEHOLDERS, _to_metres, parse_boolean
from asset_registry.core.outputs import writable_target
from asset_registry.core.reader import WKT_NAMES, X_NAMES, Y_NAMES
from asset_registry.core.rules import RULES, message
from asset_registry.core.standard import load_profile
from asset_registry.core.working_calendar import UNITS, calendar_from_profile, deadline


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


def test_a_list_in_a_message_is_written_the_way_each_language_writes_lists():
    calendar = calendar_from_profile(load_profile().body)
    with pytest.raises(InputError) as raised:
        deadline(dt.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai")), 1, "fortnights", calendar)
    assert raised.value.message("zh") == f"时限单位“fortnights”无效（可选：{'、'.join(UNITS)}）。"
    assert raised.value.message("en") == f"Unknown unit 'fortnights' (one of: {', '.join(UNITS)})."


def test_an_error_with_a_hint_says_what_to_do_on_its_next_line(tmp_path):
    existing = tmp_path / "report.json"
    existing.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        writable_target(existing, overwrite=False)
    assert raised.value.message("zh") == f"{existing} 已存在，未覆盖。\n换一个文件名，或加 --overwrite 覆盖它。"
    assert raised.value.message("en").splitlines() == [
        f"{existing} already exists; it was not overwritten.",
        "Choose another name, or add --overwrite to replace it.",
    ]


def test_the_words_contractors_write_are_read_from_the_data_file():
    assert "经度" in X_NAMES and "纬度" in Y_NAMES and "几何" in WKT_NAMES
    assert _to_metres("3 米", "m") == 3.0 and _to_metres("250 厘米", "m") == 2.5 and _to_metres("30", "ft") == 9.144
    assert parse_boolean("是") is True and parse_boolean("否") is False and parse_boolean("也许") == "也许"
    assert {"暂无", "n/a", "不详"} <= PLACEHOLDERS
