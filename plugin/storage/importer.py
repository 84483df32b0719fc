"""Importing a validated delivery: COPY into a staging table, compare set-based, promote in one transaction.

The import either completes or leaves the registry exactly as it was: staging,
the checks against the registry and the promotion run in a single transaction,
with no per-row round trip and no per-row trigger (the location is assigned and
the history written by set-based statements). Every delivery leaves a submission
record; its rejected features stay in quarantine for the contractor.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from ..core import fastpath
from ..core.errors import InputError, RefusedError
from ..core.fastrows import fast_copy_rows
from ..core.mapping import FieldMapper, MappingProfile
from ..core.reader import Delivery, GeometrySource, gdal_exceptions
from ..core.report import Report
from ..core.standard import Family, Profile, Standard
from ..core.validate import Progress, mapped_features, validate_delivery
from . import firstload, inspections, quarantine, submissions
from .connection import connect, describe
from .errors import refusal
from .names import SCHEMA

MODES = ("insert", "update", "upsert", "replace-area")
# Records the registry holds besides assets; each is only ever added (a record is what was found then).
IMPORTABLE_RECORDS = ("inspection",)
_MAX_LISTED = 10
_DRY_RUN_SAMPLES = 20

Notify = Callable[[str, str], None]


@dataclass
class Area:
    """Where a replace-area import applies: an admin area or grid code, or a polygon (WKT with its EPSG)."""

    code: str | None = None
    wkt: str | None = None
    srid: int | None = None

    def describe(self) -> str:
        return self.code or "polygon"


@dataclass
class ImportResult:
    report: Report
    mode: str
    dry_run: bool = False
    submission_id: int | None = None
    staged: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    # replace-area: what is deleted (or would be, in a dry run); the area's assets kept because only a
    # rejected row names them; rejected rows without an identifier to trust, and what they hold back
    deleted_ids: list[str] = field(default_factory=list)
    kept_rejected: int = 0
    unidentified: int = 0
    withheld: int = 0
    conflicts: list[str] = field(default_factory=list)
    changed_fields: dict[str, int] = field(default_factory=dict)
    changed_samples: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def new(self) -> int:
        return self.inserted

    @property
    def outcome(self) -> str:
        if self.dry_run:
            return "dry_run"
        return "partially_accepted" if self.rejected else "accepted"

    def counts(self) -> dict[str, int]:
        return {
            "staged": self.staged,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "kept_rejected": self.kept_rejected,
            "deletion_withheld": self.withheld,
            "rejected": self.rejected,
            "conflicts": len(self.conflicts),
        }


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
    dry_run: bool = False,
    area: Area | None = None,
    notify: Notify | None = None,
    confirm_delete: bool = True,
) -> ImportResult:
    """Validate and import a delivery.

    confirm_delete: whether replace-area may delete assets; when False and the delivery would delete
    any, the import is refused naming them (the Processing algorithm asks for the confirmation).
    """
    if mode not in MODES:
        choices = ", ".join(MODES)
        raise InputError(f"未知的导入方式：{mode}", f"Unknown import mode: {mode}", f"可选：{choices}", f"One of: {choices}")
    if (mode == "replace-area") != (area is not None):
        raise InputError(
            "--mode replace-area 需要 --area（且只有它需要）。",
            "--mode replace-area needs --area (and only it takes one).",
        )
    _check_record_import(standard, family_name, mode)
    notify = notify or (lambda zh, en: None)
    submissions.fail_abandoned(dsn)
    # the file is read for its SHA-256 while it is validated (hashing lets other threads run), and scanned
    # once for both the validation and the rows
    with fastpath.keeping_scans(), _Digest(path) as digest:
        report = validate_delivery(path, standard, profile, family_name, layer, progress, mapping)
        _check_record_import(standard, report.family, mode)  # the class may come from the mapping or the envelope
        conn = connect(dsn)
        try:
            record = submissions.open_record(conn, path, standard, profile, report.family, mode, dry_run, digest.result())
            result = ImportResult(report, mode, dry_run, record, rejected=len(report.invalid_features))
            try:
                _refuse_if_invalid(report, accept_valid)
            except RefusedError as refusal:
                refusal.report = report  # the caller shows why
                _close_rejected(conn, result, refusal.en, path, mapping)
                raise
            family = standard.delivery_class(report.family)
            stream = RowStream(lambda out: write_rows(path, layer, standard, profile, family, report, out, mapping))
            try:
                _run_promotion(
                    conn, standard, family, profile, stream, result, area, path, mapping, notify, accept_valid, confirm_delete
                )
            finally:
                stream.close()
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as lost:
            raise _lost_connection(dsn, lost) from None
        finally:
            conn.close()
    return result


class _Digest:
    """file_sha256 of the delivery, computed by a thread of its own."""

    def __init__(self, path: str | Path):
        self._path = path
        self._value: tuple[str, int] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)

    def _run(self) -> None:
        try:
            self._value = file_sha256(self._path)
        except BaseException as exc:  # handed to the thread that asks for the digest
            self._error = exc

    def __enter__(self) -> _Digest:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._thread.join()

    def result(self) -> tuple[str, int]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def importable_classes(standard: Standard) -> tuple[str, ...]:
    return (*standard.families, *(name for name in IMPORTABLE_RECORDS if name in standard.delivery_classes))


def _check_record_import(standard: Standard, class_name: str | None, mode: str) -> None:
    if class_name is None or class_name in standard.families or class_name not in standard.delivery_classes:
        return
    if class_name not in IMPORTABLE_RECORDS:
        raise InputError(
            f"“{class_name}”是记录而不是部件，登记库不导入这类记录。",
            f"'{class_name}' is a record, not an asset family; the registry does not import this kind of record.",
            "可以先用 assetreg validate 检查它。",
            "You can check it with `assetreg validate`.",
        )
    if mode != "insert":
        raise InputError(
            f"记录只能新增（--mode insert），不能用 --mode {mode}：一条巡查记录是当时发现的情况，不会被后来的交付改写。",
            f"Records are only added (--mode insert), not with --mode {mode}: an inspection record is what was found "
            "then, and a later delivery does not rewrite it.",
        )


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


def write_rows(
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
        return written  # (asset families only: records are never on the fast path)
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
            values = [_copy_value(feature.properties.get(name)) for name in family.field_names]
            # a record may stand without geometry (it names its component): an empty field is NULL to COPY
            geometry = feature.geometry.ExportToIsoWkb().hex() if feature.geometry is not None else None
            writer.writerow([*values, geometry])
            count += 1
    return count, source_srid


def _copy_value(value: Any) -> Any:
    """A value as COPY reads it in CSV: a list (an inspection's photos) as an array literal, the rest as it is."""
    if not isinstance(value, list):
        return value
    quoted = ('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value)
    return "{" + ",".join(quoted) + "}"


# -- promotion ---------------------------------------------------------------------------------


@dataclass
class StagingTarget:
    family: Family
    table: sql.Composable
    fields: sql.Composable

    @classmethod
    def of(cls, family: Family) -> StagingTarget:
        return cls(
            family,
            sql.Identifier(SCHEMA, family.table),
            sql.SQL(", ").join(sql.Identifier(name) for name in family.field_names),
        )


class RowStream:
    """The COPY rows written by a thread into a pipe that COPY reads: Python writes while the server parses.

    The thread starts when COPY first asks for the rows (a first load writes its own, firstload.py)."""

    def __init__(self, write: Callable[[IO[str]], tuple[int, int]]):
        read_end, write_end = os.pipe()
        self._rows = os.fdopen(read_end, "r", encoding="utf-8", newline="")
        self._out = os.fdopen(write_end, "w", encoding="utf-8", newline="")
        self._written: tuple[int, int] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(write,), name="copy-rows", daemon=True)

    @property
    def rows(self) -> IO[str]:
        if self._thread.ident is None:
            self._thread.start()
        return self._rows

    def _run(self, write: Callable[[IO[str]], tuple[int, int]]) -> None:
        try:
            self._written = write(self._out)
        except BrokenPipeError:
            pass  # COPY stopped reading: its own error is the one to report
        except BaseException as exc:  # handed to the thread that waits for the rows
            self._error = exc
        finally:
            with contextlib.suppress(BrokenPipeError):
                self._out.close()

    def written(self) -> tuple[int, int]:
        """(rows written, source SRID) once the writer is done; its exception, if it failed."""
        if self._thread.ident is None:
            raise RuntimeError("the row writer was never started")
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._written is None:
            raise RuntimeError("the row writer stopped without a result")
        return self._written

    def close(self) -> None:
        self._rows.close()  # a writer still blocked on a full pipe gets BrokenPipeError and ends
        if self._thread.ident is None:
            self._out.close()
        else:
            self._thread.join()


def _run_promotion(
    conn: Any,
    standard: Standard,
    family: Family,
    profile: Profile,
    stream: RowStream,
    result: ImportResult,
    area: Area | None,
    path: str | Path,
    mapping: MappingProfile | None,
    notify: Notify,
    accept_valid: bool = False,
    confirm_delete: bool = True,
) -> None:
    target = StagingTarget.of(family)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(result.submission_id),))
            # a dry run compares with a snapshot and needs no write access; records are only added,
            # and two deliveries of one record collide on its unique number, so they need no lock
            if not result.dry_run and not family.is_record:
                _lock_family(cur, target, notify)
            first_load = firstload.prepared_rows(cur, target, standard, profile, result, path, mapping)
            if first_load is not None:
                notify("正在写入登记库…", "Promoting into the registry…")
                firstload.load(cur, target, first_load, result, profile.registry_srid)
                if result.report.invalid_features:
                    quarantine.keep(cur, result.submission_id, path, result.report, mapping)
                submissions.close_record(cur, result.submission_id, result.outcome, result.counts(), result.report)
                return
            notify("正在暂存合格要素…", "Staging the valid features…")
            stage_rows(cur, target, stream.rows)
            result.staged, source_srid = stream.written()
            area_geom = None
            if family.is_record:
                _compare_records(cur, standard, family, profile, source_srid, result, accept_valid)
            elif _inserts_directly(cur, target, result):
                notify("正在写入登记库…", "Promoting into the registry…")
                _insert_staged(cur, target, result, source_srid, profile.registry_srid)
                if result.report.invalid_features:
                    quarantine.keep(cur, result.submission_id, path, result.report, mapping)
                submissions.close_record(cur, result.submission_id, result.outcome, result.counts(), result.report)
                return
            else:
                prepare_staged(cur, target, source_srid, profile.registry_srid, result.staged)
                area_geom = _area_geometry(cur, area, profile.registry_srid) if area else None
                _classify(cur, target, result, area_geom)
                registry_findings(cur, family, result.report)
                _refuse_conflicts(result)
                _refuse_unconfirmed_deletion(result, confirm_delete)
            if result.dry_run:
                conn.rollback()  # nothing of the comparison stays; the record says what would have happened
                submissions.close_record(cur, result.submission_id, "dry_run", result.counts(), result.report)
                return
            notify("正在写入登记库…", "Promoting into the registry…")
            if family.is_record:
                # the condition first: "a later inspection" then means one registered before this delivery
                result.updated = inspections.update_condition(cur, standard, family, profile.body["timezone"])
                result.inserted = inspections.insert(cur, family)
            else:
                _merge(cur, target, result)
            if result.report.invalid_features:
                quarantine.keep(cur, result.submission_id, path, result.report, mapping)
            submissions.close_record(cur, result.submission_id, result.outcome, result.counts(), result.report)
    except RefusedError as refusal:
        refusal.report = result.report
        _close_rejected(conn, result, refusal.en, path, mapping)
        raise
    except (psycopg2.DataError, psycopg2.IntegrityError) as exc:
        refusal = _database_refused(exc)
        _close_rejected(conn, result, refusal.en, path, mapping)
        raise refusal from None
    except psycopg2.errors.InsufficientPrivilege as exc:
        refusal = RefusedError(
            f"你的账号无权导入{target.family.title_zh}：{_first_line(exc)}。未导入任何要素。",
            f"Your login may not import {target.family.title_en.lower()}s: {_first_line(exc)}. Nothing was imported.",
            "承包商可以用 --dry-run 预检；导入由标准办或 GIS 编辑完成（assetreg db grant）。",
            "A contractor can check with --dry-run; the standards office or GIS staff import (assetreg db grant).",
        )
        _close_rejected(conn, result, refusal.en, path, mapping)
        raise refusal from None
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        raise  # the connection is gone: the next run marks the submission failed
    except Exception as exc:
        refusal = _rule_refused(exc)
        if refusal is not None:
            _close_rejected(conn, result, refusal.en, path, mapping)
            raise refusal from None
        # anything else (an unreadable file part-way, a bug): the transaction is rolled back; say so on the record
        with contextlib.suppress(psycopg2.Error), conn, conn.cursor() as cur:
            submissions.close_record(cur, result.submission_id, "failed", result.counts(), result.report, str(exc)[:500])
        raise


def _compare_records(
    cur: Any,
    standard: Standard,
    record: Family,
    profile: Profile,
    source_srid: int,
    result: ImportResult,
    accept_valid: bool,
) -> None:
    """Inspection records: resolved to their assets; unknown components refused or set aside, numbers registered refused."""
    inspections.prepare(cur, standard, record, source_srid, profile.registry_srid)
    unknown = inspections.unknown_components(cur, result.report)
    result.rejected = len(result.report.invalid_features)
    result.conflicts = inspections.already_registered(cur)
    if not result.dry_run:
        inspections.refuse_unknown(unknown, accept_valid)
        inspections.refuse_registered(result.conflicts)
    inspections.set_aside_unknown(cur)
    cur.execute("SELECT count(*) FILTER (WHERE NOT registered) FROM prepared")
    result.inserted = cur.fetchone()[0]


def _close_rejected(conn: Any, result: ImportResult, message: str, path: str | Path, mapping: MappingProfile | None) -> None:
    """A refused delivery is kept: its submission says why, its invalid features wait in quarantine."""
    with conn, conn.cursor() as cur:
        if result.report.invalid_features:
            quarantine.keep(cur, result.submission_id, path, result.report, mapping)
        submissions.close_record(cur, result.submission_id, "rejected", result.counts(), result.report, message)


def _lock_family(cur: Any, target: StagingTarget, notify: Notify) -> None:
    """One import per family at a time; edits wait too, so what is compared is what is promoted."""
    lock = sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(target.table)
    cur.execute("SAVEPOINT lock_family")
    try:
        cur.execute(lock + sql.SQL(" NOWAIT"))
    except psycopg2.errors.LockNotAvailable:
        cur.execute("ROLLBACK TO SAVEPOINT lock_family")
        notify(
            "另一个导入或编辑正在使用该类部件，等待它结束…",
            "Another import or edit holds this family; waiting for it to finish…",
        )
        cur.execute(lock)
    cur.execute("RELEASE SAVEPOINT lock_family")


def stage_rows(cur: Any, target: StagingTarget, rows: IO[str]) -> None:
    cur.execute(
        sql.SQL("CREATE TEMP TABLE stage ON COMMIT DROP AS SELECT {fields} FROM {table} WITH NO DATA").format(
            fields=target.fields, table=target.table
        )
    )
    cur.execute("ALTER TABLE stage ADD COLUMN geom geometry, ADD COLUMN stage_row bigint GENERATED ALWAYS AS IDENTITY")
    copy = sql.SQL("COPY stage ({fields}, geom) FROM STDIN WITH (FORMAT csv)").format(fields=target.fields)
    cur.copy_expert(copy.as_string(cur), rows)


def prepare_staged(cur: Any, target: StagingTarget, source_srid: int, registry_srid: int, rows: int | None = None) -> None:
    """Staged rows in the registry CRS, matched to the registered asset, with the fields that differ and the grid."""
    if rows is None:
        cur.execute("SELECT count(*) FROM stage")
        rows = cur.fetchone()[0]
    located = _located(cur, sql.Identifier("s", "spot"), rows)
    changed = sql.SQL(", ").join(
        sql.SQL("CASE WHEN s.{name} IS DISTINCT FROM t.{name} THEN {label} END").format(
            name=sql.Identifier(name), label=sql.Literal(name)
        )
        for name in (*target.family.field_names, "geom")
    )
    cur.execute(
        sql.SQL(
            "CREATE TEMP TABLE prepared ON COMMIT DROP AS"
            " SELECT s.stage_row, {fields}, s.geom, {located} AS located_grid, t.uid AS target_uid,"
            "  CASE WHEN t.uid IS NOT NULL THEN array_remove(ARRAY[{changed}]::text[], NULL) END AS changed"
            " FROM {staged} s LEFT JOIN {table} t ON t.component_id = s.component_id"
        ).format(
            fields=sql.SQL(", ").join(sql.Identifier("s", name) for name in target.family.field_names),
            located=located,
            staged=_staged(target, source_srid, registry_srid),
            changed=changed,
            table=target.table,
        ),
    )
    cur.execute("DROP TABLE stage")


def _staged(target: StagingTarget, source_srid: int, registry_srid: int) -> sql.Composable:
    """The staged rows with their geometry in the registry CRS and the spot that locates it, each computed once."""
    # a delivery in the registry CRS needs no transformation
    geometry = (
        sql.SQL("ST_Force2D(ST_SetSRID(geom, {registry}))")
        if source_srid == registry_srid
        else sql.SQL("ST_Transform(ST_SetSRID(ST_Force2D(geom), {source}), {registry})")
    ).format(source=sql.Literal(source_srid), registry=sql.Literal(registry_srid))
    # the point assetreg_app.grid_at locates a geometry by: the point itself, a point on a line, inside a polygon
    spot = sql.SQL("geom" if target.family.geometry_types == ("Point",) else "ST_PointOnSurface(geom)")
    # OFFSET 0 keeps each level a subquery of its own, so that its expressions are not repeated above it
    return sql.SQL(
        "(SELECT *, {spot} AS spot FROM (SELECT stage_row, {fields}, {geometry} AS geom FROM stage OFFSET 0) g OFFSET 0)"
    ).format(spot=spot, fields=target.fields, geometry=geometry)


# from this many rows on, locating goes through the lattice of grid cells, whose making costs a few tenths of a second
LATTICE_MIN_ROWS = 20_000


def _located(cur: Any, spot: sql.Composable, rows: int) -> sql.Composable:
    """The grid a spot lies in, as assetreg_app.grid_at says (the lowest code on a boundary), for many rows at once.

    A few rows: grid_at's own query. Many: the grids on a lattice of cells (assetreg_app.grid_lattice,
    db/app/20_location.sql), each spot tested only against the grids listed in its own cell, found
    by an index on the cell rather than a spatial index scan per row.
    """
    if rows < LATTICE_MIN_ROWS:
        return sql.SQL("(SELECT min(g.code) FROM assetreg.unit_grid g WHERE ST_Intersects(g.geom, {spot}))").format(spot=spot)
    return _lattice_located(spot, grid_lattice(cur))


def grid_lattice(cur: Any) -> float | None:
    """The temporary table grid_cell: the registry's grids on the lattice of assetreg_app.grid_lattice; its cell size."""
    cur.execute("CREATE TEMP TABLE grid_cell ON COMMIT DROP AS SELECT * FROM assetreg_app.grid_lattice()")
    cur.execute("CREATE INDEX ON grid_cell (cx, cy)")
    cur.execute("ANALYZE grid_cell")
    cur.execute("SELECT max(cell) FROM grid_cell")
    return cur.fetchone()[0]


def _lattice_located(spot: sql.Composable, cell: float | None) -> sql.Composable:
    if cell is None:
        return sql.SQL("NULL::text")  # no grids: nothing is located
    return sql.SQL(
        "(SELECT min(c.code) FROM grid_cell c WHERE c.cx = floor(ST_X({spot}) / {cell})"
        " AND c.cy = floor(ST_Y({spot}) / {cell}) AND ST_Intersects(c.geom, {spot}))"
    ).format(spot=spot, cell=sql.SQL("{}::double precision").format(sql.Literal(cell)))


def _area_geometry(cur: Any, area: Area, registry_srid: int) -> Any:
    if area.code is not None:
        cur.execute(
            "SELECT geom FROM assetreg.admin_area WHERE code = %(code)s"
            " UNION ALL SELECT geom FROM assetreg.unit_grid WHERE code = %(code)s LIMIT 1",
            {"code": area.code},
        )
        row = cur.fetchone()
        if row is None:
            raise RefusedError(
                f"登记库中没有代码为 {area.code} 的行政区划或单元网格，未导入任何要素。",
                f"The registry has no administrative area or unit grid with the code {area.code}; nothing was imported.",
                "先用 assetreg areas import 导入区划与网格。",
                "Load the areas and grids first with `assetreg areas import`.",
            )
        return row[0]
    try:
        cur.execute("SAVEPOINT area")
        cur.execute("SELECT ST_Transform(ST_GeomFromText(%s, %s), %s)", (area.wkt, area.srid, registry_srid))
        geometry = cur.fetchone()[0]
        cur.execute("RELEASE SAVEPOINT area")
    except psycopg2.Error as exc:
        cur.execute("ROLLBACK TO SAVEPOINT area")
        raise InputError(
            f"--area 的范围无法读取：{_first_line(exc)}",
            f"The --area polygon cannot be read: {_first_line(exc)}",
        ) from None
    return geometry


def _classify(cur: Any, target: StagingTarget, result: ImportResult, area_geom: Any) -> None:
    cur.execute(
        "SELECT count(*) FILTER (WHERE target_uid IS NULL),"
        " count(*) FILTER (WHERE cardinality(changed) > 0),"
        " count(*) FILTER (WHERE cardinality(changed) = 0) FROM prepared"
    )
    new, changed, unchanged = cur.fetchone()
    result.unchanged = unchanged
    if result.mode == "insert":
        result.conflicts = _ids(cur, "SELECT component_id FROM prepared WHERE target_uid IS NOT NULL ORDER BY 1")
    elif result.mode == "update":
        result.conflicts = _ids(cur, "SELECT component_id FROM prepared WHERE target_uid IS NULL ORDER BY 1")
    elif area_geom is not None:
        result.conflicts = _ids(
            cur,
            "SELECT component_id FROM prepared WHERE NOT ST_Intersects(%s, ST_PointOnSurface(geom)) ORDER BY 1",
            (area_geom,),
        )
        _judge_deletions(cur, target, result, area_geom)
    result.inserted = 0 if result.mode == "update" else new
    result.updated = 0 if result.mode == "insert" else changed
    if result.dry_run:
        cur.execute("SELECT f, count(*) FROM prepared, unnest(changed) AS f GROUP BY f ORDER BY 2 DESC, 1")
        result.changed_fields = dict(cur.fetchall())
        cur.execute(
            "SELECT component_id, changed FROM prepared WHERE cardinality(changed) > 0 ORDER BY component_id LIMIT %s",
            (_DRY_RUN_SAMPLES,),
        )
        result.changed_samples = [(row[0], list(row[1])) for row in cur.fetchall()]


def _judge_deletions(cur: Any, target: StagingTarget, result: ImportResult, area_geom: Any) -> None:
    """Which assets of the area replace-area deletes: those the delivery does not mention at all.

    A delivered row mentions the asset its identifier names, whether it was imported or rejected:
    a rejected row is a correction the contractor still owes, not a removal. A rejected row whose
    identifier cannot be trusted (missing, malformed, of another city or family, or repeated) might
    be any asset of the area, so while the delivery has one, nothing is deleted (result.withheld
    says how many would have been); the rows with their findings wait in quarantine to be fixed.
    """
    mentioned, result.unidentified = rejected_identifiers(result.report, target.family.identifier)
    cur.execute(
        sql.SQL(
            "SELECT t.component_id, t.component_id = ANY(%s) FROM {table} t"
            " WHERE ST_Intersects(%s, ST_PointOnSurface(t.geom))"
            " AND NOT EXISTS (SELECT 1 FROM prepared p WHERE p.component_id = t.component_id) ORDER BY 1"
        ).format(table=target.table),
        (sorted(mentioned), area_geom),
    )
    absent = []
    for component_id, is_mentioned in cur.fetchall():
        if is_mentioned:
            result.kept_rejected += 1
        else:
            absent.append(component_id)
    if result.unidentified:
        result.withheld = len(absent)
    else:
        result.deleted_ids = absent
    result.deleted = len(result.deleted_ids)


def rejected_identifiers(report: Report, identifier: str) -> tuple[set[str], int]:
    """The identifiers the rejected features name, and how many rejected features name none to trust.

    A rejected feature's identifier is trusted when it is a text and no error of that feature is
    about the identifier itself (structure, administrative or class code, duplicate, missing).
    """
    named: dict[int, str | None] = {}
    doubted: set[int] = set()
    for finding in report.errors:
        if finding.feature is None:
            continue
        if isinstance(finding.component_id, str):
            named.setdefault(finding.feature, finding.component_id)
        if finding.field == identifier:
            doubted.add(finding.feature)
    trusted = {feature: ident for feature, ident in named.items() if feature not in doubted}
    return set(trusted.values()), len(report.invalid_features) - len(trusted)


def _refuse_unconfirmed_deletion(result: ImportResult, confirm_delete: bool) -> None:
    if confirm_delete or result.dry_run or not result.deleted_ids:
        return
    count, listed = len(result.deleted_ids), _listed(result.deleted_ids)
    raise RefusedError(
        f"按范围替换将删除 {count} 个交付未提及的部件（{listed}），删除需要确认；未导入任何要素。",
        f"Replacing the area would delete {count} assets the delivery does not mention ({listed}); deleting needs "
        "your confirmation. Nothing was imported.",
        "先试运行查看要删除的部件，确认后勾选“确认删除”再运行。",
        "Check what would be deleted with a dry run, then confirm the deletion and run again.",
    )


def _ids(cur: Any, query: str, params: tuple = ()) -> list[str]:
    cur.execute(query, params)
    return [row[0] for row in cur.fetchall()]


def registry_findings(cur: Any, family: Family, report: Report) -> None:
    """registry.unknown_grid and registry.grid_mismatch for the staged features (the registry's grids loaded)."""
    if "grid_code" not in family.field_names:
        return
    cur.execute(
        "SELECT p.component_id, p.grid_code, p.located_grid, g.code IS NOT NULL"
        " FROM prepared p LEFT JOIN assetreg.unit_grid g ON g.code = p.grid_code"
        " WHERE EXISTS (SELECT 1 FROM assetreg.unit_grid)"
        "   AND (g.code IS NULL OR p.grid_code IS DISTINCT FROM p.located_grid)"
        " ORDER BY 1"
    )
    for component_id, grid_code, located, known in cur.fetchall():
        add_grid_finding(report, component_id, grid_code, located, known)
    report.sort()


def add_grid_finding(report: Report, component_id: str, grid_code: str | None, located: str | None, known: bool) -> None:
    feature = report.identifiers.get(component_id)
    if not known:
        report.add("registry.unknown_grid", feature, component_id=component_id, field="grid_code", value=grid_code)
    elif located is None:
        report.add("registry.outside_grids", feature, component_id=component_id, field="grid_code", value=grid_code)
    else:
        report.add(
            "registry.grid_mismatch",
            feature,
            component_id=component_id,
            field="grid_code",
            value=grid_code,
            detail={"zh": f"几何位于 {located}", "en": f"the geometry lies in {located}"},
        )


def _refuse_conflicts(result: ImportResult) -> None:
    if not result.conflicts or result.dry_run:
        return
    count, listed = len(result.conflicts), _listed(result.conflicts)
    if result.mode == "insert":
        raise RefusedError(
            f"登记库中已有 {count} 个相同标识码的部件（{listed}），未导入任何要素。要更新它们请用 --mode upsert。",
            f"The registry already holds {count} components with these identifiers ({listed}); nothing was "
            "imported. Use --mode upsert to update them.",
        )
    if result.mode == "update":
        raise RefusedError(
            f"有 {count} 个部件不在登记库中（{listed}），--mode update 只更新已登记的部件；未导入任何要素。"
            "要同时新增请用 --mode upsert。",
            f"{count} components are not in the registry ({listed}); --mode update only changes registered ones; "
            "nothing was imported. Use --mode upsert to add them too.",
        )
    raise RefusedError(
        f"有 {count} 个要素位于 --area 范围之外（{listed}），未导入任何要素。",
        f"{count} features lie outside the --area ({listed}); nothing was imported.",
    )


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:_MAX_LISTED]) + (" …" if len(ids) > _MAX_LISTED else "")


BULK_LOAD_MIN = 50_000


def _is_bulk_load(cur: Any, target: StagingTarget, new: int) -> bool:
    """At least as many new assets as the table holds: set keys and spatial index aside (db/app/35_bulk.sql).

    The suspension takes the table's exclusive lock until the commit, so readers wait;
    a first load or a doubling is worth that, a routine re-delivery is not.
    """
    if new < BULK_LOAD_MIN:
        return False
    cur.execute(sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT %s) held").format(target.table), (new + 1,))
    return cur.fetchone()[0] <= new


def _inserts_directly(cur: Any, target: StagingTarget, result: ImportResult) -> bool:
    """An insert none of whose components is registered goes from the staging table into the registry.

    Nothing needs comparing then: every staged row is new. Otherwise (a conflict to refuse, other
    modes, a dry run) the staged rows are first prepared and classified (prepare_staged).
    """
    if result.mode != "insert" or result.dry_run:
        return False
    # an empty table (a first load) holds none of them: no join of the whole delivery to find that out
    cur.execute(
        sql.SQL(
            "SELECT EXISTS (SELECT 1 FROM {table}) AND EXISTS ("
            "SELECT 1 FROM stage s JOIN {table} t ON t.component_id = s.component_id)"
        ).format(table=target.table)
    )
    return not cur.fetchone()[0]


def _insert_staged(cur: Any, target: StagingTarget, result: ImportResult, source_srid: int, registry_srid: int) -> None:
    """One INSERT of the staged rows, located on the way; the registry findings come from the rows it inserted."""
    fields = target.family.field_names
    located = _located(cur, sql.Identifier("s", "spot"), result.staged)
    insert = sql.SQL(
        "INSERT INTO {table} ({fields}, geom, located_grid, located_at)"
        " SELECT {staged_fields}, s.geom, {located}, now() FROM {staged} s"
    ).format(
        table=target.table,
        fields=target.fields,
        staged_fields=sql.SQL(", ").join(sql.Identifier("s", name) for name in fields),
        located=located,
        staged=_staged(target, source_srid, registry_srid),
    )
    bulk = _is_bulk_load(cur, target, result.staged)
    if bulk:
        cur.execute("SELECT assetreg_app.suspend_for_bulk_load(%s)", (target.family.table,))
    if "grid_code" in fields:
        # registry.unknown_grid, registry.grid_mismatch and registry.outside_grids, as registry_findings finds them
        cur.execute(
            sql.SQL(
                "WITH inserted AS ({insert} RETURNING component_id, grid_code, located_grid)"
                " SELECT i.component_id, i.grid_code, i.located_grid, g.code IS NOT NULL"
                " FROM inserted i LEFT JOIN assetreg.unit_grid g ON g.code = i.grid_code"
                " WHERE EXISTS (SELECT 1 FROM assetreg.unit_grid)"
                "   AND (g.code IS NULL OR i.grid_code IS DISTINCT FROM i.located_grid)"
                " ORDER BY 1"
            ).format(insert=insert)
        )
        for component_id, grid_code, located, known in cur.fetchall():
            add_grid_finding(result.report, component_id, grid_code, located, known)
        result.report.sort()
    else:
        cur.execute(insert)
    if bulk:
        cur.execute("SELECT assetreg_app.restore_after_bulk_load(%s)", (target.family.table,))
    result.inserted = result.staged  # every staged row is new, and one statement inserts them all or fails


def _merge(cur: Any, target: StagingTarget, result: ImportResult) -> None:
    """Set-based promotion; the location is assigned here, so the row triggers stay silent."""
    if result.mode != "update":
        bulk = _is_bulk_load(cur, target, result.inserted)
        if bulk:
            cur.execute("SELECT assetreg_app.suspend_for_bulk_load(%s)", (target.family.table,))
        cur.execute(
            sql.SQL(
                "INSERT INTO {table} ({fields}, geom, located_grid, located_at)"
                " SELECT {fields}, geom, located_grid, now() FROM prepared WHERE target_uid IS NULL"
            ).format(table=target.table, fields=target.fields)
        )
        result.inserted = cur.rowcount
        if bulk:
            cur.execute("SELECT assetreg_app.restore_after_bulk_load(%s)", (target.family.table,))
    if result.mode != "insert":
        assignments = sql.SQL(", ").join(
            sql.SQL("{name} = p.{name}").format(name=sql.Identifier(name))
            for name in (*target.family.field_names, "geom", "located_grid")
        )
        cur.execute(
            sql.SQL(
                "UPDATE {table} t SET {assignments}, located_at = now(), updated_at = now()"
                " FROM prepared p WHERE t.uid = p.target_uid AND cardinality(p.changed) > 0"
            ).format(table=target.table, assignments=assignments)
        )
        result.updated = cur.rowcount
    if result.deleted_ids:
        # exactly what _judge_deletions found (and the caller confirmed): the family is locked since
        cur.execute(
            sql.SQL("DELETE FROM {table} WHERE component_id = ANY(%s)").format(table=target.table),
            (result.deleted_ids,),
        )
        result.deleted = cur.rowcount


def _first_line(exc: psycopg2.Error) -> str:
    return (exc.pgerror or str(exc)).strip().splitlines()[0]


def _database_refused(exc: psycopg2.Error) -> RefusedError:
    detail = _first_line(exc)
    return RefusedError(
        f"数据库拒绝了这批数据，未导入任何要素：{detail}",
        f"The database refused the delivery; nothing was imported: {detail}",
    )


def _rule_refused(exc: Exception) -> RefusedError | None:
    """A rule of the registry's own triggers (a refusal: storage/errors.py), such as the identifier rules of
    db/app/30_identifier_rules.sql, which a delivery validated under another profile can break."""
    if not isinstance(exc, psycopg2.Error) or not (exc.pgcode or "").startswith("AR"):
        return None
    refused = refusal(exc)
    if refused is None:
        return None
    return RefusedError(
        f"数据库拒绝了这批数据，未导入任何要素：{refused.zh}",
        f"The database refused the delivery; nothing was imported: {refused.en}",
    )


def _lost_connection(dsn: str, exc: Exception) -> InputError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(
        f"导入过程中与数据库（{describe(dsn)}）的连接中断：{reason}。未提交的事务已由数据库回滚，登记库保持原样。",
        f"The connection to the database ({describe(dsn)}) was lost during the import: {reason}. "
        "The database rolled the uncommitted transaction back; the registry is as it was.",
        "恢复连接后重新运行同一命令；assetreg submissions 会把这次提交标记为失败。",
        "Run the same command again once the database is back; `assetreg submissions` marks this one failed.",
    )


def file_sha256(path: str | Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    file = Path(path)
    paths = sorted(p for p in file.rglob("*") if p.is_file()) if file.is_dir() else [file]
    for part in paths:
        with part.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size
