"""Whether the assets a delivery names exist (issue 17): a field that names an asset of another family
(x-references in the standard: a light's cabinet_id, the identifier of its lighting cabinet).

Without the registry the validator can only look in the delivery itself (the other layers of the same file): a
cabinet it does not hold may well be registered already, delivered before its lights, so that is a warning,
record.reference_not_delivered, said once per cabinet, which tells the deliverer to check against the registry
(``--dsn``). With the registry (storage/registry_checks.py), a cabinet neither delivered nor registered is an
error on every light naming it, registry.unknown_reference, and the warning is withdrawn: the registry has
answered it.
"""

from __future__ import annotations

import re
from typing import Any

from .messages import both
from .report import Report
from .standard import Family, Field, Standard

NOT_DELIVERED = "record.reference_not_delivered"
UNKNOWN = "registry.unknown_reference"


def delivered_identifiers(reports: list[Report], family: str) -> set[str]:
    """The identifiers of ``family`` the delivery's layers hold."""
    return {ident for report in reports if report.family == family for ident in report.identifiers}


def unresolved(report: Report, standard: Standard, reports: list[Report]) -> dict[str, dict[str, list]]:
    """Per referencing field, the values naming no asset the delivery holds, with the features naming them."""
    if not report.references:
        return {}
    family = standard.delivery_class(report.family)
    found = {}
    for name, named in report.references.items():
        delivered = delivered_identifiers(reports, family.field(name).references)
        missing = {value: features for value, features in named.items() if value not in delivered}
        if missing:
            found[name] = missing
    return found


def check_references(reports: list[Report], standard: Standard) -> None:
    """record.reference_not_delivered once per asset named that no layer of the delivery holds, on the first
    feature naming it (a cabinet feeds a hundred lights: one warning says it); each report sorted after."""
    for report in reports:
        for name, missing in unresolved(report, standard, reports).items():
            spec = standard.delivery_class(report.family).field(name)
            referenced = standard.family(spec.references)
            for value, features in missing.items():
                number, ident = min(features, key=lambda feature: feature[0])
                add_reference_finding(report, NOT_DELIVERED, spec, referenced, value, number, ident)
    check_circuits(reports, standard)
    for report in reports:
        report.sort()


def add_reference_finding(
    report: Report, rule: str, spec: Field, referenced: Family, value: str, number: int, ident: str | None
) -> None:
    """A finding of a feature naming ``value`` in its referencing field ``spec`` (a light's cabinet_id), told
    with the field's and the referenced family's titles: the delivery's warning and the registry's error alike."""
    report.add(rule, number, component_id=ident, field=spec.name, value=value, detail=referenced.titles, label=spec.titles)


def withdraw_not_delivered(report: Report, values: set[str] | None = None) -> None:
    """The delivery-only warnings (of ``values`` only, when given), once another layer or the registry has
    answered them."""
    report.findings = [
        finding
        for finding in report.findings
        if finding.rule != NOT_DELIVERED or (values is not None and finding.value not in values)
    ]


def resolve_across_layers(reports: list[Report], standard: Standard) -> None:
    """Each layer was checked alone (validate_delivery): withdraw the warnings of what another layer delivers."""
    for report in reports:
        if not report.references:
            continue
        family = standard.delivery_class(report.family)
        for name, named in report.references.items():
            delivered = delivered_identifiers(reports, family.field(name).references)
            withdraw_not_delivered(report, delivered & set(named))
    recheck_circuits_across_layers(reports, standard)


# A light's circuit (issue 17 follow-up): a circuit is one of its cabinet's outgoing circuits, numbered 1..N, where
# the cabinet record may carry N (lighting_cabinet.circuit_count). A circuit names nothing without its cabinet.
CIRCUIT = "circuit_id"
CIRCUIT_COUNT = "circuit_count"
OUT_OF_RANGE = "record.circuit_out_of_range"
WITHOUT_CABINET = "crossfield.circuit_without_cabinet"


def circuit_fields(standard: Standard, family: Family) -> tuple[str, str] | None:
    """(the circuit field, the field naming the cabinet) when the family's features hang on a cabinet's circuits."""
    names = {spec.name for spec in family.fields}
    if CIRCUIT not in names:
        return None
    for spec in family.fields:
        if spec.references and CIRCUIT_COUNT in {f.name for f in standard.family(spec.references).fields}:
            return CIRCUIT, spec.name
    return None


def counts_circuits(family: Family) -> bool:
    """Whether the family's records carry their number of circuits (a lighting cabinet)."""
    return any(spec.name == CIRCUIT_COUNT for spec in family.fields)


def circuit_text(value: Any) -> str | None:
    """A circuit as the delivery gives it, as text (a number column gives 3 or 3.0), None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    given = str(value).strip()
    return given or None


def circuit_count(value: Any) -> int | None:
    """A cabinet's number of circuits when it is a whole number >= 1 (else the schema has spoken)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) or value < 1:
        return None
    return int(value)


def note_circuit(report: Report, number: int, ident: str | None, cabinet: Any, circuit: Any) -> None:
    """A feature naming a circuit, for check_circuits."""
    given = circuit_text(circuit)
    if given is not None:
        report.circuits.append((number, ident, cabinet if isinstance(cabinet, str) and cabinet.strip() else None, given))


def within(circuit: str, count: int) -> bool:
    """Whether the circuit is one of 1..count. Its number is the one run of digits in the text (deliveries write
    2, 02 or HL02); a text with no number or several names no one circuit."""
    numbers = re.findall(r"[0-9]+", circuit)
    return len(numbers) == 1 and 1 <= int(numbers[0]) <= count


def circuits_of(cabinet: str, count: int) -> dict[str, str]:
    return both("cabinetfix.circuits_of", cabinet=cabinet, count=count)


def out_of_range_findings(report: Report, standard: Standard, counts: dict[str, int], only: set[str] | None = None) -> None:
    """record.circuit_out_of_range on each feature whose circuit is not one of its cabinet's, where ``counts``
    knows the cabinet's number of circuits (of the cabinets ``only``, when given)."""
    fields = circuit_fields(standard, standard.delivery_class(report.family))
    if fields is None:
        return
    label = standard.delivery_class(report.family).field(fields[0]).titles
    for number, ident, cabinet, circuit in report.circuits:
        count = counts.get(cabinet) if cabinet is not None and (only is None or cabinet in only) else None
        if count is not None and not within(circuit, count):
            report.add(
                OUT_OF_RANGE,
                number,
                component_id=ident,
                field=fields[0],
                value=circuit,
                detail=circuits_of(cabinet, count),
                label=label,
            )


def delivered_counts(reports: list[Report]) -> dict[str, int]:
    """The number of circuits of each cabinet the delivery holds that gives it."""
    return {cabinet: count for report in reports for cabinet, count in report.circuit_counts.items()}


def check_circuits(reports: list[Report], standard: Standard) -> None:
    """crossfield.circuit_without_cabinet on each feature naming a circuit but no cabinet, and
    record.circuit_out_of_range on each whose cabinet the delivery holds with fewer circuits."""
    counts = delivered_counts(reports)
    for report in reports:
        fields = circuit_fields(standard, standard.delivery_class(report.family))
        if fields is None:
            continue
        label = standard.delivery_class(report.family).field(fields[0]).titles
        for number, ident, cabinet, circuit in report.circuits:
            if cabinet is None:
                report.add(WITHOUT_CABINET, number, component_id=ident, field=fields[0], value=circuit, label=label)
        out_of_range_findings(report, standard, counts)


def recheck_circuits_across_layers(reports: list[Report], standard: Standard) -> None:
    """Each layer judged its circuits by its own cabinets only: judge them again by every layer's."""
    counts = delivered_counts(reports)
    for report in reports:
        if not report.circuits:
            continue
        report.findings = [finding for finding in report.findings if finding.rule != OUT_OF_RANGE]
        out_of_range_findings(report, standard, counts)
        report.sort()
