"""What the validator checks on one field of one record, as data an editing form can enforce.

The checks are the standard's keywords (required, type, minimum/maximum, minLength/maxLength, pattern,
format, code list) read from the family's compiled schema, each with the rule it is reported under and the
rule's text from the catalogue, filled as the validator fills it (validator._classify), so a form refuses
a value with the validator's own words. The form shows no value in the text (a constraint's text is fixed),
so the value is left out.

The fields are also grouped as the standard's files group them (field_groups): the common fields of
GB/T 47678.5 表2 (component.schema.json, which every family includes), the family's own attributes, and
among the common fields those naming a responsible party (a unified social credit code with its name:
competent department, owner, maintainer) and those placing the asset in an area (a code of digits other
than the identifier, with its name: street, community, unit grid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .mapping import city_placeholders
from .messages import LANGS
from .rules import RULES, message
from .standard import Family, Field, Profile, Standard
from .validator import FORMAT_FORMS, TYPE_NAMES, codelist_text, length_text, pattern_text, range_text

# the field groups, in the order a form shows them
IDENTITY, ATTRIBUTES, MAINTENANCE, LOCATION = "identity", "attributes", "maintenance", "location"
GROUPS = (IDENTITY, ATTRIBUTES, MAINTENANCE, LOCATION)
_DIGITS_CODE = re.compile(r"^\^\[0-9\]\{\d+\}\$$")
_NAME_SUFFIX, _CODE_SUFFIX = "_name", "_code"
# Chinese characters and full-width punctuation: no space between them
_WIDE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_NO_VALUE = "\u2063"  # stands for the value while a text is filled, then taken out
_GAP = re.compile(f"(.) ?{_NO_VALUE} ?(.)")
_CJK_QUOTES = "\u201c\u201d"  # the quotation marks Chinese texts put a field's name in


@dataclass(frozen=True)
class FieldRule:
    """One check of one field: the rule it is reported under, what it tests and its text in each language."""

    rule: str  # a rule id of core/rules.py
    field: str
    keyword: str  # required, type, range, length, pattern, format, codelist; crossfield (crossfield_rule)
    params: dict[str, Any]
    texts: dict[str, str]

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["en"]


def _filled(rule: str, label: dict[str, str], detail: Any) -> dict[str, str]:
    """The rule's text in each language, as the validator writes it, without the value (a form has none to show)."""
    result = {}
    for lang in LANGS:
        shown = detail.get(lang) if isinstance(detail, dict) else detail
        words = message(rule, lang, field=label[lang], value=_NO_VALUE, detail="" if shown is None else shown)
        result[lang] = _GAP.sub(_gap, words)
    return result


def _is_wide(char: str) -> bool:
    return bool(_WIDE.match(char))


def _gap(match: re.Match) -> str:
    """The left-out value's place: no space between two wide (CJK) characters ("的值类型不对"), nor between a
    Chinese quotation mark and one (the field's name in quotes, then a comma), else one."""
    before, after = match.group(1), match.group(2)
    tight = all(_is_wide(char) or char in _CJK_QUOTES for char in (before, after))
    return before + ("" if tight else " ") + after


def crossfield_rule(rule: str, spec: Field) -> FieldRule:
    """A check the validator makes across fields, reported on ``spec``: its text as a form shows it (no value)."""
    return FieldRule(rule, spec.name, "crossfield", {}, _filled(rule, spec.titles, None))


def sentences(texts: list[str]) -> str:
    """Texts one after another: a space after a sentence that ends in ".", none after one that ends in "。"."""
    joined = ""
    for words in texts:
        joined += words if not joined or _is_wide(joined[-1]) else " " + words
    return joined


def field_rules(standard: Standard, family: Family, spec: Field, profile: Profile | None = None) -> list[FieldRule]:
    """Every check the validator makes on ``spec`` alone, in the order it makes them; with ``profile``, also what
    that city requires of the field (profile_rules)."""
    schema, label = spec.schema, spec.titles
    rules: list[FieldRule] = []

    def add(rule: str, keyword: str, detail: Any = None, **params: Any) -> None:
        rules.append(FieldRule(rule, spec.name, keyword, params, _filled(rule, label, detail)))

    if spec.required:
        add("schema.required", "required")
    json_type = schema.get("type")
    if json_type in TYPE_NAMES and not spec.codelist:
        add("schema.type", "type", TYPE_NAMES[json_type].both(), type=json_type)
    if spec.codelist:
        codelist = standard.codelists[spec.codelist]
        add("schema.codelist", "codelist", codelist_text(codelist), codes=list(codelist.codes))
    bounds = {key: schema[key] for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if key in schema}
    if bounds:
        add("schema.range", "range", range_text(schema), **bounds)
    lengths = {key: schema[key] for key in ("minLength", "maxLength") if key in schema}
    if lengths:
        add("schema.length", "length", length_text(schema), **lengths)
    if "pattern" in schema:
        if spec.name == "component_id":
            add("identifier.structure", "pattern", None, pattern=schema["pattern"])
        else:
            add("schema.pattern", "pattern", pattern_text(schema, schema["pattern"]), pattern=schema["pattern"])
    if schema.get("format") in FORMAT_FORMS:
        add("schema.date_format", "format", FORMAT_FORMS[schema["format"]], format=schema["format"])
    if profile is not None:
        rules.extend(profile_rules(profile, family, spec))
    return rules


def profile_rules(profile: Profile, family: Family, spec: Field) -> list[FieldRule]:
    """What the city profile's delivery_checks say of the field, as the validator reports it: a field the city
    requires (schema.profile_required, an error) is missing when empty or a declared placeholder; a declared
    placeholder of a field it does not require is schema.placeholder (a warning: the value counts as empty).
    params: the placeholders, numbers (as floats) and texts (case-folded), so a form can test them."""
    declared = city_placeholders(profile, family).get(spec.name)
    numbers, texts = declared or (frozenset(), frozenset())
    params = {"numbers": sorted(numbers), "texts": sorted(texts)}
    if spec.name in profile.required_fields(family.name):
        city = {"zh": profile.name_zh, "en": profile.name_en}
        words = _filled("schema.profile_required", spec.titles, city)
        return [FieldRule("schema.profile_required", spec.name, "profile_required", params, words)]
    if declared:
        words = _filled("schema.placeholder", spec.titles, None)
        return [FieldRule("schema.placeholder", spec.name, "placeholder", params, words)]
    return []


def common_field_names(standard: Standard, family: Family) -> tuple[str, ...]:
    """The fields the family takes from the schemas it includes (component.schema.json: 表2), in their order."""
    doc = standard.document(f"{family.name}.schema.json")
    names: list[str] = []
    for part in doc.get("allOf", []):
        if "$ref" in part:
            names.extend(standard.document(part["$ref"]).get("properties", {}))
    return tuple(name for name in names if name in family.field_names)


def field_groups(standard: Standard, family: Family) -> dict[str, tuple[str, ...]]:
    """The family's fields by group (GROUPS), each in the standard's order."""
    common = set(common_field_names(standard, family))
    specs = {spec.name: spec for spec in family.fields}
    credit_patterns = {
        spec.schema.get("pattern")
        for spec in family.fields
        if spec.name in common and spec.name.endswith(_CODE_SUFFIX) and "A-H" in str(spec.schema.get("pattern", ""))
    }

    def partner(name: str) -> str | None:
        """The code field a name field names (maintainer_name → maintainer_code)."""
        if name.endswith(_NAME_SUFFIX):
            code = name[: -len(_NAME_SUFFIX)] + _CODE_SUFFIX
            return code if code in specs else None
        return None

    def kind_of_code(name: str) -> str | None:
        spec = specs[name]
        pattern = str(spec.schema.get("pattern", ""))
        if not name.endswith(_CODE_SUFFIX) or name == family.identifier:
            return None
        if pattern in credit_patterns:
            return MAINTENANCE
        if _DIGITS_CODE.match(pattern):
            return LOCATION
        return None

    groups: dict[str, list[str]] = {group: [] for group in GROUPS}
    for spec in family.fields:
        name = spec.name
        if name not in common:
            groups[ATTRIBUTES].append(name)
            continue
        code = partner(name)
        kind = kind_of_code(code) if code else kind_of_code(name)
        groups[kind or IDENTITY].append(name)
    return {group: tuple(names) for group, names in groups.items()}
