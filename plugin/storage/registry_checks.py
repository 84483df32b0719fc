"""Validation against the registry (``assetreg validate --dsn``).

The delivery's valid features are staged and compared exactly as an import would
(storage/importing/), in a transaction that is rolled back: what the registry
already holds (registry.present) and what its unit grids say of the grid codes
(registry.unknown_grid, registry.grid_mismatch, registry.outside_grids); for inspection records,
the components they name that the registry does not hold (registry.unknown_component).
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError
from ..core.mapping import MappingProfile
from ..core.report import Report
from ..core.standard import Profile, Standard
from . import inspections, reference_checks
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
                    reference_checks.judge(cur, standard, report)
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


def _require_table(cur, family) -> None:
    cur.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.{family.table}",))
    if cur.fetchone()[0] is None:
        raise InputError("registry.family_table_missing", family=family.named())
