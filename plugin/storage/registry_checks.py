"""Validation against the registry (``assetreg validate --dsn``).

The delivery's valid features are staged and compared exactly as an import would
(storage/importing/), in a transaction that is rolled back: what the registry
already holds (registry.present) and what its unit grids say of the grid codes
(registry.unknown_grid, registry.grid_mismatch, registry.outside_grids); for inspection records,
the components they name that the registry does not hold (registry.unknown_component).
"""

from __future__ import annotations

from pathlib import Path

from psycopg2 import sql

from ..core import references
from ..core.errors import InputError
from ..core.mapping import MappingProfile
from ..core.report import Report
from ..core.standard import Profile, Standard
from . import inspections
from .connection import connection
from .importing import locate, rows, staging
from .importing.request import importable_classes
from .names import SCHEMA


def check_against_registry(
    dsn: str, report: Report, standard: Standard, profile: Profile, path: str | Path, mapping: MappingProfile | None = None
) -> None:
    if report.has_file_errors or report.valid_count == 0 or report.family not in importable_classes(standard):
        return
    family = standard.delivery_class(report.family)
    target = staging.StagingTarget.of(family)
    # the same rows an import stages, streamed into COPY the same way
    stream = rows.RowStream(lambda out: rows.write_rows(path, report.layer, standard, profile, family, report, out, mapping))
    try:
        with connection(dsn) as conn:
            try:
                with conn.cursor() as cur:
                    _require_table(cur, family)
                    staging.stage_rows(cur, target, stream.rows)
                    _, source_srid = stream.written()
                    if family.is_record:
                        inspections.prepare(cur, standard, family, source_srid, profile.registry_srid)
                        inspections.unknown_components(cur, report)
                    else:
                        _asset_findings(cur, target, family, report, source_srid, profile.registry_srid)
                    reference_findings(cur, standard, report)
                    circuit_findings(cur, standard, report)
            finally:
                conn.rollback()  # a check never changes the registry
    finally:
        stream.close()
    report.sort()


def _asset_findings(cur, target, family, report: Report, source_srid: int, registry_srid: int) -> None:
    """registry.present for identifiers already registered, then what the unit grids say."""
    staging.prepare_staged(cur, target, source_srid, registry_srid)
    cur.execute("SELECT component_id FROM prepared WHERE target_uid IS NOT NULL ORDER BY 1")
    for (component_id,) in cur.fetchall():
        report.add(
            "registry.present",
            report.identifiers.get(component_id),
            component_id=component_id,
            field="component_id",
            value=component_id,
        )
    locate.registry_findings(cur, family, report)


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


def _require_table(cur, family) -> None:
    cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.{family.table}",))
    if cur.fetchone()[0] is None:
        raise InputError("registry.family_table_missing", family=family.named())
