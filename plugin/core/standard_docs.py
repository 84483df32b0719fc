"""Bilingual documentation generated from the standard (``make standard-docs``).

The Markdown under docs/standard/<version>/ is committed for every version of
the standard; a unit test regenerates it and fails when it drifts from the schemas.

    python -m asset_registry.core.standard_docs docs/standard
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .messages import both
from .report import severity_label
from .rules import RULES
from .standard import Codelist, Family, Field, Standard, available_versions, fields_of

HEADER = "<!-- Generated from the standard by `make standard-docs`; do not edit by hand. -->\n\n"


def _bi(msg_id: str, separator: str = " ", **params: Any) -> str:
    """A label in both languages, Chinese first ("字段 Field"): the documentation is bilingual."""
    texts = both(msg_id, **params)
    return f"{texts['zh']}{separator}{texts['en']}"


def _paragraphs(msg_id: str) -> list[str]:
    """A message as two paragraphs, the Chinese one first."""
    texts = both(msg_id)
    return [texts["zh"], "", texts["en"]]


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


def _field_headers() -> list[str]:
    titles = both("docs.column.title")
    return [
        _bi("docs.column.field"),
        titles["zh"],
        titles["en"],
        *(_bi(f"docs.column.{name}") for name in ("type", "required", "constraints", "aliases", "notes")),
    ]


def _languages() -> list[str]:
    """Column heads for a text given in each language: 中文, English."""
    return list(both("core.language_name").values())


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
        f"- {_bi('docs.geometry')}: {' / '.join(family.geometry_types)}; "
        f"{_bi('docs.fact.accuracy_class')} {family.accuracy_class}",
        f"- {_bi('docs.fact.component_classes')}: {class_text or '— (' + _bi('docs.fact.class_not_checked') + ')'}",
        f"- {_bi('docs.fact.table')}: `assetreg.{family.table}`",
        "",
        f"## {_bi('docs.heading.fields')}",
        "",
        _table(_field_headers(), _field_rows(list(family.fields))),
        "",
    ]
    return "\n".join(lines)


def _condition_lines(compiled: dict[str, Any]) -> list[str]:
    lines = []
    for part in compiled.get("allOf", []):
        condition = part.get("if", {}).get("properties", {})
        then = ", ".join(f"`{t}`" for t in part.get("then", {}).get("required", []))
        for prop, rule in condition.items():
            test = f"≠ `{rule['not'].get('const')}`" if "not" in rule else f"= `{rule.get('const')}`"
            lines.append(f"- {_bi('docs.condition.when')} `{prop}` {test}: {_bi('docs.condition.required')} {then}")
    return lines


def _delivery_lines(standard: Standard, name: str) -> list[str]:
    """How a record delivered as a layer is checked; nothing for records that are not delivered."""
    if name not in standard.manifest.get("deliverable_records", ()):
        return []
    record = standard.delivery_class(name)
    unless = record.geometry_required_unless
    return [
        f"- {_bi('docs.fact.validated_as_delivery')}: `assetreg validate FILE --class {name}`",
        f"- {_bi('docs.geometry')}: {' / '.join(record.geometry_types)}"
        + (f"; {_bi('docs.fact.geometry_optional', field=unless)}" if unless else ""),
        f"- {_bi('docs.fact.unique_within_delivery')}: `{record.identifier}`",
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
        f"## {_bi('docs.heading.fields')}",
        "",
        _table(_field_headers(), _field_rows(fields)),
        "",
    ]
    if conditions:
        lines += [f"## {_bi('docs.heading.conditions')}", "", *conditions, ""]
    return "\n".join(lines)


def codelists_page(standard: Standard) -> str:
    lines = [HEADER + f"# {_bi('docs.heading.codelists', ' · ')}", ""]
    for name, codelist in standard.codelists.items():
        lines += _codelist_section(standard, name, codelist)
    return "\n".join(lines)


def _codelist_section(standard: Standard, name: str, codelist: Codelist) -> list[str]:
    doc = standard.document(f"codelists/{name}.json")
    rows = [[f"`{code}`", codelist.label(code, "zh"), codelist.label(code, "en")] for code in codelist.codes]
    source = f"\n\n{_bi('docs.fact.source')}: {doc['x-source']}" if "x-source" in doc else ""
    return [
        f'<a id="{name}"></a>',
        f"## {codelist.title_zh} · {codelist.title_en} (`{name}`)",
        "",
        f"{doc.get('description', '')} {doc.get('x-description-en', '')}".strip() + source,
        "",
        _table([_bi("docs.column.code"), *_languages()], rows),
        "",
    ]


def rules_page() -> str:
    rows = [
        [
            f"`{rule.id}`",
            f"{severity_label(rule.severity, 'zh')} {severity_label(rule.severity, 'en')}",
            rule.template("zh"),
            rule.template("en"),
        ]
        for rule in RULES.values()
    ]
    return "\n".join(
        [
            HEADER + f"# {_bi('docs.heading.rules', ' · ')}",
            "",
            *_paragraphs("docs.intro.rules"),
            "",
            _table([_bi("docs.column.rule"), _bi("docs.column.severity"), *_languages()], rows),
            "",
        ]
    )


def _changelog_line(standard: Standard) -> list[str]:
    """A version opened after 1.0 keeps a CHANGELOG.md beside its schemas; the index links it."""
    if not (standard.directory / "CHANGELOG.md").is_file():
        return []
    link = f"../../../standards/{standard.version}/CHANGELOG.md"
    return [f"{_bi('docs.fact.changelog')}: [standards/{standard.version}/CHANGELOG.md]({link})", ""]


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
            f"{_bi('docs.fact.status')}: {manifest['status']}",
            "",
            *_changelog_line(standard),
            f"## {_bi('docs.heading.families')}",
            "",
            *_paragraphs("docs.intro.families"),
            "",
            _table([_bi("docs.column.family"), "id", _bi("docs.geometry"), _bi("docs.column.field_count")], family_rows),
            "",
            f"## {_bi('docs.heading.records')}",
            "",
            *_paragraphs("docs.intro.records"),
            "",
            _table([_bi("docs.column.record"), "id", _bi("docs.column.field_count"), _bi("docs.column.validate")], record_rows),
            "",
            f"## {_bi('docs.heading.see_also')}",
            "",
            f"- [{_bi('docs.heading.codelists')}](codelists.md)",
            f"- [{_bi('docs.heading.rules')}](rules.md)",
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
