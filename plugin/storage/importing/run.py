"""Importing a validated delivery: COPY into a staging table, compare set-based, promote in one transaction.

The import either completes or leaves the registry exactly as it was: staging,
the checks against the registry and the promotion run in a single transaction,
with no per-row round trip and no per-row trigger (the location is assigned and
the history written by set-based statements). Every delivery leaves a submission
record; its rejected features stay in quarantine for the contractor.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from ...core import fastpath
from ...core.errors import InputError, RefusedError
from ...core.mapping import MappingProfile
from ...core.report import Report
from ...core.standard import Profile, Standard
from ...core.validate import Progress, validate_delivery
from .. import inspections, quarantine, submissions
from ..connection import connect, describe
from ..digest import Digest
from . import compare, firstload, locate, rows, staging
from .request import Area, ImportRequest
from .result import ImportResult
from .staging import StagingTarget

Notify = Callable[[str, str], None]


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
    """Validate and import a delivery: run_import of the ImportRequest these arguments make."""
    request = ImportRequest(
        dsn, path, standard, profile, family_name, layer, mode, accept_valid, mapping, dry_run, area, confirm_delete
    )
    return run_import(request, progress, notify)


def run_import(request: ImportRequest, progress: Progress | None = None, notify: Notify | None = None) -> ImportResult:
    """Validate the request's delivery and import it; every run leaves a submission record."""
    notify = notify or (lambda zh, en: None)
    dsn, path = request.dsn, request.path
    submissions.fail_abandoned(dsn)
    # the file is read for its SHA-256 while it is validated (hashing lets other threads run), and scanned
    # once for both the validation and the rows
    with fastpath.keeping_scans(), Digest(path) as digest:
        report = validate_delivery(
            path, request.standard, request.profile, request.family_name, request.layer, progress, request.mapping
        )
        request.check_class(report.family)  # the class may come from the mapping or the envelope
        conn = connect(dsn)
        try:
            record = submissions.open_record(
                conn, path, request.standard, request.profile, report.family, request.mode, request.dry_run, digest.result()
            )
            result = ImportResult(report, request.mode, request.dry_run, record, rejected=len(report.invalid_features))
            try:
                _refuse_if_invalid(report, request.accept_valid)
            except RefusedError as refusal:
                refusal.report = report  # the caller shows why
                _close_rejected(conn, result, refusal.en, path, request.mapping)
                raise
            family = request.standard.delivery_class(report.family)
            stream = rows.RowStream(
                lambda out: rows.write_rows(
                    path, request.layer, request.standard, request.profile, family, report, out, request.mapping
                )
            )
            try:
                _promote(conn, request, StagingTarget.of(family), stream, result, notify)
            finally:
                stream.close()
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as lost:
            raise _lost_connection(dsn, lost) from None
        finally:
            conn.close()
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


def _promote(
    conn: Any, request: ImportRequest, target: StagingTarget, stream: rows.RowStream, result: ImportResult, notify: Notify
) -> None:
    standard, profile, family = request.standard, request.profile, target.family
    path, mapping, area = request.path, request.mapping, request.area
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(result.submission_id),))
            # a dry run compares with a snapshot and needs no write access; records are only added,
            # and two deliveries of one record collide on its unique number, so they need no lock
            if not result.dry_run and not family.is_record:
                _lock_family(cur, target, notify)
            first_load = firstload.prepared_rows(cur, target, request, result)
            if first_load is not None:
                notify("正在写入登记库…", "Promoting into the registry…")
                firstload.load(cur, target, first_load, result, profile.registry_srid)
                if result.report.invalid_features:
                    quarantine.keep(cur, result.submission_id, path, result.report, mapping)
                submissions.close_record(cur, result.submission_id, result.outcome, result.counts(), result.report)
                return
            notify("正在暂存合格要素…", "Staging the valid features…")
            staging.stage_rows(cur, target, stream.rows)
            result.staged, source_srid = stream.written()
            area_geom = None
            if family.is_record:
                compare.compare_records(cur, standard, family, profile, source_srid, result, request.accept_valid)
            elif compare.inserts_directly(cur, target, result):
                notify("正在写入登记库…", "Promoting into the registry…")
                compare.insert_staged(cur, target, result, source_srid, profile.registry_srid)
                if result.report.invalid_features:
                    quarantine.keep(cur, result.submission_id, path, result.report, mapping)
                submissions.close_record(cur, result.submission_id, result.outcome, result.counts(), result.report)
                return
            else:
                staging.prepare_staged(cur, target, source_srid, profile.registry_srid, result.staged)
                area_geom = compare.area_geometry(cur, area, profile.registry_srid) if area else None
                compare.classify(cur, target, result, area_geom)
                locate.registry_findings(cur, family, result.report)
                compare.refuse_conflicts(result)
                compare.refuse_unconfirmed_deletion(result, request.confirm_delete)
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
                compare.merge(cur, target, result)
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
            f"你的账号无权导入{target.family.title_zh}：{compare.first_line(exc)}。未导入任何要素。",
            f"Your login may not import {target.family.title_en.lower()}s: {compare.first_line(exc)}. Nothing was imported.",
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


def _database_refused(exc: psycopg2.Error) -> RefusedError:
    detail = compare.first_line(exc)
    return RefusedError(
        f"数据库拒绝了这批数据，未导入任何要素：{detail}",
        f"The database refused the delivery; nothing was imported: {detail}",
    )


def _rule_refused(exc: Exception) -> RefusedError | None:
    """A rule of the registry's own triggers (SQLSTATE AR0xx, English message, Chinese detail), such as the
    identifier rules of db/app/30_identifier_rules.sql, which a delivery validated under another profile can break."""
    if not isinstance(exc, psycopg2.Error) or not (exc.pgcode or "").startswith("AR"):
        return None
    return RefusedError(
        f"数据库拒绝了这批数据，未导入任何要素：{exc.diag.message_detail or exc.diag.message_primary}",
        f"The database refused the delivery; nothing was imported: {exc.diag.message_primary}",
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
