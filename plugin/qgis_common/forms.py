"""The edit form of a registry layer, derived from the standard (core/field_rules.py).

Tabs by the standard's field groups (identity and the 表2 common fields, the family's attributes,
maintenance, location with the registry's located_* columns, and the registry's own record), widgets by
the field's schema (code lists as value maps labelled in the form's language, ranges on spin boxes, dates on
date widgets), and every check the validator makes on one field as the field's constraint expression, with
the validator's text: hard where the rule is an error, soft where it is a warning. QGIS holds one
constraint expression per field, so a field with several checks gets their conjunction and their texts
one after another.
"""

from __future__ import annotations

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsDataProvider,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsExpression,
    QgsField,
    QgsFieldConstraints,
    QgsOptionalExpression,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from ..core.field_rules import ATTRIBUTES, GROUPS, LOCATION, FieldRule, field_groups, field_rules, sentences
from ..core.messages import text
from ..core.rules import ERROR
from ..core.standard import Family, Field, Profile, Standard
from ..storage.names import COMPONENT_CLASS, FILLED_ON_SAVE
from .references import mark_circuit_without_cabinet

REGISTRY = "registry"  # the tab of the registry's own record: key, who registered it and when
NULL_IN_VALUE_MAP = "{2839923C-8B7D-419E-B84B-CA2FE9B80EC7}"  # QGIS's value map entry for NULL
DATE_FORMAT = "yyyy-MM-dd"
STAMP_WIDGET = {"display_format": "yyyy-MM-dd HH:mm:ss", "calendar_popup": False, "allow_null": True}
_NUMBERS = (QVariant.Int, QVariant.LongLong, QVariant.Double, QVariant.UInt, QVariant.ULongLong)
_DATES = (QVariant.Date, QVariant.DateTime)
# a new feature has no row yet: the registry tab (its defaults are server expressions) is shown once saved
SAVED_FEATURE = "$id > 0"
NEW_FEATURE = f"NOT ({SAVED_FEATURE})"
TODAY = "to_date(now())"  # a required date of a new asset (its initial date) starts as today
MULTILINE_FROM = 200  # a text that may be longer than this many characters is edited on several lines
# a saved asset's inspections, cases, attachments and history: the plugin's editor widget (gui/asset_record.py) on a
# virtual field holding the asset's key, alone in the record tab
RECORD_WIDGET = "AssetRegistryRecord"
RECORD_FIELD = "asset_record"
RECORD = "record"


MISSING = ("required", "profile_required")  # the checks that a value is there at all


def tab_title(group: str, lang: str) -> str:
    return text(f"qgis.form.tab.{group}", lang)


def check_expression(rule: FieldRule, variant: int) -> str | None:
    """The QGIS expression that holds when the field passes ``rule``; None where the column's type already does."""
    value = QgsExpression.quotedColumnRef(rule.field)
    params = rule.params
    if rule.keyword == "required":
        return _filled_test(value, variant)
    if rule.keyword == "profile_required":  # the city's: empty or a placeholder is missing
        return f"{_filled_test(value, variant)} AND NOT ({placeholder_test(value, variant, params)})"
    if rule.keyword == "placeholder":
        return f"{value} IS NULL OR NOT ({placeholder_test(value, variant, params)})"
    if rule.keyword == "type":
        if params["type"] == "integer" and variant == QVariant.Double:
            return f"{value} IS NULL OR {value} = floor({value})"
        return None
    if rule.keyword == "codelist":
        codes = ", ".join(QgsExpression.quotedString(code) for code in params["codes"])
        return f"{value} IS NULL OR {value} IN ({codes})"
    if rule.keyword == "range":
        tests = []
        for keyword, operator in (("minimum", ">="), ("exclusiveMinimum", ">"), ("maximum", "<="), ("exclusiveMaximum", "<")):
            if keyword in params:
                tests.append(f"{value} {operator} {params[keyword]}")
        return f"{value} IS NULL OR ({' AND '.join(tests)})"
    if rule.keyword == "length":
        tests = []
        if "minLength" in params:
            tests.append(f"length({value}) >= {params['minLength']}")
        if "maxLength" in params:
            tests.append(f"length({value}) <= {params['maxLength']}")
        return f"{value} IS NULL OR ({' AND '.join(tests)})"
    if rule.keyword == "pattern":
        return f"{value} IS NULL OR regexp_match(to_string({value}), {QgsExpression.quotedString(params['pattern'])}) > 0"
    if rule.keyword == "format":
        if variant in _DATES:
            return None  # a date column holds dates only
        return (
            f"{value} IS NULL OR (regexp_match({value}, '^\\\\d{{4}}-\\\\d{{2}}-\\\\d{{2}}$') > 0"
            f" AND try(to_date({value})) IS NOT NULL)"
        )
    return None


def _filled_test(value: str, variant: int) -> str:
    if variant in _NUMBERS or variant in _DATES:
        return f"{value} IS NOT NULL"
    return f"{value} IS NOT NULL AND trim(to_string({value})) <> ''"


def placeholder_test(value: str, variant: int, params: dict) -> str:
    """Whether the value is one of the city's placeholders, compared as the validator compares them
    (core/mapping.py _is_declared): numbers as numbers ("0.0" is 0), texts trimmed and without case."""
    numbers = ", ".join(repr(number) for number in params["numbers"])
    tests = []
    if numbers:
        number = value if variant in _NUMBERS else f"try(to_real(trim(to_string({value}))))"
        tests.append(f"coalesce({number} IN ({numbers}), false)")
    if params["texts"] and variant not in _NUMBERS and variant not in _DATES:
        texts = ", ".join(QgsExpression.quotedString(word) for word in params["texts"])
        tests.append(f"coalesce(lower(trim(to_string({value}))) IN ({texts}), false)")
    return " OR ".join(tests) or "false"


def field_constraint(
    standard: Standard,
    family: Family,
    spec: Field,
    variant: int,
    lang: str,
    filled: bool = False,
    profile: Profile | None = None,
):
    """(expression, description, strength) of the field's checks, or None when it has none to make. A field the
    registry fills (``filled``) may be left empty on a new asset: its "required" holds once the asset is saved.
    With ``profile``, the city's own checks too (what it requires, its placeholders). QGIS holds one expression
    per field, of one strength: a warning's check beside an error's is left to soft_checks."""
    checks = _checks(standard, family, spec, variant, profile)
    if any(rule.severity == ERROR for rule, _ in checks):
        checks = [(rule, expression) for rule, expression in checks if rule.severity == ERROR]
    if filled:
        checks = [
            (rule, f"{NEW_FEATURE} OR ({expression})" if rule.keyword == "required" else expression)
            for rule, expression in checks
        ]
    if not checks:
        return None
    expression = " AND ".join(f"({expression})" for _, expression in checks)
    # the value's own checks first, "missing" last: a wrong value is what a user who typed one meets first
    ordered = sorted(checks, key=lambda check: check[0].keyword in MISSING)
    description = sentences([rule.text(lang) for rule, _ in ordered])
    hard = any(rule.severity == ERROR for rule, _ in checks)
    strength = QgsFieldConstraints.ConstraintStrengthHard if hard else QgsFieldConstraints.ConstraintStrengthSoft
    return expression, description, strength


def _checks(standard: Standard, family: Family, spec: Field, variant: int, profile: Profile | None):
    checks = [(rule, check_expression(rule, variant)) for rule in field_rules(standard, family, spec, profile)]
    return [(rule, expression) for rule, expression in checks if expression]


def warnings_beside_errors(
    standard: Standard, family: Family, spec: Field, variant: int, profile: Profile | None
) -> list[tuple[FieldRule, str]]:
    """The field's warning checks (a city's placeholder) that its hard expression cannot hold: (rule, expression)."""
    checks = _checks(standard, family, spec, variant, profile)
    if not any(rule.severity == ERROR for rule, _ in checks):
        return []
    return [(rule, expression) for rule, expression in checks if rule.severity != ERROR]


def widget_setup(
    standard: Standard, spec: Field, variant: int, lang: str, required: bool | None = None
) -> QgsEditorWidgetSetup | None:
    """The field's widget; ``required``: whether the field must be filled (the standard's or the city's)."""
    schema = spec.schema
    required = spec.required if required is None else required
    if spec.codelist:
        codelist = standard.codelists[spec.codelist]
        value_map = [{f"{codelist.label(code, lang)} {code}": code} for code in codelist.codes]
        # the empty choice in words: "(none)" where the field may stay empty, "(choose)" where it must not (a
        # required code left empty fails its constraint), never QGIS's "(NULL)"
        empty = "qgis.form.no_value" if not required else "editing.form.choose"
        value_map.insert(0, {text(empty, lang): NULL_IN_VALUE_MAP})
        return QgsEditorWidgetSetup("ValueMap", {"map": value_map})
    if variant in _DATES:
        return QgsEditorWidgetSetup(
            "DateTime",
            {"field_format": DATE_FORMAT, "display_format": DATE_FORMAT, "calendar_popup": True, "allow_null": True},
        )
    if variant in _NUMBERS:
        integer = variant != QVariant.Double
        config = {"AllowNull": True, "Style": "SpinBox", "Step": 1, "Precision": 0 if integer else 2}
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        if low is not None:
            config["Min"] = low
        if high is not None:
            config["Max"] = high
        if spec.unit:
            config["Suffix"] = f" {spec.unit}"  # the standard's unit (W, m, cm …), after the number
        return QgsEditorWidgetSetup("Range", config)
    if schema.get("maxLength", 0) > MULTILINE_FROM:
        return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
    return None


def apply_form(
    layer: QgsVectorLayer,
    standard: Standard,
    family: Family,
    lang: str,
    extra_location: tuple[str, ...] = (),
    profile: Profile | None = None,
):
    """Widgets, constraints and the tabbed form of ``family`` on ``layer``, in ``lang``; with ``profile``, what
    the city requires beyond the standard too (delivery_checks)."""
    fields = layer.fields()
    filled = filled_by_registry(layer)
    city_required = set(profile.required_fields(family.name)) if profile is not None else set()
    warnings: list[tuple[FieldRule, str]] = []
    for spec in family.fields:
        index = fields.indexFromName(spec.name)
        if index < 0:
            continue
        variant = fields.at(index).type()
        setup = widget_setup(standard, spec, variant, lang, required=spec.required or spec.name in city_required)
        if setup is not None:
            layer.setEditorWidgetSetup(index, setup)
        if spec.required and variant in _DATES:
            layer.setDefaultValueDefinition(index, QgsDefaultValue(TODAY))
        constraint = field_constraint(standard, family, spec, variant, lang, spec.name in filled, profile)
        warnings += warnings_beside_errors(standard, family, spec, variant, profile)
        if constraint is not None:
            expression, description, strength = constraint
            layer.setConstraintExpression(index, expression, description)
            layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, strength)
    _class_choice(layer, standard, family, lang)
    _record_field(layer)
    _labels_above_long_texts(layer, family)
    extra_attributes = (PLACEHOLDER_MARK,) if _mark_warnings(layer, warnings, lang) else ()
    circuit_mark = mark_circuit_without_cabinet(layer, standard, family, lang)
    marks_after = dict([circuit_mark]) if circuit_mark else {}
    _tabs(layer, standard, family, lang, extra_location, extra_attributes, marks_after)


def _labels_above_long_texts(layer: QgsVectorLayer, family: Family) -> None:
    """A text edited on several lines (remarks) has its label above it, not beside its middle."""
    form = layer.editFormConfig()
    for spec in family.fields:
        index = layer.fields().indexFromName(spec.name)
        if index >= 0 and spec.schema.get("maxLength", 0) > MULTILINE_FROM:
            form.setLabelOnTop(index, True)
    layer.setEditFormConfig(form)


PLACEHOLDER_MARK = "placeholder_values"  # a virtual field: whether a field holds one of the city's placeholders


def _mark_warnings(layer: QgsVectorLayer, warnings: list[tuple[FieldRule, str]], lang: str) -> bool:
    """The warnings a field's hard constraint cannot hold (QGIS keeps one expression of one strength per field)
    on a virtual field of their own, soft: shown in the form in the validator's words, saving not refused.
    Whether there were any."""
    if not warnings or layer.fields().indexFromName(PLACEHOLDER_MARK) >= 0:
        return False
    holds = " AND ".join(f"({expression})" for _, expression in warnings)
    layer.addExpressionField(f"NOT ({holds})", QgsField(PLACEHOLDER_MARK, QVariant.Bool))
    index = layer.fields().indexFromName(PLACEHOLDER_MARK)
    layer.setFieldAlias(index, text("form.placeholder_values", lang))
    layer.setConstraintExpression(index, holds, sentences([rule.text(lang) for rule, _ in warnings]))
    layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthSoft)
    return True


def _record_field(layer: QgsVectorLayer) -> None:
    if layer.fields().indexFromName("uid") < 0 or layer.fields().indexFromName(RECORD_FIELD) >= 0:
        return
    layer.addExpressionField('"uid"', QgsField(RECORD_FIELD, QVariant.String))
    layer.setEditorWidgetSetup(layer.fields().indexFromName(RECORD_FIELD), QgsEditorWidgetSetup(RECORD_WIDGET, {}))


def filled_by_registry(layer: QgsVectorLayer) -> set[str]:
    """The columns the registry fills for a new asset left without them (their default: FILLED_ON_SAVE)."""
    provider = layer.dataProvider()
    # the provider names a default's SQL only while it does not evaluate defaults itself
    evaluating = provider.providerProperty(QgsDataProvider.EvaluateDefaultValues, False)
    provider.setProviderProperty(QgsDataProvider.EvaluateDefaultValues, False)
    try:
        fields = layer.fields()
        return {
            field.name()
            for index, field in enumerate(fields)
            if fields.fieldOrigin(index) == fields.OriginProvider
            and FILLED_ON_SAVE in provider.defaultValueClause(fields.fieldOriginIndex(index))
        }
    finally:
        provider.setProviderProperty(QgsDataProvider.EvaluateDefaultValues, evaluating)


def asks_for_class(layer: QgsVectorLayer, family: Family) -> bool:
    """Whether a new asset's form asks its class: the family has several (one alone, or none, the registry takes)."""
    return layer.fields().indexFromName(COMPONENT_CLASS) >= 0 and len(family.class_codes) > 1


def _class_choice(layer: QgsVectorLayer, standard: Standard, family: Family, lang: str) -> None:
    """The class of a new asset, from the family's classes with their labels; the registry makes the identifier
    from it (db/app/22_edit_defaults.sql). Needed unless an identifier is typed."""
    if not asks_for_class(layer, family):
        return
    index = layer.fields().indexFromName(COMPONENT_CLASS)
    classes = standard.codelists["component_class"]
    value_map = [{text("editing.form.choose", lang): NULL_IN_VALUE_MAP}]
    value_map += [{f"{classes.label(code, lang)} {code}": code} for code in family.class_codes]
    layer.setEditorWidgetSetup(index, QgsEditorWidgetSetup("ValueMap", {"map": value_map}))
    layer.setFieldAlias(index, text("editing.form.component_class", lang))
    identifier = QgsExpression.quotedColumnRef(family.identifier)
    layer.setConstraintExpression(
        index,
        f"{SAVED_FEATURE} OR {QgsExpression.quotedColumnRef(COMPONENT_CLASS)} IS NOT NULL OR {identifier} IS NOT NULL",
        text("editing.form.component_class_needed", lang),
    )
    layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, QgsFieldConstraints.ConstraintStrengthHard)


def _tabs(
    layer: QgsVectorLayer,
    standard: Standard,
    family: Family,
    lang: str,
    extra_location: tuple[str, ...],
    extra_attributes: tuple[str, ...] = (),
    marks_after: dict[str, str] | None = None,
) -> None:
    """The form's tabs; ``marks_after``: a warning's virtual field → the field it speaks of, which it follows."""
    fields = layer.fields()
    groups = {group: list(names) for group, names in field_groups(standard, family).items()}
    placed = set()
    for mark, after in (marks_after or {}).items():
        for names in groups.values():
            if after in names:
                names.insert(names.index(after) + 1, mark)
                placed.add(mark)
                break
    standard_names = set(family.field_names) | placed
    registry = []
    for field in fields:
        name = field.name()
        if name in standard_names or name in (COMPONENT_CLASS, RECORD_FIELD):
            continue
        if field.type() == QVariant.DateTime:  # the registry's time stamps, to the second
            layer.setEditorWidgetSetup(fields.indexFromName(name), QgsEditorWidgetSetup("DateTime", STAMP_WIDGET))
        if name.startswith("located_") or name in extra_location:
            groups[LOCATION].append(name)
        elif name in extra_attributes:
            groups[ATTRIBUTES].append(name)
        else:
            registry.append(name)
    form = layer.editFormConfig()
    form.setLayout(QgsEditFormConfig.TabLayout)
    root = form.invisibleRootContainer()
    root.clear()
    for group, names in [*((group, groups[group]) for group in GROUPS), (REGISTRY, registry), (RECORD, [RECORD_FIELD])]:
        present = [name for name in names if fields.indexFromName(name) >= 0]
        if not present:
            continue
        tab = QgsAttributeEditorContainer(tab_title(group, lang), root)
        tab.setIsGroupBox(False)
        tab.setColumnCount(1)
        if group in (REGISTRY, RECORD):
            tab.setVisibilityExpression(QgsOptionalExpression(QgsExpression(SAVED_FEATURE), True))
        for name in present:
            element = QgsAttributeEditorField(name, fields.indexFromName(name), tab)
            element.setShowLabel(name != RECORD_FIELD)
            tab.addChildElement(element)
            if name == family.identifier and asks_for_class(layer, family):
                tab.addChildElement(_new_asset_box(layer, tab, lang))
        root.addChildElement(tab)
    layer.setEditFormConfig(form)


def _new_asset_box(layer: QgsVectorLayer, parent: QgsAttributeEditorContainer, lang: str) -> QgsAttributeEditorContainer:
    """Below the identifier, for an asset being added only: the class its identifier is made from."""
    box = QgsAttributeEditorContainer(text("editing.form.new_asset", lang), parent)
    box.setIsGroupBox(True)
    box.setVisibilityExpression(QgsOptionalExpression(QgsExpression(NEW_FEATURE), True))
    box.addChildElement(QgsAttributeEditorField(COMPONENT_CLASS, layer.fields().indexFromName(COMPONENT_CLASS), box))
    return box


QGIS_NULL_DEFAULT = "NULL"  # what QGIS writes in an empty field until its user sets otherwise


def show_empty_as_empty() -> None:
    """Empty fields show nothing, not QGIS's "NULL" (English, and read as a value by the bureau's editors).
    QGIS keeps this as one user setting (Options › Data Sources › Representation for NULL values): it is set
    only while it is QGIS's default, so a user's own choice stands."""
    from qgis.core import QgsApplication

    if QgsApplication.nullRepresentation() == QGIS_NULL_DEFAULT:
        QgsApplication.setNullRepresentation("")
