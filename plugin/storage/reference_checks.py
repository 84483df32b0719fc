"""What a delivery's references say against the registry: the assets they name (a light's cabinet) that neither
the delivery nor the registry holds, and the circuits beyond a registered cabinet's count.

The delivery's own checks (core/references.py) judge what it holds; these judge the rest with the registry,
for ``assetreg validate --dsn`` (storage/registry_checks.py) and for every import (storage/importing/run.py),
so that an import refuses what the validator with the registry refuses.
"""

from __future__ import annotations

from psycopg2 import sql

from ..core import references
from ..core.report import Report
from ..core.standard import Standard
from .names import SCHEMA


def judge(cur, standard: Standard, report: Report) -> None:
    """Both judgements, on a cursor that only reads."""
    reference_findings(cur, standard, report)
    circuit_findings(cur, standard, report)


def reference_findings(cur, standard: Standard, report: Report) -> None:
    """registry.unknown_reference for every feature naming an asset (a light's cabinet) that neither the delivery
    (what record.reference_not_delivered still warns of) nor the registry holds; the warnings are withdrawn."""
    waiting: dict[str, set[str]] = {}  # per field, the values the delivery does not hold
    for finding in report.findings:
        if finding.rule == references.NOT_DELIVERED:
            waiting.setdefault(finding.field, set()).add(finding.value)
    references.withdraw_not_delivered(report)
    family = standard.delivery_class(report.family)
    for name, values in sorted(waiting.items()):
        spec = family.field(name)
        referenced = standard.family(spec.references)
        cur.execute(
            sql.SQL("SELECT v FROM unnest(%s::text[]) v WHERE NOT EXISTS (SELECT 1 FROM {} t WHERE t.{} = v)").format(
                sql.Identifier(SCHEMA, referenced.table), sql.Identifier(referenced.identifier)
            ),
            (sorted(values),),
        )
        for (value,) in cur.fetchall():
            for number, ident in report.references[name][value]:
                references.add_reference_finding(report, references.UNKNOWN, spec, referenced, value, number, ident)


def circuit_findings(cur, standard: Standard, report: Report) -> None:
    """record.circuit_out_of_range for each light whose circuit is not one of its registered cabinet's (where the
    registry knows its number of circuits); the cabinets this layer delivers were judged by the delivery's counts."""
    fields = references.circuit_fields(standard, standard.delivery_class(report.family))
    if fields is None:
        return
    named = sorted({cabinet for _, _, cabinet, _ in report.circuits if cabinet and cabinet not in report.circuit_counts})
    if not named:
        return
    cabinets = standard.family(standard.delivery_class(report.family).field(fields[1]).references)
    cur.execute(
        sql.SQL("SELECT {id}, {count} FROM {table} WHERE {id} = ANY(%s) AND {count} IS NOT NULL").format(
            id=sql.Identifier(cabinets.identifier),
            count=sql.Identifier(references.CIRCUIT_COUNT),
            table=sql.Identifier(SCHEMA, cabinets.table),
        ),
        (named,),
    )
    references.out_of_range_findings(report, standard, dict(cur.fetchall()), only=set(named))
