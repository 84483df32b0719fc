"""Importing a validated delivery: COPY into a staging table, promote in one transaction.

The import either completes or leaves the registry exactly as it was: staging,
conflict checks and promotion run in a single transaction, with no per-row
round trip and no per-row trigger.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg2
from psycopg2 import sql

from ..core.errors import RefusedError
from ..core.fastrows import fast_copy_rows
from ..core.mapping import FieldMapper, MappingProfile
from ..core.reader import Delivery, GeometrySource, gdal_exceptions
from ..core.report import Report
from ..core.standard import Family, Profile, Standard
from ..core.validate import Progress, mapped_features, validate_delivery
from .connection import connection
from .names import SCHEMA

MODES = ("insert", "upsert")
_SPOOL_BYTES = 64 * 1024 * 1024
_MAX_LISTED_CONFLICTS = 10


@dataclass
class ImportResult:
    report: Report
    mode: str
    staged: int = 0
    inserted: int = 0
    updated: int = 0
    skipped_invalid: int = 0
    conflicts: list[str] = field(default_factory=list)


def import_delivery(
    dsn: str,
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None = None,
    layer: str | None = None,
    mode: str = "insert",
    accept_valid: bool = False,
    progress: Progress | None = None,
    mapping: MappingProfile | None = None,
) -> ImportResult:
    if mode not in MODES:
        raise ValueError(mode)
    report = validate_delivery(path, standard, profile, family_name, layer, progress, mapping)
    try:
        _refuse_if_invalid(report, accept_valid)
    except RefusedError as refusal:
        refusal.report = report  # the caller shows why
        raise
    family = standard.family(report.family)
    result = ImportResult(report, mode, skipped_invalid=len(report.invalid_features))
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as rows:
        result.staged, source_srid = _write_rows(path, layer, standard, profile, family, report, rows, mapping)
        rows.seek(0)
        _promote(dsn, family, profile, source_srid, rows, result)
    return result


def _refuse_if_invalid(report: Report, accept_valid: bool) -> None:
    if report.has_file_errors or report.valid_count == 0:
        raise RefusedError(
            "交付数据整体不合格，未导入任何要素。请先按检查报告修正。",
            "The delivery fails as a whole; nothing was imported. Fix it as the validation report says.",
        )
    if report.errors and not accept_valid:
        invalid = len(report.invalid_features)
        raise RefusedError(
            f"有 {invalid} 个要素不合格，未导入任何要素。"
            f"修正后重新提交，或加 --accept-valid 只导入合格的 {report.valid_count} 个。",
            f"{invalid} features are invalid; nothing was imported. Fix and resubmit, or add --accept-valid "
            f"to import the {report.valid_count} valid ones.",
        )


def _write_rows(
    path: str | Path,
    layer: str | None,
    standard: Standard,
    profile: Profile,
    family: Family,
    report: Report,
    out: IO[str],
    mapping: MappingProfile | None,
) -> tuple[int, int]:
    """Write the valid features as CSV rows for COPY; return (count, source SRID)."""
    # the same rows from the scanner's columns, when it can vouch for every byte (else None)
    written = fast_copy_rows(path, standard, profile, family.name, report, mapping, out)
    if written is not None:
        return written
    invalid = report.invalid_features
    writer = csv.writer(out)
    count = 0
    mapping = mapping or MappingProfile()
    with Delivery(path, report.layer, GeometrySource.from_mapping(mapping.geometry)) as delivery, gdal_exceptions():
        source_srid = delivery.epsg
        mapper = FieldMapper(family, standard, delivery.field_names, mapping, delivery.geometry_columns)
        for feature in mapped_features(delivery, mapper):
            if feature.number in invalid:
                continue
            values = [feature.properties.get(name) for name in family.field_names]
            writer.writerow([*values, feature.geometry.ExportToIsoWkb().hex()])
            count += 1
    return count, source_srid


def _promote(dsn: str, family: Family, profile: Profile, source_srid: int, rows: IO[str], result: ImportResult) -> None:
    target = sql.Identifier(SCHEMA, family.table)
    columns = sql.SQL(", ").join(sql.Identifier(name) for name in family.field_names)
    with connection(dsn) as conn:
        try:
            with conn, conn.cursor() as cur:
                cur.execute(
                    sql.SQL("CREATE TEMP TABLE stage ON COMMIT DROP AS SELECT {columns} FROM {target} WITH NO DATA").format(
                        columns=columns, target=target
                    )
                )
                cur.execute("ALTER TABLE stage ADD COLUMN geom geometry")
                cur.copy_expert(
                    sql.SQL("COPY stage ({columns}, geom) FROM STDIN WITH (FORMAT csv)").format(columns=columns).as_string(cur),
                    rows,
                )
                result.conflicts = _conflicts(cur, target)
                if result.mode == "insert" and result.conflicts:
                    raise _conflict_error(result.conflicts)
                result.inserted, result.updated = _merge(cur, family, target, columns, source_srid, profile.registry_srid)
        except psycopg2.DataError as exc:
            raise _database_refused(exc) from None
        except psycopg2.IntegrityError as exc:
            raise _database_refused(exc) from None


def _conflicts(cur: Any, target: sql.Composable) -> list[str]:
    cur.execute(
        sql.SQL("SELECT s.component_id FROM stage s JOIN {target} t USING (component_id) ORDER BY 1").format(target=target)
    )
    return [row[0] for row in cur.fetchall()]


def _conflict_error(conflicts: list[str]) -> RefusedError:
    listed = ", ".join(conflicts[:_MAX_LISTED_CONFLICTS]) + (" …" if len(conflicts) > _MAX_LISTED_CONFLICTS else "")
    return RefusedError(
        f"登记库中已有 {len(conflicts)} 个相同标识码的部件（{listed}），未导入任何要素。要更新它们请用 --mode upsert。",
        f"The registry already holds {len(conflicts)} components with these identifiers ({listed}); nothing was "
        "imported. Use --mode upsert to update them.",
    )


def _merge(
    cur: Any, family: Family, target: sql.Composable, columns: sql.Composable, source_srid: int, registry_srid: int
) -> tuple[int, int]:
    updates = sql.SQL(", ").join(
        sql.SQL("{name} = EXCLUDED.{name}").format(name=sql.Identifier(name))
        for name in (*family.field_names, "geom")
        if name != "component_id"
    )
    cur.execute(
        sql.SQL(
            "WITH merged AS ("
            " INSERT INTO {target} ({columns}, geom)"
            " SELECT {columns}, ST_Transform(ST_SetSRID(ST_Force2D(geom), %(source)s), %(registry)s) FROM stage"
            " ON CONFLICT (component_id) DO UPDATE SET {updates}, updated_at = now()"
            " RETURNING (xmax = 0) AS inserted)"
            " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged"
        ).format(target=target, columns=columns, updates=updates),
        {"source": source_srid, "registry": registry_srid},
    )
    inserted, updated = cur.fetchone()
    return inserted, updated


def _database_refused(exc: psycopg2.Error) -> RefusedError:
    detail = (exc.pgerror or str(exc)).strip().splitlines()[0]
    return RefusedError(
        f"数据库拒绝了这批数据，未导入任何要素：{detail}",
        f"The database refused the delivery; nothing was imported: {detail}",
    )
