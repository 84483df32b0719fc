"""The texts of core/ (rules, reports, documentation, readers) come from the message catalogue
(plugin/i18n/messages/rules.toml and core.toml), in both languages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from asset_registry.core import messages
from asset_registry.core.error_layer import write_error_layer
from asset_registry.core.errors import InputError
from asset_registry.core.mapping import PLACEHOLDERS, _to_unit, parse_boolean
from asset_registry.core.outputs import writable_target
from asset_registry.core.reader import WKT_NAMES, X_NAMES, Y_NAMES
from asset_registry.core.report_html import render_html
from asset_registry.core.rules import RULES, message
from asset_registry.core.standard import load_profile
from asset_registry.core.submission import Submission, validate_submission
from asset_registry.core.working_calendar import UNITS, calendar_from_profile, deadline
from osgeo import ogr

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.unit.test_messages import CJK


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
    assert _to_unit("3 米", "m", "m") == 3.0 and _to_unit("250 厘米", "m", "m") == 2.5 and _to_unit("30", "ft", "m") == 9.144
    assert parse_boolean("是") is True and parse_boolean("否") is False and parse_boolean("也许") == "也许"
    assert {"暂无", "n/a", "不详"} <= PLACEHOLDERS


def _spoilt_report(tmp_path, standard, profile):
    """A delivery of three lights, the third with two errors (a grid code too short, an unknown lamp type)."""
    bad = light(component_id="44040201037000009", grid_code="1", lamp_type="钠灯X")
    path = write_geojson(tmp_path / "d.geojson", [*numbered_lights(2), (bad, XIANGZHOU_XY)])
    return validate_submission(path, Submission(standard, profile), "streetlight")[0]


def test_the_text_summary_speaks_the_language_asked_for(tmp_path, standard, profile):
    report = _spoilt_report(tmp_path, standard, profile)
    zh, en = report.summary_text("zh").splitlines(), report.summary_text("en").splitlines()
    assert zh[0] == f"检查结果：未通过  {report.source}" and en[0] == f"Validation FAILED: {report.source}"
    assert zh[1] == f"  规范 {standard.version} · 城市 {profile.id} · 类别 streetlight · 坐标系 {report.crs}"
    assert en[2] == "  features 3, valid 2, invalid 1; errors 2, warnings 0"
    assert zh[2] == "  要素 3，合格 2，不合格 1；错误 2，警告 0"
    assert zh[3] == "  按规则计数：" and en[3] == "  by rule:"
    assert zh[4].split() == ["schema.codelist", "1", "错误"] and en[4].split() == ["schema.codelist", "1", "error"]
    assert zh[6] == "  前 2 条问题：" and en[6] == "  first 2 findings:"
    assert zh[7].startswith("    第3个要素 [44040201037000009] schema.")
    assert en[7].startswith("    feature 3 [44040201037000009] schema.")
    assert not CJK.search("\n".join(en[:7]).replace(report.source, ""))


def test_the_error_layer_joins_a_features_findings_in_each_language(tmp_path, standard, profile):
    report = _spoilt_report(tmp_path, standard, profile)
    out = tmp_path / "errors.gpkg"
    assert write_error_layer(report, out) == 1
    dataset = ogr.Open(str(out))
    feature = dataset.GetLayer(0).GetNextFeature()
    findings = [f for f in report.findings if f.feature == 3]
    assert len(findings) == 2
    assert feature.GetField("chk_messages_zh") == "；".join(f.message("zh") for f in findings)
    assert feature.GetField("chk_messages_en") == "; ".join(f.message("en") for f in findings)


def test_the_html_report_labels_everything_in_both_languages_from_the_catalogue(tmp_path, standard, profile):
    page = render_html(_spoilt_report(tmp_path, standard, profile))
    assert "<title>检查报告 Validation report · d.geojson</title>" in page
    assert '<span class="verdict fail">未通过 FAILED</span>' in page
    assert "<dt>文件 File</dt>" in page and "<dt>不合格 Invalid</dt><dd>1</dd>" in page
    assert "<h2>按规则计数 · Counts per rule</h2>" in page and "<th>说明 Meaning</th>" in page
    assert '<option value="zh">中文</option><option value="en">English</option>' in page
    assert '<option value="error">错误 error</option>' in page and 'placeholder="搜索 Search…"' in page
    assert '? "文件 file" :' in page and '" (前 5000 行 first 5000 rows)"' in page
    assert "{" + "t[" not in page  # every placeholder of the page was filled
