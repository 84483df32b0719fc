"""Importing a validated delivery: COPY into a staging table, compare set-based, promote in one transaction.

The import either completes or leaves the registry exactly as it was: staging,
the checks against the registry and the promotion run in a single transaction,
with no per-row round trip and no per-row trigger (the location is assigned and
the history written by set-based statements). Every delivery leaves a submission
record; its rejected features stay in quarantine for the contractor.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from ...core import fastpath
from ...core.errors import InputError, RefusedError
from ...core.mapping import MappingProfile
from ...core.messages import given
from ...core.report import Report
from ...core.standard import Profile, Standard
from ...core.validate import Progress, validate_delivery
from .. import reference_checks, submissions
from ..connection import connect, describe
from ..digest import Digest
from ..errors import refusal
from . import compare, ending, rows, strategies
from .request import Area, ImportRequest
from .result import ImportResult
from .staging import StagingTarget
from .strategies import Notify, say


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
    plan: bool = False,
) -> ImportResult:
    """Validate and import a delivery: run_import of the ImportRequest these arguments make."""
    request = ImportRequest(
        dsn, path, standard, profile, family_name, layer, mode, accept_valid, mapping, dry_run, area, confirm_delete, plan
    )
    return run_import(request, progress, notify)


def run_import(request: ImportRequest, progress: Progress | None = None, notify: Notify | None = None) -> ImportResult:
    """Validate the request's delivery and import it; every run leaves a submission record."""
    notify = notify or (lambda message: None)
    dsn, path = request.dsn, request.path
    submissions.fail_abandoned(dsn)
    # the file is read for its SHA-256 while it is validated (hashing lets other threads run), and scanned
    # once for both the validation and the rows (the fast path's scan, or the reference path's spool)
    with (
        fastpath.keeping_scans(),
        Digest(path) as digest,
        contextlib.closing(rows.Spool(request.standard, request.family_name)) as spool,
    ):
        report = validate_delivery(
            path, request.standard, request.profile, request.family_name, request.layer, progress, request.mapping,
            keep=spool,
        )  # fmt: skip
        request.check_class(report.family)  # the class may come from the mapping or the envelope
        conn = connect(dsn)
        try:
            _judge_references(conn, request.standard, report)
            record = submissions.open_record(
                conn, path, request.standard, request.profile, report.family, request.mode, request.dry_run, digest.result()
            )
            result = ImportResult(report, request.mode, request.dry_run, record, rejected=len(report.invalid_features))
            try:
                _refuse_if_invalid(report, request.accept_valid)
            except RefusedError as refusal:
                refusal.report = report  # the caller shows why
                ending.close_apart(conn, request, result, "rejected", refusal.en)
                raise
            family = request.standard.delivery_class(report.family)
            # the rows from the spool when it holds every feature (the reference path ran), else read again
            kept = {"spool": spool} if spool.holds_all(report) else {}
            stream = rows.RowStream(
                lambda out: rows.write_rows(
                    path, request.layer, request.standard, request.profile, family, report, out, request.mapping, **kept
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


def _judge_references(conn: Any, standard: Standard, report: Report) -> None:
    """A cabinet the delivery names that neither it nor the registry holds, or a circuit beyond a registered
    cabinet's, is an error here as in ``validate --dsn``: the import refuses what the validator refuses."""
    if report.has_file_errors:
        return
    with conn, conn.cursor() as cur:  # it only reads
        reference_checks.judge(cur, standard, report)
    report.sort()


def _refuse_if_invalid(report: Report, accept_valid: bool) -> None:
    if report.has_file_errors or report.valid_count == 0:
        raise RefusedError("import.invalid_as_a_whole")
    if report.errors and not accept_valid:
        raise RefusedError("import.invalid_features", invalid=len(report.invalid_features), valid=report.valid_count)


def _promote(
    conn: Any, request: ImportRequest, target: StagingTarget, stream: rows.RowStream, result: ImportResult, notify: Notify
) -> None:
    """Lock, choose the strategy, compare, promote (unless a dry run) and close, in one transaction.

    The database's refusals are translated here, in one place, and every way out ends the submission.
    """
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('assetreg.submission_id', %s, true)", (str(result.submission_id),))
            # a dry run compares with a snapshot and needs no write access; records are only added,
            # and two deliveries of one record collide on its unique number, so they need no lock
            if not result.dry_run and not target.family.is_record:
                _lock_family(cur, target, notify)
            promotion = strategies.Promotion(cur, request, target, stream, result, notify)
            strategy = strategies.choose(promotion)
            strategy.compare(promotion)
            if result.dry_run:
                conn.rollback()  # nothing of the comparison stays; the record says what would have happened
            else:
                say(notify, "import.progress.promoting")
                strategy.promote(promotion)
            ending.close(cur, request, result)
    except RefusedError as refusal:
        refusal.report = result.report
        ending.close_apart(conn, request, result, "rejected", refusal.en)
        raise
    except (psycopg2.DataError, psycopg2.IntegrityError) as exc:
        refusal = _database_refused(exc)
        ending.close_apart(conn, request, result, "rejected", refusal.en)
        raise refusal from None
    except psycopg2.errors.InsufficientPrivilege as exc:
        family = target.family.named()
        refusal = RefusedError("import.not_permitted", family=family, reason=compare.first_line(exc))
        ending.close_apart(conn, request, result, "rejected", refusal.en)
        raise refusal from None
    except (psycopg2.OperationalError, psycopg2.InterfaceError):
        raise  # the connection is gone: the next run marks the submission failed
    except Exception as exc:
        refusal = _rule_refused(exc)
        if refusal is not None:
            ending.close_apart(conn, request, result, "rejected", refusal.en)
            raise refusal from None
        # anything else (an unreadable file part-way, a bug): the transaction is rolled back; say so on the record
        ending.close_apart(conn, request, result, "failed", str(exc)[:500])
        raise


def _lock_family(cur: Any, target: StagingTarget, notify: Notify) -> None:
    """One import per family at a time; edits wait too, so what is compared is what is promoted."""
    lock = sql.SQL("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE").format(target.table)
    cur.execute("SAVEPOINT lock_family")
    try:
        cur.execute(lock + sql.SQL(" NOWAIT"))
    except psycopg2.errors.LockNotAvailable:
        cur.execute("ROLLBACK TO SAVEPOINT lock_family")
        say(notify, "import.progress.waiting_for_family")
        cur.execute(lock)
    cur.execute("RELEASE SAVEPOINT lock_family")


def _database_refused(exc: psycopg2.Error) -> RefusedError:
    return RefusedError("import.database_refused", detail=compare.first_line(exc))


def _rule_refused(exc: Exception) -> RefusedError | None:
    """A rule of the registry's own triggers (a refusal: storage/errors.py), such as the identifier rules of
    db/app/30_identifier_rules.sql, which a delivery validated under another profile can break."""
    refused = refusal(exc)
    if refused is None:
        return None
    return RefusedError("import.database_refused", detail=given(refused.message("zh"), refused.message("en")))


def _lost_connection(dsn: str, exc: Exception) -> InputError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError("import.connection_lost", database=describe(dsn), reason=reason)
