"""The validation rules: stable ids and severities; their texts are in the message catalogue.

Rule ids are part of the public interface: reports, tests and documentation
name them, so an id is never renamed once released. Each rule's text is the
catalogue message ``rule.<rule id>`` (plugin/i18n/messages/rules.toml), in Chinese
and English: a template filled from the finding's ``field``, ``value`` and ``detail``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import messages

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str

    @property
    def message_id(self) -> str:
        return f"rule.{self.id}"

    def template(self, lang: str) -> str:
        """The rule's text with its placeholders unfilled, as documentation shows it."""
        return messages.catalogue()[self.message_id][lang if lang in messages.LANGS else messages.DEFAULT_LANG]

    @property
    def zh(self) -> str:
        return self.template("zh")

    @property
    def en(self) -> str:
        return self.template("en")


_RULES = [
    # file
    Rule("file.unreadable", ERROR),
    Rule("file.unknown_layer", ERROR),
    Rule("file.empty", ERROR),
    Rule("file.encoding", ERROR),
    Rule("file.encoding_guessed", WARNING),
    Rule("file.encoding_misdeclared", ERROR),
    Rule("file.crs_mismatch", ERROR),
    Rule("file.no_crs", ERROR),
    Rule("file.crs_not_accepted", ERROR),
    # schema
    Rule("schema.required", ERROR),
    Rule("schema.type", ERROR),
    Rule("schema.codelist", ERROR),
    Rule("schema.pattern", ERROR),
    Rule("schema.range", ERROR),
    Rule("schema.length", ERROR),
    Rule("schema.date_format", ERROR),
    Rule("schema.unknown_field", WARNING),
    Rule("schema.placeholder", WARNING),
    Rule("schema.nul_character", ERROR),
    Rule("schema.mixed_encoding", ERROR),
    Rule("schema.template_value", ERROR),
    Rule("schema.profile_required", ERROR),
    # identifier
    Rule("identifier.structure", ERROR),
    Rule("identifier.admin_code", ERROR),
    Rule("identifier.class_code", ERROR),
    Rule("identifier.legacy", WARNING),
    # geometry
    Rule("geometry.empty", ERROR),
    Rule("geometry.wrong_type", ERROR),
    Rule("geometry.invalid", ERROR),
    Rule("geometry.outside_extent", ERROR),
    Rule("geometry.swapped_axes", ERROR),
    Rule("geometry.null_island", ERROR),
    Rule("geometry.unexpected_zm", WARNING),
    Rule("geometry.attribute_mismatch", ERROR),
    # record
    Rule("record.duplicate_id", ERROR),
    Rule("record.same_spot", WARNING),
    Rule("record.same_geometry", WARNING),
    Rule("record.reference_not_delivered", WARNING),
    Rule("record.circuit_out_of_range", ERROR),
    # crossfield
    Rule("crossfield.future_date", ERROR),
    Rule("crossfield.change_before_initial", ERROR),
    Rule("crossfield.status_without_date", ERROR),
    Rule("crossfield.protection_grade_age", ERROR),
    Rule("crossfield.bci_grade", ERROR),
    Rule("crossfield.bci_components", WARNING),
    Rule("crossfield.pci_grade", ERROR),
    Rule("crossfield.case_steps_out_of_order", ERROR),
    Rule("crossfield.case_closed_before_registered", ERROR),
    Rule("crossfield.case_status_without_step", ERROR),
    Rule("crossfield.case_return_out_of_order", ERROR),
    Rule("crossfield.case_supervised_when_finished", ERROR),
    Rule("crossfield.case_on_the_spot_with_flow_steps", ERROR),
    Rule("crossfield.case_replied_after_close", WARNING),
    Rule("crossfield.field_of_other_kind", WARNING),
    Rule("crossfield.circuit_without_cabinet", WARNING),
    # the earlier steps of a historical case taken several times (standard 1.1, revision 0032)
    Rule("crossfield.case_step_list_malformed", ERROR),
    Rule("crossfield.case_earlier_steps_out_of_order", ERROR),
    Rule("crossfield.case_earlier_returns_unpaired", ERROR),
    Rule("crossfield.case_earlier_return_reasons_unpaired", ERROR),  # revision 0033
    # registry (with --dsn)
    Rule("registry.present", WARNING),
    Rule("registry.unknown_grid", WARNING),
    Rule("registry.grid_mismatch", WARNING),
    Rule("registry.unknown_component", ERROR),
    Rule("registry.outside_grids", WARNING),
    Rule("registry.area_mismatch", WARNING),
    Rule("registry.unknown_reference", ERROR),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def message(rule_id: str, lang: str, **values: object) -> str:
    """The text of a finding of ``rule_id`` in ``lang``; a value that is None shows as nothing."""
    return messages.text(
        RULES[rule_id].message_id, lang, **{key: "" if value is None else value for key, value in values.items()}
    )
