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
    Rule("file.unreadable", ERROR, "无法读取文件：{detail}。", "The file cannot be read: {detail}."),
    Rule(
        "file.unknown_layer",
        ERROR,
        "文件中没有图层“{value}”（已有：{detail}）。",
        "The file has no layer '{value}' (it has: {detail}).",
    ),
    Rule("file.empty", ERROR, "文件中没有要素。", "The file contains no features."),
    Rule(
        "file.encoding",
        ERROR,
        "文本不是声明的编码 {value}，读出的字符会是乱码。",
        "The text is not in the declared encoding {value}; characters would come out garbled.",
    ),
    Rule(
        "file.encoding_guessed",
        WARNING,
        "文件没有声明编码，文本按 {value} 读取；请在交付时附上 .cpg 或使用 UTF-8。",
        "The file declares no encoding; its text was read as {value}. Deliver a .cpg file or use UTF-8.",
    ),
    Rule(
        "file.crs_mismatch",
        ERROR,
        "文件的坐标系是 {value}，交付说明写的是 {detail}。",
        "The file's coordinate system is {value} but the delivery envelope says {detail}.",
    ),
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
        "字段“{field}”的值 {value} 不是有效日期（应为 {detail}）。",
        "The value {value} of '{field}' is not a valid date (expected {detail}).",
    ),
    Rule(
        "schema.unknown_field",
        WARNING,
        "字段“{field}”不属于本规范，将被忽略。",
        "The field '{field}' is not part of the standard and will be ignored.",
    ),
    Rule(
        "schema.placeholder",
        WARNING,
        "字段“{field}”的值 {value} 是占位符，按空值处理。",
        "The value {value} of '{field}' is a placeholder and counts as empty.",
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
    Rule(
        "identifier.legacy",
        WARNING,
        "标识码 {value} 是 GB/T 30428.2 的16位旧格式，已按规则转换为 {detail}。",
        "The identifier {value} is in the 16-digit GB/T 30428.2 form; it was converted to {detail}.",
    ),
    # geometry
    Rule("geometry.empty", ERROR, "要素没有几何图形。", "The feature has no geometry."),
    Rule("geometry.wrong_type", ERROR, "几何类型为 {value}，应为 {detail}。", "The geometry is a {value}; expected {detail}."),
    Rule("geometry.invalid", ERROR, "几何图形无效：{detail}。", "The geometry is invalid: {detail}."),
    Rule(
        "geometry.outside_extent", ERROR, "位置 {value} 在本市范围之外。", "The position {value} lies outside the city's extent."
    ),
    Rule(
        "geometry.swapped_axes",
        ERROR,
        "位置 {value} 在本市范围之外，但交换 x、y 后落在范围内：坐标轴可能颠倒。",
        "The position {value} lies outside the city, but inside it with x and y swapped: the axes are likely swapped.",
    ),
    Rule(
        "geometry.null_island",
        ERROR,
        "位置 {value} 在坐标原点 (0, 0) 附近：多半是缺失坐标被填成了 0。",
        "The position {value} is at or near (0, 0): most likely missing coordinates written as zero.",
    ),
    Rule(
        "geometry.unexpected_zm",
        WARNING,
        "几何带有 {value} 值，本规范不需要，导入时将去掉。",
        "The geometry carries {value} values the standard does not use; they are dropped on import.",
    ),
    Rule(
        "geometry.attribute_mismatch",
        ERROR,
        "属性中的坐标 {value} 与几何位置相差 {detail} 米。",
        "The coordinates in the attributes {value} are {detail} m away from the geometry.",
    ),
    # cross-record
    Rule(
        "record.duplicate_id",
        ERROR,
        "标识码 {value} 重复（与第 {detail} 个要素相同）。",
        "The identifier {value} is duplicated (same as feature {detail}).",
    ),
    Rule(
        "record.same_spot",
        WARNING,
        "与第 {detail} 个要素位于同一位置（相距小于 {value} 米）：可能重复采集。",
        "Stands at the same spot as feature {detail} (closer than {value} m): possibly collected twice.",
    ),
    # cross-field
    Rule(
        "crossfield.future_date",
        ERROR,
        "字段“{field}”的日期 {value} 在未来。",
        "The date {value} of '{field}' lies in the future.",
    ),
    Rule(
        "crossfield.change_before_initial",
        ERROR,
        "变更日期 {value} 早于初始日期 {detail}。",
        "The change date {value} is earlier than the initial date {detail}.",
    ),
    Rule(
        "crossfield.status_without_date",
        ERROR,
        "状态为“{value}”，但没有填写变更日期。",
        "The status is '{value}' but the change date is missing.",
    ),
    Rule(
        "crossfield.protection_grade_age",
        ERROR,
        "保护等级 {value} 与树龄 {detail} 年不符。",
        "The protection grade {value} does not match the age of {detail} years.",
    ),
    Rule(
        "crossfield.bci_grade",
        ERROR,
        "技术状况等级 {value} 与 BCI {detail} 不符。",
        "The condition grade {value} does not match the BCI of {detail}.",
    ),
    Rule(
        "crossfield.bci_components",
        WARNING,
        "BCI {value} 与桥面系、上部结构、下部结构 BCI 按城市配置权重合成的 {detail} 不符。",
        "The BCI {value} does not match {detail}, the BCIs of the deck, superstructure and substructure"
        " weighted as the profile says.",
    ),
    Rule(
        "crossfield.pci_grade",
        ERROR,
        "技术状况等级 {value} 与 PCI {detail} 不符。",
        "The condition grade {value} does not match the PCI of {detail}.",
    ),
    # registry (with --dsn)
    Rule(
        "registry.present",
        WARNING,
        "登记库中已有标识码 {value}：以 --mode upsert 导入会更新它，否则会被拒绝。",
        "The registry already holds {value}: an import with --mode upsert updates it, otherwise it is refused.",
    ),
    Rule(
        "registry.unknown_grid",
        WARNING,
        "单元网格 {value} 不在登记库的单元网格中：请核对网格编码（部件会按几何落位到实际所在网格）。",
        "The unit grid {value} is not one of the registry's unit grids: check the code (the asset is located "
        "in the grid its geometry lies in).",
    ),
    Rule(
        "registry.grid_mismatch",
        WARNING,
        "填报的单元网格 {value} 与几何位置不符：{detail}。",
        "The unit grid given, {value}, does not match the position: {detail}.",
    ),
    Rule(
        "registry.unknown_component",
        ERROR,
        "登记库中没有部件 {value}：巡查记录只能记在已登记的部件上。",
        "The registry holds no component {value}: an inspection is recorded only for a registered component.",
    ),
    Rule(
        "registry.outside_grids",
        WARNING,
        "几何不在登记库的任何单元网格内（填报的网格为 {value}）。",
        "The geometry lies outside every unit grid of the registry (the grid given is {value}).",
    ),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def message(rule_id: str, lang: str, **values: object) -> str:
    rule = RULES[rule_id]
    template = rule.zh if lang == "zh" else rule.en
    return template.format(**{key: "" if value is None else value for key, value in values.items()})
