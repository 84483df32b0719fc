"""Bilingual documentation generated from the standard (``make standard-docs``).

The Markdown under docs/standard/<version>/ is committed for every version of
the standard; a unit test regenerates it and fails when it drifts from the schemas.

    python -m asset_registry.core.standard_docs docs/standard
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .rules import RULES
from .standard import Codelist, Family, Field, Standard, available_versions, fields_of

HEADER = "<!-- Generated from the standard by `make standard-docs`; do not edit by hand. -->\n\n"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _type_text(spec: dict[str, Any]) -> str:
    if spec.get("x-codelist"):
        name = spec["x-codelist"]
        return f"[{name}](codelists.md#{name})"
    kind = spec.get("type", "string")
    if spec.get("format"):
        return spec["format"]
    if kind == "string" and "maxLength" in spec:
        return f"string({spec['maxLength']})"
    if kind == "array":
        return "array"
    return kind


def _constraints(spec: dict[str, Any]) -> str:
    parts = []
    if "pattern" in spec:
        parts.append(f"`{spec['pattern']}`")
    for keyword, symbol in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<")):
        if keyword in spec:
            parts.append(f"{symbol} {spec[keyword]}")
    if spec.get("minLength"):
        parts.append(f"length ≥ {spec['minLength']}")
    if "x-unit" in spec:
        parts.append(f"unit {spec['x-unit']}")
    return "; ".join(parts)


def _field_rows(fields: list[Field]) -> list[list[Any]]:
    rows = []
    for spec in fields:
        note = spec.schema.get("description", "")
        note_en = spec.schema.get("x-description-en", "")
        rows.append(
            [
                f"`{spec.name}`",
                spec.title_zh,
                spec.title_en,
                _type_text(spec.schema),
                "✔" if spec.required else "",
                _constraints(spec.schema),
                ", ".join(spec.aliases),
                f"{note} {note_en}".strip(),
            ]
        )
    return rows


FIELD_HEADERS = ["字段 Field", "名称", "Name", "类型 Type", "必填 Req.", "约束 Constraints", "别名 Aliases", "说明 Notes"]


def family_page(standard: Standard, family: Family) -> str:
    classes = standard.codelists["component_class"]
    class_text = ", ".join(f"{code} {classes.label(code, 'zh')} / {classes.label(code, 'en')}" for code in family.class_codes)
    doc = standard.document(f"{family.name}.schema.json")
    lines = [
        HEADER + f"# {family.title_zh} · {family.title_en}",
        "",
        doc.get("description", ""),
        "",
        doc.get("x-description-en", ""),
        "",
        f"- Schema: `{family.schema_id}`",
        f"- 几何 Geometry: {' / '.join(family.geometry_types)}; 精度等级 accuracy class {family.accuracy_class}",
        f"- 部件小类 Component classes: {class_text or '— (标识码类别不检查 class part not checked)'}",
        f"- 数据库表 Table: `assetreg.{family.table}`",
        "",
        "## 字段 Fields",
        "",
        _table(FIELD_HEADERS, _field_rows(list(family.fields))),
        "",
    ]
    return "\n".join(lines)


def _condition_lines(compiled: dict[str, Any]) -> list[str]:
    lines = []
    for part in compiled.get("allOf", []):
        condition = part.get("if", {}).get("properties", {})
        then = ", ".join(f"`{t}`" for t in part.get("then", {}).get("required", []))
        for prop, rule in condition.items():
            if "not" in rule:
                lines.append(f"- 当 when `{prop}` ≠ `{rule['not'].get('const')}`: 必填 required {then}")
            else:
                lines.append(f"- 当 when `{prop}` = `{rule.get('const')}`: 必填 required {then}")
    return lines


def _delivery_lines(standard: Standard, name: str) -> list[str]:
    """How a record delivered as a layer is checked; nothing for records that are not delivered."""
    if name not in standard.manifest.get("deliverable_records", ()):
        return []
    record = standard.delivery_class(name)
    unless = record.geometry_required_unless
    return [
        f"- 交付检查 Validated as a delivery: `assetreg validate FILE --class {name}`",
        f"- 几何 Geometry: {' / '.join(record.geometry_types)}"
        + (f"; 有 `{unless}` 时可无几何 optional when `{unless}` is given" if unless else ""),
        f"- 交付内唯一 Unique within a delivery: `{record.identifier}`",
    ]


def record_page(standard: Standard, name: str) -> str:
    compiled = standard.record_schema(name)
    fields = list(fields_of(compiled))
    conditions = _condition_lines(compiled)
    lines = [
        HEADER + f"# {compiled['title']} · {compiled['x-title-en']}",
        "",
        compiled.get("description", ""),
        "",
        compiled.get("x-description-en", ""),
        "",
        f"- Schema: `{compiled['$id']}`",
        *_delivery_lines(standard, name),
        "",
        "## 字段 Fields",
        "",
        _table(FIELD_HEADERS, _field_rows(fields)),
        "",
    ]
    if conditions:
        lines += ["## 条件 Conditions", "", *conditions, ""]
    return "\n".join(lines)


def codelists_page(standard: Standard) -> str:
    lines = [HEADER + "# 代码表 · Code lists", ""]
    for name, codelist in standard.codelists.items():
        lines += _codelist_section(standard, name, codelist)
    return "\n".join(lines)


def _codelist_section(standard: Standard, name: str, codelist: Codelist) -> list[str]:
    doc = standard.document(f"codelists/{name}.json")
    rows = [[f"`{code}`", codelist.label(code, "zh"), codelist.label(code, "en")] for code in codelist.codes]
    source = f"\n\n来源 Source: {doc['x-source']}" if "x-source" in doc else ""
    return [
        f'<a id="{name}"></a>',
        f"## {codelist.title_zh} · {codelist.title_en} (`{name}`)",
        "",
        f"{doc.get('description', '')} {doc.get('x-description-en', '')}".strip() + source,
        "",
        _table(["代码 Code", "中文", "English"], rows),
        "",
    ]


def rules_page() -> str:
    rows = [
        [f"`{rule.id}`", "错误 error" if rule.severity == "error" else "警告 warning", rule.zh, rule.en]
        for rule in RULES.values()
    ]
    return "\n".join(
        [
            HEADER + "# 检查规则 · Validation rules",
            "",
            "每条检查结果都带规则编号；编号一经发布不再改变。占位符 {field}、{value}、{detail} 在报告中填入具体内容。",
            "",
            "Every finding carries its rule id; ids never change once released. The placeholders {field}, {value} "
            "and {detail} are filled in the report.",
            "",
            _table(["规则 Rule", "级别 Severity", "中文", "English"], rows),
            "",
        ]
    )


def _changelog_line(standard: Standard) -> list[str]:
    """A version opened after 1.0 keeps a CHANGELOG.md beside its schemas; the index links it."""
    if not (standard.directory / "CHANGELOG.md").is_file():
        return []
    link = f"../../../standards/{standard.version}/CHANGELOG.md"
    return [f"变更记录 Changelog: [standards/{standard.version}/CHANGELOG.md]({link})", ""]


def index_page(standard: Standard) -> str:
    manifest = standard.manifest
    family_rows = [
        [f"[{f.title_zh} · {f.title_en}]({f.name}.md)", f"`{f.name}`", " / ".join(f.geometry_types), len(f.fields)]
        for f in standard.families.values()
    ]
    record_rows = []
    deliverable = manifest.get("deliverable_records", ())
    for name in manifest["records"]:
        compiled = standard.record_schema(name)
        validated = f"`--class {name}`" if name in deliverable else ""
        record_rows.append(
            [f"[{compiled['title']} · {compiled['x-title-en']}]({name}.md)", f"`{name}`", len(compiled["properties"]), validated]
        )
    return "\n".join(
        [
            HEADER + f"# {manifest['title']['zh']} {standard.version} · {manifest['title']['en']} {standard.version}",
            "",
            manifest["description"]["zh"],
            "",
            manifest["description"]["en"],
            "",
            f"状态 Status: {manifest['status']}",
            "",
            *_changelog_line(standard),
            "## 部件类别 Asset families",
            "",
            "每类部件的交付数据都可用 `assetreg validate --class <id>` 检查。",
            "",
            "A delivery of every family can be checked with `assetreg validate --class <id>`.",
            "",
            _table(["类别 Family", "id", "几何 Geometry", "字段数 Fields"], family_rows),
            "",
            "## 记录 Records",
            "",
            "标有 `--class` 的记录也可作为交付数据检查。",
            "",
            "Records marked `--class` can be checked as a delivery too.",
            "",
            _table(["记录 Record", "id", "字段数 Fields", "交付检查 Validate"], record_rows),
            "",
            "## 另见 See also",
            "",
            "- [代码表 Code lists](codelists.md)",
            "- [检查规则 Validation rules](rules.md)",
            "",
        ]
    )


def render(standard: Standard) -> dict[str, str]:
    """Every page of the documentation, by file name."""
    pages = {"README.md": index_page(standard), "codelists.md": codelists_page(standard), "rules.md": rules_page()}
    for family in standard.families.values():
        pages[f"{family.name}.md"] = family_page(standard, family)
    for name in standard.manifest["records"]:
        pages[f"{name}.md"] = record_page(standard, name)
    return pages


def write(out_root: Path, standard: Standard) -> list[Path]:
    directory = out_root / standard.version
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render(standard).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in set(directory.glob("*.md")) - set(written):
        stale.unlink()
    return written


if __name__ == "__main__":
    for version in available_versions():
        for page in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/standard"), Standard(version)):
            print(page)
