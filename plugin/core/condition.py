"""What an inspection tells the registry about its asset's condition, derived from the standard.

An inspection record and an asset family say the same thing when they share a field: the
same name (a road survey's ``pci`` and the road segment's ``pci``), or, failing that, the
same code list (the record's ``status_found`` and the family's ``status`` both take
``component_status``). Only measured or graded values count as condition: numbers and
code-list values. Free text the two share (a road name) describes where the record was
taken, and the identifier names the asset; neither is a finding about it.
"""

from __future__ import annotations

from .standard import Family, Field

# The component attribute that dates a change of status (变更日期 BGRQ, GB/T 47678.5 table 2);
# the validator's crossfield.status_without_date reads the same pair.
STATUS_FIELD = "status"
STATUS_CHANGE_DATE = "change_date"


def _is_condition(spec: Field) -> bool:
    return spec.codelist is not None or spec.json_type in ("number", "integer")


def condition_mapping(record: Family, family: Family) -> dict[str, str]:
    """Record field -> the family field it updates, for the fields that describe condition."""
    by_name = {spec.name: spec for spec in family.fields if spec.name != family.identifier}
    by_codelist: dict[str, list[Field]] = {}
    for spec in by_name.values():
        if spec.codelist:
            by_codelist.setdefault(spec.codelist, []).append(spec)
    mapping: dict[str, str] = {}
    for spec in record.fields:
        if not _is_condition(spec) or spec.name == record.identifier:
            continue
        same_name = by_name.get(spec.name)
        if same_name is not None:
            if same_name.codelist == spec.codelist and same_name.json_type == spec.json_type:
                mapping[spec.name] = same_name.name
            continue
        same_list = by_codelist.get(spec.codelist or "", [])
        if len(same_list) == 1:  # two fields on one code list would be a guess
            mapping[spec.name] = same_list[0].name
    return mapping
