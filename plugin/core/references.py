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

from .report import Report
from .standard import Standard

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
                report.add(
                    NOT_DELIVERED,
                    number,
                    component_id=ident,
                    field=name,
                    value=value,
                    detail=referenced.titles,
                    label=spec.titles,
                )
        report.sort()


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
