"""The validation rules: stable ids, severities, and messages in Chinese and English.

Rule ids are part of the public interface: reports, tests and documentation
name them, so an id is never renamed once released. Messages are templates
filled from the finding's ``field``, ``value`` and ``detail`` entries.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    zh: str
    en: str


_RULES = [
    # file
    Rule("file.empty", ERROR, "文件中没有要素。", "The file contains no features."),
    Rule(
        "file.no_crs",
        ERROR,
        "图层没有坐标系，无法检查位置。",
        "The layer has no coordinate reference system; positions cannot be checked.",
    ),
    Rule(
        "file.crs_not_accepted",
        ERROR,
        "坐标系 {value} 不在本市接受的坐标系之列（{detail}）。",
        "The coordinate system {value} is not one the city accepts ({detail}).",
    ),
    # schema
    Rule("schema.required", ERROR, "缺少必填字段“{field}”。", "The required field '{field}' is missing."),
    Rule(
        "schema.type",
        ERROR,
        "字段“{field}”的值 {value} 类型不对，应为{detail}。",
        "The value {value} of '{field}' has the wrong type; expected {detail}.",
    ),
    Rule(
        "schema.codelist",
        ERROR,
        "字段“{field}”的值 {value} 不在代码表中（可选：{detail}）。",
        "The value {value} of '{field}' is not in the code list (allowed: {detail}).",
    ),
    Rule(
        "schema.pattern",
        ERROR,
        "字段“{field}”的值 {value} 格式不对（应符合 {detail}）。",
        "The value {value} of '{field}' has the wrong form (expected {detail}).",
    ),
    Rule(
        "schema.range",
        ERROR,
        "字段“{field}”的值 {value} 超出允许范围（{detail}）。",
        "The value {value} of '{field}' is out of range ({detail}).",
    ),
    Rule(
        "schema.length",
        ERROR,
        "字段“{field}”的值长度不合要求（{detail}）。",
        "The value of '{field}' has a length outside the limits ({detail}).",
    ),
    Rule(
        "schema.date_format",
        ERROR,
        "字段“{field}”的值 {value} 不是有效日期（应为 YYYY-MM-DD）。",
        "The value {value} of '{field}' is not a valid date (expected YYYY-MM-DD).",
    ),
    Rule(
        "schema.unknown_field",
        WARNING,
        "字段“{field}”不属于本规范，将被忽略。",
        "The field '{field}' is not part of the standard and will be ignored.",
    ),
    # identifier
    Rule(
        "identifier.structure",
        ERROR,
        "管理部件标识码 {value} 应为17位数字（6位行政区划+2位大类+3位小类+6位顺序码）。",
        "The component identifier {value} must be 17 digits (6 admin + 2 big class + 3 small class + 6 serial).",
    ),
    Rule(
        "identifier.admin_code",
        ERROR,
        "标识码 {value} 的行政区划代码 {detail} 不属于本市。",
        "The administrative code {detail} in identifier {value} does not belong to this city.",
    ),
    Rule(
        "identifier.class_code",
        ERROR,
        "标识码 {value} 的部件类别 {detail} 不属于此类部件。",
        "The component class {detail} in identifier {value} is not allowed for this family.",
    ),
    # geometry
    Rule("geometry.empty", ERROR, "要素没有几何图形。", "The feature has no geometry."),
    Rule("geometry.wrong_type", ERROR, "几何类型为 {value}，应为 {detail}。", "The geometry is a {value}; expected {detail}."),
    Rule("geometry.invalid", ERROR, "几何图形无效：{detail}。", "The geometry is invalid: {detail}."),
    Rule(
        "geometry.outside_extent", ERROR, "位置 {value} 在本市范围之外。", "The position {value} lies outside the city's extent."
    ),
    # cross-record
    Rule(
        "record.duplicate_id",
        ERROR,
        "标识码 {value} 重复（与第 {detail} 个要素相同）。",
        "The identifier {value} is duplicated (same as feature {detail}).",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def message(rule_id: str, lang: str, **values: object) -> str:
    rule = RULES[rule_id]
    template = rule.zh if lang == "zh" else rule.en
    return template.format(**{key: "" if value is None else value for key, value in values.items()})
